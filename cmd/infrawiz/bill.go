package main

import (
	"fmt"
	"io"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// printBill prints an estimate as the bill a person reads: a title, one
// row per item with its quantity, price per hour and per month, the total,
// then what it leaves out. now says whether it is what bills now.
func printBill(w io.Writer, l catalog.Lang, c steps.Cost, now bool) {
	title, rows, notes := c.Bill(now)
	fmt.Fprintln(w, title.In(l))
	var t table
	for _, r := range rows {
		t.addf("  %s\t%s\t%s\t%s", r.Item.In(l), r.Qty.In(l), r.Hour.In(l), r.Month.In(l))
	}
	if len(rows) > 0 {
		t.write(w)
	}
	for _, n := range notes {
		fmt.Fprintln(w, n.In(l))
	}
	if c.Priced && len(rows) > 0 {
		say(w, l, "cost.source", steps.PricesSource)
	}
}

// remind says what a stack costs a day and the command that stops it.
func remind(w io.Writer, l catalog.Lang, in steps.Inputs, c steps.Cost) {
	if c.Hour == 0 {
		return
	}
	key := "cost.remind"
	if c.Partial {
		key = "cost.remind.floor"
	}
	say(w, l, key, steps.USD(c.Day), steps.Command(in, "destroy", "--yes"))
}
