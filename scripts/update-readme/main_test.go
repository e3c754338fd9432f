package main

import (
	"os"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Chdir(t.TempDir())
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	readme := "# Title\n\ntext\n\n<!-- BEGIN a.md -->\nold\nlines\n<!-- END a.md -->\n\nmiddle\n\n" +
		"<!-- BEGIN b.md -->\n<!-- END b.md -->\nend\n"
	write("README.md", readme)
	write("a.md", "new A\n\n\n")
	write("b.md", "| x |\n|---|\n| 1 |\n")

	if err := run("README.md"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile("README.md")
	want := "# Title\n\ntext\n\n<!-- BEGIN a.md -->\nnew A\n<!-- END a.md -->\n\nmiddle\n\n" +
		"<!-- BEGIN b.md -->\n| x |\n|---|\n| 1 |\n<!-- END b.md -->\nend\n"
	if string(got) != want {
		t.Errorf("README.md =\n%s\nwant\n%s", got, want)
	}

	// A missing file is an error, and the README stays as it was.
	if err := os.Remove("b.md"); err != nil {
		t.Fatal(err)
	}
	if err := run("README.md"); err == nil || !strings.Contains(err.Error(), "b.md") {
		t.Errorf("run with b.md missing: error %v, want one naming b.md", err)
	}
	if after, _ := os.ReadFile("README.md"); string(after) != want {
		t.Errorf("README.md changed by a failed run:\n%s", after)
	}

	// A section must end with its own name.
	write("b.md", "B\n")
	write("README.md", "<!-- BEGIN a.md -->\n<!-- END b.md -->\n")
	if err := run("README.md"); err == nil || !strings.Contains(err.Error(), "ends with END b.md") {
		t.Errorf("mismatched END: error %v", err)
	}
}
