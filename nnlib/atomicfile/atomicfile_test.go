package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	errWrite := errors.New("write failed")
	for _, test := range []struct {
		name    string
		write   func(w io.Writer) error
		want    string // the file's content after
		wantErr error
		panics  bool
	}{
		{
			name:  "ok",
			write: func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want:  "new",
		},
		{
			name: "error",
			write: func(w io.Writer) error {
				io.WriteString(w, "half")
				return errWrite
			},
			want: "old", wantErr: errWrite,
		},
		{
			name: "panic",
			write: func(w io.Writer) error {
				io.WriteString(w, "half")
				panic("boom")
			},
			want: "old", panics: true,
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "file")
			if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			var err error
			panicked := func() (p bool) {
				defer func() { p = recover() != nil }()
				err = Write(path, test.write)
				return false
			}()
			if panicked != test.panics {
				t.Errorf("panicked: %t, want %t", panicked, test.panics)
			}
			if err != test.wantErr {
				t.Errorf("got error %v, want %v", err, test.wantErr)
			}
			got, _ := os.ReadFile(path)
			if string(got) != test.want {
				t.Errorf("file holds %q, want %q", got, test.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%s holds %d files, want only the one written", dir, len(entries))
			}
			if fi, err := os.Stat(path); err == nil && test.wantErr == nil && !test.panics && fi.Mode().Perm() != 0o644 {
				t.Errorf("file has mode %v, want 0644", fi.Mode().Perm())
			}
		})
	}

	t.Run("no folder", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "missing", "f")
		if err := Write(path, func(w io.Writer) error { return nil }); err == nil {
			t.Errorf("Write(%s): got no error", path)
		}
	})
}

// TestWriteRelative writes to a path without a folder. Not
// parallel: it changes the working directory.
func TestWriteRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := Write("f", func(w io.Writer) error { return nil }); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat("f"); err != nil {
		t.Error(err)
	}
}
