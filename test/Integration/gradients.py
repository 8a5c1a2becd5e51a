# RUN: %python %s
"""Reverse-mode gradients (kiln.grad / kiln.value_and_grad, expanded by
kiln-opt --kiln-autodiff, then run by kiln-run) against two references
computed here: PyTorch autograd and central finite differences of the
forward function run in PyTorch (float64, no autograd).

Every op case differentiates loss = reduce_sum(f(args) * C) for a random
constant C (an extra argument, not differentiated), so every cotangent
entry differs; main also returns the loss through func.call, which checks
the forward reference. Inputs stay away from kinks (abs, relu, max/min
ties, reduce_max/min ties) and domain edges (log, sqrt, pow).

Everything is float64. Tolerances: torch rtol 1e-6 / atol 1e-8 (both sides
compute the same expressions, differences are rounding); finite differences
(eps 1e-6) rtol/atol 1e-5: truncation ~eps^2 and cancellation
~1e-16 * |loss| / eps stay well below that for the losses here (|loss| < 100).
"""

import numpy as np
from gradcheck import (AUTODIFF, F64, FD_TOL, SCALAR, TORCH_TOL, finite_differences,
                       grad_check, op_case, second_order_case, torch, torch_gradients)
from harness import (broadcast_type, check_references, finish, random, reduced_type, skip,
                     static_broadcast, tensor_type, type_of)

if torch is None:
    skip("gradients", "needs torch")
    finish()
F = torch.nn.functional


def away_from_zero(x, gap=0.2):
    """x with every entry at least `gap` from 0."""
    return np.where(x < 0, x - gap, x + gap)


# --------------------------------------------------------------------------
# Unary elementwise ops
# --------------------------------------------------------------------------

UNARY = {
    "neg": (torch.neg, (-2, 2)),
    "abs": (torch.abs, None),            # away from the kink at 0
    "relu": (torch.relu, None),
    "exp": (torch.exp, (-2, 2)),
    "log": (torch.log, (0.5, 3)),
    "sqrt": (torch.sqrt, (0.5, 3)),
    "rsqrt": (torch.rsqrt, (0.5, 3)),
    "tanh": (torch.tanh, (-2, 2)),
    "sigmoid": (torch.sigmoid, (-4, 4)),
    "gelu": (F.gelu, (-3, 3)),           # the erf form, as kiln.gelu
    "sin": (torch.sin, (-3, 3)),
    "cos": (torch.cos, (-3, 3)),
    "erf": (torch.erf, (-2, 2)),
}
for op, (ref, bounds) in UNARY.items():
    x = away_from_zero(random((3, 4), F64, -2, 2)) if bounds is None else random((3, 4), F64, *bounds)
    t = type_of(x)
    op_case(f"{op}", [("x", x, ())], f"  %r = kiln.{op} %x : {t}", t, ref)

# A dynamic shape (the rules' zeros and broadcasts read tensor.dim).
for op in ("relu", "abs", "rsqrt"):
    ref, bounds = UNARY[op]
    x = away_from_zero(random((4, 3), F64, -2, 2)) if bounds is None else random((4, 3), F64, *bounds)
    t = type_of(x, (0, 1))
    op_case(f"{op} dynamic", [("x", x, (0, 1))], f"  %r = kiln.{op} %x : {t}", t, ref)

# --------------------------------------------------------------------------
# Binary elementwise ops, with broadcasting
# --------------------------------------------------------------------------

BINARY = {
    "add": torch.add,
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "pow": torch.pow,
    "max": torch.maximum,
    "min": torch.minimum,
}

BINARY_SHAPES = [
    # (lhs shape, rhs shape, lhs dynamic dims, rhs dynamic dims)
    ((2, 3), (2, 3), (), ()),
    ((2, 3), (3,), (), ()),
    ((4, 1, 3), (2, 1), (), ()),
    ((), (5,), (), ()),
    ((3, 4), (), (), ()),
    ((1, 3), (4, 3), (0,), ()),       # ?x3 is 1x3 at run time, against 4x3
    ((4, 3), (1, 3), (0,), (0,)),     # both ?x3, the rhs is 1 at run time
    ((3, 1), (3, 4), (1,), (1,)),     # both 3x?, the lhs is 1 at run time
    ((5, 4), (5, 4), (0, 1), (0, 1)),  # dynamic, no broadcast
]


def binary_inputs(op, lhs_shape, rhs_shape):
    while True:
        if op == "pow":
            a = random(lhs_shape, F64, 0.5, 2)
            b = random(rhs_shape, F64, -1.5, 1.5)
        else:
            a = random(lhs_shape, F64, -2, 2)
            b = random(rhs_shape, F64, -2, 2)
        if op == "div":
            b = away_from_zero(b, 0.3)
        # max/min: no ties (nor near-ties within the finite differences).
        if op not in ("max", "min") or np.min(np.abs(np.subtract(a, b))) > 1e-3:
            return a, b


for op, ref in BINARY.items():
    for lhs_shape, rhs_shape, lhs_dyn, rhs_dyn in BINARY_SHAPES:
        a, b = binary_inputs(op, lhs_shape, rhs_shape)
        ta, tb = type_of(a, lhs_dyn), type_of(b, rhs_dyn)
        tr = broadcast_type([(a, lhs_dyn), (b, rhs_dyn)], F64)
        op_case(f"{op} {lhs_shape}{lhs_dyn} {rhs_shape}{rhs_dyn}",
                [("a", a, lhs_dyn), ("b", b, rhs_dyn)],
                f"  %r = kiln.{op} %a, %b : {ta}, {tb}", tr, ref)

# The same value on both sides: the contributions add up.
x = random((2, 3), F64, 0.5, 2)
t = type_of(x)
for op, ref in (("mul", lambda x: x * x), ("div", lambda x: x / x), ("pow", lambda x: x ** x),
                ("sub", lambda x: x - x)):
    op_case(f"{op} x x", [("x", x, ())], f"  %r = kiln.{op} %x, %x : {t}, {t}", t, ref)

