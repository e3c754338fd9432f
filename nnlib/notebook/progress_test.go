package notebook

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

func TestProgressOutsideNotebook(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := NewProgress()
	p.out = &buf
	p.Interval = time.Hour
	p.Update("epoch <b>1</b>")
	p.Update("epoch 2") // dropped: too soon
	p.Done("done: loss &lt; 0.1")
	if got, want := buf.String(), "epoch 1\ndone: loss < 0.1\n"; got != want {
		t.Errorf("Progress printed %q, want %q", got, want)
	}
	buf.Reset()
	p = NewProgress()
	p.out, p.Interval = &buf, 0
	for i := range 3 {
		p.Update(fmt.Sprint(i))
	}
	p.Done("")
	if got, want := buf.String(), "0\n1\n2\n"; got != want {
		t.Errorf("Progress with Interval 0 printed %q, want %q", got, want)
	}
}
