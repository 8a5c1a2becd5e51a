"""Every op, eager and under kiln.jit, against numpy (and PyTorch for nn ops)."""

import numpy as np
import pytest
import torch

import kiln

rng = np.random.default_rng(0)
A = rng.standard_normal((3, 4)).astype(np.float32)
B = rng.standard_normal((3, 4)).astype(np.float32)
P = rng.uniform(0.5, 2.0, (3, 4)).astype(np.float32)
M = rng.standard_normal((4, 5)).astype(np.float32)
V = rng.standard_normal((4,)).astype(np.float32)


def erf(x):
    return torch.erf(torch.tensor(x)).numpy()


def gelu(x):
    return torch.nn.functional.gelu(torch.tensor(x)).numpy()


CASES = [
    ("exp", lambda x: kiln.exp(x), lambda x: np.exp(x), [A]),
    ("log", lambda x: kiln.log(x), np.log, [P]),
    ("sqrt", lambda x: kiln.sqrt(x), np.sqrt, [P]),
    ("rsqrt", lambda x: kiln.rsqrt(x), lambda x: 1 / np.sqrt(x), [P]),
    ("tanh", lambda x: kiln.tanh(x), np.tanh, [A]),
    ("sigmoid", lambda x: kiln.sigmoid(x), lambda x: 1 / (1 + np.exp(-x)), [A]),
    ("gelu", lambda x: kiln.gelu(x), gelu, [A]),
    ("erf", lambda x: kiln.erf(x), erf, [A]),
    ("sin", lambda x: kiln.sin(x), np.sin, [A]),
    ("cos", lambda x: kiln.cos(x), np.cos, [A]),
    ("relu", lambda x: kiln.relu(x), lambda x: np.maximum(x, 0), [A]),
    ("abs", lambda x: kiln.abs(x), np.abs, [A]),
    ("neg", lambda x: -x, lambda x: -x, [A]),
    ("add", lambda x, y: x + y, np.add, [A, B]),
    ("sub", lambda x, y: x - y, np.subtract, [A, B]),
    ("mul", lambda x, y: x * y, np.multiply, [A, B]),
    ("div", lambda x, y: x / y, np.divide, [A, P]),
    ("pow", lambda x, y: x ** y, np.power, [P, B]),
    ("scalar", lambda x: 2 * x - 1.5 / (x * x + 1), lambda x: 2 * x - 1.5 / (x * x + 1), [A]),
    ("broadcast", lambda x, v: x + v, np.add, [A, V]),
    ("maximum", lambda x, y: kiln.maximum(x, y), np.maximum, [A, B]),
    ("minimum", lambda x, y: kiln.minimum(x, y), np.minimum, [A, B]),
    ("compare", lambda x, y: (x < y, x >= y, x == x), lambda x, y: (x < y, x >= y, x == x), [A, B]),
    ("where", lambda x, y: kiln.where(x > 0, x, y), lambda x, y: np.where(x > 0, x, y), [A, B]),
    ("matmul", lambda x, m: x @ m, np.matmul, [A, M]),
    ("matvec", lambda x, v: kiln.matmul(x, v), np.matmul, [A, V]),
    ("sum", lambda x: (kiln.sum(x), x.sum(axis=1), x.sum(axis=0, keepdims=True)),
     lambda x: (x.sum(), x.sum(axis=1), x.sum(axis=0, keepdims=True)), [A]),
    ("mean", lambda x: (kiln.mean(x, axis=-1), x.mean()), lambda x: (x.mean(axis=-1), x.mean()), [A]),
    ("max", lambda x: (kiln.max(x, axis=1), x.min(axis=(0, 1))), lambda x: (x.max(axis=1), x.min(axis=(0, 1))), [A]),
    ("argmax", lambda x: kiln.argmax(x, axis=1), lambda x: np.argmax(x, axis=1), [A]),
    ("reshape", lambda x: kiln.reshape(x, (2, -1)), lambda x: x.reshape(2, -1), [A]),
    ("transpose", lambda x: (x.T, kiln.transpose(x, (1, 0))), lambda x: (x.T, x.T), [A]),
    ("concatenate", lambda x, y: kiln.concatenate([x, y], axis=1), lambda x, y: np.concatenate([x, y], 1), [A, B]),
    ("slicing", lambda x: (x[1], x[:, 1:3], x[::2, ::-1][:, :1] if False else x[::2, 1::2], x[None, 0, ...]),
     lambda x: (x[1], x[:, 1:3], x[::2, 1::2], x[None, 0, ...]), [A]),
    ("take", lambda x: x[np.array([2, 0])], lambda x: x[[2, 0]], [A]),
    ("cast", lambda x: x.astype(np.int32), lambda x: x.astype(np.int32), [A]),
    ("softmax", lambda x: kiln.softmax(x, axis=1),
     lambda x: torch.softmax(torch.tensor(x), 1).numpy(), [A]),
    ("log_softmax", lambda x: kiln.log_softmax(x),
     lambda x: torch.log_softmax(torch.tensor(x), -1).numpy(), [A]),
]


