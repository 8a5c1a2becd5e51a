# RUN: %python %s
"""A graph that repeats one layer (matmul, tanh, softmax, add) twelve times
with different weights: kiln-deduplicate-kernels compiles each distinct
kernel once, so kilnc's LLVM module has one function per kernel of a layer
whatever the depth, called once per layer. The results of the deduplicated
kernels, run by kiln-run, match numpy (f64) at f32 tolerances."""


import numpy as np
from harness import check, compiled_kernels, finish, func, random

LAYERS, ROWS, WIDTH = 12, 8, 32
t = f"tensor<{ROWS}x{WIDTH}xf32>"
w = f"tensor<{WIDTH}x{WIDTH}xf32>"
lines, previous = [], "%x"
for i in range(LAYERS):
    lines += [f"  %m{i} = kiln.matmul {previous}, %w{i} : {t}, {w}",
              f"  %t{i} = kiln.tanh %m{i} : {t}",
              f"  %s{i} = kiln.softmax %t{i} axis 1 : {t}",
              f"  %h{i} = kiln.add %t{i}, %s{i} : {t}"]
    previous = f"%h{i}"
mlir = func([("x", t)] + [(f"w{i}", w) for i in range(LAYERS)], [t],
            "\n".join(lines) + f"\n  return {previous} : {t}")

x = random((ROWS, WIDTH), low=-1, high=1)
weights = [random((WIDTH, WIDTH), low=-0.5, high=0.5) for _ in range(LAYERS)]
h = x.astype(np.float64)
for weight in weights:
    a = np.tanh(h @ weight)
    e = np.exp(a - a.max(axis=1, keepdims=True))
    h = a + e / e.sum(axis=1, keepdims=True)
check("twelve repeated layers", mlir, [x, *weights], [h.astype(np.float32)],
      rtol=1e-4, atol=1e-5)

# The kernels of one layer, compiled once: as many functions as one layer
# has kernels, each called LAYERS times.
kernels, calls = compiled_kernels(mlir)
assert kernels and len(kernels) < 4 * LAYERS, sorted(kernels)
for kernel in kernels:
    assert calls.count(kernel) == LAYERS, (kernel, calls.count(kernel))
print(f"{len(kernels)} kernels, each called {LAYERS} times")

finish()
