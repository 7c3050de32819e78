package catalog

import (
	"regexp"
	"strings"
	"unicode"
)

// Korean glues a particle to its word ("VPC는", "/16에서", "Enter를") and a
// counter to its number ("10/11개"). SpacedParticle finds where text puts
// a space between them, the mistake of text translated word by word; the
// tests of the catalogue and of the faces' Korean output use it.
var (
	// Particles that are never words of their own.
	particleAfterSpace = regexp.MustCompile(`(\S) (은|는|을|를|에|에서|에게|와|과|로|으로|까지|부터|처럼|보다|이나|이며|이고|이라|이라고|라고|이란|란|에는|에도|으로는|로는|으로도|로도|와는|과는|이에요|예요|입니다|이어야|여야)([\s.,:;)!?…·]|$)`)
	// Particles that are also words ("이" this, "나" I, "도" degree, "만"
	// only…): a particle only after a word that is not Hangul.
	particleAfterLatin = regexp.MustCompile(`([A-Za-z0-9)%\]"'’”]) (이|가|의|도|만|나)([\s.,:;)!?…·]|$)`)
	counterAfterNumber = regexp.MustCompile(`(\d|%d|%\[\d+\]d|%s) (개|번|건|초|분|대|자|줄|회|시간|일|GB)([\s.,:;)!?…·/]|$)`)
	markerAfterSpace   = regexp.MustCompile(` \{(은/는|이/가|을/를|과/와|으로/로|이나/나|이라/라)\}`)
	// Both forms written, as when the sound of the word was not known.
	lazyParticle = regexp.MustCompile(`이\(가\)|을\(를\)|은\(는\)|와\(과\)|과\(와\)|\(으\)로|를\(을\)|는\(은\)|가\(이\)`)
)

// SpacedParticle returns the first place text writes a particle or a
// counter apart from its word, or both forms of a particle, if any.
func SpacedParticle(text string) string {
	for _, re := range []*regexp.Regexp{particleAfterSpace, particleAfterLatin, counterAfterNumber, markerAfterSpace, lazyParticle} {
		if m := re.FindString(text); m != "" {
			return m
		}
	}
	return ""
}

// EnglishLeft returns English left in Korean text: three words of Latin
// letters in a row with nothing but a space between them (a list such as
// "prefix, region", a command such as "infrawiz ls", a flag, an
// abbreviation is not one), or "". The tests of the catalogue and of the
// faces' Korean output use it.
func EnglishLeft(s string) string {
	var run []string
	for _, w := range strings.Fields(s) {
		word := strings.TrimLeft(w, "(\"“`")
		bare := strings.TrimRight(word, ",.;:!?)\"”`")
		if len(bare) < 2 || strings.HasPrefix(bare, "-") || bare == strings.ToUpper(bare) ||
			strings.IndexFunc(bare, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) >= 0 {
			run = run[:0]
			continue
		}
		run = append(run, bare)
		if len(run) >= 3 {
			return strings.Join(run, " ")
		}
		if bare != word || word != w {
			run = run[:0] // punctuation ends the run
		}
	}
	return ""
}
