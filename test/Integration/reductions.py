# RUN: %python %s
"""reduce_sum/mean/max/min, argmax, softmax, log_softmax and cross_entropy
against numpy (cross_entropy against torch), on static and dynamic shapes,
negative and multiple axes, keepdims, and integer inputs.

f32 tolerances are rtol/atol 1e-5: sums of up to 384 terms round by a few
ulps of the total, which stays below that; f64 is checked to 1e-12."""

import numpy as np
from harness import check, finish, func, import_torch, random, reduced_type, skip, tensor_type, type_of

torch = import_torch()




def axes_attr(axes, keepdims):
    text = "" if axes is None else f" axes [{', '.join(map(str, axes))}]"
    return text + (" keepdims" if keepdims else "")


REFERENCE = {
    "reduce_sum": np.sum,
    "reduce_mean": np.mean,
    "reduce_max": np.max,
    "reduce_min": np.min,
}

# Each case runs the four reductions in one function (one JIT compile).
REDUCTIONS = [
    # (shape, axes, keepdims, dynamic dims, dtype)
    ((3, 4, 5), [1], False, (), "float32"),
    ((3, 4, 5), [0, 2], True, (), "float32"),
    ((3, 4, 5), [-1], False, (), "float32"),
    ((3, 4, 5), [2, -3], True, (), "float32"),     # unsorted, mixed signs
    ((3, 4, 5), None, False, (), "float32"),       # every axis: 0-d
    ((3, 4, 5), None, True, (), "float32"),
    ((6, 7), [0], False, (0, 1), "float32"),
    ((6, 7), [-1], True, (0, 1), "float32"),
    ((4, 5, 6), [1, 2], False, (0, 1, 2), "float32"),
    ((4, 5, 6), [0, 2], True, (1,), "float32"),
    ((6, 20), None, False, (0,), "float32"),
    ((1, 5), [0], False, (0,), "float32"),         # a dynamic axis of size 1
    ((5,), [0], False, (), "float64"),
    ((3, 4), [0], True, (0,), "float64"),
    ((7,), None, False, (), "float32"),
    # Several reduced loops, the innermost split into vector lanes
    # (kiln-split-reductions): a bias gradient's shape, one vector's worth of
    # columns with keepdims, a dynamic batch.
    ((4, 6, 3, 32), [0, 2, 3], False, (), "float32"),
    ((4, 6, 3, 16), [0, 2, 3], True, (), "float32"),
    ((5, 3, 48), [0, 2], False, (0,), "float32"),
]

def check_reductions(label, shape, axes, keepdims, dynamic, dtype, tol):
    """sum, mean, max and min of one input against numpy (float64)."""
    x = random(shape, dtype, -3, 3)
    tx = type_of(x, dynamic)
    tr = reduced_type(x, axes, keepdims, dynamic)
    body, expected = [], []
    for i, (op, ref) in enumerate(REFERENCE.items()):
        body.append(f"  %r{i} = kiln.{op} %x{axes_attr(axes, keepdims)} : {tx}")
        np_axes = None if axes is None else tuple(axes)
        expected.append(np.asarray(ref(x.astype("float64"), axis=np_axes, keepdims=keepdims)).astype(dtype))
    body.append(f"  return %r0, %r1, %r2, %r3 : {tr}, {tr}, {tr}, {tr}")
    mlir = func([("x", tx)], [tr] * 4, "\n".join(body))
    check(f"{label} {shape}{dynamic} axes={axes} keepdims={keepdims} {dtype}", mlir, [x],
          expected, **tol)


for shape, axes, keepdims, dynamic, dtype in REDUCTIONS:
    tol = 1e-12 if dtype == "float64" else 1e-5
    check_reductions("reduce", shape, axes, keepdims, dynamic, dtype,
                     dict(rtol=tol, atol=tol))

# Long rows (kiln-split-reductions: 16-lane partial results, then one
# reduction of the lanes; 4096 accumulates in four vectors of partials, 256
# in two), static and with a dynamic batch, and a long 1-D sum; the f32
# tolerance allows for sums of up to 2^16 terms in another order.
LONG_REDUCTIONS = [
    ((4, 4096), [-1], True, ()),
    ((4, 256), [1], False, ()),
    ((3, 64), [1], False, (0,)),
    ((2, 3, 96), [2], False, ()),
    ((1 << 16,), None, False, ()),
]
for shape, axes, keepdims, dynamic in LONG_REDUCTIONS:
    check_reductions("long reduce", shape, axes, keepdims, dynamic, "float32",
                     dict(rtol=1e-4, atol=2e-3))