# --------------------------------------------------------------------------
# select and cast
# --------------------------------------------------------------------------

c = random((2, 1, 4), "bool")
x, y = random((3, 4), F64), random((1,), F64)
tc, tx, ty = type_of(c), type_of(x), type_of(y)
tr = tensor_type((2, 3, 4), F64)
op_case("select broadcast", [("c", c, ()), ("x", x, ()), ("y", y, ())],
        f"  %r = kiln.select %c, %x, %y : {tc}, {tx}, {ty}", tr, torch.where)

c = random((2, 3, 4), "bool")
x, y = random((1, 4), F64), random((3, 4), F64)
tc, tx, ty = type_of(c), type_of(x, (0,)), type_of(y)
op_case("select ?x4 (1x4) broadcast", [("c", c, ()), ("x", x, (0,)), ("y", y, ())],
        f"  %r = kiln.select %c, %x, %y : {tc}, {tx}, {ty}", tr, torch.where)

# f64 -> f32 -> f64: the gradient goes back through f32 as in torch. The
# finite differences use the unrounded function (differences of f32-rounded
# values are noise at eps 1e-6); the rounding moves the result by ~1e-7
# relative, well within their tolerance.
x = random((3, 4), F64)
tx, t32 = type_of(x), tensor_type((3, 4), "float32")
op_case("cast f64 -> f32 -> f64", [("x", x, ())], f"""\
  %a = kiln.cast %x : {tx} to {t32}
  %b = kiln.cast %a : {t32} to {tx}
  %s = kiln.sin %x : {tx}
  %r = kiln.mul %b, %s : {tx}, {tx}""", tx,
        lambda x: x.float().double() * torch.sin(x), fd_ref=lambda x: x * torch.sin(x))

# An integer argument gets no gradient: only the float one is differentiated.
x = random((3, 4), F64)
n = random((4,), "int64", -3, 3)
tx, tn, tnf = type_of(x), type_of(n), tensor_type((4,), F64)
op_case("int argument through cast", [("x", x, ()), ("n", n, ())], f"""\
  %nf = kiln.cast %n : {tn} to {tnf}
  %p = kiln.mul %x, %nf : {tx}, {tnf}
  %r = kiln.tanh %p : {tx}""", tx, lambda x, n: torch.tanh(x * n.double()), wrt=[0])

# --------------------------------------------------------------------------
# matmul
# --------------------------------------------------------------------------


def matmul_type(a, b, a_dyn, b_dyn):
    sa = [None if i in a_dyn else d for i, d in enumerate(a.shape)]
    sb = [None if i in b_dyn else d for i, d in enumerate(b.shape)]
    shape = static_broadcast(sa[:-2], sb[:-2])
    if a.ndim > 1:
        shape.append(sa[-2])
    if b.ndim > 1:
        shape.append(sb[-1])
    actual = np.matmul(a, b).shape
    return tensor_type(actual, F64, tuple(i for i, d in enumerate(shape) if d is None))


MATMUL = [
    ((3, 4), (4, 5), (), ()),
    ((2, 1, 3, 4), (5, 4, 2), (), ()),     # batched, batch broadcast
    ((2, 3, 4), (4, 5), (), ()),           # 3-D @ 2-D
    ((4,), (4, 5), (), ()),                # 1-D @ 2-D
    ((3, 4), (4,), (), ()),                # 2-D @ 1-D
    ((4,), (4,), (), ()),                  # 1-D @ 1-D: 0-d
    ((4,), (2, 4, 3), (), ()),             # 1-D @ 3-D
    ((2, 3, 4), (4,), (), ()),             # 3-D @ 1-D
    ((3, 4), (2, 4, 5), (), ()),           # 2-D @ 3-D: the lhs gradient sums the batch
    ((5, 4), (4, 3), (0,), ()),            # dynamic M
    ((5, 4), (4, 3), (0, 1), (0, 1)),      # dynamic M, K, N
    ((6,), (6, 3), (0,), (0,)),            # dynamic K, 1-D lhs
    ((6,), (6,), (0,), (0,)),              # dynamic dot product
    ((5,), (5, 3), (0,), (0, 1)),
    ((1, 3, 4), (2, 4, 5), (0,), ()),      # dynamic batch, 1 at run time
    ((4, 3, 4), (1, 4, 6), (), (0,)),      # rhs dynamic batch, 1 at run time
    ((2, 1, 3, 4), (1, 3, 4, 2), (0, 1), (0, 1)),  # both broadcast
    ((1, 3, 4), (2, 5, 4, 6), (0,), (0, 1)),       # ranks differ, ? = 1
    ((2, 3, 4), (4,), (0, 1), (0,)),
]
for a_shape, b_shape, a_dyn, b_dyn in MATMUL:
    a, b = random(a_shape, F64), random(b_shape, F64)
    ta, tb = type_of(a, a_dyn), type_of(b, b_dyn)
    op_case(f"matmul {a_shape}{a_dyn} @ {b_shape}{b_dyn}", [("a", a, a_dyn), ("b", b, b_dyn)],
            f"  %r = kiln.matmul %a, %b : {ta}, {tb}", matmul_type(a, b, a_dyn, b_dyn), torch.matmul)

# --------------------------------------------------------------------------
# Reductions
# --------------------------------------------------------------------------




def torch_reduction(op, axes, keepdims):
    fn = {"reduce_sum": torch.sum, "reduce_mean": torch.mean,
          "reduce_max": torch.amax, "reduce_min": torch.amin}[op]

    def ref(x):
        dims = tuple(range(x.dim())) if axes is None else tuple(axes)
        return fn(x, dim=dims, keepdim=keepdims)
    return ref


