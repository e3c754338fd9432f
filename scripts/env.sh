# shellcheck shell=bash
# Environment shared by every script in scripts/ (source it, don't run it):
#
#   source scripts/env.sh
#
# Everything the project installs lives inside the repository, so nothing
# touches your global Go, Python or Jupyter set-up:
#
#   .bin/      gonb and goimports, built from the `tool` pins in go.mod
#   .venv/     JupyterLab and nbconvert (requirements-jupyter.txt); the GoNB
#              kernel spec is registered inside it, in .venv/share/jupyter
#   .jupyter/  Jupyter's config, data and runtime folders (settings,
#              workspaces, connection files), instead of ~/.jupyter and
#              ~/.local/share/jupyter
#
# Jupyter starts the GoNB kernel with Jupyter's own environment, and the
# kernel passes it on to `go build`, goimports and `!` shell commands, so
# what is exported here reaches the notebooks too.

# The repository root: the parent of the folder holding this file.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Project tools first: our goimports, gonb and jupyter win over any others.
# (Guarded so that sourcing twice does not grow PATH.)
case ":${PATH}:" in
  *":${ROOT}/.bin:"*) ;;
  *) export PATH="${ROOT}/.bin:${ROOT}/.venv/bin:${PATH}" ;;
esac

# Keep Jupyter's per-user folders inside the project.
export JUPYTER_CONFIG_DIR="${ROOT}/.jupyter/config"
export JUPYTER_DATA_DIR="${ROOT}/.jupyter/data"
export JUPYTER_RUNTIME_DIR="${ROOT}/.jupyter/runtime"
# Kernel specs are looked up in JUPYTER_PATH first: point it at the venv's
# share/jupyter, where scripts/setup registers GoNB, so a GoNB kernel
# installed globally on this machine can't shadow ours.
export JUPYTER_PATH="${ROOT}/.venv/share/jupyter"
# Use the platform's standard folders for whatever is still per user
# (and silence jupyter_core's deprecation warning about it).
export JUPYTER_PLATFORM_DIRS=1
