# RUN: %python %s
"""Reverse-mode gradients of kiln.conv2d (input, filter, bias),
kiln.max_pool2d and kiln.avg_pool2d (kiln-opt --kiln-autodiff, run by
kiln-run) against PyTorch autograd and central finite differences of the
forward function run in PyTorch (float64, no autograd), as in gradients.py;
then a small CNN trained with cross_entropy, and second derivatives through
the convolution and pooling rules.

Every op case differentiates loss = reduce_sum(op(args) * C) for a random
constant C (an extra argument, not differentiated); main also returns the
loss through func.call, which checks the forward reference. Kiln's padding
is per side, [top, left, bottom, right]: the PyTorch references pad with
F.pad (-inf for max pooling) and run the op unpadded; avg_pool2d without
count_include_pad divides the sum-pool by the sum-pool of padded ones.

max_pool2d inputs are continuous with distinct values (no ties within the
finite differences' reach), except in the tie cases: there the inputs are
multiples of 0.5, the function is not differentiable, and only torch
autograd is the reference (both give a window's gradient to its first
maximal tap, in row-major order).
"""

import numpy as np
from gradcheck import (F64, SCALAR, grad_check, grad_results, op_case, second_order_case,
                       torch, torch_gradients)
from harness import finish, func, random, skip, tensor_type, type_of

if torch is None:
    skip("gradient conv", "needs torch")
    finish()
F = torch.nn.functional


def result_type(r, dynamic):
    """The type of a result with the run-time shape of `r` whose batch is
    dynamic when the input's is."""
    return tensor_type(tuple(r.shape), F64, (0,) if 0 in dynamic else ())


def static_result(r):
    """The result type for second_order_case: r's static shape."""
    return result_type(r, ())


def batch_result(params):
    """The result type for op_case: r's shape, with a dynamic batch when
    the first parameter's is."""
    return lambda r: result_type(r, params[0][2])


def ints(values):
    return ", ".join(map(str, values))


def torch_pad(p):
    """Kiln's [top, left, bottom, right] as F.pad's (left, right, top, bottom)."""
    return (p[1], p[3], p[0], p[2])


def distinct(shape, gap=1e-4):
    """Uniform values in [-1, 1) at least `gap` apart from each other, so
    that no max_pool2d window has a tie within the finite differences'
    reach."""
    while True:
        x = random(shape, F64, -1, 1)
        if np.min(np.diff(np.sort(x.ravel()))) > gap:
            return x


# --------------------------------------------------------------------------
# conv2d
# --------------------------------------------------------------------------


def conv_ref(s, p, d, g):
    def ref(x, w, b=None):
        return F.conv2d(F.pad(x, torch_pad(p)), w, b, stride=s, dilation=d, groups=g)
    return ref


