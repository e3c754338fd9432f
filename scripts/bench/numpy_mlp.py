#!/usr/bin/env python3
"""The original project in NumPy, as the yardstick for the Go trainer's speed.

The network is the one nnlib builds: 784 pixels → 128 ReLU → 64 ReLU → 10
softmax, float64, trained by plain gradient descent on the mean cross-entropy.
The code follows the original's split into a model (He initialisation,
forward, backward, SGD step) and a training loop:

    batch      full-batch GD: one update per epoch on all 60,000 images
    minibatch  mini-batch GD: the images reshuffled every epoch and cut into
               batches of --batch (the last one smaller)

It prints JSON lines, for scripts/bench to read: first the NumPy version and
the BLAS under it, then one line per epoch

    {"epoch": 1, "seconds": 0.55, "test_accuracy": 0.9312, "test_loss": 0.23}

where seconds is that epoch's training time alone (the evaluation on the test
set after it is not timed), and last the process's peak memory.

Usage (from the repository root, after `go run ./scripts/fetch-mnist`):

    .venv/bin/python scripts/bench/numpy_mlp.py --mode minibatch --epochs 5
    .venv/bin/python scripts/bench/numpy_mlp.py --mode batch --lr 0.5

NumPy from pip brings its own OpenBLAS, which reads OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE from the environment; scripts/bench runs this program with
both unset, as a user's machine would have them.
"""

import argparse
import ctypes
import gzip
import json
import os
import resource
import sys
import time

import numpy as np

SIZES = (784, 128, 64, 10)


# --- Data ---------------------------------------------------------------------

def read_idx(path, magic):
    """Returns the unsigned bytes of the IDX file at path (gzipped or not).

    An IDX file is a big-endian header, the magic number (2051 for images,
    2049 for labels) and one 32-bit size per dimension, then the bytes.
    """
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        raw = f.read()
    ndim = magic & 0xFF
    header = np.frombuffer(raw, dtype=">u4", count=1 + ndim)
    if header[0] != magic:
        raise ValueError(f"{path}: magic number {header[0]}, want {magic}")
    shape = tuple(int(d) for d in header[1:])
    body = np.frombuffer(raw, dtype=np.uint8, offset=4 * (1 + ndim))
    if body.size != np.prod(shape):
        raise ValueError(f"{path}: the header promises {np.prod(shape)} bytes, the file has {body.size}")
    return body.reshape(shape)


def load_mnist(folder):
    """Returns (x_train, y_train, x_test, y_test): images as rows of 784
    float64 pixels scaled to [0, 1], labels as integers 0…9."""
    def images(name):
        return read_idx(os.path.join(folder, name), 2051).reshape(-1, 784).astype(np.float64) / 255.0

    def labels(name):
        return read_idx(os.path.join(folder, name), 2049).astype(np.int64)

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


# --- Model --------------------------------------------------------------------

class MLP:
    """A multilayer perceptron: (Linear → ReLU)… → Linear → softmax.

    Weights are stored fan_in × fan_out, so a batch X (B×784, one example a
    row) goes through a layer as Z = X @ W + b.
    """

    def __init__(self, sizes, rng):
        # He initialisation: W ~ N(0, 2/fan_in), which keeps the variance of
        # the activations about the same from layer to layer under ReLU.
        self.weights = [rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
                        for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.zeros(n_out) for n_out in sizes[1:]]

    def forward(self, x):
        """Returns the class probabilities (B×10) of the batch x and the
        input of every layer, which backward needs."""
        inputs = []
        a = x
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            inputs.append(a)
            z = a @ w + b
            a = np.maximum(z, 0.0) if i < last else softmax(z)
        return a, inputs

    def backward(self, probs, inputs, labels):
        """Returns the gradients (dW, db) of the mean cross-entropy for
        every layer, first layer first.

        For softmax followed by cross-entropy the gradient with respect to
        the last layer's Z is (P − Y)/B, Y the one-hot labels. Each layer then
        gives dW = Aᵀ·dZ and db = 1ᵀ·dZ, and passes dA = dZ·Wᵀ down, masked by
        the ReLU's derivative (1 where the activation was positive).
        """
        n = len(labels)
        dz = probs.copy()
        dz[np.arange(n), labels] -= 1.0
        dz /= n
        grads = []
        for i in range(len(self.weights) - 1, -1, -1):
            a = inputs[i]
            grads.append((a.T @ dz, dz.sum(axis=0)))
            if i > 0:  # the first layer's input is the data: no gradient needed
                dz = (dz @ self.weights[i].T) * (a > 0)
        grads.reverse()
        return grads

    def sgd_step(self, grads, lr):
        """Moves every parameter by −lr times its gradient, in place."""
        for w, b, (dw, db) in zip(self.weights, self.biases, grads):
            w -= lr * dw
            b -= lr * db