# Integer sum, max and min (mean is float-only).
INT_REDUCTIONS = [
    ((3, 4, 5), [1], False, (), "int32"),
    ((4, 6), [-1], True, (0,), "int32"),
    ((4, 6), None, False, (0, 1), "int32"),
    ((3, 5), [0], False, (), "int64"),
]
for shape, axes, keepdims, dynamic, dtype in INT_REDUCTIONS:
    x = random(shape, dtype, -1000, 1000)
    tx = type_of(x, dynamic)
    tr = reduced_type(x, axes, keepdims, dynamic)
    np_axes = None if axes is None else tuple(axes)
    body, expected = [], []
    for i, (op, ref) in enumerate((("reduce_sum", np.sum), ("reduce_max", np.max),
                                   ("reduce_min", np.min))):
        body.append(f"  %r{i} = kiln.{op} %x{axes_attr(axes, keepdims)} : {tx}")
        expected.append(np.asarray(ref(x, axis=np_axes, keepdims=keepdims)).astype(dtype))
    body.append(f"  return %r0, %r1, %r2 : {tr}, {tr}, {tr}")
    mlir = func([("x", tx)], [tr] * 3, "\n".join(body))
    check(f"reduce {shape}{dynamic} axes={axes} keepdims={keepdims} {dtype}", mlir, [x], expected)

# Extreme integers: max/min of all-INT_MIN / all-INT_MAX rows (the identities).
x = np.array([[-2**31, -2**31, -2**31], [2**31 - 1, 2**31 - 1, 2**31 - 1]], dtype="int32")
tx, tr = type_of(x), tensor_type((2,), "int32")
mlir = func([("x", tx)], [tr, tr], f"""\
  %a = kiln.reduce_max %x axes [1] : {tx}
  %b = kiln.reduce_min %x axes [1] : {tx}
  return %a, %b : {tr}, {tr}""")
check("reduce_max/min int32 extremes", mlir, [x], [x.max(axis=1), x.min(axis=1)])

# NaN propagates through max and min (numpy semantics); -inf/inf are values.
x = np.array([[1.0, np.nan, 3.0], [-np.inf, -np.inf, -np.inf], [np.inf, 2.0, 1.0]], dtype="float32")
tx, tr = type_of(x), tensor_type((3,), "float32")
mlir = func([("x", tx)], [tr, tr], f"""\
  %a = kiln.reduce_max %x axes [1] : {tx}
  %b = kiln.reduce_min %x axes [1] : {tx}
  return %a, %b : {tr}, {tr}""")
check("reduce_max/min NaN and inf", mlir, [x], [np.max(x, axis=1), np.min(x, axis=1)])

# --------------------------------------------------------------------------
# argmax
# --------------------------------------------------------------------------

ARGMAX = [
    # (array, axis, keepdims, dynamic dims)
    (np.array([[1, 3, 3, 2], [5, 5, 1, 5], [0, 0, 0, 0]], dtype="float32"), 1, False, ()),
    (np.array([[1, 3, 3, 2], [5, 5, 1, 5], [5, 0, 3, 5]], dtype="float32"), 0, False, ()),
    (np.array([[1, 3, 3, 2], [5, 5, 1, 5]], dtype="float32"), -1, True, ()),
    (np.array([[4, -1, 4], [-7, 2, 2]], dtype="int32"), 1, False, ()),
    (np.array([[4, -1, 4], [-7, 2, 2]], dtype="int64"), -2, True, (0, 1)),
    (np.array([[-2**31, -2**31], [-2**31, 5]], dtype="int32"), 1, False, ()),  # INT_MIN ties
    (np.array([[-np.inf, -np.inf, -np.inf], [1, np.nan, np.nan], [np.nan, 9, 1]],
              dtype="float32"), 1, False, ()),  # first NaN wins, as numpy
    (np.round(random((3, 4, 5), "float32", -3, 3)), 1, False, ()),
    (np.round(random((3, 4, 5), "float32", -3, 3)), -1, True, (0, 2)),
    (np.round(random((6, 9), "float64", -3, 3)), 0, False, (0, 1)),
]
for x, axis, keepdims, dynamic in ARGMAX:
    tx = type_of(x, dynamic)
    expected = np.argmax(x, axis=axis)
    if keepdims:
        expected = np.expand_dims(expected, axis)
    tr = reduced_type(x, [axis], keepdims, dynamic, "int64")
    mlir = func([("x", tx)], [tr], f"  %r = kiln.argmax %x axis {axis}{' keepdims' if keepdims else ''} : {tx}\n"
                                   f"  return %r : {tr}")
    check(f"argmax {x.shape}{dynamic} {x.dtype} axis={axis} keepdims={keepdims}", mlir, [x],
          [expected.astype("int64")])

# --------------------------------------------------------------------------
# softmax and log_softmax
# --------------------------------------------------------------------------


def softmax_ref(x, axis):
    x = x.astype("float64")
    shifted = x - x.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True), shifted - np.log(e.sum(axis=axis, keepdims=True))