def _check(got, expected, rtol=1e-5, atol=1e-5):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for g, e in zip(got, expected):
            _check(g, e, rtol, atol)
        return
    got = np.asarray(got)
    expected = np.asarray(expected)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name,fn,reference,args", CASES, ids=[c[0] for c in CASES])
def test_eager_matches_numpy(name, fn, reference, args):
    _check(fn(*[kiln.asarray(a) for a in args]), reference(*args))


@pytest.mark.parametrize("name,fn,reference,args", CASES, ids=[c[0] for c in CASES])
def test_jit_matches_numpy(name, fn, reference, args):
    _check(kiln.jit(fn)(*args), reference(*args))


def test_nn_ops_match_pytorch():
    x = rng.standard_normal((2, 3, 9, 9)).astype(np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    b = rng.standard_normal((4,)).astype(np.float32)
    labels = np.array([1, 3], np.int64)
    tx, tw, tb = map(torch.tensor, (x, w, b))
    F = torch.nn.functional

    def f(x, w, b):
        y = kiln.conv2d(x, w, b, stride=2, padding=1)
        return (y, kiln.max_pool2d(x, 3), kiln.avg_pool2d(x, 3, stride=2, padding=1),
                kiln.cross_entropy(kiln.reshape(y, (2, -1))[:, :5], labels))

    expected_y = F.conv2d(tx, tw, tb, stride=2, padding=1)
    expected = (expected_y.numpy(), F.max_pool2d(tx, 3).numpy(),
                F.avg_pool2d(tx, 3, stride=2, padding=1).numpy(),
                F.cross_entropy(expected_y.reshape(2, -1)[:, :5], torch.tensor(labels)).numpy())
    for run in (lambda: f(*map(kiln.asarray, (x, w, b))), lambda: kiln.jit(f)(x, w, b)):
        _check(run(), expected, rtol=1e-4, atol=1e-4)


def test_tensor_surface():
    t = kiln.asarray([[1.0, 2.0], [3.0, 4.0]])
    assert t.dtype == np.float32 and t.shape == (2, 2) and t.ndim == 2
    assert float(t[1, 1]) == 4.0 and bool(t[0, 0] > 0) and int(t[0, 1]) == 2
    np.testing.assert_array_equal(np.asarray(t * t), [[1, 4], [9, 16]])
    assert kiln.asarray(np.arange(3)).dtype == np.int64
    assert (kiln.asarray(np.arange(3)) / 2).dtype == np.float32
    assert len(t) == 2 and [float(r.sum()) for r in t] == [3.0, 7.0]


def test_eager_compiles_each_signature_once():
    from kiln import _dispatch

    x = kiln.asarray(rng.standard_normal((7, 11)).astype(np.float32))
    kiln.tanh(x)
    before = _dispatch.eager_cache_size()
    for _ in range(3):
        kiln.tanh(x)
    assert _dispatch.eager_cache_size() == before
    kiln.tanh(kiln.asarray(np.ones((11, 7), np.float32)))
    assert _dispatch.eager_cache_size() == before + 1


def test_bad_indices_and_arguments_are_reported():
    t = kiln.asarray(np.ones((2, 3), np.float32))
    with pytest.raises(kiln.KilnError, match=r"test_ops.py:\d+: index 5 is out of bounds"):
        t[5]
    with pytest.raises(kiln.KilnError, match="too many indices"):
        t[0, 0, 0]
    with pytest.raises(kiln.KilnError, match="negative step"):
        t[:, ::-1]
    with pytest.raises(kiln.KilnError, match="reshape"):
        kiln.reshape(t, (4, 2))
    with pytest.raises(TypeError, match="unsupported dtype"):
        kiln.exp(kiln.asarray(np.ones(2, np.complex64)))
