package notebook

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// The rules every notebook keeps, so that a cell holds its lesson and
// nothing else and a learner never reads plumbing.
const (
	maxCellLines = 30  // code lines in a cell, unless a comment says why ("// long: …")
	maxColumns   = 100 // characters in a line of code, a tab counting as 4
)

// plumbing are words a lesson's prose has no business with: GoNB's
// internals belong in notebooks/README.md.
var plumbing = regexp.MustCompile(`(?i)gonbui\.Sync|\bSync\(\)|GONB_TMP_DIR|temporary folder|named pipe|websocket|JPY_SESSION_NAME`)

type notebookFile struct {
	Cells []struct {
		CellType string            `json:"cell_type"`
		Source   []string          `json:"source"`
		Outputs  []json.RawMessage `json:"outputs"`
	} `json:"cells"`
}

// TestNotebookRules checks every notebook in notebooks/ against the rules:
// short cells with short lines, no helper defined in two notebooks, no
// GoNB internals in the prose or `defer gonbui.Sync()` in the code, and no
// error or empty output committed.
func TestNotebookRules(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "notebooks", "*.ipynb"))
	if len(paths) == 0 {
		t.Fatal("no notebooks found")
	}
	definedIn := map[string]string{} // function name → notebook
	funcDecl := regexp.MustCompile(`(?m)^func (\([^)]*\) )?(\w+)`)
	for _, path := range paths {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var nb notebookFile
			if err := json.Unmarshal(data, &nb); err != nil {
				t.Fatal(err)
			}
			for i, c := range nb.Cells {
				src := strings.Join(c.Source, "")
				if c.CellType == "markdown" {
					if m := plumbing.FindString(src); m != "" {
						t.Errorf("cell %d: the prose mentions %q, GoNB's plumbing", i, m)
					}
					continue
				}
				if c.CellType != "code" {
					continue
				}
				checkCode(t, i, src)
				for _, m := range funcDecl.FindAllStringSubmatch(src, -1) {
					key := m[1] + m[2]
					if other, ok := definedIn[key]; ok && other != name {
						t.Errorf("cell %d: func %s is defined in %s too; put it in nnlib/notebook", i, key, other)
					}
					definedIn[key] = name
				}
				for _, out := range c.Outputs {
					checkOutput(t, i, out)
				}
			}
		})
	}
}

// checkCode checks a code cell's length, width and plumbing.
func checkCode(t *testing.T, cell int, src string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	if len(lines) > maxCellLines && !strings.Contains(src, "// long: ") {
		t.Errorf("cell %d: %d lines of code, want at most %d (or a `// long: why` comment)",
			cell, len(lines), maxCellLines)
	}
	for j, l := range lines {
		if w := utf8.RuneCountInString(strings.ReplaceAll(l, "\t", "    ")); w > maxColumns {
			t.Errorf("cell %d, line %d: %d columns, want at most %d", cell, j+1, w, maxColumns)
		}
	}
	if strings.Contains(src, "gonbui.Sync") {
		t.Errorf("cell %d: calls gonbui.Sync; the kit's display helpers sync themselves", cell)
	}
}

// checkOutput fails on an error output or an empty display.
func checkOutput(t *testing.T, cell int, raw json.RawMessage) {
	t.Helper()
	var out struct {
		OutputType string         `json:"output_type"`
		Name       string         `json:"name"`
		Data       map[string]any `json:"data"`
		Text       []string       `json:"text"`
		Metadata   map[string]any `json:"metadata"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Errorf("cell %d: an output that is not JSON: %v", cell, err)
		return
	}
	switch {
	case out.OutputType == "error":
		t.Errorf("cell %d: an error output is committed", cell)
	case out.OutputType == "stream" && out.Name == "stderr":
		t.Errorf("cell %d: stderr output is committed: %.200s", cell, strings.Join(out.Text, ""))
	case out.OutputType == "display_data" || out.OutputType == "execute_result":
		empty := true
		for _, v := range out.Data {
			text := fmt.Sprint(v) // a string, or a list of lines
			if s, ok := v.([]any); ok {
				text = fmt.Sprint(s...)
			}
			if strings.TrimSpace(text) != "" {
				empty = false
			}
		}
		if empty {
			t.Errorf("cell %d: an empty output is committed", cell)
		}
	}
}