def softmax(z):
    """Row-wise softmax. Subtracting each row's maximum first changes
    nothing mathematically but keeps exp from overflowing."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(probs, labels):
    """The mean of −log(probability of the true class). A probability that
    underflowed to 0 counts as the smallest float64, not as an infinite loss."""
    p = probs[np.arange(len(labels)), labels]
    return float(-np.log(np.maximum(p, np.finfo(np.float64).tiny)).mean())


def train_step(model, x, y, lr):
    """One update on the batch (x, y); returns the batch's loss before it."""
    probs, inputs = model.forward(x)
    loss = cross_entropy(probs, y)
    model.sgd_step(model.backward(probs, inputs, y), lr)
    return loss


def evaluate(model, x, y, chunk=10000):
    """Returns the mean loss and the accuracy on (x, y)."""
    loss, correct = 0.0, 0
    for i in range(0, len(y), chunk):
        probs, _ = model.forward(x[i:i + chunk])
        loss += cross_entropy(probs, y[i:i + chunk]) * len(probs)
        correct += int((probs.argmax(axis=1) == y[i:i + chunk]).sum())
    return loss / len(y), correct / len(y)


# --- Reporting ----------------------------------------------------------------

def blas_info():
    """Names the BLAS NumPy was built with and, for NumPy's bundled OpenBLAS,
    the CPU kernel it chose and its thread count (best effort)."""
    info = {"numpy": np.__version__}
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["blas"] = f"{blas['name']} {blas.get('version', '')}".strip()
    except (KeyError, TypeError):
        info["blas"] = "unknown"
    # The bundled scipy-openblas prefixes its own functions with scipy_ and
    # suffixes them with 64_; look for the library among the loaded ones.
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "openblas" in line.lower()}
        for lib in sorted(libs):
            so = ctypes.CDLL(lib)
            for prefix, suffix in (("scipy_", "64_"), ("", "")):
                name = f"{prefix}openblas_get_corename{suffix}"
                if hasattr(so, name):
                    getattr(so, name).restype = ctypes.c_char_p
                    info["blas_core"] = getattr(so, name)().decode()
                    info["blas_threads"] = getattr(so, f"{prefix}openblas_get_num_threads{suffix}")()
                    return info
    except (OSError, AttributeError):
        pass
    return info


def emit(record):
    print(json.dumps(record), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mode", choices=["batch", "minibatch"], default="minibatch")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", type=float, default=None,
                    help="learning rate (default 0.3 minibatch, 0.5 batch: the Go worker's defaults, "
                         "nnlib/mnist/tuned.go; the original used 0.1)")
    ap.add_argument("--batch", type=int, default=128, help="examples per update in minibatch mode")
    ap.add_argument("--seed", type=int, default=1, help="seeds the initial weights and the shuffles")
    ap.add_argument("--data", default="data", help="folder of the four MNIST .gz files")
    ap.add_argument("--stop-at", type=float, default=0.0,
                    help="stop after the first epoch whose test accuracy is at least this (0: never)")
    args = ap.parse_args()
    if args.epochs <= 0 or args.batch <= 0:
        ap.error("--epochs and --batch must be > 0")
    # The same defaults as scripts/bench/worker (mnist.TunedLearningRate), so
    # that the two run alike by hand too; scripts/bench passes --lr to both.
    lr = args.lr if args.lr is not None else (0.3 if args.mode == "minibatch" else 0.5)

    x_train, y_train, x_test, y_test = load_mnist(args.data)
    rng = np.random.default_rng(args.seed)
    model = MLP(SIZES, rng)
    n = len(y_train)
    batch = args.batch if args.mode == "minibatch" else n
    emit(dict(blas_info(), mode=args.mode, batch=batch, lr=lr, seed=args.seed))

    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        if batch >= n:
            train_step(model, x_train, y_train, lr)
        else:
            order = rng.permutation(n)
            for i in range(0, n, batch):
                idx = order[i:i + batch]
                train_step(model, x_train[idx], y_train[idx], lr)
        seconds = time.perf_counter() - start
        test_loss, test_accuracy = evaluate(model, x_test, y_test)
        emit({"epoch": epoch, "seconds": seconds, "test_accuracy": test_accuracy, "test_loss": test_loss})
        if 0 < args.stop_at <= test_accuracy:
            break

    # ru_maxrss is in KiB on Linux.
    emit({"peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024})


if __name__ == "__main__":
    sys.exit(main())
