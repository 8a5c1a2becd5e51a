# RUN: %python %s
"""kiln.matmul against numpy.matmul (2-D, batched with broadcasting, dynamic
sizes including a dynamic batch that is 1 at run time, 1-D operands, i32 and
f64), and kiln.conv2d, kiln.max_pool2d and kiln.avg_pool2d against
torch.nn.functional (strides, asymmetric padding, dilations, groups, bias,
dynamic batch).

f32 tolerances are rtol 1e-5 / atol 1e-5: sums of up to ~60 products of
values in [-2, 2] accumulate rounding of order 1e-6 relative to the largest
terms; f64 is checked to 1e-12."""

import numpy as np
from harness import check, finish, func, import_torch, random, skip, static_broadcast, tensor_type, type_of

torch = import_torch()

# --------------------------------------------------------------------------
# matmul
# --------------------------------------------------------------------------


def matmul_type(a, b, a_dyn, b_dyn, dtype):
    """The inferred result type: broadcast batch dims, then M and N."""
    sa = [None if i in a_dyn else d for i, d in enumerate(a.shape)]
    sb = [None if i in b_dyn else d for i, d in enumerate(b.shape)]
    shape = static_broadcast(sa[:-2], sb[:-2])  # a 1-D operand has no batch dims
    if a.ndim > 1:
        shape.append(sa[-2])
    if b.ndim > 1:
        shape.append(sb[-1])
    actual = np.matmul(a, b).shape
    return tensor_type(actual, dtype, tuple(i for i, d in enumerate(shape) if d is None))


MATMUL = [
    # (lhs shape, rhs shape, lhs dynamic dims, rhs dynamic dims, dtype)
    ((3, 4), (4, 5), (), (), "float32"),
    ((7, 16), (16, 9), (0, 1), (0, 1), "float32"),        # M, K, N dynamic
    ((1, 5), (5, 1), (0, 1), (0, 1), "float32"),          # dynamic sizes of 1
    ((3, 0), (0, 4), (), (), "float32"),                  # K = 0: zeros
    ((2, 1, 3, 4), (5, 4, 6), (), (), "float32"),         # batch broadcast
    ((2, 3, 4), (4, 5), (), (), "float32"),               # 3-D @ 2-D
    ((3, 4), (2, 4, 5), (), (), "float32"),               # 2-D @ 3-D
    ((2, 3, 4), (2, 4, 5), (0, 1, 2), (0, 1, 2), "float32"),
    ((1, 3, 4), (5, 4, 6), (0,), (), "float32"),          # ? = 1 vs static 5
    ((1, 3, 4), (5, 4, 6), (0,), (0,), "float32"),        # ? = 1 vs ? = 5
    ((4, 3, 4), (1, 4, 6), (0,), (0,), "float32"),        # rhs ? = 1
    ((4, 3, 4), (1, 4, 6), (), (0,), "float32"),          # rhs ? = 1 vs static 4
    ((1, 3, 4), (2, 5, 4, 6), (0,), (0, 1), "float32"),   # ranks differ, ? = 1
    ((2, 1, 3, 4), (1, 3, 4, 2), (0, 1), (0, 1), "float32"),  # both broadcast
    ((3, 2, 4), (4, 5), (0, 1), (), "float32"),           # dynamic lhs, 2-D rhs
    ((4,), (4, 5), (), (), "float32"),                    # 1-D @ 2-D
    ((3, 4), (4,), (), (), "float32"),                    # 2-D @ 1-D
    ((4,), (4,), (), (), "float32"),                      # 1-D @ 1-D: 0-d
    ((6,), (6,), (0,), (0,), "float32"),
    ((4,), (2, 4, 5), (), (), "float32"),                 # 1-D @ 3-D
    ((2, 3, 4), (4,), (), (), "float32"),                 # 3-D @ 1-D
    ((5,), (5, 3), (0,), (0, 1), "float32"),
    ((2, 3, 4), (4,), (0, 1), (0,), "float32"),
    ((3, 4), (4, 5), (), (), "int32"),
    ((2, 1, 3, 4), (3, 4, 2), (0,), (), "int32"),
    ((4,), (4,), (), (), "int32"),
    ((3, 4), (4, 5), (), (), "float64"),
    ((2, 3, 4), (1, 4, 5), (0,), (0,), "float64"),
]