SOFTMAX = [
    # (array, axis or None for the default, dynamic dims)
    (random((3, 5), "float32", -3, 3), None, ()),
    (random((3, 5), "float32", -3, 3), 0, ()),
    (random((2, 3, 4), "float32", -3, 3), 1, ()),
    (random((2, 3, 4), "float32", -3, 3), -3, (0, 2)),
    (random((4, 6), "float32", -3, 3), None, (0, 1)),
    (random((4, 6), "float32", -3, 3), 0, (0, 1)),
    (np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -1003.0]], dtype="float32"), None, ()),
    (np.array([[1000.0, -1000.0], [1000.0, 1000.0], [0.0, 5.0]], dtype="float32"), 0, (0,)),
    (random((7,), "float32", -50, 50), None, ()),
    (random((3, 4), "float64", -3, 3), 1, (1,)),
    (random((8, 1024), "float32", -20, 20), None, ()),   # split row reductions
]
for x, axis, dynamic in SOFTMAX:
    tx = type_of(x, dynamic)
    axis_text = "" if axis is None else f" axis {axis}"
    mlir = func([("x", tx)], [tx, tx], f"""\
  %s = kiln.softmax %x{axis_text} : {tx}
  %l = kiln.log_softmax %x{axis_text} : {tx}
  return %s, %l : {tx}, {tx}""")
    soft, log = softmax_ref(x, -1 if axis is None else axis)
    tol = 1e-12 if x.dtype == np.float64 else 1e-5
    check(f"softmax/log_softmax {x.shape}{dynamic} axis={axis}", mlir, [x],
          [soft.astype(x.dtype), log.astype(x.dtype)], rtol=tol, atol=tol)

# --------------------------------------------------------------------------
# cross_entropy
# --------------------------------------------------------------------------

CROSS_ENTROPY = [
    # (N, C, logits dynamic dims, label dtype, label dynamic, logits dtype, scale)
    (4, 5, (), "int64", False, "float32", 3),
    (4, 5, (), "int32", False, "float32", 3),
    (6, 10, (0,), "int64", True, "float32", 3),
    (6, 10, (0, 1), "int64", True, "float32", 3),   # dynamic class count
    (5, 7, (0, 1), "int32", True, "float32", 3),
    (3, 4, (1,), "int64", False, "float32", 3),
    (1, 3, (0, 1), "int64", True, "float32", 3),
    (4, 6, (), "int64", False, "float32", 1000),     # large logits
    (4, 6, (0, 1), "int32", True, "float32", 1000),
    (5, 3, (), "int64", False, "float64", 3),
    (5, 3, (0, 1), "int64", True, "float64", 3),
]
for n, c, logit_dyn, label_dtype, label_dyn, dtype, scale in CROSS_ENTROPY:
    name = f"cross_entropy {n}x{c}{logit_dyn} {dtype} labels {label_dtype} dyn={label_dyn} scale={scale}"
    if torch is None:
        skip(name, "needs torch")
        continue
    logits = random((n, c), dtype, -scale, scale)
    labels = random((n,), label_dtype, 0, c - 1)
    tl = type_of(logits, logit_dyn)
    ty = type_of(labels, (0,) if label_dyn else ())
    tr = tensor_type((), dtype)
    ref = torch.nn.functional.cross_entropy(torch.from_numpy(logits.astype("float64")),
                                            torch.from_numpy(labels.astype("int64")))
    mlir = func([("l", tl), ("y", ty)], [tr],
                f"  %r = kiln.cross_entropy %l, %y : {tl}, {ty}\n  return %r : {tr}")
    tol = 1e-12 if dtype == "float64" else 1e-5
    check(name, mlir, [logits, labels], [np.asarray(ref.numpy()).astype(dtype)], rtol=tol, atol=tol)


# f16 / bf16 sums accumulate in f32 (10000 ones is 10000, not 2048).
x = np.ones(10000, dtype="float16")
t = type_of(x, dynamic=(0,))
mlir = func([("x", t)], ["tensor<f16>", "tensor<f16>"],
            f"  %s = kiln.reduce_sum %x : {t}\n  %m = kiln.reduce_mean %x : {t}\n"
            f"  return %s, %m : tensor<f16>, tensor<f16>")
check("f16 long sum and mean", mlir, [x], [np.float16(10000), np.float16(1)])
a = np.ones((1, 5000), dtype="float16")
b = np.ones((5000, 2), dtype="float16")
mlir = func([("a", "tensor<?x?xf16>"), ("b", "tensor<?x?xf16>")], ["tensor<?x?xf16>"],
            "  %c = kiln.matmul %a, %b : tensor<?x?xf16>, tensor<?x?xf16>\n"
            "  return %c : tensor<?x?xf16>")
check("f16 long matmul", mlir, [a, b], [np.full((1, 2), 5000, dtype="float16")])

finish()
