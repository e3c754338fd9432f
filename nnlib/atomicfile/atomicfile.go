// Package atomicfile writes files so that a reader never sees a part of one:
// a file holds its old content or the whole new content, even after a
// crash or an error half-way.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes the file at path with what write writes to w, so
// that path holds either its old content or the whole new content, never a
// part: write writes, buffered, into a temporary file in the same directory,
// which is flushed to disk and then renamed to path. If write returns an
// error, or panics, or any step fails, the temporary file is removed and
// path is left as it was. Write returns write's error unchanged.
//
// The new file has mode 0644, whatever the mode of the file it replaces.
func Write(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// A hidden name, so a half-written file is not mistaken for a result.
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close() // a second Close, after a failed Rename, is harmless
			os.Remove(tmp)
		}
	}()

	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	done = true
	// Flush the directory entry too, so the rename survives a crash. Some
	// systems cannot open or sync a directory; the file is in place anyway.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
