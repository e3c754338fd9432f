// Command update-readme copies generated tables into README.md, so that every
// figure the README quotes comes from a run rather than from a keyboard.
//
//	go run ./scripts/update-readme
//
// A generated section of the README looks like
//
//	<!-- BEGIN notebooks/figures/convergence-table.md -->
//	…replaced by that file's content…
//	<!-- END notebooks/figures/convergence-table.md -->
//
// The files are written by the notebooks (scripts/run-notebooks), by
// scripts/tune, by scripts/bench and by scripts/first-runs (how long the
// first and later runs of scripts/lab and scripts/test take). A section
// whose file is missing is an error, and the README is left as it was.
package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
)

var section = regexp.MustCompile(`(?s)(<!-- BEGIN (\S+) -->\n).*?(<!-- END (\S+) -->)`)

func main() {
	if err := run("README.md"); err != nil {
		fmt.Fprintln(os.Stderr, "update-readme:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	readme, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var firstErr error
	updated := section.ReplaceAllStringFunc(string(readme), func(s string) string {
		m := section.FindStringSubmatch(s)
		begin, name, end, endName := m[1], m[2], m[3], m[4]
		if name != endName && firstErr == nil {
			firstErr = fmt.Errorf("%s: section %s ends with END %s", path, name, endName)
		}
		content, err := os.ReadFile(name)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: section %s: %v (run the notebooks, scripts/tune, scripts/bench or scripts/first-runs first)", path, name, err)
		}
		fmt.Printf("%s: %s\n", path, name)
		return begin + strings.TrimRight(string(content), "\n") + "\n" + end
	})
	if firstErr != nil {
		return firstErr
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, updated)
		return err
	})
}
