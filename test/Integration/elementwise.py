# RUN: %python %s
"""Every unary and binary elementwise op, compare, select and cast against
numpy, with broadcasting, 0-d tensors and dynamic dimensions (including a
dynamic dimension that is 1 at run time and broadcasts)."""

import math

import numpy as np
from harness import broadcast_type, check, finish, func, random, type_of, tensor_type

erf = np.vectorize(math.erf)

UNARY = {
    "neg": (np.negative, (-3, 3)),
    "abs": (np.abs, (-3, 3)),
    "relu": (lambda x: np.maximum(x, 0), (-3, 3)),
    "exp": (np.exp, (-3, 3)),
    "log": (np.log, (0.1, 5)),
    "sqrt": (np.sqrt, (0.1, 5)),
    "rsqrt": (lambda x: 1 / np.sqrt(x), (0.1, 5)),
    "tanh": (np.tanh, (-3, 3)),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), (-5, 5)),
    "gelu": (lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2))), (-3, 3)),
    "sin": (np.sin, (-3, 3)),
    "cos": (np.cos, (-3, 3)),
    "erf": (erf, (-2, 2)),
}

for op, (ref, (low, high)) in UNARY.items():
    for dtype, tol in (("float32", 2e-6), ("float64", 1e-12)):
        x = random((3, 5), dtype, low, high)
        t = type_of(x)
        mlir = func([("x", t)], [t], f"  %r = kiln.{op} %x : {t}\n  return %r : {t}")
        check(f"{op} {dtype}", mlir, [x], [ref(x).astype(dtype)], rtol=tol, atol=tol)
    # Dynamic shape.
    x = random((4, 7), "float32", low, high)
    t = type_of(x, dynamic=(0, 1))
    mlir = func([("x", t)], [t], f"  %r = kiln.{op} %x : {t}\n  return %r : {t}")
    check(f"{op} dynamic", mlir, [x], [ref(x).astype("float32")], rtol=2e-6, atol=2e-6)

# exp over its whole f32 range, in 16-lane vectors: on AVX-512 within 2 ulp
# of the rounded result, subnormal results to one subnormal step (0 below
# -104), infinity from 88.73, NaN for NaN (kiln-avx512-exp); elsewhere the
# polynomial of kiln-approximate-math over the normal range.
with open("/proc/cpuinfo") as cpuinfo:
    avx512 = " avx512f" in cpuinfo.read()
low, high = (-110, 95) if avx512 else (-87, 88)
x = np.linspace(low, high, 4 * 1024 - 16, dtype="float32")
special = [np.inf, -np.inf, np.nan, 0, -0.0, 88.72, 88.73, -87.5, -100, -103.9,
           -104, -1e-8, 1e-8, 0.5, -0.5, 1]
x = np.concatenate([x, np.array(special, "float32")]).reshape(4, 1024)
if not avx512:
    x = np.clip(x, low, high)
t = type_of(x)
mlir = func([("x", t)], [t], f"  %r = kiln.exp %x : {t}\n  return %r : {t}")
with np.errstate(over="ignore"):
    expected = np.exp(x.astype("float64")).astype("float32")
check("exp over the f32 range", mlir, [x], [expected],
      rtol=2.4e-7 if avx512 else 2e-6, atol=1.5e-45)

for op, ref in (("neg", np.negative), ("abs", np.abs), ("relu", lambda x: np.maximum(x, 0))):
    x = random((6,), "int32", -5, 5)
    t = type_of(x)
    mlir = func([("x", t)], [t], f"  %r = kiln.{op} %x : {t}\n  return %r : {t}")
    check(f"{op} int32", mlir, [x], [ref(x).astype("int32")])

BINARY = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.divide,
    "pow": np.power,
    "max": np.maximum,
    "min": np.minimum,
}

# (lhs shape, rhs shape, dynamic dims of lhs, dynamic dims of rhs)
SHAPES = [
    ((2, 3), (2, 3), (), ()),
    ((2, 3), (3,), (), ()),
    ((4, 1, 3), (2, 1), (), ()),
    ((), (5,), (), ()),
    ((3, 4), (), (), ()),
    ((5, 4), (4,), (0,), ()),
    ((5, 4), (5, 4), (0, 1), (0, 1)),
    ((5, 4), (1, 4), (0,), (0,)),   # rhs's ? is 1 at run time: broadcasts
    ((1, 4), (5, 1), (0,), (0,)),   # lhs's ? is 1 at run time
]

for op, ref in BINARY.items():
    for lhs_shape, rhs_shape, lhs_dyn, rhs_dyn in SHAPES:
        low = 0.5 if op == "pow" else -2
        a = random(lhs_shape, "float32", low, 2)
        b = random(rhs_shape, "float32", low, 2)
        if op == "div":
            b = np.where(np.abs(b) < 0.1, 0.5, b).astype("float32")
        expected = ref(a, b).astype("float32")
        ta, tb = type_of(a, lhs_dyn), type_of(b, rhs_dyn)
        tr = broadcast_type([(a, lhs_dyn), (b, rhs_dyn)], "float32")
        mlir = func([("a", ta), ("b", tb)], [tr],
                    f"  %r = kiln.{op} %a, %b : {ta}, {tb}\n  return %r : {tr}")
        check(f"{op} {lhs_shape}{lhs_dyn} {rhs_shape}{rhs_dyn}", mlir, [a, b],
              [expected], rtol=2e-6, atol=2e-6)