REDUCTIONS = [
    # (shape, axes, keepdims, dynamic dims)
    ((3, 4, 5), [1], False, ()),
    ((3, 4, 5), [0, 2], False, ()),
    ((3, 4, 5), [-1], False, ()),
    ((3, 4, 5), [2, -3], True, ()),
    ((3, 4, 5), [1], True, ()),
    ((3, 4, 5), None, False, ()),
    ((3, 4, 5), None, True, ()),
    ((5, 4), [0], False, (0,)),            # a dynamic reduced axis (mean's count)
    ((3, 4, 5), [2], False, (0, 1)),       # two dynamic kept dims (tensor.expand_shape)
    ((3, 4, 5), [2], True, (0, 1)),
    ((3, 4, 5), [0], False, (1, 2)),       # a leading unit dim inserted
    ((3, 4, 5), [0, 1], False, (1, 2)),
    ((3, 4, 5), [1], False, (0, 2)),
    ((4, 6), None, False, (0, 1)),
]
for op in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min"):
    for shape, axes, keepdims, dynamic in REDUCTIONS:
        x = random(shape, F64, -3, 3)  # continuous: no ties
        tx = type_of(x, dynamic)
        text = ("" if axes is None else f" axes [{', '.join(map(str, axes))}]") + \
            (" keepdims" if keepdims else "")
        op_case(f"{op} {shape}{dynamic} axes={axes} keepdims={keepdims}", [("x", x, dynamic)],
                f"  %r = kiln.{op} %x{text} : {tx}", reduced_type(x, axes, keepdims, dynamic),
                torch_reduction(op, axes, keepdims))

# --------------------------------------------------------------------------
# softmax, log_softmax, cross_entropy
# --------------------------------------------------------------------------

for op, fn in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
    for shape, axis, dynamic in (((3, 4), 0, ()), ((3, 4), -1, ()), ((2, 3, 4), 1, ()),
                                 ((3, 5), -1, (0, 1))):
        x = random(shape, F64, -3, 3)
        tx = type_of(x, dynamic)
        op_case(f"{op} {shape}{dynamic} axis {axis}", [("x", x, dynamic)],
                f"  %r = kiln.{op} %x axis {axis} : {tx}", tx,
                lambda x, axis=axis, fn=fn: fn(x, axis))

for n, classes, logit_dyn, label_dtype in ((5, 4, (), "int64"), (6, 3, (0,), "int64"),
                                           (4, 5, (), "int32"),
                                           (5, 4, (0, 1), "int64")):  # dynamic classes
    logits = random((n, classes), F64, -3, 3)
    labels = random((n,), label_dtype, 0, classes - 1)
    label_dyn = (0,) if logit_dyn else ()
    tl, ty = type_of(logits, logit_dyn), type_of(labels, label_dyn)
    op_case(f"cross_entropy {n}x{classes}{logit_dyn} {label_dtype} labels",
            [("l", logits, logit_dyn), ("y", labels, label_dyn)],
            f"  %r = kiln.cross_entropy %l, %y : {tl}, {ty}", SCALAR,
            lambda l, y: F.cross_entropy(l, y.long()))

# --------------------------------------------------------------------------
# Shape ops
# --------------------------------------------------------------------------

RESHAPE = [
    ((2, 3, 4), (), [6, 4]),
    ((2, 3, 4), (), [4, -1, 3]),
    ((5, 3, 4), (0,), [-1, 12]),
    ((4, 6), (0, 1), [-1]),                # several dynamic sizes
    ((4, 6), (0, 1), [2, 3, 4]),
    ((1, 1), (), []),                      # to 0-d
    ((), (), [1, 1, 1]),                   # from 0-d
]
for shape, dynamic, target in RESHAPE:
    x = random(shape, F64)
    tx = type_of(x, dynamic)
    expected = x.reshape(target)
    tr = tensor_type(expected.shape, F64,
                     tuple(i for i, d in enumerate(target) if d == -1 and dynamic))
    op_case(f"reshape {shape}{dynamic} -> {target}", [("x", x, dynamic)], f"""\
  %t = kiln.tanh %x : {tx}
  %r = kiln.reshape %t [{', '.join(map(str, target))}] : {tx}""", tr,
            lambda x, target=target: torch.tanh(x).reshape(target))

for shape, dynamic, perm in (((3, 5), (), [1, 0]), ((2, 3, 4), (), [2, 0, 1]),
                             ((2, 3, 4), (0,), [1, 2, 0]), ((2, 3, 4), (0, 2), [1, 2, 0])):
    x = random(shape, F64)
    tx = type_of(x, dynamic)
    tr = tensor_type(np.transpose(x, perm).shape, F64,
                     tuple(i for i, p in enumerate(perm) if p in dynamic))
    op_case(f"transpose {shape}{dynamic} {perm}", [("x", x, dynamic)],
            f"  %r = kiln.transpose %x [{', '.join(map(str, perm))}] : {tx}", tr,
            lambda x, perm=perm: x.permute(*perm))

for shape, dynamic, target in (((3,), (), (2, 3)), ((2, 1, 3), (), (2, 4, 3)), ((), (), (2, 2)),
                               ((1, 3), (0,), (4, 3)), ((4, 1), (), (3, 4, 2))):
    x = random(shape, F64)
    tx, tr = type_of(x, dynamic), tensor_type(target, F64)
    op_case(f"broadcast_to {shape}{dynamic} -> {target}", [("x", x, dynamic)],
            f"  %r = kiln.broadcast_to %x : {tx} -> {tr}", tr,
            lambda x, target=target: x.broadcast_to(target))

# A dynamic target size read with tensor.dim.
x, z = random((3,), F64), random((4, 3), F64)
tx, tz, tr = type_of(x), type_of(z, (0,)), tensor_type((4, 3), F64, (0,))
op_case("broadcast_to dynamic target", [("x", x, ()), ("z", z, (0,))], f"""\
  %c0 = arith.constant 0 : index
  %n = tensor.dim %z, %c0 : {tz}
  %b = kiln.broadcast_to %x [%n] : {tx} -> {tr}
  %r = kiln.mul %b, %z : {tr}, {tz}""", tr, lambda x, z: x.broadcast_to(z.shape) * z)

