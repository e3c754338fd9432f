#!/usr/bin/env bash
# Joins a GoNB kernel's scratch module to this repository, so that notebook
# cells can import github.com/gonn-lab/mnist-from-scratch/nnlib (the live
# source, edits included) and the libraries pinned in go.mod.
#
# Every notebook's first cell runs it, in the kernel's temporary module:
#
#   !*bash "${GONB_DIR}/../scripts/gonb-join.sh"
#
# (`!*` runs a shell command in the kernel's temporary module, GONB_TMP_DIR;
# a plain `!` would run it in the notebook's folder, GONB_DIR.)
#
# Why it is needed: each GoNB kernel builds the cells in a fresh module made
# by `go mod init`, which knows nothing of this repository. Before compiling
# a cell, GoNB runs `go get` there to add whatever the cell imports, and
# `go get`
#   - ignores go.work files, so it can't see our module without a replace
#     rule (this is what GoNB's %goworkfix adds), and
#   - asks the module proxy for the latest version of anything it doesn't
#     have, which a proxy that serves pinned versions only refuses (403).
# So we give the scratch module the same versions as go.mod up front:
#
#   go.work    `use . <repo>`: builds see the repository's packages
#   go.mod     require + replace our module => <repo> (the rule %goworkfix
#              would add), and a require of each library the notebooks
#              import, at the version in the repository's go.mod
#   go.sum     the repository's checksums, so nothing needs to be looked up
#
# GoNB's own `go get` before each cell then finds everything it needs in
# the module cache, without asking the proxy for versions.
#
# Quiet when it works (the first cell stays clean); on failure it prints
# the log of what went wrong and exits non-zero. Run it again at any time:
# each step replaces what the previous run did.
set -euo pipefail

# The libraries that notebooks import directly, each pinned at the version
# the repository's go.mod requires. When a notebook starts importing a new
# module, add it to go.mod (go get MODULE@VERSION in the repository) and
# here.
NOTEBOOK_MODULES=(
  github.com/janpfeifer/gonb   # gonbui: display HTML, images, Markdown
  gonum.org/v1/gonum           # mat, floats, stat
  gonum.org/v1/plot            # plots
)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${GONB_TMP_DIR:-$PWD}"

log="$(mktemp)"
trap 'rm -f "${log}"' EXIT
fail() {
  {
    echo "gonb-join.sh: FAILED: $*"
    echo "  (joining ${WORK} to ${ROOT})"
    sed 's/^/  | /' "${log}"
  } >&2
  exit 1
}
# step DESCRIPTION CMD...: runs CMD, output to the log (shown on failure).
step() {
  local what="$1"; shift
  echo "\$ $*" >>"${log}"
  "$@" >>"${log}" 2>&1 || fail "${what}"
}

[[ -f "${WORK}/go.mod" ]] ||
  fail "no go.mod in ${WORK}: run this with !* (in GoNB's temporary module), not !"
[[ -f "${ROOT}/go.mod" ]] || fail "no go.mod in ${ROOT}"

# Our module's path and the pinned versions, read from the repository's go.mod.
cd "${ROOT}"
repo_module="$(go list -m -f '{{.Path}}' 2>>"${log}")" || fail "reading ${ROOT}/go.mod"
pins=()
for mod in "${NOTEBOOK_MODULES[@]}"; do
  version="$(go list -m -f '{{.Version}}' "${mod}" 2>>"${log}")" ||
    fail "${mod} is not required in ${ROOT}/go.mod"
  pins+=("${mod}@${version}")
done

cd "${WORK}"
# Start from a clean slate, so running this twice gives the same result.
rm -f go.work go.work.sum
step "go work init" go work init
step "go work use" go work use . "${ROOT}"
# The replace rule that %goworkfix would add, plus a matching require (the
# version is a placeholder; the replace rule points it at the folder).
step "adding ${repo_module} to go.mod" go mod edit \
  -replace="${repo_module}=${ROOT}" \
  -require="${repo_module}@v0.0.0-00010101000000-000000000000"
cat "${ROOT}/go.sum" >>go.sum
sort -u -o go.sum go.sum
step "requiring ${pins[*]}" go mod edit "${pins[@]/#/-require=}"
