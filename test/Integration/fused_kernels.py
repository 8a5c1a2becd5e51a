# RUN: %python %s
"""Graphs whose linalg ops kiln-form-kernels groups into kernels (one
scf.forall per kernel, its tiles run on OpenMP threads), compiled through
the whole CPU pipeline by kiln-run and checked against numpy (cross_entropy
and the convolutions against torch):

- softmax / log_softmax over rows: one row per tile (64 x 4096, 3 x 1000;
  1024 x 4096, whose 16 MiB outputs get non-temporal stores),
  several rows per tile (1024 x 10: 256 rows; 1000 x 10: 8 rows; 512 x 32:
  128 rows), one tile for everything (256 x 10, 64 x 64: no kernel), the
  last axis of a 3-D tensor, a dynamic first dimension, and axis 0 (the
  column reductions stay outside the row kernel);
- matmul epilogues: bias + relu on sizes that no 64 x 256 tile divides
  (tiles that divide them instead), exact 64 x 256 tiles, a wide right
  operand (packed in strips by kiln-vectorize), a dynamic batch
  (a partial last row tile), a residual add, a batched matmul;
- a matmul feeding a row max and a sub, and softmax of a matmul;
- reductions followed by elementwise ops (row normalisation, centring, a
  layer norm, a 1-D result), a column sum read by a row-tiled kernel, an
  intermediate also returned (two kernels), softmaxes chained;
- convolutions read by a softmax and by a relu + residual add;
- cross_entropy;
- an elementwise chain over 4M floats (16 MiB output: non-temporal stores).

Tolerances follow reductions.py and linalg.py: f32 rtol/atol 1e-5 for the
softmaxes, reductions, convolutions and losses (rows of up to 4096 terms;
the errors measured stay below a few percent of that), 1e-4 for matmuls
of up to 512 products of values in [-1, 1] (a few ulps of sums of order
10-20, summed in another order than numpy's)."""

import os

import numpy as np
from harness import check, finish, func, import_torch, random, skip, tensor_type, type_of

torch = import_torch()

# Several threads even on a one-core machine, so that tiles of one kernel
# run concurrently (kiln-run: OMP_NUM_THREADS, else all cores).
os.environ.setdefault("OMP_NUM_THREADS", "4")


def f64(x):
    return x.astype("float64")


def softmax_ref(x, axis):
    x = f64(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=axis, keepdims=True)
    return e / total, shifted - np.log(total)


# --------------------------------------------------------------------------
# softmax and log_softmax
# --------------------------------------------------------------------------

SOFTMAX = [
    # (shape, axis, dynamic dims, value range)
    ((64, 4096), 1, (), 20),      # one row per tile
    ((3, 1000), 1, (), 20),       # 1 row per tile, 3 tiles
    ((1024, 10), 1, (), 20),      # 256 rows per tile
    ((1000, 10), -1, (), 20),     # 8 rows per tile (8 divides 1000)
    ((512, 32), 1, (), 20),       # 128 rows per tile
    ((999, 10), 1, (), 20),       # odd row count: 1 row per tile
    ((256, 10), 1, (), 20),       # one tile covers it: no kernel
    ((64, 64), 1, (), 20),        # one tile covers it: no kernel
    ((7, 33, 128), -1, (), 20),   # rows of a 3-D tensor
    ((2, 3, 1000), 2, (), 1000),  # large logits
    ((5, 4096), 1, (0,), 20),     # dynamic batch
    ((37, 10), 1, (0,), 20),      # dynamic batch, short rows
    ((6, 130), 1, (0, 1), 20),    # every dim dynamic
    ((512, 64), 0, (), 20),       # over columns
    ((1024, 4096), 1, (), 20),    # 16 MiB outputs: non-temporal stores
]

for shape, axis, dynamic, scale in SOFTMAX:
    x = random(shape, "float32", -scale, scale)
    t = type_of(x, dynamic)
    mlir = func([("x", t)], [t, t], f"""\
  %s = kiln.softmax %x axis {axis} : {t}
  %l = kiln.log_softmax %x axis {axis} : {t}
  return %s, %l : {t}, {t}""")
    soft, log = softmax_ref(x, axis)
    check(f"softmax/log_softmax {shape}{dynamic} axis={axis}", mlir, [x],
          [soft.astype("float32"), log.astype("float32")], rtol=1e-5, atol=1e-5)

# softmax spelled out, with exp(x - max) also returned: the exp has a user
# outside the row kernel, so it is the root of a second kernel.
x = random((64, 4096), "float32", -20, 20)
t, tk = type_of(x), tensor_type((64, 1), "float32")
mlir = func([("x", t)], [t, t], f"""\
  %m = kiln.reduce_max %x axes [1] keepdims : {t}
  %s = kiln.sub %x, %m : {t}, {tk}
  %e = kiln.exp %s : {t}
  %z = kiln.reduce_sum %e axes [1] keepdims : {t}
  %d = kiln.div %e, %z : {t}, {tk}
  return %d, %e : {t}, {t}""")
