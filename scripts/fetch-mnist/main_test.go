package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUsage builds the commands whose flags are package flag's command
// line, this one, bench and tune, and checks that -help starts with how to
// run each, not with the path of a binary that go run built and will
// remove ("Usage of /tmp/go-build…").
func TestUsage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds three commands")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin, ".", "../bench", "../tune")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, name := range []string{"fetch-mnist", "bench", "tune"} {
		out, _ := exec.Command(filepath.Join(bin, name), "-help").CombinedOutput()
		want := "usage: go run ./scripts/" + name + " ["
		if !strings.HasPrefix(string(out), want) {
			t.Errorf("%s -help prints %q, want it to start with %q", name, out, want)
		}
	}
}