CONCAT = [
    # (shapes, dynamic dims per input, axis, result dynamic dims)
    ([(2, 3), (4, 3)], [(), ()], 0, ()),
    ([(2, 3), (2, 1), (2, 4)], [(), (), ()], -1, ()),
    ([(3, 3), (2, 3)], [(0,), ()], 0, (0,)),
    ([(2, 3), (2, 5)], [(0, 1), (0,)], 1, (0, 1)),
]
for shapes, dynamics, axis, result_dyn in CONCAT:
    arrays = [random(s, F64) for s in shapes]
    params = [(f"a{i}", a, dy) for i, (a, dy) in enumerate(zip(arrays, dynamics))]
    types = [type_of(a, dy) for a, dy in zip(arrays, dynamics)]
    tr = tensor_type(np.concatenate(arrays, axis=axis).shape, F64, result_dyn)
    names = ", ".join(f"%a{i}" for i in range(len(arrays)))
    op_case(f"concat {shapes}{dynamics} axis {axis}", params,
            f"  %r = kiln.concat {names} axis {axis} : {', '.join(types)}", tr,
            lambda *a, axis=axis: torch.cat(a, axis))

# x used by two inputs of one concat.
x = random((2, 3), F64)
tx = type_of(x)
op_case("concat x x", [("x", x, ())],
        f"  %r = kiln.concat %x, %x axis 0 : {tx}, {tx}", tensor_type((4, 3), F64),
        lambda x: torch.cat([x, x], 0))

SLICE = [
    # (shape, dynamic dims, start, limit, stride or None)
    ((4, 8), (), [1, 3], [3, 7], None),
    ((4, 8), (), [0, 2], [4, 8], [1, 2]),
    ((5, 7), (), [0, 1], [5, 6], [2, 3]),
    ((6, 5, 4), (), [1, 0, 3], [6, 5, 4], [2, 4, 1]),
    ((6, 9), (0, 1), [1, 2], [5, 9], [3, 2]),
]
for shape, dynamic, start, limit, stride in SLICE:
    x = random(shape, F64)
    tx = type_of(x, dynamic)
    steps = stride or [1] * len(shape)
    index = tuple(slice(a, b, s) for a, b, s in zip(start, limit, steps))
    tr = type_of(x[index])
    attrs = f"[{', '.join(map(str, start))}] to [{', '.join(map(str, limit))}]" + \
        (f" stride [{', '.join(map(str, stride))}]" if stride else "")
    op_case(f"slice {shape}{dynamic} {start}:{limit}:{stride}", [("x", x, dynamic)],
            f"  %r = kiln.slice %x {attrs} : {tx}", tr, lambda x, index=index: x[index])

PAD = [
    # (shape, dynamic dims, low, high, value or None)
    ((2, 3), (), [1, 0], [0, 2], None),
    ((2, 3), (), [0, 1], [2, 1], 1.5),
    ((2, 2, 2), (), [1, 1, 0], [0, 2, 1], -3.0),
    ((2, 3), (0, 1), [1, 2], [2, 0], 0.25),
]
for shape, dynamic, low, high, value in PAD:
    x = random(shape, F64)
    tx = type_of(x, dynamic)
    tr = tensor_type(np.pad(x, list(zip(low, high))).shape, F64, dynamic)
    attrs = f"low [{', '.join(map(str, low))}] high [{', '.join(map(str, high))}]" + \
        ("" if value is None else f" value {value}")
    pads = [p for lo, hi in reversed(list(zip(low, high))) for p in (lo, hi)]
    op_case(f"pad {shape}{dynamic} {low} {high} {value}", [("x", x, dynamic)], f"""\
  %e = kiln.exp %x : {tx}
  %r = kiln.pad %e {attrs} : {tx}""", tr,
            lambda x, pads=pads, value=value: F.pad(torch.exp(x), pads, value=value or 0.0))

# --------------------------------------------------------------------------
# Composite functions
# --------------------------------------------------------------------------

# A value with several uses (fan-out): x * sin(x) + x.
x = random((3, 4), F64)
tx = type_of(x)
op_case("fan-out x * sin(x) + x", [("x", x, ())], f"""\
  %s = kiln.sin %x : {tx}
  %p = kiln.mul %x, %s : {tx}, {tx}
  %r = kiln.add %p, %x : {tx}, {tx}""", tx, lambda x: x * torch.sin(x) + x)

# A two-layer MLP with softmax cross-entropy on a dynamic batch.
x, w1, b1 = random((6, 5), F64), random((5, 8), F64, -1, 1), random((8,), F64, -1, 1)
w2, b2 = random((8, 3), F64, -1, 1), random((3,), F64, -1, 1)
labels = random((6,), "int64", 0, 2)
tx, tw1, tb1, tw2, tb2 = (type_of(x, (0,)), type_of(w1), type_of(b1), type_of(w2), type_of(b2))
th, to, ty = tensor_type((6, 8), F64, (0,)), tensor_type((6, 3), F64, (0,)), type_of(labels, (0,))
op_case("mlp cross_entropy", [("x", x, (0,)), ("w1", w1, ()), ("b1", b1, ()), ("w2", w2, ()),
                              ("b2", b2, ()), ("y", labels, (0,))], f"""\
  %h0 = kiln.matmul %x, %w1 : {tx}, {tw1}
  %h1 = kiln.add %h0, %b1 : {th}, {tb1}
  %h = kiln.tanh %h1 : {th}
  %o0 = kiln.matmul %h, %w2 : {th}, {tw2}
  %o = kiln.add %o0, %b2 : {to}, {tb2}
  %r = kiln.cross_entropy %o, %y : {to}, {ty}""", SCALAR,
        lambda x, w1, b1, w2, b2, y: F.cross_entropy(torch.tanh(x @ w1 + b1) @ w2 + b2, y),
        wrt=[0, 1, 2, 3, 4])