for a_shape, b_shape, a_dyn, b_dyn, dtype in MATMUL:
    a = random(a_shape, dtype, -5, 5)
    b = random(b_shape, dtype, -5, 5)
    ta, tb = type_of(a, a_dyn), type_of(b, b_dyn)
    tr = matmul_type(a, b, a_dyn, b_dyn, dtype)
    mlir = func([("a", ta), ("b", tb)], [tr],
                f"  %r = kiln.matmul %a, %b : {ta}, {tb}\n  return %r : {tr}")
    expected = np.matmul(a.astype("float64"), b.astype("float64")).astype(dtype)
    if dtype == "int32":
        expected = np.matmul(a, b).astype(dtype)
    tol = 1e-12 if dtype == "float64" else 1e-5
    check(f"matmul {a_shape}{a_dyn} @ {b_shape}{b_dyn} {dtype}", mlir, [a, b],
          [expected], rtol=tol, atol=tol)

# Matmuls large enough for cache blocks (64 x 256 x 256, kiln-vectorize),
# with partial blocks in every dimension and an exact multiple.
for a_shape, b_shape in (((300, 600), (600, 520)), ((128, 512), (512, 512))):
    a = random(a_shape, "float32", -1, 1)
    b = random(b_shape, "float32", -1, 1)
    ta, tb = type_of(a), type_of(b)
    tr = tensor_type((a_shape[0], b_shape[1]), "float32")
    mlir = func([("a", ta), ("b", tb)], [tr],
                f"  %r = kiln.matmul %a, %b : {ta}, {tb}\n  return %r : {tr}")
    # f32 sums of up to 600 products of [-1, 1] values: a few ulps of ~25.
    check(f"matmul {a_shape} @ {b_shape} f32 (cache blocks)", mlir, [a, b],
          [(a.astype("float64") @ b).astype("float32")], rtol=1e-4, atol=1e-4)

# A chain: x @ w1 -> relu -> @ w2 with a dynamic batch (an MLP layer pair).
x = random((5, 8), "float32")
w1 = random((8, 16), "float32")
w2 = random((16, 3), "float32")
tx, tw1, tw2 = type_of(x, (0,)), type_of(w1), type_of(w2)
th, tr = tensor_type((5, 16), "float32", (0,)), tensor_type((5, 3), "float32", (0,))
mlir = func([("x", tx), ("w1", tw1), ("w2", tw2)], [tr], f"""\
  %h = kiln.matmul %x, %w1 : {tx}, {tw1}
  %a = kiln.relu %h : {th}
  %r = kiln.matmul %a, %w2 : {th}, {tw2}
  return %r : {tr}""")
ref = np.maximum(x.astype("float64") @ w1, 0) @ w2
check("matmul relu matmul", mlir, [x, w1, w2], [ref.astype("float32")], rtol=1e-5, atol=1e-5)

# --------------------------------------------------------------------------
# conv2d
# --------------------------------------------------------------------------


def window_out(size, before, after, kernel, stride, dilation):
    return (size + before + after - dilation * (kernel - 1) - 1) // stride + 1


def attr(name, values, default):
    return f" {name} [{', '.join(map(str, values))}]" if list(values) != list(default) else ""


def conv_reference(x, w, bias, strides, padding, dilations, groups):
    """torch conv2d in f64; kiln's [top, left, bottom, right] padding is
    applied with numpy first (torch's own padding is symmetric only)."""
    top, left, bottom, right = padding
    xp = np.pad(x.astype("float64"), ((0, 0), (0, 0), (top, bottom), (left, right)))
    out = torch.nn.functional.conv2d(
        torch.from_numpy(xp), torch.from_numpy(w.astype("float64")),
        None if bias is None else torch.from_numpy(bias.astype("float64")),
        stride=tuple(strides), padding=0, dilation=tuple(dilations), groups=groups)
    return out.numpy().astype(x.dtype)


