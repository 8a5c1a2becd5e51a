# RUN: %python %s
"""Whole training steps, as the benchmarks run them (bench/bench.py: forward,
cross-entropy, kiln.value_and_grad, SGD update): the MLP 784-1024-1024-10
(at batch 32 here) and the small CNN (conv 3x3, relu, max-pool, conv, relu,
avg-pool, dense; batch 32), each step's loss and updated parameters checked
against PyTorch autograd with the same update. On GPUs these run through
the GPU suite and pack like every integration script.

Tolerances: rtol 1e-4, atol 1e-5 (f32 sums of up to 1024 products and
their gradients, in another order than PyTorch's)."""

import os
import sys

import numpy as np
from harness import check, finish, import_torch, skip

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "bench"))
import bench  # noqa: E402

torch = import_torch()
LR = np.array(0.01, dtype=np.float32)


def torch_step(loss_of, arrays, x, y):
    """The loss and the parameters after one SGD step, in PyTorch."""
    params = [torch.from_numpy(a.copy()).requires_grad_() for a in arrays]
    loss = loss_of(params, torch.from_numpy(x), torch.from_numpy(y))
    grads = torch.autograd.grad(loss, params)
    updated = [(p - 0.01 * g).detach().numpy() for p, g in zip(params, grads)]
    return [np.asarray(loss.detach().numpy(), dtype=np.float32)] + updated


def mlp_case(batch=32):
    mlir, shapes = bench.mlp_step_mlir(batch)
    i, _, _, o = bench.MLP
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal(tuple(int(d) for d in s.split("x")))
               * (0.05 if "x" in s else 0.01)).astype(np.float32) for s in shapes]
    x = rng.random((batch, i), dtype=np.float32)
    y = rng.integers(0, o, batch).astype(np.int64)

    def loss_of(params, tx, ty):
        w1, b1, w2, b2, w3, b3 = params
        a1 = torch.relu(tx @ w1 + b1)
        a2 = torch.relu(a1 @ w2 + b2)
        return torch.nn.functional.cross_entropy(a2 @ w3 + b3, ty)

    expected = torch_step(loss_of, arrays, x, y)
    check(f"MLP {'-'.join(map(str, bench.MLP))} step, batch {batch}", mlir,
          arrays + [x, y, LR], expected, rtol=1e-4, atol=1e-5)


def cnn_case():
    mlir, shapes = bench.cnn_step_mlir()
    n, c0, s, k = (bench.CNN["batch"], bench.CNN["channels"][0], bench.CNN["size"],
                   bench.CNN["classes"])
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal(shape) * (0.1 if len(shape) > 1 else 0.01)).astype(np.float32)
              for shape in shapes]
    x = rng.random((n, c0, s, s), dtype=np.float32)
    y = rng.integers(0, k, n).astype(np.int64)

    def loss_of(params, tx, ty):
        F = torch.nn.functional
        w1, b1, w2, b2, w3, b3 = params
        h1 = F.max_pool2d(torch.relu(F.conv2d(tx, w1, b1, padding=1)), 2)
        h2 = F.avg_pool2d(torch.relu(F.conv2d(h1, w2, b2, padding=1)), 2)
        return F.cross_entropy(h2.reshape(n, -1) @ w3 + b3, ty)

    expected = torch_step(loss_of, arrays, x, y)
    check("CNN step, batch 32", mlir, arrays + [x, y, LR], expected,
          rtol=1e-4, atol=1e-5)


if torch is None:
    skip("training steps", "PyTorch is not installed")
else:
    mlp_case()
    cnn_case()
finish()
