"""Writes scikit-learn's handwritten digits (bundled with Debian's
python3-sklearn, no download) as digits.bin for train.c: a fixed 80/20
split, pixels scaled to [0, 1].

Layout: int32 n_train, int32 n_test, float32 x_train[n_train][64],
int64 y_train[n_train], float32 x_test[n_test][64], int64 y_test[n_test]."""

import sys

import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
x = (digits.data / 16.0).astype(np.float32)
y = digits.target.astype(np.int64)
order = np.random.default_rng(0).permutation(len(x))
x, y = x[order], y[order]
n_train = int(0.8 * len(x))
with open(sys.argv[1], "wb") as f:
    np.array([n_train, len(x) - n_train], dtype=np.int32).tofile(f)
    x[:n_train].tofile(f)
    y[:n_train].tofile(f)
    x[n_train:].tofile(f)
    y[n_train:].tofile(f)