e = np.exp(f64(x) - f64(x).max(axis=1, keepdims=True))
check("softmax with exp also returned", mlir, [x],
      [(e / e.sum(axis=1, keepdims=True)).astype("float32"), e.astype("float32")],
      rtol=1e-5, atol=1e-5)

# Softmax of softmax of ...: each softmax reads its input twice and its exp
# twice (tile-and-fuse clones such producers once per use before CSE).
x = random((256, 512), "float32", -5, 5)
t = type_of(x)
body = ["  %s0 = kiln.neg %x : " + t]
for i in range(1, 4):
    body.append(f"  %s{i} = kiln.softmax %s{i - 1} axis 1 : {t}")
body.append(f"  return %s3 : {t}")
ref = -f64(x)
for _ in range(3):
    ref = softmax_ref(ref, 1)[0]
check("softmax chained 3 times", func([("x", t)], [t], "\n".join(body)), [x],
      [ref.astype("float32")], rtol=1e-5, atol=1e-7)

# --------------------------------------------------------------------------
# matmul epilogues
# --------------------------------------------------------------------------

EPILOGUE = [
    # (M, K, N, dynamic dims of x)
    (100, 300, 520, ()),     # no 64 x 256 tile divides: 20 x 104 tiles
    (128, 512, 512, ()),     # exact tiles
    (128, 512, 2048, ()),    # rows 8 KiB apart: the right operand is packed
    (70, 96, 300, (0,)),     # dynamic batch: 64-row tiles, the last partial
    (3, 20, 7, ()),          # smaller than one tile
]
for m, k, n, dynamic in EPILOGUE:
    x = random((m, k), "float32", -1, 1)
    w = random((k, n), "float32", -1, 1)
    b = random((n,), "float32", -1, 1)
    tx, tw, tb = type_of(x, dynamic), type_of(w), type_of(b)
    tr = tensor_type((m, n), "float32", dynamic)
    mlir = func([("x", tx), ("w", tw), ("b", tb)], [tr], f"""\
  %mm = kiln.matmul %x, %w : {tx}, {tw}
  %a = kiln.add %mm, %b : {tr}, {tb}
  %r = kiln.relu %a : {tr}
  return %r : {tr}""")
    ref = np.maximum(f64(x) @ w + b, 0)
    check(f"matmul {m}x{k} @ {k}x{n}{dynamic} + bias, relu", mlir, [x, w, b],
          [ref.astype("float32")], rtol=1e-4, atol=1e-4)

# Residual add (the epilogue reads a second full-size operand).
x = random((100, 300), "float32", -1, 1)
w = random((300, 520), "float32", -1, 1)
r = random((100, 520), "float32", -1, 1)
tx, tw, tr = type_of(x), type_of(w), type_of(r)
mlir = func([("x", tx), ("w", tw), ("r", tr)], [tr], f"""\
  %mm = kiln.matmul %x, %w : {tx}, {tw}
  %s = kiln.add %mm, %r : {tr}, {tr}
  return %s : {tr}""")
check("matmul 100x300 @ 300x520 + residual", mlir, [x, w, r],
      [(f64(x) @ w + r).astype("float32")], rtol=1e-4, atol=1e-4)

# The matmul's result is also returned: it cannot be fused into the add.
mlir = func([("x", tx), ("w", tw), ("r", tr)], [tr, tr], f"""\
  %mm = kiln.matmul %x, %w : {tx}, {tw}
  %s = kiln.add %mm, %r : {tr}, {tr}
  return %s, %mm : {tr}, {tr}""")
check("matmul + residual, matmul also returned", mlir, [x, w, r],
      [(f64(x) @ w + r).astype("float32"), (f64(x) @ w).astype("float32")],
      rtol=1e-4, atol=1e-4)

# Batched matmul with a bias: 1 x 64 x 256 tiles.
x = random((3, 100, 64), "float32", -1, 1)
w = random((3, 64, 300), "float32", -1, 1)
b = random((300,), "float32", -1, 1)
tx, tw, tb = type_of(x), type_of(w), type_of(b)
tr = tensor_type((3, 100, 300), "float32")
mlir = func([("x", tx), ("w", tw), ("b", tb)], [tr], f"""\
  %mm = kiln.matmul %x, %w : {tx}, {tw}
  %a = kiln.add %mm, %b : {tr}, {tb}
  %t = kiln.tanh %a : {tr}
  return %t : {tr}""")