CONV = [
    # (input NCHW, filter FCKK, bias, strides, padding, dilations, groups,
    #  dynamic input dims)
    ((1, 3, 6, 6), (4, 3, 3, 3), False, (1, 1), (0, 0, 0, 0), (1, 1), 1, ()),
    ((2, 3, 7, 6), (4, 3, 3, 2), True, (1, 1), (0, 0, 0, 0), (1, 1), 1, ()),
    ((2, 3, 9, 8), (5, 3, 3, 3), True, (2, 3), (1, 1, 1, 1), (1, 1), 1, ()),
    ((1, 2, 7, 7), (3, 2, 3, 3), False, (1, 1), (2, 0, 1, 3), (1, 1), 1, ()),   # asymmetric
    ((1, 2, 9, 10), (3, 2, 3, 3), True, (2, 1), (0, 1, 2, 0), (2, 3), 1, ()),   # dilations
    ((2, 4, 6, 6), (6, 2, 3, 3), True, (1, 1), (1, 1, 1, 1), (1, 1), 2, ()),    # groups 2
    ((1, 4, 7, 7), (4, 1, 3, 3), False, (2, 2), (1, 0, 1, 2), (1, 1), 4, ()),   # depthwise
    ((1, 3, 8, 8), (6, 1, 3, 3), True, (1, 1), (1, 1, 1, 1), (2, 2), 3, ()),    # multiplier 2
    ((3, 3, 6, 5), (4, 3, 3, 3), True, (1, 1), (1, 1, 1, 1), (1, 1), 1, (0,)),  # dynamic batch
    ((2, 4, 6, 6), (4, 2, 3, 3), True, (2, 1), (0, 0, 1, 1), (1, 1), 2, (0,)),
    ((2, 3, 5, 5), (2, 3, 1, 1), False, (1, 1), (0, 0, 0, 0), (1, 1), 1, (0, 1)),  # dynamic C
    # Sizes that fill kiln-vectorize's register tiles (16 f32 lanes on
    # AVX-512): 32 + 8 output columns and 16 + 3 filters; strided and
    # dilated rows; outputs narrower than a vector with a wide kernel, which
    # are vectorized along the kernel (36 = 2 x 18 lanes; 20 lanes read
    # every other column); dynamic batch and channels.
    ((2, 5, 20, 40), (19, 5, 3, 3), True, (1, 1), (1, 1, 1, 1), (1, 1), 1, ()),
    ((1, 3, 33, 37), (10, 3, 5, 4), False, (2, 2), (2, 1, 2, 1), (1, 1), 1, ()),
    ((1, 2, 20, 36), (4, 2, 3, 3), False, (1, 1), (0, 0, 0, 0), (2, 3), 1, ()),
    ((1, 2, 20, 40), (3, 2, 4, 36), True, (1, 1), (0, 0, 0, 0), (1, 1), 1, ()),
    ((2, 3, 24, 50), (5, 3, 3, 20), False, (1, 2), (0, 0, 0, 0), (1, 2), 1, ()),
    ((3, 6, 10, 34), (17, 6, 3, 3), True, (1, 1), (1, 1, 1, 1), (1, 1), 1, (0, 1)),
]

for x_shape, w_shape, has_bias, strides, padding, dilations, groups, x_dyn in CONV:
    name = (f"conv2d {x_shape}{x_dyn} {w_shape} bias={has_bias} s={strides} "
            f"p={padding} d={dilations} g={groups}")
    if torch is None:
        skip(name, "needs torch")
        continue
    x = random(x_shape, "float32")
    w = random(w_shape, "float32")
    bias = random((w_shape[0],), "float32") if has_bias else None
    oh = window_out(x_shape[2], padding[0], padding[2], w_shape[2], strides[0], dilations[0])
    ow = window_out(x_shape[3], padding[1], padding[3], w_shape[3], strides[1], dilations[1])
    tx, tw = type_of(x, x_dyn), type_of(w)
    tr = tensor_type((x_shape[0], w_shape[0], oh, ow), "float32", tuple(d for d in x_dyn if d == 0))
    operands, types, args = "%x, %w", f"{tx}, {tw}", [("x", tx), ("w", tw)]
    inputs = [x, w]
    if has_bias:
        tb = type_of(bias)
        operands, types = operands + ", %b", types + f", {tb}"
        args.append(("b", tb))
        inputs.append(bias)
    attrs = (attr("strides", strides, (1, 1)) + attr("padding", padding, (0, 0, 0, 0))
             + attr("dilations", dilations, (1, 1)) + (f" groups {groups}" if groups != 1 else ""))
    mlir = func(args, [tr], f"  %r = kiln.conv2d {operands}{attrs} : {types}\n  return %r : {tr}")
    terms = w_shape[1] * w_shape[2] * w_shape[3]  # products summed per output
    check(name, mlir, inputs, [conv_reference(x, w, bias, strides, padding, dilations, groups)],
          rtol=1e-5, atol=1e-5 * max(1, terms / 60))