# --------------------------------------------------------------------------
# func.call, wrt order, unused arguments
# --------------------------------------------------------------------------

X, W = "tensor<3x4xf64>", "tensor<4x4xf64>"
x, w, c = random((3, 4), F64), random((4, 4), F64, -1, 1), random((3, 4), F64)
CALLS = f"""\
func.func private @layer(%x: {X}, %w: {W}) -> {X} {{
  %m = kiln.matmul %x, %w : {X}, {W}
  %t = call @act(%m) : ({X}) -> {X}
  return %t : {X}
}}
func.func private @act(%x: {X}) -> {X} {{
  %t = kiln.tanh %x : {X}
  return %t : {X}
}}
func.func @f(%x: {X}, %w: {W}, %c: {X}) -> {SCALAR} {{
  %a = func.call @layer(%x, %w) : ({X}, {W}) -> {X}
  %b = func.call @layer(%a, %w) : ({X}, {W}) -> {X}
  %p = kiln.mul %b, %c : {X}, {X}
  %s = kiln.reduce_sum %p : {X}
  return %s : {SCALAR}
}}
func.func @main(%x: {X}, %w: {W}, %c: {X}) -> ({SCALAR}, {X}, {W}) {{
  %v = func.call @f(%x, %w, %c) : ({X}, {W}, {X}) -> {SCALAR}
  %g:2 = kiln.grad @f(%x, %w, %c) wrt [0, 1] : ({X}, {W}, {X}) -> ({X}, {W})
  return %v, %g#0, %g#1 : {SCALAR}, {X}, {W}
}}
"""
grad_check("func.call (nested, twice with the same weight)", CALLS, [x, w, c],
           lambda x, w, c: (torch.tanh(torch.tanh(x @ w) @ w) * c).sum(), [0, 1])

# wrt [2, 0]: the gradients come in wrt order; argument 1 is not used at all.
A, B, Cv = "tensor<2x3xf64>", "tensor<5xf64>", "tensor<3xf64>"
a, b, cv = random((2, 3), F64), random((5,), F64), random((3,), F64)
WRT = f"""\
func.func @f(%a: {A}, %b: {B}, %c: {Cv}) -> {SCALAR} {{
  %p = kiln.mul %a, %c : {A}, {Cv}
  %e = kiln.exp %p : {A}
  %s = kiln.reduce_sum %e : {A}
  return %s : {SCALAR}
}}
func.func @main(%a: {A}, %b: {B}, %c: {Cv}) -> ({SCALAR}, {Cv}, {A}, {B}) {{
  %v = func.call @f(%a, %b, %c) : ({A}, {B}, {Cv}) -> {SCALAR}
  %g:2 = kiln.grad @f(%a, %b, %c) wrt [2, 0] : ({A}, {B}, {Cv}) -> ({Cv}, {A})
  %u = kiln.grad @f(%a, %b, %c) wrt [1] : ({A}, {B}, {Cv}) -> {B}
  return %v, %g#0, %g#1, %u : {SCALAR}, {Cv}, {A}, {B}
}}
"""
grad_check("wrt [2, 0] and an unused argument", WRT, [a, b, cv],
           lambda a, b, c: torch.exp(a * c).sum() + 0 * b.sum(), [2, 0, 1])

# --------------------------------------------------------------------------
# kiln.if with a data-dependent predicate; both branches taken
# --------------------------------------------------------------------------

V = "tensor<4xf64>"


def if_function(then_body, then_value, else_body, else_value):
    return f"""\
func.func @f(%x: {V}, %w: {V}, %c: {V}) -> {SCALAR} {{
  %zero = kiln.constant dense<0.0> : {SCALAR}
  %sum = kiln.reduce_sum %x : {V}
  %p = kiln.compare gt, %sum, %zero : {SCALAR}, {SCALAR}
  %r = kiln.if %p -> ({V}) {{
{then_body}    kiln.yield {then_value} : {V}
  }} else {{
{else_body}    kiln.yield {else_value} : {V}
  }}
  %q = kiln.mul %r, %x : {V}, {V}
  %m = kiln.mul %q, %c : {V}, {V}
  %s = kiln.reduce_sum %m : {V}
  return %s : {SCALAR}
}}
func.func @main(%x: {V}, %w: {V}, %c: {V}) -> ({SCALAR}, {V}, {V}) {{
  %v = func.call @f(%x, %w, %c) : ({V}, {V}, {V}) -> {SCALAR}
  %g:2 = kiln.grad @f(%x, %w, %c) wrt [0, 1] : ({V}, {V}, {V}) -> ({V}, {V})
  return %v, %g#0, %g#1 : {SCALAR}, {V}, {V}
}}
"""


IF_CASES = {
    # then: tanh(x * w); else: x (an argument yielded directly)
    "if tanh(x*w) / x": (
        if_function(f"    %xw = kiln.mul %x, %w : {V}, {V}\n    %t = kiln.tanh %xw : {V}\n", "%t",
                    "", "%x"),
        lambda x, w: torch.tanh(x * w), lambda x, w: x),
    # then: w (an argument); else: exp(x) * w
    "if w / exp(x)*w": (
        if_function("", "%w",
                    f"    %e = kiln.exp %x : {V}\n    %ew = kiln.mul %e, %w : {V}, {V}\n", "%ew"),
        lambda x, w: w, lambda x, w: torch.exp(x) * w),
}
for name, (mlir, then_ref, else_ref) in IF_CASES.items():
    for x in (np.array([1.0, -0.5, 2.0, 0.25]), np.array([-1.0, 0.5, -2.0, 0.25])):
        taken = x.sum() > 0
        w, c = random((4,), F64), random((4,), F64)
        branch = then_ref if taken else else_ref
        grad_check(f"{name} ({'then' if taken else 'else'} taken)", mlir, [x, w, c],
                   lambda x, w, c, branch=branch: (branch(x, w) * x * c).sum(), [0, 1])

