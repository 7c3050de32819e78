package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Korean particles change with the sound they follow: 을 after a final
// consonant (받침), 를 after a vowel; 으로 after a consonant but 로 after a
// vowel or a final ㄹ. A template cannot know the sound of a word an
// argument brings ("mhson-vpc", "/27", "배스천"), so it marks the particle
// with both forms, the one after a consonant first, and the marker is
// resolved once the text is formatted:
//
//	"%s{을/를} 만듭니다"   with "mhson-vpc"  → "mhson-vpc를 만듭니다"
//	"%s{으로/로}"          with "/27"        → "/27로"  (칠: a final ㄹ)
//
// Only the pairs below are markers; any other text in braces stays as it
// is, so English and quoted JSON are never touched.

// particle is a particle's two forms, and whether a final ㄹ takes the
// vowel form (으로/로 and its kin do; 을/를 and the rest do not).
type particle struct {
	consonant, vowel string
	rieulVowel       bool
}

// particleList are the markers a Korean template may use; markerIndex
// finds one by its text ("{을/를}").
var particleList = []particle{
	{"은", "는", false},
	{"이", "가", false},
	{"을", "를", false},
	{"과", "와", false},
	{"으로", "로", true},
	{"으로서", "로서", true},
	{"으로써", "로써", true},
	{"이나", "나", false},
	{"이라", "라", false},
	{"이라고", "라고", false},
	{"이라는", "라는", false},
	{"이랑", "랑", false},
	{"이며", "며", false},
	{"이고", "고", false},
	{"이에요", "예요", false},
	{"이든", "든", false},
	{"아", "야", false},
}

var markerIndex = func() map[string]int {
	m := map[string]int{}
	for i, p := range particleList {
		m["{"+p.consonant+"/"+p.vowel+"}"] = i
	}
	return m
}()

// markerStart is a private-use rune that stands for a marker while the
// template is formatted, so an argument that happens to hold braces is
// never taken for one; the rune after it is markerStart+1+the marker's
// index in particleList.
const markerStart = '\uE000'