CONV = [
    # (name, x shape, w shape, strides, padding, dilations, groups, bias, dynamic batch)
    ("3x3", (2, 3, 6, 5), (4, 3, 3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1, True, False),
    ("strides (2,1), asymmetric padding", (2, 3, 7, 6), (4, 3, 3, 2), (2, 1), (1, 0, 2, 1),
     (1, 1), 1, True, False),
    ("dilations (2,1), groups 2, strides (2,3)", (1, 4, 9, 8), (6, 2, 3, 3), (2, 3), (1, 2, 1, 0),
     (2, 1), 2, True, False),
    ("depthwise, no bias", (2, 4, 6, 6), (4, 1, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 4, False, False),
    ("1x1 stride 2", (2, 3, 5, 5), (2, 3, 1, 1), (2, 2), (0, 0, 0, 0), (1, 1), 1, True, False),
    ("padding beyond the kernel", (1, 1, 4, 5), (2, 1, 2, 2), (1, 1), (3, 3, 3, 3), (1, 1), 1,
     True, False),
    ("dynamic batch, groups 2", (3, 2, 6, 7), (4, 1, 2, 3), (3, 2), (2, 3, 0, 1), (2, 2), 2, True,
     True),
    # 8 rows, kernel 3, stride 2: rows 0..6 are read, row 7 is not; 9 columns,
    # kernel 2, stride 3: columns 2, 5 and 8 are not. Their gradient is zero.
    ("unused rows and columns", (2, 2, 8, 9), (3, 2, 3, 2), (2, 3), (0, 0, 0, 0), (1, 1), 1, True,
     False),
]
for name, xs, ws, s, p, d, g, bias, dyn in CONV:
    x, w = random(xs, F64, -1, 1), random(ws, F64, -1, 1)
    params = [("x", x, (0,) if dyn else ()), ("w", w, ())]
    if bias:
        params.append(("b", random((ws[0],), F64, -1, 1), ()))
    types = [type_of(a, dy) for _, a, dy in params]
    operands = ", ".join(f"%{n}" for n, _, _ in params)
    body = (f"  %r = kiln.conv2d {operands} strides [{ints(s)}] padding [{ints(p)}] "
            f"dilations [{ints(d)}] groups {g} : {', '.join(types)}")
    op_case(f"conv2d {name}", params, body, batch_result(params), conv_ref(s, p, d, g))

# Sizes that fill kiln-vectorize's convolution register tiles (f64: 8 lanes
# on AVX-512): output columns in two-register blocks plus a remainder,
# filter blocks plus a remainder, and filter gradients (outputs a few taps
# wide) vectorized along the reduction, strided and dilated. Checked
# against torch autograd only: finite differences over this many inputs
# would take long.
TILED_CONV = [
    ("tiles 16+4 columns, 8+8+2 filters", (2, 3, 12, 20), (18, 3, 3, 3), (1, 1), (1, 1, 1, 1),
     (1, 1), False),
    ("tiles, strides (2,2)", (1, 2, 15, 33), (5, 2, 3, 4), (2, 2), (1, 0, 1, 2), (1, 1), False),
    ("tiles, dilations (2,3)", (2, 2, 10, 30), (4, 2, 3, 3), (1, 1), (0, 0, 0, 0), (2, 3), False),
    ("tiles, dynamic batch", (3, 4, 9, 26), (10, 4, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), True),
]
for name, xs, ws, s, p, d, dyn in TILED_CONV:
    x, w = random(xs, F64, -1, 1), random(ws, F64, -1, 1)
    params = [("x", x, (0,) if dyn else ()), ("w", w, ()), ("b", random((ws[0],), F64, -1, 1), ())]
    types = [type_of(a, dy) for _, a, dy in params]
    body = (f"  %r = kiln.conv2d %x, %w, %b strides [{ints(s)}] padding [{ints(p)}] "
            f"dilations [{ints(d)}] : {', '.join(types)}")
    op_case(f"conv2d {name}", params, body, batch_result(params), conv_ref(s, p, d, 1),
            numeric=False)

# The unused rows and columns get no gradient in the reference too.
x, w = random((1, 1, 8, 9), F64), random((1, 1, 3, 2), F64)
_, (gx,) = torch_gradients(lambda x, w: F.conv2d(x, w, stride=(2, 3)).sum(), [x, w], [0])
assert not gx[..., 7, :].any() and not gx[..., 2::3].any() and gx[..., :7, 0].all()

# --------------------------------------------------------------------------
# max_pool2d and avg_pool2d
# --------------------------------------------------------------------------


def max_ref(k, s, p, d):
    def ref(x):
        return F.max_pool2d(F.pad(x, torch_pad(p), value=-np.inf), k, s, dilation=d)
    return ref


def avg_ref(k, s, p, count_include_pad):
    def ref(x):
        padded = F.pad(x, torch_pad(p))
        if count_include_pad:
            return F.avg_pool2d(padded, k, s)
        ones = F.pad(torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype), torch_pad(p))
        return (F.avg_pool2d(padded, k, s, divisor_override=1)
                / F.avg_pool2d(ones, k, s, divisor_override=1))
    return ref


MAX_POOL = [
    # (name, x shape, kernel, strides, padding, dilations, ties, dynamic batch)
    ("2x2 stride 2", (2, 3, 6, 6), (2, 2), (2, 2), (0, 0, 0, 0), (1, 1), False, False),
    ("3x3 strides (1,2), asymmetric padding", (2, 3, 7, 6), (3, 3), (1, 2), (1, 1, 1, 0), (1, 1),
     False, False),
    ("3x2 dilations (2,2)", (1, 2, 9, 8), (3, 2), (2, 1), (1, 0, 0, 1), (2, 2), False, False),
    ("dynamic batch", (3, 2, 5, 6), (2, 3), (2, 2), (0, 1, 1, 0), (1, 1), False, True),
    ("ties, 2x2 stride 1", (2, 2, 6, 6), (2, 2), (1, 1), (0, 0, 0, 0), (1, 1), True, False),
    ("ties, 3x3 stride 2, padding", (2, 2, 6, 6), (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), True, False),
    ("ties, dilations (2,1), dynamic batch", (2, 2, 7, 6), (2, 3), (1, 2), (1, 0, 0, 1), (2, 1),
     True, True),
    # Windows that tile the input: the shares fill one tensor (no zeros).
    ("ties, 2x2 stride 2, windows tile the input, dynamic batch", (3, 2, 6, 8), (2, 2), (2, 2),
     (0, 0, 0, 0), (1, 1), True, True),
    ("3x3 stride 3, a row and a column past the last window", (2, 2, 7, 7), (3, 3), (3, 3),
     (0, 0, 0, 0), (1, 1), False, False),
]
for name, xs, k, s, p, d, ties, dyn in MAX_POOL:
    x = np.round(random(xs, F64, -1, 1) * 2) / 2 if ties else distinct(xs)
    dynamic = (0,) if dyn else ()
    body = (f"  %r = kiln.max_pool2d %x kernel [{ints(k)}] strides [{ints(s)}] "
            f"padding [{ints(p)}] dilations [{ints(d)}] : {type_of(x, dynamic)}")
    params = [("x", x, dynamic)]
    op_case(f"max_pool2d {name}", params, body, batch_result(params), max_ref(k, s, p, d),
            numeric=not ties)

AVG_POOL = [
    # (name, x shape, kernel, strides, padding, count_include_pad, dynamic batch)
    ("2x2 stride 2", (2, 3, 6, 6), (2, 2), (2, 2), (0, 0, 0, 0), True, False),
    ("3x3 strides (1,2), padding 1", (2, 3, 7, 6), (3, 3), (1, 2), (1, 1, 1, 1), True, False),
    ("3x3 strides (1,2), padding 1, count_include_pad false", (2, 3, 7, 6), (3, 3), (1, 2),
     (1, 1, 1, 1), False, False),
    ("2x3 asymmetric padding, count_include_pad false", (1, 2, 5, 7), (2, 3), (1, 1), (0, 1, 1, 0),
     False, False),
    ("dynamic batch, count_include_pad false", (3, 2, 6, 5), (3, 2), (2, 1), (1, 1, 0, 0), False,
     True),
    ("3x2 strides (3,2), windows tile the input, dynamic batch", (3, 2, 6, 8), (3, 2), (3, 2),
     (0, 0, 0, 0), True, True),
]
for name, xs, k, s, p, cip, dyn in AVG_POOL:
    x = random(xs, F64, -1, 1)
    dynamic = (0,) if dyn else ()
    attrs = "" if cip else " {count_include_pad = false}"
    body = (f"  %r = kiln.avg_pool2d %x kernel [{ints(k)}] strides [{ints(s)}] "
            f"padding [{ints(p)}]{attrs} : {type_of(x, dynamic)}")
    params = [("x", x, dynamic)]
    op_case(f"avg_pool2d {name}", params, body, batch_result(params), avg_ref(k, s, p, cip))

# --------------------------------------------------------------------------
# A small CNN: conv 3x3 (pad 1) -> relu -> max_pool 2x2 -> conv 2x2 ->
# avg_pool 2x2 -> reshape -> matmul -> cross_entropy, differentiated with
# respect to every weight and the input.
# --------------------------------------------------------------------------

N, C0, C1, C2, K = 2, 2, 3, 4, 3
X = tensor_type((N, C0, 6, 6), F64)
W1, B1 = tensor_type((C1, C0, 3, 3), F64), tensor_type((C1,), F64)
W2, B2 = tensor_type((C2, C1, 2, 2), F64), tensor_type((C2,), F64)
W3, L = tensor_type((C2, K), F64), tensor_type((N,), "int64")
A1, P1 = tensor_type((N, C1, 6, 6), F64), tensor_type((N, C1, 3, 3), F64)
A2, P2 = tensor_type((N, C2, 2, 2), F64), tensor_type((N, C2, 1, 1), F64)
Z, LOGITS = tensor_type((N, C2), F64), tensor_type((N, K), F64)
CNN_TYPES = [X, W1, B1, W2, B2, W3, L]
CNN_ARGS = list(zip(["x", "w1", "b1", "w2", "b2", "w3", "l"], CNN_TYPES))
CNN_WRT = [1, 2, 3, 4, 5, 0]
CNN_OPERANDS, CNN_SIGNATURE = ", ".join(f"%{n}" for n, _ in CNN_ARGS), ", ".join(CNN_TYPES)
CNN_GRAD_TYPES = [CNN_TYPES[i] for i in CNN_WRT]
CNN_LHS, CNN_RESULTS = grad_results(CNN_GRAD_TYPES)
CNN = func(CNN_ARGS, [SCALAR], f"""\
  %a1 = kiln.conv2d %x, %w1, %b1 strides [1, 1] padding [1, 1, 1, 1] : {X}, {W1}, {B1}
  %h1 = kiln.relu %a1 : {A1}
  %p1 = kiln.max_pool2d %h1 kernel [2, 2] : {A1}
  %a2 = kiln.conv2d %p1, %w2, %b2 : {P1}, {W2}, {B2}
  %p2 = kiln.avg_pool2d %a2 kernel [2, 2] : {A2}
  %z = kiln.reshape %p2 [{N}, {C2}] : {P2}
  %logits = kiln.matmul %z, %w3 : {Z}, {W3}
  %loss = kiln.cross_entropy %logits, %l : {LOGITS}, {L}
  return %loss : {SCALAR}""", name="f") + func(CNN_ARGS, [SCALAR] + CNN_GRAD_TYPES, f"""\
  %v, {CNN_LHS} = kiln.value_and_grad @f({CNN_OPERANDS}) wrt [{ints(CNN_WRT)}] : ({CNN_SIGNATURE}) -> ({', '.join([SCALAR] + CNN_GRAD_TYPES)})
  return %v, {', '.join(CNN_RESULTS)} : {', '.join([SCALAR] + CNN_GRAD_TYPES)}""")


def cnn_pre_activation(x, w1, b1):
    return F.conv2d(x, w1, b1, padding=1)


def cnn_ref(x, w1, b1, w2, b2, w3, l):
    h = F.max_pool2d(torch.relu(cnn_pre_activation(x, w1, b1)), 2)
    z = F.avg_pool2d(F.conv2d(h, w2, b2), 2).reshape(N, C2)
    return F.cross_entropy(z @ w3, l)


def cnn_inputs():
    """Inputs with every pre-activation at least 1e-3 from relu's kink and,
    in every max_pool window, the two largest relu outputs (when positive)
    at least 1e-3 apart."""
    while True:
        inputs = [random((N, C0, 6, 6), F64, -1, 1), random((C1, C0, 3, 3), F64, -0.5, 0.5),
                  random((C1,), F64, -0.5, 0.5), random((C2, C1, 2, 2), F64, -0.5, 0.5),
                  random((C2,), F64, -0.5, 0.5), random((C2, K), F64, -1, 1),
                  random((N,), "int64", 0, K - 1)]
        with torch.no_grad():
            a = cnn_pre_activation(*[torch.from_numpy(v) for v in inputs[:3]]).numpy()
        windows = np.maximum(a, 0).reshape(N, C1, 3, 2, 3, 2).transpose(0, 1, 2, 4, 3, 5)
        top = np.sort(windows.reshape(N, C1, 3, 3, 4), axis=-1)
        if np.min(np.abs(a)) > 1e-3 and np.all((top[..., -1] == 0) | (top[..., -1] - top[..., -2] > 1e-3)):
            return inputs


grad_check("small CNN: conv, relu, max_pool, conv, avg_pool, matmul, cross_entropy", CNN,
           cnn_inputs(), cnn_ref, CNN_WRT)

# --------------------------------------------------------------------------
# Second derivatives through the rules' own IR: h = reduce_sum(grad of
# reduce_sum(r * C) w.r.t. the first parameter * D), differentiated again.
# r squares the op's result so that the first gradient depends on every
# parameter.
# --------------------------------------------------------------------------

x, w, b = random((1, 2, 5, 6), F64, -1, 1), random((4, 1, 3, 2), F64, -1, 1), random((4,), F64, -1, 1)
CONV_TYPES = f"{type_of(x)}, {type_of(w)}, {type_of(b)}"
Y = tensor_type((1, 4, 2, 5), F64)
CONV_SQUARED = f"""\
  %y = kiln.conv2d %x, %w, %b strides [2, 1] padding [1, 0, 0, 1] dilations [1, 2] groups 2 : {CONV_TYPES}
  %r = kiln.mul %y, %y : {Y}, {Y}"""


def conv_squared(x, w, b):
    return conv_ref((2, 1), (1, 0, 0, 1), (1, 2), 2)(x, w, b) ** 2


second_order_case("second order conv2d, first gradient w.r.t. the input",
                  [("x", x, ()), ("w", w, ()), ("b", b, ())], CONV_SQUARED, static_result,
                  conv_squared)
second_order_case("second order conv2d, first gradient w.r.t. the filter",
                  [("w", w, ()), ("x", x, ()), ("b", b, ())], CONV_SQUARED, static_result,
                  lambda w, x, b: conv_squared(x, w, b))
second_order_case("second order conv2d, first gradient w.r.t. the bias",
                  [("b", b, ()), ("x", x, ()), ("w", w, ())], CONV_SQUARED, static_result,
                  lambda b, x, w: conv_squared(x, w, b))

x = distinct((2, 2, 5, 6))
T = type_of(x)
second_order_case("second order max_pool2d", [("x", x, ())], f"""\
  %y = kiln.max_pool2d %x kernel [3, 2] strides [2, 2] padding [1, 0, 1, 1] : {T}
  %r = kiln.mul %y, %y : {tensor_type((2, 2, 3, 3), F64)}, {tensor_type((2, 2, 3, 3), F64)}""",
                  static_result, lambda x: max_ref((3, 2), (2, 2), (1, 0, 1, 1), (1, 1))(x) ** 2)
second_order_case("second order avg_pool2d, count_include_pad false", [("x", x, ())], f"""\
  %y = kiln.avg_pool2d %x kernel [2, 3] strides [1, 2] padding [1, 1, 0, 1] {{count_include_pad = false}} : {T}
  %r = kiln.mul %y, %y : {tensor_type((2, 2, 5, 3), F64)}, {tensor_type((2, 2, 5, 3), F64)}""",
                  static_result, lambda x: avg_ref((2, 3), (1, 2), (1, 1, 0, 1), False)(x) ** 2)

finish()
