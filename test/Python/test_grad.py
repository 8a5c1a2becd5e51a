"""kiln.grad and kiln.value_and_grad against PyTorch autograd."""

import numpy as np
import pytest
import torch

import kiln

rng = np.random.default_rng(1)
W = rng.standard_normal((3, 4)).astype(np.float32)
X = rng.standard_normal((5, 3)).astype(np.float32)


def loss(w, x):
    return kiln.mean(kiln.tanh(x @ w) ** 2)


def torch_grads(fn, *arrays):
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    value = fn(*tensors)
    value.backward()
    return value.detach().numpy(), [t.grad.numpy() for t in tensors]


def test_grad_eager_and_jit_match_autograd():
    _, (gw, gx) = torch_grads(lambda w, x: (torch.tanh(x @ w) ** 2).mean(), W, X)
    np.testing.assert_allclose(kiln.grad(loss)(W, X).numpy(), gw, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kiln.jit(kiln.grad(loss, argnums=1))(W, X).numpy(), gx,
                               rtol=1e-5, atol=1e-6)
    value, (g0, g1) = kiln.value_and_grad(loss, argnums=(0, 1))(W, X)
    assert abs(float(value) - float((np.tanh(X @ W) ** 2).mean())) < 1e-6
    np.testing.assert_allclose(g1.numpy(), gx, rtol=1e-5, atol=1e-6)


def grow(n, x):
    while kiln.sum(x * x) < n:
        x = x * 1.5 + 0.1
    if kiln.sum(x) > 10:
        x = kiln.sin(x) * x
    return kiln.sum(kiln.exp(-x))


def test_jit_grad_through_while_and_if_matches_autograd():
    df = kiln.jit(kiln.grad(grow, argnums=1))
    for start in (0.05, 0.5, 3.0):  # several trip counts, both branches
        x = np.array([start, 2 * start, -start], np.float32)

        def reference(x):
            while (x * x).sum() < 20:
                x = x * 1.5 + 0.1
            if x.sum() > 10:
                x = torch.sin(x) * x
            return torch.exp(-x).sum()
        _, (expected,) = torch_grads(reference, x)
        np.testing.assert_allclose(df(np.float32(20), x).numpy(), expected, rtol=1e-4, atol=1e-6)
    assert df.compilations == 1 if hasattr(df, "compilations") else True


def test_grad_of_for_loop():
    def power_sum(x, n):
        acc = kiln.zeros(())
        y = x
        for i in range(n):
            acc = acc + kiln.sum(y)
            y = y * x
        return acc

    g = kiln.jit(kiln.grad(power_sum))
    x = np.array([0.5, 1.5], np.float32)
    # d/dx sum_{k=1..4} x^k = 1 + 2x + 3x^2 + 4x^3
    np.testing.assert_allclose(g(x, np.int64(4)).numpy(), 1 + 2 * x + 3 * x**2 + 4 * x**3, rtol=1e-5)


def test_grad_of_grad():
    cube = lambda x: kiln.sum(x * x * x)  # noqa: E731
    second = kiln.grad(lambda x: kiln.sum(kiln.grad(cube)(x)))
    x = np.array([1.0, -2.0, 0.5], np.float32)
    np.testing.assert_allclose(second(x).numpy(), 6 * x, rtol=1e-6)
    third = kiln.jit(kiln.grad(lambda x: kiln.sum(kiln.grad(lambda y: kiln.sum(kiln.grad(cube)(y)))(x))))
    np.testing.assert_allclose(third(x).numpy(), np.full(3, 6.0), rtol=1e-6)


def test_grad_of_closure_and_structured_arguments():
    x = kiln.asarray(X)

    def model(params):
        h = kiln.relu(x @ params["w1"])        # x: a captured eager tensor
        return kiln.sum(h @ params["w2"])

    params = {"w1": W, "w2": rng.standard_normal((4, 2)).astype(np.float32)}
    grads = kiln.grad(model)(params)
    _, (g1, g2) = torch_grads(lambda a, b: (torch.relu(torch.tensor(X) @ a) @ b).sum(),
                              params["w1"], params["w2"])
    np.testing.assert_allclose(grads["w1"].numpy(), g1, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grads["w2"].numpy(), g2, rtol=1e-5, atol=1e-6)


def test_grad_inside_jit_captures_traced_values():
    @kiln.jit
    def step(w, x):
        scale = kiln.sum(x)                     # traced in the caller
        g = kiln.grad(lambda w: kiln.sum(kiln.tanh(x @ w)) * scale)(w)
        return w - 0.1 * g

    _, (gw,) = torch_grads(lambda w: torch.tanh(torch.tensor(X) @ w).sum() * float(X.sum()), W)
    np.testing.assert_allclose(step(W, X).numpy(), W - 0.1 * gw, rtol=1e-5, atol=1e-5)


def test_grad_errors():
    with pytest.raises(kiln.KilnError, match="one scalar"):
        kiln.grad(lambda x: x * 2)(np.ones(3, np.float32))
    with pytest.raises(kiln.KilnError, match="integer tensor"):
        kiln.grad(lambda x, n: kiln.sum(x) * 2, argnums=1)(np.ones(3, np.float32), np.ones(2, np.int64))
