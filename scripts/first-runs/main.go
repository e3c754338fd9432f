// Command first-runs measures what a new user waits for: the first and a
// later run of scripts/lab and of scripts/test, each on a fresh clone of
// this repository with empty caches, and the disk the runs fill. It writes
// notebooks/figures/first-runs.md, which go run ./scripts/update-readme
// copies into the README.
//
//	go run ./scripts/first-runs          # runs scripts/test twice: budget half an hour on 2 cores
//	go run ./scripts/update-readme
//
// In a scratch folder (-scratch, removed afterwards unless -keep), it
//
//  1. clones HEAD into lab/, giving it Go's module and build caches, pip's
//     and npm's caches in empty folders of its own, as on a machine that
//     has never built the project (the network is needed, as for a user);
//  2. starts scripts/lab --no-browser --port P there and times it until
//     JupyterLab has printed its URL and answers at it: the first run,
//     setup included; checks that scripts/lab list shows it and stops it
//     with scripts/lab stop;
//  3. does that again: a later run;
//  4. clones HEAD into test/, with empty caches of its own, and runs
//     .ci/run there, what CI runs on a fresh clone, which is scripts/test
//     --require-browser: the first run of scripts/test, setup included;
//  5. runs scripts/test there again: a later run;
//  6. checks that git status is clean in both clones, and measures the disk
//     the test clone and its caches take.
//
// The output of every run goes to out/first-runs/ (lab-1.log, lab-2.log,
// ci.log, test-2.log). It needs what CI needs, Chromium included (it never
// installs anything): Go, Python 3.11+, Node.js 20+, Debian's Chromium, and
// the Go module proxy, PyPI and the npm registry. It measures the commit
// checked out, not uncommitted changes. The machine's load is recorded
// with the times: on a shared machine they vary from run to run.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
)

type options struct {
	out     string // the Markdown file written
	logs    string // folder of the runs' logs
	scratch string // folder of the clones and caches ("" for a new temporary one)
	keep    bool   // keep the scratch folder
}

func main() {
	var o options
	flag.StringVar(&o.out, "out", filepath.Join("notebooks", "figures", "first-runs.md"), "Markdown file for the README")
	flag.StringVar(&o.logs, "logs", filepath.Join("out", "first-runs"), "folder for the output of every run")
	flag.StringVar(&o.scratch, "scratch", "", "folder for the clones and their caches (default: a new temporary folder)")
	flag.BoolVar(&o.keep, "keep", false, "keep the clones and caches afterwards")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "first-runs: no arguments expected (try -help)")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "first-runs:", err)
		os.Exit(1)
	}
}

func say(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "first-runs: "+format+"\n", args...)
}

