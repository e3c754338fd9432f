package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
)

//go:embed driver.py
var driverPy []byte

// kernelName is the GoNB kernel spec that scripts/setup registers for
// headless runs: compile errors come back as plain text.
const kernelName = "gonb-raw"

// killGrace is how long the driver may overrun the notebook's time limit
// (starting and stopping the kernel, writing the notebook) before it is
// killed with everything it started.
const killGrace = 60 * time.Second

// scratch is the folder one submission runs in:
//
//	out/grade/RUN/NNN-NAME/notebooks/NAME.ipynb   the copy that runs, executed in place
//	out/grade/RUN/NNN-NAME/scripts/gonb-join.sh   runs the repository's scripts/gonb-join.sh
//	out/grade/RUN/NNN-NAME/report.jsonl           the checks' report lines
//	out/grade/RUN/NNN-NAME/status.json, driver.log, driver.py
//
// NNN, the submission's place on the command line, keeps same-named
// submissions apart. The kernel runs in notebooks/ (GoNB's GONB_DIR), as
// in the repository: `!*bash "${GONB_DIR}/../scripts/gonb-join.sh"` finds
// the stand-in script, and notebook.Open, which looks for go.mod from
// GONB_DIR upwards, finds the repository's.
type scratch struct {
	dir, notebook, report, status, log, driver string
	tag                                        string // NNLIB_GRADE_NOTEBOOK: NNN-NAME
}

func newScratch(root, runDir string, index int, submission string) (*scratch, error) {
	base := strings.TrimSuffix(filepath.Base(submission), ".ipynb")
	safe := regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(base, "_")
	tag := fmt.Sprintf("%03d-%s", index, safe)
	dir := filepath.Join(runDir, tag)
	s := &scratch{
		dir:      dir,
		notebook: filepath.Join(dir, "notebooks", safe+".ipynb"),
		report:   filepath.Join(dir, "report.jsonl"),
		status:   filepath.Join(dir, "status.json"),
		log:      filepath.Join(dir, "driver.log"),
		driver:   filepath.Join(dir, "driver.py"),
		tag:      tag,
	}
	for _, d := range []string{filepath.Join(dir, "notebooks"), filepath.Join(dir, "scripts")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	join := fmt.Sprintf("#!/usr/bin/env bash\n# Written by scripts/grade: the repository's own script.\nexec bash %q \"$@\"\n",
		filepath.Join(root, "scripts", "gonb-join.sh"))
	if err := os.WriteFile(filepath.Join(dir, "scripts", "gonb-join.sh"), []byte(join), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(s.driver, driverPy, 0o644); err != nil {
		return nil, err
	}
	return s, nil
}

// runStatus is what the driver reports (status.json).
type runStatus struct {
	Cells          int    `json:"cells"`
	TimedOutCell   *int   `json:"timed_out_cell"`
	DeadKernelCell *int   `json:"dead_kernel_cell"`
	Error          string `json:"error"`
	killed         bool   // the driver overran the limit and was killed
}

// execute runs the scratch copy of the notebook through the driver: a
// fresh GoNB kernel in the scratch notebooks/ folder, cells 0…last (all
// if last < 0), within limit. Everything it starts is in a process group
// of its own, killed once it is done, so that a learner's program that
// never returns is not left behind.
func execute(root string, s *scratch, last int, limit time.Duration) (*runStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit+killGrace)
	defer cancel()
	logFile, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.CommandContext(ctx, "bash", "-c", `source "$1" && shift && exec python3 "$@"`, "grade",
		filepath.Join(root, "scripts", "env.sh"),
		s.driver, s.notebook, filepath.Dir(s.notebook), kernelName,
		fmt.Sprint(int(limit.Seconds())), fmt.Sprint(last), s.status)
	cmd.Dir = filepath.Dir(s.notebook)
	cmd.Env = gradeEnv(s)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	runErr := cmd.Run()
	if cmd.Process != nil {
		// Whatever is left of the group: the kernel's programs.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	st := &runStatus{}
	data, readErr := os.ReadFile(s.status)
	if readErr == nil {
		_ = json.Unmarshal(data, st)
	}
	if ctx.Err() != nil {
		st.killed = true
		if st.TimedOutCell == nil {
			at := st.Cells
			st.TimedOutCell = &at
		}
		return st, nil
	}
	if runErr != nil {
		var exitErr *exec.ExitError
		if errors.As(runErr, &exitErr) && exitErr.ExitCode() == 3 && st.Error != "" {
			return nil, fmt.Errorf("could not run it: %s (log: %s)", st.Error, s.log)
		}
		return nil, fmt.Errorf("could not run it: %v (log: %s)", runErr, s.log)
	}
	if readErr != nil {
		return nil, fmt.Errorf("the driver left no status: %v (log: %s)", readErr, s.log)
	}
	return st, nil
}

// gradeEnv is the environment the kernel gets: ours, with the report file
// and tag set and without the switches that make notebooks write into the
// repository (figures) or recompute what they remember.
func gradeEnv(s *scratch) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "NNLIB_FIGURES", "NNLIB_RECOMPUTE", exercise.ReportEnv, exercise.NotebookEnv:
			continue
		}
		env = append(env, kv)
	}
	return append(env, exercise.ReportEnv+"="+s.report, exercise.NotebookEnv+"="+s.tag)
}

// reportLine is one line of the checks' report.
type reportLine struct {
	Notebook string `json:"notebook"`
	exercise.Result
}

// readReport returns, for each exercise, the last line its check wrote
// with this notebook's tag.
func readReport(path, tag string) (map[string]reportLine, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]reportLine{}, nil
	}
	if err != nil {
		return nil, err
	}
	last := map[string]reportLine{}
	for line := range strings.SplitSeq(string(data), "\n") {
		var r reportLine
		if strings.TrimSpace(line) == "" || json.Unmarshal([]byte(line), &r) != nil {
			continue
		}
		if r.Notebook == tag || r.Notebook == "" {
			last[r.Exercise] = r
		}
	}
	return last, nil
}
