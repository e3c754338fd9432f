package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// writeFunc writes the file at path, whole or not at all, with what write
// writes: atomicfile.Write, or in tests a fault such as a full disk.
type writeFunc func(path string, write func(w io.Writer) error) error

// latestName is the name, in the folder of the runs, of the link to the
// last run that completed, where predict looks for a model by default.
const latestName = "latest"

// runFolder is the folder of one training run, whose files (model.nnm,
// history.csv, history.json, curves.png, curves.svg) are written as one
// set. They go into a hidden folder of the run's own, created when the run
// starts, which commit renames to the run's name, its start time, once
// they are all there, and then links as latest. So a run's folder always
// holds all of one run's files and nothing else, whatever other runs do
// at the same time, and latest always names a whole run.
type runFolder struct {
	parent  string // the folder of the runs, -out
	partial string // the hidden folder the run's files go into
	name    string // the run's name, such as 20261128-203005
	write   writeFunc
	done    bool // committed or discarded
}

// newRunFolder creates, in parent (made if missing), the hidden folder of
// a run that starts at start, and proves that it can be written by writing
// a file into it through write. An error names parent and what failed.
func newRunFolder(parent string, start time.Time, write writeFunc) (*runFolder, error) {
	name := start.Format("20060102-150405")
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("-out %s: cannot create the folder: %v", parent, err)
	}
	partial, err := makeHidden(parent, name)
	if err != nil {
		return nil, fmt.Errorf("-out %s: cannot write in it: %v", parent, withoutPath(err))
	}
	r := &runFolder{parent: parent, partial: partial, name: name, write: write}
	const probe = ".probe"
	if err := r.writeFile(probe, func(w io.Writer) error { _, err := io.WriteString(w, "ok\n"); return err }); err != nil {
		r.discard()
		return nil, fmt.Errorf("-out %s: cannot write in it: %v", parent, err)
	}
	if err := os.Remove(filepath.Join(partial, probe)); err != nil {
		r.discard()
		return nil, fmt.Errorf("-out %s: cannot write in it: %v", parent, withoutPath(err))
	}
	return r, nil
}

// makeHidden makes a new hidden folder in parent for the run name, its
// name made unique by a random number, and returns its path. Unlike
// os.MkdirTemp's, its permissions are those of a folder made by
// os.MkdirAll, as the run's folder should have.
func makeHidden(parent, name string) (string, error) {
	for {
		dir := filepath.Join(parent, fmt.Sprintf(".%s.partial-%d", name, rand.Uint32()))
		err := os.Mkdir(dir, 0o755)
		if !errors.Is(err, fs.ErrExist) {
			return dir, err
		}
	}
}

// writeFile writes the file name of the run, whole or not at all. An
// error names the file.
func (r *runFolder) writeFile(name string, write func(w io.Writer) error) error {
	if err := r.write(filepath.Join(r.partial, name), write); err != nil {
		return fmt.Errorf("cannot write %s: %v", name, withoutPath(err))
	}
	return nil
}

// commit gives the run's folder its name, the run's start time (with -2,
// -3… if another run took it), and then links latest to it. It returns
// the folder's path, even with an error for the link alone. Whatever
// fails, the files stay: discard no longer removes them.
func (r *runFolder) commit() (string, error) {
	dir, err := r.rename()
	r.done = true // the files stay, in dir or, if it could not be named, where they are
	if err != nil {
		return "", fmt.Errorf("%v; the run's files stay there", err)
	}
	// A link made beside latest, then renamed over it, replaces it at once.
	link := r.partial + ".latest"
	if err := os.Symlink(filepath.Base(dir), link); err != nil {
		return dir, fmt.Errorf("cannot link %s to it: %v", r.latest(), withoutPath(err))
	}
	if err := os.Rename(link, r.latest()); err != nil {
		os.Remove(link)
		return dir, fmt.Errorf("cannot link %s to it: %v", r.latest(), withoutPath(err))
	}
	return dir, nil
}

// rename renames the hidden folder to the run's name, or to the first of
// name-2, name-3… that no other run has taken, and returns its path.
func (r *runFolder) rename() (string, error) {
	for n := 1; n <= 100; n++ {
		dir := filepath.Join(r.parent, r.name)
		if n > 1 {
			dir = fmt.Sprintf("%s-%d", dir, n)
		}
		// Renaming onto a folder with files fails, with fs.ErrExist.
		err := os.Rename(r.partial, dir)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("cannot rename %s to %s: %v", r.partial, dir, withoutPath(err))
		}
	}
	return "", fmt.Errorf("cannot rename %s: 100 runs named %s already", r.partial, r.name)
}

// latest returns the path of the link to the last run.
func (r *runFolder) latest() string { return filepath.Join(r.parent, latestName) }

// discard removes the run's hidden folder and what is in it, unless
// commit has made it a run's folder.
func (r *runFolder) discard() {
	if !r.done {
		os.RemoveAll(r.partial)
		r.done = true
	}
}

// withoutPath returns the error that a *fs.PathError or *os.LinkError
// holds, without the path, which names a hidden or temporary file the
// user never sees; other errors are returned as they are.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
