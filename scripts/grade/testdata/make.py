# Writes the synthetic notebooks that scripts/grade's tests grade:
#   python3 make.py      (from scripts/grade/testdata)
# stubs.ipynb   two exercises (relu, sgd-step) as handed out, each followed
#               by its check, and a cell after the last check
# broken.ipynb  relu that does not compile, sgd-step that panics outside
#               the check (in a goroutine), cross-entropy solved, and
#               momentum-step that never returns
import json

JOIN = '!*bash "${GONB_DIR}/../scripts/gonb-join.sh"'
IMPORTS = '''import (
\t"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
\t"gonum.org/v1/gonum/mat"
)'''


def notebook(cells):
    out = []
    for n, (kind, src) in enumerate(cells):
        cell = {"cell_type": kind, "id": f"c{n:02d}", "metadata": {}, "source": src.splitlines(keepends=True)}
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        out.append(cell)
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
            "language_info": {"name": "go"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def check(fn):
    return "%%\nexercise.Show(exercise." + fn + ")"


stubs = notebook([
    ("markdown", "# Synthetic notebook for scripts/grade's tests"),
    ("code", JOIN),
    ("code", IMPORTS),
    ("markdown", "Write `relu`."),
    ("code", "// exercise: relu\n\n// relu sets a = max(0, z).\nfunc relu(a, z *mat.Dense) {\n\t// Your code here: a = max(0, z), entry by entry.\n}"),
    ("code", check("CheckReLU(relu)")),
    ("code", "// exercise: sgd-step\nfunc sgdStep(w, g []float64, lr float64) {\n\t// Your code here: w ← w − lr·g, entry by entry.\n}"),
    ("code", check("CheckSGDStep(sgdStep)")),
    ("code", '%%\nfmt.Println("after the last check")'),
])

broken = notebook([
    ("code", JOIN),
    ("code", IMPORTS),
    ("code", "// exercise: relu\nfunc relu(a, z *mat.Dense) {\n\ta.Set(0, 0, notDeclared)\n}"),
    ("code", check("CheckReLU(relu)")),
    ("code", '// exercise: sgd-step\nfunc sgdStep(w, g []float64, lr float64) {\n\tdone := make(chan bool)\n\tgo func() { panic("boom in a goroutine") }()\n\t<-done\n}'),
    ("code", check("CheckSGDStep(sgdStep)")),
    ("code", "// exercise: cross-entropy\nfunc crossEntropy(p *mat.Dense, labels []int) float64 {\n\tsum := 0.0\n\tfor i, y := range labels {\n\t\tsum -= math.Log(p.At(i, y))\n\t}\n\treturn sum / float64(len(labels))\n}"),
    ("code", check("CheckCrossEntropy(crossEntropy)")),
    ("code", "// exercise: momentum-step\nfunc momentumStep(w, v, g []float64, lr, mu float64) {\n\tfor {\n\t}\n}"),
    ("code", check("CheckMomentumStep(momentumStep)")),
])

for name, nb in [("stubs.ipynb", stubs), ("broken.ipynb", broken)]:
    with open(name, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
