# Runs one notebook for scripts/grade (which embeds this file and writes it
# into the notebook's scratch folder): every cell in a fresh GoNB kernel,
# carrying on after a cell that fails, under one time limit for the whole
# notebook, writing the executed notebook back after every cell so that a
# run stopped from outside still leaves the outputs it produced.
#
#   python3 driver.py NOTEBOOK CWD KERNEL LIMIT_SECONDS LAST_CELL STATUS_JSON
#
# CWD is the kernel's working directory (GoNB's GONB_DIR); LAST_CELL the
# index of the last cell to run (-1: all). STATUS_JSON receives
# {"cells": n run, "timed_out_cell": i or null, "dead_kernel_cell": i or
# null, "error": text or null}. Exit status 0 when the notebook ran (cells
# that failed included), 3 when it could not be run at all.
import json
import os
import sys
import time
import traceback


def main():
    path, cwd, kernel, limit, last, status_path = sys.argv[1:7]
    limit, last = float(limit), int(last)
    start = time.monotonic()
    status = {"cells": 0, "timed_out_cell": None, "dead_kernel_cell": None, "error": None}

    def save_status():
        with open(status_path, "w", encoding="utf-8") as f:
            json.dump(status, f)

    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        from nbclient.util import run_sync

        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # not a notebook, or no nbclient
        status["error"] = f"{type(e).__name__}: {e}"
        save_status()
        return 3

    def save_notebook():
        tmp = path + ".tmp"
        nbformat.write(nb, tmp)
        os.replace(tmp, path)

    client = NotebookClient(
        nb,
        kernel_name=kernel,
        allow_errors=True,
        timeout=max(1, int(limit)),
        startup_timeout=max(1, int(limit)),
        record_timing=False,
        resources={"metadata": {"path": cwd}},
    )
    try:
        with client.setup_kernel(cwd=cwd):
            for index, cell in enumerate(nb.cells):
                if last >= 0 and index > last:
                    break
                if cell.cell_type != "code":
                    continue
                remaining = limit - (time.monotonic() - start)
                if remaining < 1:
                    status["timed_out_cell"] = index
                    break
                client.timeout = int(remaining) + 1
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    status["timed_out_cell"] = index
                    try:  # stop the cell's program before shutting down
                        run_sync(client.km.interrupt_kernel)()
                    except Exception:
                        pass
                    break
                except DeadKernelError:
                    status["dead_kernel_cell"] = index
                    break
                finally:
                    status["cells"] += 1
                    save_notebook()
                    save_status()
    except Exception as e:
        if status["cells"] == 0:
            status["error"] = f"{type(e).__name__}: {e}"
            save_status()
            traceback.print_exc()
            return 3
        # The kernel went away after some cells ran: grade what they left.
        status["dead_kernel_cell"] = status["dead_kernel_cell"] or status["cells"]
        print(f"driver: {type(e).__name__}: {e}", file=sys.stderr)
    save_notebook()
    save_status()
    return 0


if __name__ == "__main__":
    sys.exit(main())