check("batched matmul 3x100x64 @ 3x64x300 + bias, tanh", mlir, [x, w, b],
      [np.tanh(f64(x) @ w + b).astype("float32")], rtol=1e-4, atol=1e-4)

# A matmul read by a row max and by the sub of that max: the matmul, the max
# and the sub are three parallel loops (the sub's 64 x 256 tiles would
# recompute the max), all writing into the same tensor.empty.
x = random((256, 512), "float32", -1, 1)
w = random((512, 1024), "float32", -1, 1)
tx, tw = type_of(x), type_of(w)
tr, tk = tensor_type((256, 1024), "float32"), tensor_type((256, 1), "float32")
mlir = func([("x", tx), ("w", tw)], [tr], f"""\
  %mm = kiln.matmul %x, %w : {tx}, {tw}
  %m = kiln.reduce_max %mm axes [1] keepdims : {tr}
  %s = kiln.sub %mm, %m : {tr}, {tk}
  return %s : {tr}""")
mm = f64(x) @ w
check("matmul 256x512 @ 512x1024, minus its row max", mlir, [x, w],
      [(mm - mm.max(axis=1, keepdims=True)).astype("float32")], rtol=1e-4, atol=1e-4)

# Softmax of a matmul (attention scores), static and with a dynamic batch.
for m, dynamic in ((256, ()), (100, (0,))):
    x = random((m, 64), "float32", -1, 1)
    w = random((64, 1024), "float32", -1, 1)
    tx, tw = type_of(x, dynamic), type_of(w)
    tr = tensor_type((m, 1024), "float32", dynamic)
    mlir = func([("x", tx), ("w", tw)], [tr], f"""\
  %mm = kiln.matmul %x, %w : {tx}, {tw}
  %s = kiln.softmax %mm axis 1 : {tr}
  return %s : {tr}""")
    check(f"softmax of matmul {m}x64 @ 64x1024{dynamic}", mlir, [x, w],
          [softmax_ref(f64(x) @ w, 1)[0].astype("float32")], rtol=1e-4, atol=1e-6)

# --------------------------------------------------------------------------
# reductions with elementwise consumers
# --------------------------------------------------------------------------

REDUCE_THEN_ELEMENTWISE = [
    # (shape, dynamic dims)
    ((1024, 10), ()),
    ((300, 4096), ()),
    ((45, 700), (0,)),
]
for shape, dynamic in REDUCE_THEN_ELEMENTWISE:
    x = random(shape, "float32", 0.5, 2)
    t = type_of(x, dynamic)
    tk = tensor_type((shape[0], 1), "float32", dynamic)
    tv = tensor_type((shape[0],), "float32", dynamic)
    mlir = func([("x", t)], [t, t, tv], f"""\
  %s = kiln.reduce_sum %x axes [1] keepdims : {t}
  %n = kiln.div %x, %s : {t}, {tk}
  %m = kiln.reduce_mean %x axes [1] keepdims : {t}
  %c = kiln.sub %x, %m : {t}, {tk}
  %mx = kiln.reduce_max %x axes [1] : {t}
  %r = kiln.sqrt %mx : {tv}
  return %n, %c, %r : {t}, {t}, {tv}""")
    xd = f64(x)
    expected = [xd / xd.sum(axis=1, keepdims=True), xd - xd.mean(axis=1, keepdims=True),
                np.sqrt(xd.max(axis=1))]
    check(f"row sum / mean / max then elementwise {shape}{dynamic}", mlir, [x],
          [v.astype("float32") for v in expected], rtol=1e-5, atol=1e-5)

# Layer norm over rows: mean, centred values used twice (variance, result).
for shape, dynamic in (((512, 256), ()), ((33, 768), (0,))):
    x = random(shape, "float32", -3, 3)
    t = type_of(x, dynamic)
    tk = tensor_type((shape[0], 1), "float32", dynamic)
    mlir = func([("x", t)], [t], f"""\
  %eps = kiln.constant dense<1.0e-05> : tensor<f32>
  %m = kiln.reduce_mean %x axes [1] keepdims : {t}
  %c = kiln.sub %x, %m : {t}, {tk}
  %sq = kiln.mul %c, %c : {t}, {t}
  %v = kiln.reduce_mean %sq axes [1] keepdims : {t}
  %ve = kiln.add %v, %eps : {tk}, tensor<f32>
  %rs = kiln.rsqrt %ve : {tk}
  %y = kiln.mul %c, %rs : {t}, {tk}
  return %y : {t}""")
    xd = f64(x)
    c = xd - xd.mean(axis=1, keepdims=True)
    ref = c / np.sqrt((c * c).mean(axis=1, keepdims=True) + 1e-5)
    check(f"layer norm {shape}{dynamic}", mlir, [x], [ref.astype("float32")],
          rtol=1e-5, atol=1e-5)