for op, ref in (("add", np.add), ("sub", np.subtract), ("mul", np.multiply),
                ("max", np.maximum), ("min", np.minimum)):
    for dtype in ("int32", "int64"):
        a = random((3, 4), dtype, -50, 50)
        b = random((4,), dtype, -50, 50)
        ta, tb, tr = type_of(a), type_of(b), type_of(a)
        mlir = func([("a", ta), ("b", tb)], [tr],
                    f"  %r = kiln.{op} %a, %b : {ta}, {tb}\n  return %r : {tr}")
        check(f"{op} {dtype}", mlir, [a, b], [ref(a, b).astype(dtype)])

# Integer division rounds toward zero.
a = np.array([7, -7, 7, -7, 0], dtype="int32")
b = np.array([2, 2, -2, -2, 3], dtype="int32")
t = type_of(a)
mlir = func([("a", t), ("b", t)], [t], f"  %r = kiln.div %a, %b : {t}\n  return %r : {t}")
check("div int32 truncates", mlir, [a, b], [np.trunc(a / b).astype("int32")])

# NaN propagates through max and min, like numpy.maximum.
a = np.array([1.0, np.nan, 3.0], dtype="float32")
b = np.array([np.nan, 2.0, 1.0], dtype="float32")
t = type_of(a)
for op, ref in (("max", np.maximum), ("min", np.minimum)):
    mlir = func([("a", t), ("b", t)], [t], f"  %r = kiln.{op} %a, %b : {t}\n  return %r : {t}")
    check(f"{op} NaN", mlir, [a, b], [ref(a, b)])

PREDICATES = {"eq": np.equal, "ne": np.not_equal, "lt": np.less,
              "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal}
for predicate, ref in PREDICATES.items():
    for dtype in ("float32", "int64", "bool"):
        a = random((3, 4), dtype, -2, 2)
        b = random((4,), dtype, -2, 2)
        if dtype == "float32":
            a[0, 0], b[1] = np.nan, np.nan
            a = np.round(a)  # ties exercise eq/le/ge
            b = np.round(b)
        ta, tb = type_of(a), type_of(b)
        tr = tensor_type((3, 4), "bool")
        mlir = func([("a", ta), ("b", tb)], [tr],
                    f"  %r = kiln.compare {predicate}, %a, %b : {ta}, {tb}\n  return %r : {tr}")
        check(f"compare {predicate} {dtype}", mlir, [a, b], [ref(a, b)])

c = random((2, 1, 4), "bool")
x = random((3, 4), "float32")
y = random((1,), "float32")
tc, tx, ty = type_of(c), type_of(x), type_of(y)
tr = tensor_type((2, 3, 4), "float32")
mlir = func([("c", tc), ("x", tx), ("y", ty)], [tr],
            f"  %r = kiln.select %c, %x, %y : {tc}, {tx}, {ty}\n  return %r : {tr}")
check("select broadcast", mlir, [c, x, y], [np.where(c, x, y)])

tx_dyn = type_of(x, dynamic=(0,))
tr_dyn = tensor_type((2, 3, 4), "float32", dynamic=(1,))
mlir = func([("c", tc), ("x", tx_dyn), ("y", ty)], [tr_dyn],
            f"  %r = kiln.select %c, %x, %y : {tc}, {tx_dyn}, {ty}\n  return %r : {tr_dyn}")
check("select dynamic", mlir, [c, x, y], [np.where(c, x, y)])

CASTS = [
    ("float32", "int32", np.array([1.7, -1.7, 0.2, -0.0, 100.9], dtype="float32")),
    ("float32", "float64", random((5,), "float32")),
    ("float64", "float32", random((5,), "float64")),
    ("float32", "float16", random((5,), "float32")),
    ("float16", "float32", random((5,), "float16")),
    ("int32", "float32", random((5,), "int32", -100, 100)),
    ("int64", "int32", random((5,), "int64", -100, 100)),
    ("int32", "int64", random((5,), "int32", -100, 100)),
    ("bool", "int32", random((5,), "bool")),
    ("bool", "float32", random((5,), "bool")),
    ("float32", "bool", np.array([0.0, 1.5, -0.0, np.nan, -2], dtype="float32")),
    ("int64", "bool", np.array([0, 3, -1, 0, 1], dtype="int64")),
]
for src, dst, x in CASTS:
    tx = type_of(x)
    tr = tensor_type(x.shape, dst)
    mlir = func([("x", tx)], [tr], f"  %r = kiln.cast %x : {tx} to {tr}\n  return %r : {tr}")
    expected = (x != 0) if dst == "bool" else x.astype(dst)
    check(f"cast {src} -> {dst}", mlir, [x], [expected])

finish()