# kilnc's default target (AVX2) vectorizes with 8 f32 lanes: the register
# tiles of the 16-lane cases above, vectorized 8 lanes wide first.
AVX2_CONV = [
    # (input, filter, strides, dilations)
    ((2, 5, 20, 40), (19, 5, 3, 3), (1, 1), (1, 1)),
    ((1, 2, 20, 40), (3, 2, 4, 36), (1, 1), (1, 1)),
    ((2, 3, 24, 50), (5, 3, 3, 20), (1, 2), (1, 2)),
    ((1, 3, 33, 37), (10, 3, 5, 4), (2, 2), (1, 1)),
]
for x_shape, w_shape, strides, dilations in AVX2_CONV:
    name = f"conv2d {x_shape} {w_shape} s={strides} d={dilations}, 8 lanes"
    if torch is None:
        skip(name, "needs torch")
        continue
    x, w = random(x_shape, "float32"), random(w_shape, "float32")
    ref = conv_reference(x, w, None, strides, (0, 0, 0, 0), dilations, 1)
    tx, tw, tr = type_of(x), type_of(w), type_of(ref)
    mlir = func([("x", tx), ("w", tw)], [tr],
                f"  %r = kiln.conv2d %x, %w strides [{strides[0]}, {strides[1]}] "
                f"dilations [{dilations[0]}, {dilations[1]}] : {tx}, {tw}\n  return %r : {tr}")
    terms = w_shape[1] * w_shape[2] * w_shape[3]
    check(name, mlir, [x, w], [ref], rtol=1e-5, atol=1e-5 * max(1, terms / 60),
          passes=["--pass-pipeline=builtin.module(convert-kiln-to-linalg,"
                  "func.func(kiln-vectorize{vector-width=8}))"])

# f64 convolution.
if torch is not None:
    x = random((1, 2, 5, 5), "float64")
    w = random((3, 2, 2, 2), "float64")
    b = random((3,), "float64")
    tx, tw, tb = type_of(x), type_of(w), type_of(b)
    tr = tensor_type((1, 3, 5, 5), "float64")
    mlir = func([("x", tx), ("w", tw), ("b", tb)], [tr],
                f"  %r = kiln.conv2d %x, %w, %b padding [1, 1, 0, 0] : {tx}, {tw}, {tb}\n"
                f"  return %r : {tr}")
    check("conv2d f64", mlir, [x, w, b],
          [conv_reference(x, w, b, (1, 1), (1, 1, 0, 0), (1, 1), 1)], rtol=1e-12, atol=1e-12)

# --------------------------------------------------------------------------
# pooling
# --------------------------------------------------------------------------


def pad_nchw(x, padding, value):
    top, left, bottom, right = padding
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def max_pool_reference(x, kernel, strides, padding, dilations):
    xp = torch.from_numpy(pad_nchw(x.astype("float64"), padding, -np.inf))
    out = torch.nn.functional.max_pool2d(xp, tuple(kernel), tuple(strides), 0, tuple(dilations))
    return out.numpy().astype(x.dtype)