# The loss is the argument itself (no forward op).
x = random((), F64)
grad_check("identity loss", f"""\
func.func @f(%x: {SCALAR}) -> {SCALAR} {{
  return %x : {SCALAR}
}}
func.func @main(%x: tensor<f64>) -> (tensor<f64>, tensor<f64>) {{
  %v, %g = kiln.value_and_grad @f(%x) wrt [0] : (tensor<f64>) -> (tensor<f64>, tensor<f64>)
  return %v, %g : tensor<f64>, tensor<f64>
}}
""", [x], lambda x: x, [0])

# Nested kiln.if; a three-result if with an i64 result, a yielded value
# defined before the if (%e) and an argument (%x); every path taken.
NESTED = f"""\
func.func @f(%x: {V}, %w: {V}, %n: tensor<i64>) -> {SCALAR} {{
  %zero = kiln.constant dense<0.0> : {SCALAR}
  %one = kiln.constant dense<1> : tensor<i64>
  %e = kiln.exp %w : {V}
  %s = kiln.reduce_sum %x : {V}
  %p = kiln.compare gt, %s, %zero : {SCALAR}, {SCALAR}
  %sw = kiln.reduce_sum %w : {V}
  %q = kiln.compare gt, %sw, %zero : {SCALAR}, {SCALAR}
  %r:3 = kiln.if %p -> ({V}, tensor<i64>, {V}) {{
    %inner = kiln.if %q -> ({V}) {{
      %t = kiln.mul %x, %e : {V}, {V}
      kiln.yield %t : {V}
    }} else {{
      kiln.yield %e : {V}
    }}
    %n1 = kiln.add %n, %one : tensor<i64>
    kiln.yield %inner, %n1, %x : {V}, tensor<i64>, {V}
  }} else {{
    %m = kiln.sin %x : {V}
    kiln.yield %e, %n, %m : {V}, tensor<i64>, {V}
  }}
  %nf = kiln.cast %r#1 : tensor<i64> to {SCALAR}
  %a = kiln.mul %r#0, %r#2 : {V}, {V}
  %b = kiln.mul %a, %nf : {V}, {SCALAR}
  %l = kiln.reduce_sum %b : {V}
  return %l : {SCALAR}
}}
func.func @main(%x: {V}, %w: {V}, %n: tensor<i64>) -> ({SCALAR}, {V}, {V}) {{
  %v, %g:2 = kiln.value_and_grad @f(%x, %w, %n) wrt [0, 1] : ({V}, {V}, tensor<i64>) -> ({SCALAR}, {V}, {V})
  return %v, %g#0, %g#1 : {SCALAR}, {V}, {V}
}}
"""
def nested_ref(x, w, n):
    e = torch.exp(w)
    if float(x.sum()) > 0:
        inner = x * e if float(w.sum()) > 0 else e
        r0, r1, r2 = inner, n + 1, x
    else:
        r0, r1, r2 = e, n, torch.sin(x)
    return (r0 * r2 * r1.double()).sum()
for xs, ws in ((1, 1), (1, -1), (-1, 1)):
    x = np.array([1.0, -0.5, 2.0, 0.25]) * xs
    w = np.array([0.3, -0.2, 0.5, 0.1]) * ws
    grad_check(f"nested if x{xs} w{ws}", NESTED, [x, w, np.array(3, dtype=np.int64)], nested_ref, [0, 1])
# kiln.if inside a function called twice (inlined), on an i1 argument.
CALLED_IF = f"""\
func.func private @branchy(%x: {V}, %p: tensor<i1>) -> {V} {{
  %r = kiln.if %p -> ({V}) {{
    %t = kiln.tanh %x : {V}
    kiln.yield %t : {V}
  }} else {{
    %t = kiln.mul %x, %x : {V}, {V}
    kiln.yield %t : {V}
  }}
  return %r : {V}
}}
func.func @f(%x: {V}, %p: tensor<i1>, %c: {V}) -> {SCALAR} {{
  %a = func.call @branchy(%x, %p) : ({V}, tensor<i1>) -> {V}
  %b = func.call @branchy(%a, %p) : ({V}, tensor<i1>) -> {V}
  %m = kiln.mul %b, %c : {V}, {V}
  %l = kiln.reduce_sum %m : {V}
  return %l : {SCALAR}
}}
func.func @main(%x: {V}, %p: tensor<i1>, %c: {V}) -> ({SCALAR}, {V}, {V}) {{
  %v = func.call @f(%x, %p, %c) : ({V}, tensor<i1>, {V}) -> {SCALAR}
  %g:2 = kiln.grad @f(%x, %p, %c) wrt [2, 0] : ({V}, tensor<i1>, {V}) -> ({V}, {V})
  return %v, %g#0, %g#1 : {SCALAR}, {V}, {V}
}}
"""
for p in (True, False):
    fn = torch.tanh if p else (lambda t: t * t)
    grad_check(f"if in a called function p={p}", CALLED_IF, [random((4,), F64), np.array(p), random((4,), F64)],
               lambda x, p, c, fn=fn: (fn(fn(x)) * c).sum(), [2, 0])
# --------------------------------------------------------------------------
# value_and_grad, a non-scalar result with a seed
# --------------------------------------------------------------------------

X, W, R = "tensor<3x4xf64>", "tensor<4x5xf64>", "tensor<3x5xf64>"
x, w, seed = random((3, 4), F64), random((4, 5), F64), random((3, 5), F64)
VALUE_AND_GRAD = f"""\
func.func @f(%x: {X}, %w: {W}) -> {SCALAR} {{
  %m = kiln.matmul %x, %w : {X}, {W}
  %s = kiln.sigmoid %m : {R}
  %l = kiln.reduce_mean %s : {R}
  return %l : {SCALAR}
}}
func.func @main(%x: {X}, %w: {W}) -> ({SCALAR}, {W}, {X}) {{
  %v, %gw, %gx = kiln.value_and_grad @f(%x, %w) wrt [1, 0] : ({X}, {W}) -> ({SCALAR}, {W}, {X})
  return %v, %gw, %gx : {SCALAR}, {W}, {X}
}}
"""
grad_check("value_and_grad", VALUE_AND_GRAD, [x, w],
           lambda x, w: torch.sigmoid(x @ w).mean(), [1, 0])

