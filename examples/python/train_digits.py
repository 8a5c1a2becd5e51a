"""Trains the C demo's digit classifier (scikit-learn's digits, 64 -> 128 ->
10 MLP, batch 32, SGD with lr 0.1, 30 epochs) from Python.

The training step -- forward, cross-entropy, gradients by
kiln.value_and_grad, SGD update -- is one function compiled by kiln.jit.
The initial weights and the minibatch order come from the same random
generator as examples/digits/train.c, so the run retraces the C demo's.

    PYTHONPATH=build/python_packages /usr/bin/python3 examples/python/train_digits.py
"""

import time

import numpy as np
from sklearn.datasets import load_digits

import kiln
from kiln import nn


def load(seed=0):
    """The C demo's split (examples/digits/prepare_digits.py)."""
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    n_train = int(0.8 * len(x))
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


class DemoRandom:
    """train.c's generator (xorshift64*, seed 42) and its uses."""

    def __init__(self, seed=42):
        self.state = seed

    def uniform(self):
        s = self.state
        s ^= s >> 12
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= s >> 27
        self.state = s
        return (((s * 2685821657736338717) & 0xFFFFFFFFFFFFFFFF) >> 11) / 9007199254740992.0

    def initialise(self, fan_in, shape):
        """He-style uniform, as train.c's initialise()."""
        scale = np.sqrt(6.0 / fan_in)
        count = int(np.prod(shape))
        values = [(2 * self.uniform() - 1) * scale for _ in range(count)]
        return np.array(values, np.float64).astype(np.float32).reshape(shape)

    def shuffle(self, order):
        for i in range(len(order) - 1, 0, -1):
            j = int(self.uniform() * (i + 1))
            order[i], order[j] = order[j], order[i]


model = nn.Sequential(nn.Linear(64, 128, seed=1), nn.ReLU(), nn.Linear(128, 10, seed=2))


def loss_fn(params, x, y):
    return kiln.cross_entropy(model.apply(params, x), y)


@kiln.jit
def train_step(params, x, y, lr):
    loss, grads = kiln.value_and_grad(loss_fn)(params, x, y)
    return loss, [p - lr * g for p, g in zip(params, grads)]


@kiln.jit(dynamic={"x": 0})
def predict(params, x):
    return kiln.argmax(model.apply(params, x), axis=1)


def train(epochs=30, batch=32, lr=0.1, verbose=True):
    """Returns (held-out accuracy, microseconds per training step)."""
    x_train, y_train, x_test, y_test = load()
    rng = DemoRandom()
    params = [rng.initialise(64, (64, 128)), np.zeros(128, np.float32),
              rng.initialise(128, (128, 10)), np.zeros(10, np.float32)]
    order = np.arange(len(x_train))
    lr = np.float32(lr)
    train_step(params, x_train[:batch], y_train[:batch], lr)  # compiles
    steps, elapsed = 0, 0.0
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        total = 0.0
        for b in range(len(x_train) // batch):
            index = order[b * batch:(b + 1) * batch]
            x, y = x_train[index], y_train[index]
            # Timed as train.c times its step: the call, not the batch copy.
            start = time.perf_counter()
            loss, params = train_step(params, x, y, lr)
            elapsed += time.perf_counter() - start
            steps += 1
            total += float(loss)
        if verbose and (epoch == 1 or epoch % 5 == 0):
            print(f"epoch {epoch:2d}: loss {total / (len(x_train) // batch):.4f}")
    accuracy = float((predict(params, x_test).numpy() == y_test).mean())
    for p, value in zip(model.parameters(), params):
        p.assign(value)
    return accuracy, elapsed / steps * 1e6


if __name__ == "__main__":
    accuracy, step_us = train()
    print(f"kiln.jit: {step_us:.1f} us per training step (batch 32)")
    print(f"held-out accuracy: {accuracy:.3f}")