def avg_pool_reference(x, kernel, strides, padding, include_pad):
    top, left, bottom, right = padding
    if top == bottom and left == right:  # torch pads symmetrically itself
        out = torch.nn.functional.avg_pool2d(
            torch.from_numpy(x.astype("float64")), tuple(kernel), tuple(strides), (top, left),
            count_include_pad=include_pad)
        return out.numpy().astype(x.dtype)
    # Asymmetric: sum over the zero-padded input divided by the taps counted.
    def window_sum(v):
        out = torch.nn.functional.avg_pool2d(torch.from_numpy(v), tuple(kernel), tuple(strides))
        return out.numpy() * kernel[0] * kernel[1]
    sums = window_sum(pad_nchw(x.astype("float64"), padding, 0.0))
    ones = np.ones((1, 1) + x.shape[2:])
    counts = window_sum(pad_nchw(ones, padding, 0.0)) if not include_pad else kernel[0] * kernel[1]
    return (sums / counts).astype(x.dtype)


POOL = [
    # (op, input, kernel, strides or None, padding, dilations / count_include_pad, dyn)
    ("max", (1, 2, 6, 6), (2, 2), None, (0, 0, 0, 0), (1, 1), ()),
    ("max", (2, 3, 7, 8), (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), ()),
    ("max", (1, 2, 7, 7), (3, 2), (1, 2), (1, 0, 0, 1), (1, 1), ()),
    ("max", (1, 2, 9, 9), (3, 3), (1, 1), (1, 1, 1, 1), (2, 2), ()),      # dilation
    ("max", (2, 1, 8, 7), (2, 3), (2, 1), (0, 1, 1, 0), (3, 1), ()),
    ("max", (3, 2, 5, 5), (2, 2), (1, 1), (1, 1, 1, 1), (1, 1), (0,)),    # dynamic batch
    ("avg", (1, 2, 6, 6), (2, 2), None, (0, 0, 0, 0), True, ()),          # strides = kernel
    ("avg", (2, 2, 7, 5), (3, 3), (2, 1), (1, 1, 1, 1), True, ()),
    ("avg", (2, 2, 7, 5), (3, 3), (2, 1), (1, 1, 1, 1), False, ()),
    ("avg", (1, 3, 6, 7), (3, 2), (1, 1), (1, 0, 0, 1), True, ()),        # asymmetric
    ("avg", (1, 3, 6, 7), (3, 2), (1, 1), (1, 0, 0, 1), False, ()),
    ("avg", (1, 1, 5, 5), (4, 4), (1, 1), (2, 2, 2, 2), False, ()),
    ("avg", (3, 2, 6, 6), (3, 3), None, (1, 1, 1, 1), False, (0,)),       # dynamic batch
    ("avg", (3, 2, 6, 6), (2, 2), (1, 1), (0, 0, 1, 1), True, (0, 1)),
]

for op, x_shape, kernel, strides, padding, extra, x_dyn in POOL:
    name = f"{op}_pool2d {x_shape}{x_dyn} k={kernel} s={strides} p={padding} {extra}"
    if torch is None:
        skip(name, "needs torch")
        continue
    x = random(x_shape, "float32")
    eff_strides = strides or kernel
    dil = extra if op == "max" else (1, 1)
    oh = window_out(x_shape[2], padding[0], padding[2], kernel[0], eff_strides[0], dil[0])
    ow = window_out(x_shape[3], padding[1], padding[3], kernel[1], eff_strides[1], dil[1])
    tx = type_of(x, x_dyn)
    tr = tensor_type((x_shape[0], x_shape[1], oh, ow), "float32", x_dyn)
    attrs = f" kernel [{kernel[0]}, {kernel[1]}]"
    if strides is not None:
        attrs += f" strides [{strides[0]}, {strides[1]}]"
    attrs += attr("padding", padding, (0, 0, 0, 0))
    if op == "max":
        attrs += attr("dilations", extra, (1, 1))
        expected = max_pool_reference(x, kernel, eff_strides, padding, extra)
    else:
        if not extra:
            attrs += " {count_include_pad = false}"
        expected = avg_pool_reference(x, kernel, eff_strides, padding, extra)
    mlir = func([("x", tx)], [tr], f"  %r = kiln.{op}_pool2d %x{attrs} : {tx}\n  return %r : {tr}")
    check(name, mlir, [x], [expected], rtol=1e-5, atol=1e-6)

finish()