SEEDED = f"""\
func.func @f(%x: {X}, %w: {W}) -> {R} {{
  %m = kiln.matmul %x, %w : {X}, {W}
  %t = kiln.tanh %m : {R}
  return %t : {R}
}}
func.func @main(%x: {X}, %w: {W}, %seed: {R}) -> ({R}, {X}, {W}) {{
  %v, %gx, %gw = kiln.value_and_grad @f(%x, %w, %seed) wrt [0, 1] : ({X}, {W}, {R}) -> ({R}, {X}, {W})
  %g:2 = kiln.grad @f(%x, %w, %seed) wrt [0, 1] : ({X}, {W}, {R}) -> ({X}, {W})
  %dx = kiln.sub %gx, %g#0 : {X}, {X}
  %dw = kiln.sub %gw, %g#1 : {W}, {W}
  %x2 = kiln.add %g#0, %dx : {X}, {X}
  %w2 = kiln.add %g#1, %dw : {W}, {W}
  return %v, %x2, %w2 : {R}, {X}, {W}
}}
"""
# grad and value_and_grad with a seed: main returns grad + (value_and_grad - grad),
# so a wrong gradient from either shows.
grad_check("non-scalar result with a seed", SEEDED, [x, w, seed],
           lambda x, w, s: (torch.tanh(x @ w) * s).sum(), [0, 1],
           leading=[lambda x, w, s: torch.tanh(x @ w)])

# --------------------------------------------------------------------------
# Second derivative: the gradient of a function that contains kiln.grad
# --------------------------------------------------------------------------

SECOND = f"""\
func.func @f(%x: {X}, %w: {W}) -> {SCALAR} {{
  %m = kiln.matmul %x, %w : {X}, {W}
  %t = kiln.tanh %m : {R}
  %s = kiln.reduce_sum %t : {R}
  return %s : {SCALAR}
}}
func.func @g(%x: {X}, %w: {W}, %c: {X}) -> {SCALAR} {{
  %gx = kiln.grad @f(%x, %w) wrt [0] : ({X}, {W}) -> {X}
  %p = kiln.mul %gx, %c : {X}, {X}
  %s = kiln.reduce_sum %p : {X}
  return %s : {SCALAR}
}}
func.func @main(%x: {X}, %w: {W}, %c: {X}) -> ({SCALAR}, {X}, {X}, {W}) {{
  %v = func.call @g(%x, %w, %c) : ({X}, {W}, {X}) -> {SCALAR}
  %h = kiln.grad @g(%x, %w, %c) wrt [0] : ({X}, {W}, {X}) -> {X}
  %h2:2 = kiln.grad @g(%x, %w, %c) wrt [0, 1] : ({X}, {W}, {X}) -> ({X}, {W})
  return %v, %h, %h2#0, %h2#1 : {SCALAR}, {X}, {X}, {W}
}}
"""


def first_gradient(x, w):
    """d/dx sum(tanh(x @ w)) in closed form."""
    return (1 - np.tanh(x @ w) ** 2) @ w.T


def g_numpy(x, w, c):
    return np.sum(first_gradient(x, w) * c)


x, w, c = random((3, 4), F64), random((4, 5), F64, -1, 1), random((3, 4), F64)
numeric = finite_differences(g_numpy, [x, w, c], [0, 1])


def g_torch(x, w, c):
    xg = x.detach().requires_grad_(True) if not x.requires_grad else x
    gx, = torch.autograd.grad(torch.tanh(xg @ w).sum(), xg, create_graph=True)
    return (gx * c).sum()


_, autograd = torch_gradients(g_torch, [x, w, c], [0, 1])
value = g_numpy(x, w, c)
check_references("second derivative of sum(tanh(x @ w))", SECOND, [x, w, c], [
    ("torch autograd", [value, autograd[0], autograd[0], autograd[1]], *TORCH_TOL),
    ("finite differences of the closed-form gradient",
     [value, numeric[0], numeric[0], numeric[1]], *FD_TOL),
], passes=AUTODIFF)

# Second derivatives through each rule family's own IR (h = reduce_sum(
# kiln.grad f wrt [0] * D), differentiated again).
S34, S4 = "tensor<3x4xf64>", "tensor<4xf64>"
x = random((3, 4), F64, 0.5, 2)
for op, ref in (("tanh", torch.tanh), ("exp", torch.exp), ("log", torch.log), ("sqrt", torch.sqrt),
                ("rsqrt", torch.rsqrt), ("sigmoid", torch.sigmoid), ("gelu", F.gelu),
                ("sin", torch.sin), ("cos", torch.cos), ("erf", torch.erf), ("neg", torch.neg),
                ("abs", torch.abs), ("relu", torch.relu)):
    second_order_case(f"second order {op}", [("x", x, ())], f"  %r = kiln.{op} %x : {S34}", S34, ref)
b = random((4,), F64, 0.5, 2)
for op, ref in BINARY.items():
    body = f"  %p = kiln.{op} %x, %b : {S34}, {S4}\n  %r = kiln.mul %p, %p : {S34}, {S34}"
    second_order_case(f"second order {op} (3,4) (4,) wrt lhs", [("x", x, ()), ("b", b, ())], body, S34,
                      lambda x, b, ref=ref: ref(x, b) ** 2)
    second_order_case(f"second order {op} (3,4) (4,) wrt rhs", [("b", b, ()), ("x", x, ())], body, S34,
                      lambda b, x, ref=ref: ref(x, b) ** 2)