func run(o options) error {
	root, err := output("", nil, "git", "rev-parse", "--show-toplevel")
	if err != nil {
		return fmt.Errorf("not in a git checkout: %v", err)
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	commit, err := output("", nil, "git", "rev-parse", "--short=12", "HEAD")
	if err != nil {
		return err
	}
	if dirty, _ := output("", nil, "git", "status", "--porcelain", "--untracked-files=no"); dirty != "" {
		say("measuring HEAD (%s); uncommitted changes in this checkout are not measured", commit)
	}
	// What CI has: the browser check runs, and .ci/run installs nothing.
	if lack, err := output("", nil, "scripts/browser-check", "--prereqs"); err != nil {
		return fmt.Errorf("the browser check cannot run here, and CI runs it: %s", strings.TrimSpace(strings.TrimPrefix(lack, "browser-check: ")))
	}
	if err := os.MkdirAll(o.logs, 0o755); err != nil {
		return err
	}
	if o.scratch == "" {
		if o.scratch, err = os.MkdirTemp("", "first-runs-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(o.scratch, 0o755); err != nil {
		return err
	}
	if o.keep {
		say("clones and caches in %s (kept)", o.scratch)
	} else {
		defer removeAll(o.scratch)
	}

	r := report{commit: commit, started: time.Now().UTC(), loadStart: loadAverage(), machine: describeMachine()}
	r.software = describeSoftware()

	// 1 to 3: scripts/lab, first and later run, in a clone of its own.
	lab, labEnv, err := freshClone(root, o.scratch, "lab")
	if err != nil {
		return err
	}
	for i := range 2 {
		log := filepath.Join(o.logs, fmt.Sprintf("lab-%d.log", i+1))
		say("scripts/lab, run %d of 2, in a fresh clone (log: %s) ...", i+1, log)
		d, err := timeLab(lab, labEnv, log)
		if err != nil {
			return fmt.Errorf("scripts/lab, run %d: %v (see %s)", i+1, err, log)
		}
		say("  JupyterLab answered after %s", formatDuration(d))
		r.lab[i] = d
		if i == 0 {
			text, _ := os.ReadFile(log)
			r.labSetup = parseSetup(string(text))
		}
	}

	// 4 and 5: .ci/run, then scripts/test, in another clone.
	test, testEnv, err := freshClone(root, o.scratch, "test")
	if err != nil {
		return err
	}
	for i, argv := range [][]string{{".ci/run"}, {"scripts/test"}} {
		log := filepath.Join(o.logs, []string{"ci.log", "test-2.log"}[i])
		say("%s, run %d of 2 of scripts/test (log: %s) ...", argv[0], i+1, log)
		start := time.Now()
		err := runLogged(test, testEnv, log, 90*time.Minute, argv...)
		r.test[i] = time.Since(start)
		text, _ := os.ReadFile(log)
		r.steps[i] = parseTestSummary(string(text))
		if i == 0 {
			r.browserSummary = parseBrowserSummary(string(text))
		}
		if err != nil {
			return fmt.Errorf("%s failed: %v (see %s)", argv[0], err, log)
		}
		say("  passed in %s", formatDuration(r.test[i]))
	}

	// 6: git status, and the disk.
	for _, dir := range []string{lab, test} {
		status, err := output(dir, nil, "git", "status", "--porcelain")
		if err != nil {
			return err
		}
		if status != "" {
			return fmt.Errorf("git status in %s after the runs is not clean:\n%s", dir, status)
		}
	}
	r.disk = measureDisk(o.scratch, "test")
	r.loadEnd = loadAverage()
	r.took = time.Since(r.started)

	err = atomicfile.Write(o.out, func(w io.Writer) error { return r.writeMarkdown(w) })
	if err != nil {
		return err
	}
	if r.browserSummary != "" {
		say("the browser check in the first run of scripts/test:\n%s", r.browserSummary)
	}
	say("wrote %s; copy it into README.md with go run ./scripts/update-readme", o.out)
	return nil
}

// freshClone clones the repository at root into scratch/name, checked out
// at HEAD, and returns it with the environment of a machine that has
// never built the project: Go's, pip's and npm's caches empty, in
// scratch/name-caches, and none of this checkout's tools on the PATH.
func freshClone(root, scratch, name string) (dir string, env []string, err error) {
	dir = filepath.Join(scratch, name)
	caches := filepath.Join(scratch, name+"-caches")
	for _, d := range []string{dir, caches} {
		if _, err := os.Stat(d); err == nil {
			return "", nil, fmt.Errorf("%s exists already: give -scratch an empty folder", d)
		}
	}
	if _, err := output("", nil, "git", "clone", "--quiet", "--no-hardlinks", root, dir); err != nil {
		return "", nil, err
	}
	skip := map[string]bool{"GOCACHE": true, "GOMODCACHE": true, "PIP_CACHE_DIR": true, "XDG_CACHE_HOME": true,
		"npm_config_cache": true, "NPM_CONFIG_CACHE": true, "VIRTUAL_ENV": true, "JUPYTER_CONFIG_DIR": true,
		"JUPYTER_DATA_DIR": true, "JUPYTER_RUNTIME_DIR": true, "JUPYTER_PATH": true, "PATH": true}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !skip[k] {
			env = append(env, kv)
		}
	}
	var path []string
	for _, p := range filepath.SplitList(os.Getenv("PATH")) {
		if p != filepath.Join(root, ".bin") && p != filepath.Join(root, ".venv", "bin") {
			path = append(path, p)
		}
	}
	env = append(env,
		"PATH="+strings.Join(path, string(filepath.ListSeparator)),
		"GOCACHE="+filepath.Join(caches, "go-build"),
		"GOMODCACHE="+filepath.Join(caches, "go-mod"),
		"PIP_CACHE_DIR="+filepath.Join(caches, "pip"),
		"npm_config_cache="+filepath.Join(caches, "npm"),
		"XDG_CACHE_HOME="+filepath.Join(caches, "xdg"),
	)
	return dir, env, nil
}

// labURL matches the URL JupyterLab prints, capturing its port and token.
var labURL = regexp.MustCompile(`http://(?:127\.0\.0\.1|localhost):(\d+)/lab\?token=([0-9a-f]+)`)

// timeLab starts scripts/lab in dir and returns how long it took until
// JupyterLab printed its URL and answered at it; then it checks that
// scripts/lab list shows it, and stops it with scripts/lab stop.
func timeLab(dir string, env []string, log string) (time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	f, err := os.Create(log)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	cmd := exec.Command("scripts/lab", "--no-browser", "--port", fmt.Sprint(port))
	cmd.Dir, cmd.Env = dir, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); pw.Close() }()
	// Whatever happens, the server and its kernels do not outlive this.
	stopped := false
	defer func() {
		if !stopped {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}()

	// Copy the output to the log, watching for the URL.
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			fmt.Fprintln(f, sc.Text())
			if m := labURL.FindStringSubmatch(sc.Text()); m != nil && m[1] == fmt.Sprint(port) {
				select {
				case found <- m[2]:
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
	}()
	var token string
	select {
	case token = <-found:
	case err := <-exited:
		return 0, fmt.Errorf("scripts/lab exited before JupyterLab started: %v", err)
	case <-time.After(30 * time.Minute):
		return 0, errors.New("no JupyterLab URL within 30 minutes")
	}
	if err := waitAnswer(port, token, 2*time.Minute); err != nil {
		return 0, err
	}
	took := time.Since(start)

	list, err := output(dir, env, "scripts/lab", "list")
	if err != nil || !strings.Contains(list, fmt.Sprintf(":%d/", port)) {
		return 0, fmt.Errorf("scripts/lab list does not show the server on port %d (%v):\n%s", port, err, list)
	}
	if out, err := output(dir, env, "scripts/lab", "stop"); err != nil {
		return 0, fmt.Errorf("scripts/lab stop: %v\n%s", err, out)
	}
	select {
	case <-exited:
		stopped = true
	case <-time.After(time.Minute):
		return 0, errors.New("JupyterLab still running a minute after scripts/lab stop")
	}
	return took, nil
}

// waitAnswer waits until the Jupyter server on port answers its status
// API with the token.
func waitAnswer(port int, token string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	url := fmt.Sprintf("http://127.0.0.1:%d/api/status", port)
	for {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "token "+token)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = errors.New(resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("JupyterLab printed its URL but %s did not answer: %v", url, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// runLogged runs argv in dir with its output in the file log, for at most
// limit.
func runLogged(dir string, env []string, log string, limit time.Duration, argv ...string) error {
	f, err := os.Create(log)
	if err != nil {
		return err
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	err = cmd.Run()
	if ctx.Err() != nil {
		return fmt.Errorf("still running after %v, stopped", limit)
	}
	return err
}

// output runs a command in dir (the current folder if "") with env (this
// process's if nil) and returns its output, trimmed.
func output(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// measureDisk returns the disk used by scratch/name (the clone, with its
// .venv/, .bin/, .node/, data/ and out/) and its caches.
func measureDisk(scratch, name string) []diskUse {
	clone := filepath.Join(scratch, name)
	caches := filepath.Join(scratch, name+"-caches")
	parts := []diskUse{
		{what: ".venv/ (JupyterLab)", path: filepath.Join(clone, ".venv")},
		{what: ".bin/ (GoNB, goimports)", path: filepath.Join(clone, ".bin")},
		{what: ".node/ (playwright-core)", path: filepath.Join(clone, ".node")},
		{what: "data/ (MNIST)", path: filepath.Join(clone, "data")},
		{what: "out/", path: filepath.Join(clone, "out")},
		{what: "Go's module cache", path: filepath.Join(caches, "go-mod")},
		{what: "Go's build cache", path: filepath.Join(caches, "go-build")},
		{what: "pip's cache", path: filepath.Join(caches, "pip")},
		{what: "npm's cache", path: filepath.Join(caches, "npm")},
	}
	var total, counted int64
	for i := range parts {
		parts[i].bytes = diskUsage(parts[i].path)
		counted += parts[i].bytes
	}
	total = diskUsage(clone) + diskUsage(caches)
	rest := diskUse{what: "the rest of the clone (sources, .git, .jupyter/)", bytes: total - counted}
	return append(append([]diskUse{{what: "total", bytes: total}}, parts...), rest)
}

// diskUsage returns the bytes of disk the files under path occupy (0 if
// there is no such path).
func diskUsage(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				n += st.Blocks * 512
			}
		}
		return nil
	})
	return n
}

// removeAll removes dir, Go's read-only module cache included.
func removeAll(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	if err := os.RemoveAll(dir); err != nil {
		say("could not remove %s: %v", dir, err)
	}
}

// describeMachine returns the CPU's model and the number of cores.
func describeMachine() string {
	cpu := "unknown CPU"
	info, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(info), "\n") {
		if key, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(key) == "model name" {
			cpu = strings.TrimSpace(value)
			break
		}
	}
	return fmt.Sprintf("%s, %d cores", cpu, runtime.NumCPU())
}

// describeSoftware names the versions of what the runs use.
func describeSoftware() string {
	parts := []string{runtime.Version()}
	for _, c := range [][]string{{"python3", "--version"}, {"node", "--version"}, {chromium(), "--version"}} {
		out, err := output("", nil, c[0], c[1:]...)
		if err != nil {
			continue
		}
		// Chromium's wrapper may print warnings first: keep the last line.
		lines := strings.Split(out, "\n")
		v := strings.TrimSpace(lines[len(lines)-1])
		if c[0] == "node" {
			v = "Node.js " + v
		}
		if i := strings.Index(v, " built on"); i > 0 {
			v = v[:i]
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, "; ")
}

func chromium() string {
	if c := os.Getenv("CHROMIUM"); c != "" {
		return c
	}
	return "/usr/bin/chromium"
}

// loadAverage returns the 1-, 5- and 15-minute load averages, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