// markParticles replaces every particle marker of tmpl by its stand-in
// and says how many it replaced.
func markParticles(tmpl string) (string, int) {
	if !strings.Contains(tmpl, "{") {
		return tmpl, 0
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(tmpl); {
		if tmpl[i] == '{' {
			if j := strings.IndexByte(tmpl[i:], '}'); j > 0 {
				if idx, ok := markerIndex[tmpl[i:i+j+1]]; ok {
					b.WriteRune(markerStart)
					b.WriteRune(markerStart + 1 + rune(idx))
					i += j + 1
					n++
					continue
				}
			}
		}
		b.WriteByte(tmpl[i])
		i++
	}
	return b.String(), n
}

// resolveParticles turns each marked particle of s into the form the text
// before it takes.
func resolveParticles(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == markerStart && i+size < len(s) {
			idx, size2 := utf8.DecodeRuneInString(s[i+size:])
			p := particleList[idx-markerStart-1]
			b.WriteString(p.after(b.String()))
			i += size + size2
			continue
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// Particle returns the form of the particle marker (such as "{을/를}") that
// follows word, for text built outside a template.
func Particle(word, marker string) string {
	idx, ok := markerIndex[marker]
	if !ok {
		return marker
	}
	return particleList[idx].after(word)
}

// after is the particle's form after text. When the sound of text cannot
// be told, both forms are written, as Korean does then: 을(를).
func (p particle) after(text string) string {
	switch EndingOf(text) {
	case EndVowel:
		return p.vowel
	case EndRieul:
		if p.rieulVowel {
			return p.vowel
		}
		return p.consonant
	case EndConsonant:
		return p.consonant
	}
	return p.consonant + "(" + p.vowel + ")"
}

// Ending is how a text ends when read aloud in Korean.
type Ending int

// The endings a particle depends on.
const (
	EndUnknown   Ending = iota // nothing to read: both forms are written
	EndVowel                   // no final consonant: 는, 가, 를, 와, 로
	EndConsonant               // a final consonant: 은, 이, 을, 과, 으로
	EndRieul                   // a final ㄹ: 은, 이, 을, 과, but 로
)

func (e Ending) String() string {
	switch e {
	case EndVowel:
		return "vowel"
	case EndConsonant:
		return "consonant"
	case EndRieul:
		return "rieul"
	}
	return "unknown"
}

// EndingOf reads the end of text aloud as a Korean speaker does:
//
//   - a Hangul syllable by its final consonant (배스천 → ㄴ, 서버 → none,
//     규칙 → ㄱ, 파일 → ㄹ);
//   - a number by its last digit in Sino-Korean (1 일, 3 삼, 6 육, 7 칠,
//     8 팔 end in a consonant, 1, 7 and 8 in ㄹ; 2 이, 4 사, 5 오, 9 구 in
//     a vowel); a number ending in 0 is read 영, 십, 백, 천 or 만, all with a
//     final consonant (/27 → 칠 → 을, /24 → 사 → 를, 8080 → 공 → 을);
//   - Latin letters spelled out when they are an abbreviation (all capitals
//     as VPC and CIDR, no vowel as vpc, igw and ssh, glued to a digit as the
//     2a of a zone or the hex of an id, a single letter), by the name of the
//     last letter: L and R end in ㄹ (엘, 알), M and N in a consonant (엠,
//     엔), every other letter in a vowel (VPC → 시 → 는);
//   - any other Latin word as an English word is said in Korean: -ng, -m,
//     -n, -me, -ne in a consonant (pending, medium, bastion, name), -l and
//     -le in ㄹ (internal, available), a b, c, k, p or t after one short
//     vowel in a consonant (web 웹, public 퍼블릭, subnet 서브넷, stop 스톱),
//     -ck too (stack 스택), everything else in a vowel (server, node, key,
//     ubuntu, root);
//   - a closing parenthesis is skipped with what it encloses, since Korean
//     attaches the particle to the word before it ("web (i-0abc)" reads as
//     "web"); closing quotes and punctuation are skipped; % is 퍼센트.
func EndingOf(text string) Ending {
	s := strings.TrimRightFunc(text, unicode.IsSpace)
	for range 8 { // a few layers of brackets and quotes at most
		if s == "" {
			return EndUnknown
		}
		r, size := utf8.DecodeLastRuneInString(s)
		switch {
		case isClosing(r):
			open := strings.LastIndex(s, string(opening(r)))
			before := ""
			if open >= 0 {
				before = strings.TrimRightFunc(s[:open], unicode.IsSpace)
			}
			if before != "" {
				s = before
			} else {
				s = strings.TrimRightFunc(s[max(open+1, 0):len(s)-size], unicode.IsSpace)
			}
			continue
		case isQuote(r) || strings.ContainsRune(".,:;!?…·-_/*~", r):
			s = strings.TrimRightFunc(s[:len(s)-size], unicode.IsSpace)
			continue
		}
		return endingOfRune(s, r)
	}
	return EndUnknown
}

func endingOfRune(s string, r rune) Ending {
	switch {
	case r >= 0xAC00 && r <= 0xD7A3:
		switch (r - 0xAC00) % 28 {
		case 0:
			return EndVowel
		case 8:
			return EndRieul
		}
		return EndConsonant
	case r >= '0' && r <= '9':
		return digitEnding(r)
	case r == '%':
		return EndVowel
	case r < utf8.RuneSelf && unicode.IsLetter(r):
		return latinEnding(s)
	}
	return EndUnknown
}

// digitEnding is the last digit of a number in Sino-Korean; a 0 ends in a
// consonant however it is read (영, 공, 십, 백, 천, 만).
func digitEnding(d rune) Ending {
	switch d {
	case '1', '7', '8':
		return EndRieul
	case '0', '3', '6':
		return EndConsonant
	}
	return EndVowel
}

// spelledWords are lower-case abbreviations with a vowel letter that are
// still spelled out (ip is 아이피, not a word ending in p).
var spelledWords = map[string]bool{"ip": true, "ec": true, "ok": true, "ui": true, "os": true, "io": true}

func latinEnding(s string) Ending {
	start := len(s)
	for start > 0 && s[start-1] < utf8.RuneSelf && unicode.IsLetter(rune(s[start-1])) {
		start--
	}
	word := s[start:]
	glued := start > 0 && s[start-1] >= '0' && s[start-1] <= '9'
	lower := strings.ToLower(word)
	if len(word) == 1 || glued || word == strings.ToUpper(word) || !strings.ContainsAny(lower, "aeiouy") || spelledWords[lower] {
		return letterEnding(lower[len(lower)-1])
	}
	return wordEnding(lower)
}

// letterEnding is the Korean name of a letter: 엘 and 알 end in ㄹ, 엠 and
// 엔 in a consonant, the rest (에이, 비, 시 …) in a vowel.
func letterEnding(c byte) Ending {
	switch c {
	case 'l', 'r':
		return EndRieul
	case 'm', 'n':
		return EndConsonant
	}
	return EndVowel
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// wordEnding is an English word as Korean transcribes it.
func wordEnding(w string) Ending {
	n := len(w)
	last := w[n-1]
	switch {
	case strings.HasSuffix(w, "ng"), last == 'm', last == 'n':
		return EndConsonant
	case last == 'l', n > 2 && strings.HasSuffix(w, "le"):
		return EndRieul
	case n > 2 && (strings.HasSuffix(w, "me") || strings.HasSuffix(w, "ne")):
		return EndConsonant
	case strings.HasSuffix(w, "ck"):
		return EndConsonant
	case strings.IndexByte("bckpt", last) >= 0 && n >= 2 && isVowel(w[n-2]) && (n == 2 || !isVowel(w[n-3])):
		return EndConsonant
	}
	return EndVowel
}

func isClosing(r rune) bool { return r == ')' || r == ']' || r == '}' || r == '>' }

func opening(r rune) rune {
	switch r {
	case ')':
		return '('
	case ']':
		return '['
	case '}':
		return '{'
	}
	return '<'
}

func isQuote(r rune) bool { return strings.ContainsRune("\"'`”’»」』", r) }