y, w = random((3, 4), F64), random((4, 5), F64)
c, labels = random((3, 4), "bool"), random((3,), "int64", 0, 3)
SECOND_ORDER = [
    ("select", [("y", y, ()), ("c", c, ())], f"""\
  %t = kiln.select %c, %y, %y : tensor<3x4xi1>, {S34}, {S34}
  %s = kiln.mul %t, %y : {S34}, {S34}
  %r = kiln.tanh %s : {S34}""", S34, lambda y, c: torch.tanh(torch.where(c, y, y) * y)),
    ("matmul", [("y", y, ()), ("w", w, ())], f"""\
  %p = kiln.matmul %y, %w : {S34}, tensor<4x5xf64>
  %r = kiln.tanh %p : tensor<3x5xf64>""", "tensor<3x5xf64>", lambda y, w: torch.tanh(y @ w)),
    ("batched matmul", [("z", random((2, 3, 4), F64), ()), ("w", w, ())], """\
  %p = kiln.matmul %z, %w : tensor<2x3x4xf64>, tensor<4x5xf64>
  %r = kiln.tanh %p : tensor<2x3x5xf64>""", "tensor<2x3x5xf64>", lambda z, w: torch.tanh(z @ w)),
    ("reduce_mean", [("y", y, ())], f"""\
  %m = kiln.reduce_mean %y axes [0] : {S34}
  %r = kiln.mul %m, %m : {S4}, {S4}""", S4, lambda y: y.mean(0) ** 2),
    ("reduce_max", [("y", y, ())], f"""\
  %m = kiln.reduce_max %y axes [1] : {S34}
  %r = kiln.mul %m, %m : tensor<3xf64>, tensor<3xf64>""", "tensor<3xf64>", lambda y: y.amax(1) ** 2),
    ("softmax", [("y", y, ())], f"  %r = kiln.softmax %y axis -1 : {S34}", S34,
     lambda y: torch.softmax(y, -1)),
    ("log_softmax", [("y", y, ())], f"  %r = kiln.log_softmax %y axis 0 : {S34}", S34,
     lambda y: torch.log_softmax(y, 0)),
    ("cross_entropy", [("y", y, ()), ("l", labels, ())],
     f"  %r = kiln.cross_entropy %y, %l : {S34}, tensor<3xi64>", SCALAR, F.cross_entropy),
    ("reshape", [("y", y, ())], f"""\
  %t = kiln.tanh %y : {S34}
  %r = kiln.reshape %t [2, 6] : {S34}""", "tensor<2x6xf64>", lambda y: torch.tanh(y).reshape(2, 6)),
    ("transpose", [("y", y, ())], f"""\
  %t = kiln.tanh %y : {S34}
  %r = kiln.transpose %t [1, 0] : {S34}""", "tensor<4x3xf64>", lambda y: torch.tanh(y).T),
    ("broadcast_to", [("b", b, ())], f"""\
  %t = kiln.broadcast_to %b : {S4} -> {S34}
  %r = kiln.tanh %t : {S34}""", S34, lambda b: torch.tanh(b.broadcast_to((3, 4)))),
]
# Through the rules' shape glue (tensor.cast, expand_shape, extract_slice,
# insert_slice), which has VJP rules of its own.
yd = random((3, 4), F64)
SECOND_ORDER += [
    ("dynamic broadcast", [("y", yd, (0,)), ("b", b, ())], f"""\
  %m = kiln.mul %y, %b : tensor<?x4xf64>, {S4}
  %r = kiln.tanh %m : tensor<?x4xf64>""", "tensor<?x4xf64>", lambda y, b: torch.tanh(y * b)),
    ("matrix-vector", [("y", y, ()), ("b", b, ())], f"""\
  %m = kiln.matmul %y, %b : {S34}, {S4}
  %r = kiln.tanh %m : tensor<3xf64>""", "tensor<3xf64>", lambda y, b: torch.tanh(y @ b)),
    ("pad", [("y", y, ())], f"""\
  %t = kiln.tanh %y : {S34}
  %p = kiln.pad %t low [1, 0] high [0, 2] : {S34}
  %r = kiln.mul %p, %p : tensor<4x6xf64>""", "tensor<4x6xf64>",
     lambda y: torch.nn.functional.pad(torch.tanh(y), (0, 2, 1, 0)) ** 2),
    ("slice", [("y", y, ())], f"""\
  %t = kiln.tanh %y : {S34}
  %s = kiln.slice %t [0, 1] to [3, 4] stride [2, 2] : {S34}
  %r = kiln.mul %s, %s : tensor<2x2xf64>""", "tensor<2x2xf64>",
     lambda y: torch.tanh(y)[0:3:2, 1:4:2] ** 2),
]
for name, params, body, out_type, ref in SECOND_ORDER:
    second_order_case(f"second order {name}", params, body, out_type, ref)


# gather: scatter-add of the gradient (repeated and negative indices).
table = random((5, 3), F64)
ids = np.array([[0, 4], [-1, 2]], dtype=np.int64)
op_case("gather axis 0", [("t", table, ()), ("i", ids, ())],
        "  %r = kiln.gather %t, %i : tensor<5x3xf64>, tensor<2x2xi64>",
        "tensor<2x2x3xf64>", lambda t, i: t[i.remainder(5)], wrt=[0])
cube = random((2, 4, 3), F64)
col = np.array([3, 0, 3], dtype=np.int64)
op_case("gather axis 1", [("t", cube, ()), ("i", col, ())],
        "  %r = kiln.gather %t, %i axis 1 : tensor<2x4x3xf64>, tensor<3xi64>",
        "tensor<2x3x3xf64>", lambda t, i: t[:, i, :], wrt=[0])
# Dynamic indices (an embedding lookup with a run-time batch); the table is
# static.
ids = np.array([[0, 4], [4, -1], [2, 2]], dtype=np.int64)
op_case("gather dynamic indices", [("t", table, ()), ("i", ids, (0,))],
        "  %r = kiln.gather %t, %i : tensor<5x3xf64>, tensor<?x2xi64>",
        "tensor<?x2x3xf64>", lambda t, i: t[i.remainder(5)], wrt=[0])

finish()