# A column sum read by every row tile of a row kernel: computed once,
# outside the kernel.
x = random((1024, 64), "float32", 0.5, 2)
t, tc, tk = type_of(x), tensor_type((64,), "float32"), tensor_type((1024, 1), "float32")
mlir = func([("x", t)], [t], f"""\
  %cs = kiln.reduce_sum %x axes [0] : {t}
  %s = kiln.div %x, %cs : {t}, {tc}
  %m = kiln.reduce_max %s axes [1] keepdims : {t}
  %d = kiln.sub %s, %m : {t}, {tk}
  return %d : {t}""")
s = f64(x) / f64(x).sum(axis=0)
check("column sum then row max", mlir, [x], [(s - s.max(axis=1, keepdims=True)).astype("float32")],
      rtol=1e-5, atol=1e-6)

# --------------------------------------------------------------------------
# convolutions
# --------------------------------------------------------------------------

# A convolution is a kernel of its own (batch and channel planes); what
# reads it forms another kernel over the same output planes: a softmax over
# its last axis, a bias-free relu with a residual add.
for x_shape, w_shape, dynamic in (((2, 3, 34, 34), (8, 3, 3, 3), ()),
                                  ((3, 4, 20, 36), (16, 4, 5, 5), (0,))):
    name = f"conv2d {x_shape}{dynamic} {w_shape}, softmax / relu + residual"
    if torch is None:
        skip(name, "needs torch")
        continue
    x = random(x_shape, "float32", -1, 1)
    w = random(w_shape, "float32", -1, 1)
    out_shape = (x_shape[0], w_shape[0], x_shape[2] - w_shape[2] + 1, x_shape[3] - w_shape[3] + 1)
    r = random(out_shape, "float32", -1, 1)
    tx, tw, tr = type_of(x, dynamic), type_of(w), type_of(r, dynamic)
    mlir = func([("x", tx), ("w", tw), ("r", tr)], [tr, tr], f"""\
  %c = kiln.conv2d %x, %w : {tx}, {tw}
  %s = kiln.softmax %c axis 3 : {tr}
  %a = kiln.relu %c : {tr}
  %o = kiln.add %a, %r : {tr}, {tr}
  return %s, %o : {tr}, {tr}""")
    conv = torch.nn.functional.conv2d(torch.from_numpy(f64(x)), torch.from_numpy(f64(w))).numpy()
    check(name, mlir, [x, w, r],
          [softmax_ref(conv, 3)[0].astype("float32"), (np.maximum(conv, 0) + r).astype("float32")],
          rtol=1e-5, atol=1e-5)

# --------------------------------------------------------------------------
# cross_entropy
# --------------------------------------------------------------------------

CROSS_ENTROPY = [
    # (N, C, logits dynamic dims, labels dynamic)
    (64, 1000, (), False),
    (256, 10, (), False),
    (1024, 10, (), False),
    (3, 1000, (), False),
    (100, 4096, (0,), True),
    (37, 10, (0, 1), True),
]
for n, c, logit_dyn, label_dyn in CROSS_ENTROPY:
    name = f"cross_entropy {n}x{c}{logit_dyn} labels dyn={label_dyn}"
    if torch is None:
        skip(name, "needs torch")
        continue
    logits = random((n, c), "float32", -5, 5)
    labels = random((n,), "int64", 0, c - 1)
    tl = type_of(logits, logit_dyn)
    ty = type_of(labels, (0,) if label_dyn else ())
    tr = tensor_type((), "float32")
    ref = torch.nn.functional.cross_entropy(torch.from_numpy(f64(logits)), torch.from_numpy(labels))
    mlir = func([("l", tl), ("y", ty)], [tr],
                f"  %r = kiln.cross_entropy %l, %y : {tl}, {ty}\n  return %r : {tr}")
    check(name, mlir, [logits, labels], [np.asarray(ref.numpy()).astype("float32")],
          rtol=1e-5, atol=1e-5)

# An elementwise chain whose 16 MiB output kiln-streaming-stores writes
# with non-temporal stores, in 1-D chunks.
x = random((4 * 1024 * 1024,), "float32", -2, 2)
t = type_of(x)
mlir = func([("x", t)], [t], f"""\
  %0 = kiln.mul %x, %x : {t}
  %1 = kiln.sub %0, %x : {t}
  %2 = kiln.tanh %1 : {t}
  return %2 : {t}""")
check("elementwise chain over 4M floats (non-temporal stores)", mlir, [x],
      [np.tanh(f64(x) * f64(x) - f64(x)).astype("float32")], rtol=1e-5, atol=1e-6)

finish()
