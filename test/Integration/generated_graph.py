# RUN: %python %s
"""The op mix of bench/'s compile-time graphs (16 x 16 elementwise ops, a
matmul and a row reduction every few ops), 200 ops long: every op is a
kernel of its own (elementwise chains fused), outlined on tensors and deduplicated before
vectorization. kiln-run's results match numpy (f64) at f32 tolerances, and
kilnc's LLVM module has one function per distinct kernel, not per op."""


import numpy as np
from harness import check, compiled_kernels, finish, func, random

OPS = 200
t = "tensor<16x16xf32>"
kinds = ["add", "mul", "tanh", "sub", "matmul", "max", "sigmoid", "reduce"]
lines = []
x = random((16, 16), low=-1, high=1)
y = random((16, 16), low=-1, high=1)
values = {"%x": x.astype(np.float64), "%y": y.astype(np.float64)}
prev, other = "%x", "%y"
for k in range(OPS):
    kind, name = kinds[k % len(kinds)], f"%v{k}"
    a, b = values[prev], values[other]
    if kind in ("add", "mul", "sub", "max"):
        lines.append(f"  {name} = kiln.{kind} {prev}, {other} : {t}")
        values[name] = {"add": a + b, "mul": a * b, "sub": a - b,
                        "max": np.maximum(a, b)}[kind]
    elif kind == "tanh":
        lines.append(f"  {name} = kiln.tanh {prev} : {t}")
        values[name] = np.tanh(a)
    elif kind == "matmul":
        lines.append(f"  {name} = kiln.matmul {prev}, {other} : {t}, {t}")
        values[name] = a @ b
    elif kind == "sigmoid":
        lines.append(f"  {name} = kiln.sigmoid {prev} : {t}")
        values[name] = 1 / (1 + np.exp(-a))
    else:
        lines.append(f"  {name}r = kiln.reduce_sum {prev} axes [1] keepdims : {t}")
        lines.append(f"  {name} = kiln.sub {prev}, {name}r : {t}, tensor<16x1xf32>")
        values[name] = a - a.sum(axis=1, keepdims=True)
    other, prev = prev, name
mlir = func([("x", t), ("y", t)], [t], "\n".join(lines) + f"\n  return {prev} : {t}")
expected = values[prev]
# The chain's scale grows with its matmuls: the reference must stay finite.
assert np.all(np.isfinite(expected)), "reference overflowed"
check(f"{OPS}-op generated graph", mlir, [x, y], [expected.astype(np.float32)],
      rtol=1e-3, atol=1e-3 * float(np.abs(expected).max()))

kernels, calls = compiled_kernels(mlir)
# Fused elementwise ops make fewer calls than ops; the distinct kernels are
# a handful whatever the length.
assert 0 < len(kernels) <= 16, sorted(kernels)
assert len(calls) >= OPS // 2, len(calls)
print(f"{len(kernels)} kernels for {len(calls)} calls")

finish()
