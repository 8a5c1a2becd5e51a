# RUN: %python %s
"""reshape, transpose, broadcast_to, concat, slice, pad and gather against
numpy, on static and dynamic shapes, 0-d tensors and integer data. These
ops only move data, so every comparison is exact.

Most cases feed the op a computed value (`pre`: negation, or `x == false`
for i1) rather than a function argument, so that what is checked is the
op itself; returning an argument or a view of one is covered separately at
the end."""

import numpy as np
from harness import check, finish, func, random, tensor_type, type_of


def exact(name, mlir, inputs, expected):
    check(name, mlir, inputs, expected, rtol=0, atol=0)


def pre(value, t, dtype):
    """MLIR lines computing %<value>p from %<value>, and the numpy map."""
    if np.dtype(dtype) == np.bool_:
        return (f"  %{value}f = kiln.constant dense<false> : tensor<i1>\n"
                f"  %{value}p = kiln.compare eq, %{value}, %{value}f : {t}, tensor<i1>\n",
                np.logical_not)
    return f"  %{value}p = kiln.neg %{value} : {t}\n", np.negative


def listed(values):
    return "[" + ", ".join(map(str, values)) + "]"


def op_case(name, arrays, types, op, tr, ref, extra_lines="", negate_result=False):
    """Runs `%r = OP` where OP names the arguments, mapped by `pre`, as
    %a0p, %a1p, ...; expects `ref` of the mapped arrays. With
    `negate_result` the function returns -%r (the op's result is consumed
    rather than returned)."""
    lines, mapped = extra_lines, []
    for i, (a, t) in enumerate(zip(arrays, types)):
        text, fn = pre(f"a{i}", t, a.dtype)
        lines += text
        mapped.append(fn(a))
    lines += f"  %r = {op}\n"
    result, expected = "%r", ref(*mapped)
    if negate_result:
        lines += f"  %s = kiln.neg %r : {tr}\n"
        result, expected = "%s", -expected
    mlir = func([(f"a{i}", t) for i, t in enumerate(types)], [tr],
                f"{lines}  return {result} : {tr}")
    exact(name, mlir, arrays, [expected])

# --------------------------------------------------------------------------
# reshape
# --------------------------------------------------------------------------

RESHAPE = [
    # (input shape, dynamic dims, target, dtype)
    ((2, 3, 4), (), [6, 4], "float32"),
    ((2, 3, 4), (), [-1, 2], "float32"),
    ((2, 3, 4), (), [4, -1, 3], "int32"),
    ((2, 3, 4), (), [24], "float32"),
    ((1, 1), (), [], "float32"),                 # to 0-d
    ((), (), [1, 1, 1], "float32"),              # from 0-d
    ((), (), [-1], "int64"),
    ((1,), (0,), [], "float32"),                 # dynamic to 0-d
    ((5, 3, 4), (0,), [-1, 12], "float32"),      # dynamic input
    ((5, 3, 4), (0,), [3, -1, 2], "float32"),
    ((4, 6), (0, 1), [-1], "float32"),
    ((4, 6), (0, 1), [2, 3, 4], "float32"),      # dynamic to all-static
    ((2, 6), (1,), [2, -1, 2], "bool"),
]
for shape, dynamic, target, dtype in RESHAPE:
    x = random(shape, dtype, -100, 100)
    tx = type_of(x, dynamic)
    expected = x.reshape(target)
    inferred_dynamic = tuple(i for i, d in enumerate(target) if d == -1 and dynamic)
    tr = tensor_type(expected.shape, dtype, inferred_dynamic)
    op_case(f"reshape {shape}{dynamic} -> {target} {dtype}", [x], [tx],
            f"kiln.reshape %a0p {listed(target)} : {tx}", tr, lambda a: a.reshape(target))

# A reshape chain through a transpose (the flattened view must not be reused).
x = random((2, 3, 4), "float32")
tx = type_of(x, (0,))
mlir = func([("x", tx)], [tensor_type((4, 6), "float32", (1,))], f"""\
  %t = kiln.transpose %x [2, 0, 1] : {tx}
  %r = kiln.reshape %t [4, -1] : tensor<4x?x3xf32>
  return %r : tensor<4x?xf32>""")
exact("transpose then reshape", mlir, [x], [x.transpose(2, 0, 1).reshape(4, -1)])

# --------------------------------------------------------------------------
# transpose
# --------------------------------------------------------------------------

TRANSPOSE = [
    ((3, 5), (), [1, 0], "float32"),
    ((2, 3, 4), (), [2, 0, 1], "float32"),
    ((2, 3, 4), (), [0, 1, 2], "int32"),
    ((2, 3, 4, 5), (), [0, 2, 3, 1], "float32"),
    ((2, 3, 4, 5), (), [3, 1, 0, 2], "int64"),
    ((4, 7), (0, 1), [1, 0], "float32"),
    ((2, 3, 4), (0, 2), [2, 0, 1], "float64"),
    ((2, 1, 3, 2), (1, 3), [3, 2, 1, 0], "bool"),
    # 16 x 16 squares (kiln-vectorize): whole, partial, dynamic.
    ((64, 48), (), [1, 0], "float32"),
    ((37, 100), (), [1, 0], "float32"),
    ((5, 33, 17), (), [2, 0, 1], "float32"),
    ((6, 20, 40), (0,), [0, 2, 1], "float32"),
    ((40, 19), (0, 1), [1, 0], "float64"),
]
for shape, dynamic, perm, dtype in TRANSPOSE:
    x = random(shape, dtype, -100, 100)
    tx = type_of(x, dynamic)
    expected = np.transpose(x, perm)
    tr = tensor_type(expected.shape, dtype, tuple(i for i, p in enumerate(perm) if p in dynamic))
    op_case(f"transpose {shape}{dynamic} {perm} {dtype}", [x], [tx],
            f"kiln.transpose %a0p {listed(perm)} : {tx}", tr, lambda a: np.transpose(a, perm))

# --------------------------------------------------------------------------
# broadcast_to
# --------------------------------------------------------------------------

STATIC_BROADCAST = [
    ((3,), (2, 3), "float32"),
    ((2, 1, 3), (2, 4, 3), "float32"),
    ((), (2, 2), "int32"),
    ((1,), (5,), "float32"),
    ((4, 1), (3, 4, 2), "int64"),
    ((2, 3), (2, 3), "float32"),
]
for shape, target, dtype in STATIC_BROADCAST:
    x = random(shape, dtype, -100, 100)
    tx, tr = type_of(x), tensor_type(target, dtype)
    op_case(f"broadcast_to {shape} -> {target} {dtype}", [x], [tx],
            f"kiln.broadcast_to %a0p : {tx} -> {tr}", tr, lambda a: np.broadcast_to(a, target))

# Dynamic target sizes read from another tensor with tensor.dim.
x, y = random((3,), "float32"), random((4, 3), "float32")
tx, ty, tr = type_of(x), type_of(y, (0,)), tensor_type((4, 3), "float32", (0,))
op_case("broadcast_to dynamic target from tensor.dim", [x, y], [tx, ty],
        f"kiln.broadcast_to %a0p [%n] : {tx} -> {tr}", tr, lambda a, b: np.broadcast_to(a, b.shape),
        f"  %c0 = arith.constant 0 : index\n  %n = tensor.dim %a1, %c0 : {ty}\n")

# Dynamic target sizes from arith.constant.
x = random((2, 1), "int32", -9, 9)
tx, tr = type_of(x), tensor_type((3, 2, 5), "int32", (0, 2))
op_case("broadcast_to dynamic target from arith.constant", [x], [tx],
        f"kiln.broadcast_to %a0p [%c3, %c5] : {tx} -> {tr}", tr,
        lambda a: np.broadcast_to(a, (3, 2, 5)),
        "  %c3 = arith.constant 3 : index\n  %c5 = arith.constant 5 : index\n")

# A dynamic input dimension that is 1 at run time broadcasts.
x = random((1, 3), "float32")
tx, tr = type_of(x, (0,)), tensor_type((4, 3), "float32")
op_case("broadcast_to ?x3 (1x3) -> 4x3", [x], [tx], f"kiln.broadcast_to %a0p : {tx} -> {tr}", tr,
        lambda a: np.broadcast_to(a, (4, 3)), negate_result=True)
op_case("broadcast_to ?x3 (1x3) -> 4x3 returned", [x], [tx],
        f"kiln.broadcast_to %a0p : {tx} -> {tr}", tr, lambda a: np.broadcast_to(a, (4, 3)))

x, y = random((1, 1), "float32"), random((5, 3), "float32")
tx, ty, tr = type_of(x, (0, 1)), type_of(y, (0, 1)), tensor_type((5, 3), "float32", (0, 1))
op_case("broadcast_to ?x? (1x1) -> ?x? (5x3)", [x, y], [tx, ty],
        f"kiln.broadcast_to %a0p [%n, %m] : {tx} -> {tr}", tr, lambda a, b: np.broadcast_to(a, b.shape),
        "  %c0 = arith.constant 0 : index\n  %c1 = arith.constant 1 : index\n"
        f"  %n = tensor.dim %a1, %c0 : {ty}\n  %m = tensor.dim %a1, %c1 : {ty}\n",
        negate_result=True)

x = random((1, 3), "float32")
tx, tr = type_of(x, (0, 1)), tensor_type((2, 4, 3), "float32", (1,))
op_case("broadcast_to ?x? (1x3) -> 2x?x3", [x], [tx], f"kiln.broadcast_to %a0p [%c4] : {tx} -> {tr}",
        tr, lambda a: np.broadcast_to(a, (2, 4, 3)), "  %c4 = arith.constant 4 : index\n")

x = random((4, 3), "float32")  # a dynamic dim that is not 1 passes through
tx, tr = type_of(x, (0,)), tensor_type((2, 4, 3), "float32")
op_case("broadcast_to ?x3 (4x3) -> 2x4x3", [x], [tx], f"kiln.broadcast_to %a0p : {tx} -> {tr}", tr,
        lambda a: np.broadcast_to(a, (2, 4, 3)))

# --------------------------------------------------------------------------
# concat
# --------------------------------------------------------------------------


def concat_type(arrays, dynamics, axis):
    """Kiln's inferred type: the axis is dynamic if any input's is; other
    dims take the first static size."""
    rank = arrays[0].ndim
    axis %= rank
    dyn = []
    for d in range(rank):
        sizes = [None if d in dy else a.shape[d] for a, dy in zip(arrays, dynamics)]
        if (d == axis and None in sizes) or (d != axis and all(s is None for s in sizes)):
            dyn.append(d)
    expected = np.concatenate(arrays, axis=axis)
    return tensor_type(expected.shape, arrays[0].dtype, tuple(dyn)), expected


CONCAT = [
    # (shapes, dynamic dims per input, axis, dtype)
    ([(2, 3), (4, 3)], [(), ()], 0, "float32"),
    ([(2, 3), (2, 1), (2, 4)], [(), (), ()], 1, "float32"),
    ([(2, 3, 2), (2, 3, 5)], [(), ()], -1, "int32"),
    ([(2, 3, 4), (2, 1, 4), (2, 2, 4)], [(), (), ()], -2, "float32"),
    ([(3, 3), (2, 3)], [(0,), ()], 0, "float32"),               # dynamic along
    ([(2, 3), (2, 5)], [(0, 1), (0,)], 1, "float32"),            # dynamic across and along
    ([(2, 3), (4, 3)], [(1,), (0,)], 0, "float32"),              # ? across from the other
    ([(1, 2), (3, 2), (2, 2)], [(0, 1), (0, 1), (0, 1)], 0, "int64"),
    ([(4,), (0,), (2,)], [(0,), (0,), ()], 0, "float32"),        # an empty input
    ([(3, 2)], [(0,)], 1, "float32"),                            # one input
    ([(2, 2), (2, 1)], [(), ()], 1, "bool"),
]
for shapes, dynamics, axis, dtype in CONCAT:
    arrays = [random(s, dtype, -100, 100) for s in shapes]
    types = [type_of(a, dy) for a, dy in zip(arrays, dynamics)]
    tr, expected = concat_type(arrays, dynamics, axis)
    names = ", ".join(f"%a{i}p" for i in range(len(arrays)))
    op_case(f"concat {shapes}{dynamics} axis={axis} {dtype}", arrays, types,
            f"kiln.concat {names} axis {axis} : {', '.join(types)}", tr,
            lambda *a: np.concatenate(a, axis=axis))

# --------------------------------------------------------------------------
# slice
# --------------------------------------------------------------------------

SLICE = [
    # (shape, dynamic dims, start, limit, stride or None, dtype)
    ((4, 8), (), [0, 2], [4, 8], [1, 2], "float32"),
    ((4, 8), (), [1, 3], [3, 7], None, "int32"),
    ((5, 7), (), [0, 1], [5, 6], [2, 3], "float32"),
    ((6, 5, 4), (), [1, 0, 3], [6, 5, 4], [2, 4, 1], "float32"),
    ((6, 9), (0, 1), [1, 2], [5, 9], [3, 2], "float32"),          # dynamic input
    ((3, 4), (), [1, 2], [1, 4], None, "float32"),                # an empty slice
    ((7,), (0,), [6], [7], None, "int64"),
]
for shape, dynamic, start, limit, stride, dtype in SLICE:
    x = random(shape, dtype, -100, 100)
    tx = type_of(x, dynamic)
    steps = stride or [1] * len(shape)
    expected = x[tuple(slice(a, b, s) for a, b, s in zip(start, limit, steps))]
    tr = type_of(expected)
    attrs = f"{listed(start)} to {listed(limit)}" + (f" stride {listed(stride)}" if stride else "")
    op_case(f"slice {shape}{dynamic} {start}:{limit}:{stride} {dtype}", [x], [tx],
            f"kiln.slice %a0p {attrs} : {tx}", tr,
            lambda a: a[tuple(slice(b, e, s) for b, e, s in zip(start, limit, steps))])

# --------------------------------------------------------------------------
# pad
# --------------------------------------------------------------------------

PAD = [
    # (shape, dynamic dims, low, high, value or None, dtype)
    ((2, 3), (), [1, 0], [0, 2], None, "float32"),
    ((2, 3), (), [0, 1], [0, 1], 1.5, "float32"),
    ((2, 2, 2), (), [1, 1, 0], [0, 2, 1], -3.0, "float64"),
    ((2, 3), (), [1, 1], [1, 1], 7.0, "int32"),
    ((3,), (), [2], [0], -5.0, "int64"),
    ((2, 3), (0, 1), [1, 2], [2, 0], 0.25, "float32"),           # dynamic input
    ((2, 3), (), [0, 0], [0, 0], 9.0, "float32"),                # no padding
]
for shape, dynamic, low, high, value, dtype in PAD:
    x = random(shape, dtype, -100, 100)
    tx = type_of(x, dynamic)
    expected = np.pad(x, list(zip(low, high)), constant_values=0 if value is None else value)
    tr = tensor_type(expected.shape, dtype, dynamic)
    attrs = f"low {listed(low)} high {listed(high)}" + ("" if value is None else f" value {value}")
    op_case(f"pad {shape}{dynamic} {low} {high} {value} {dtype}", [x], [tx],
            f"kiln.pad %a0p {attrs} : {tx}", tr,
            lambda a: np.pad(a, list(zip(low, high)), constant_values=0 if value is None else value))

# --------------------------------------------------------------------------
# gather
# --------------------------------------------------------------------------

GATHER = [
    # (input shape, input dynamic, indices, indices dynamic, axis, dtype)
    ((10, 4), (), np.array([[1, 0, 9], [3, 3, 5]], dtype="int64"), (), 0, "float32"),  # embedding
    ((10, 4), (0,), np.array([[1, 0, 9], [3, 3, 5]], dtype="int64"), (0, 1), 0, "float32"),
    ((3, 5, 2), (), np.array([4, 0, 2, 2], dtype="int64"), (), 1, "float32"),
    ((3, 5, 2), (), np.array([[-1, 0], [-5, 3]], dtype="int64"), (), 1, "int32"),        # negative
    ((6, 3), (), np.array([-1, -6, 2], dtype="int32"), (), 0, "float32"),                # i32 indices
    ((4, 7), (0, 1), np.array([[0, -2], [6, 1]], dtype="int32"), (0,), -1, "float32"),   # axis -1
    ((5,), (), np.array(3, dtype="int64"), (), 0, "float32"),                            # 0-d index
    ((3, 4), (), np.array([[2]], dtype="int64"), (), 0, "int64"),
]
for shape, dynamic, indices, index_dynamic, axis, dtype in GATHER:
    x = random(shape, dtype, -100, 100)
    tx, ti = type_of(x, dynamic), type_of(indices, index_dynamic)
    expected = np.take(x, indices, axis=axis)
    a = axis % x.ndim
    dyn = [d for d in dynamic if d < a] + [a + d for d in index_dynamic] + \
          [d - 1 + indices.ndim for d in dynamic if d > a]
    tr = tensor_type(expected.shape, dtype, tuple(dyn))
    mlir = func([("x", tx), ("i", ti)], [tr],
                f"  %r = kiln.gather %x, %i axis {axis} : {tx}, {ti}\n  return %r : {tr}")
    exact(f"gather {shape}{dynamic} {indices.dtype}{list(indices.shape)} axis={axis} {dtype}",
          mlir, [x, indices], [expected])

# --------------------------------------------------------------------------
# Results that are arguments or views of them: no copy is needed, but the
# caller must get a buffer it owns.
# --------------------------------------------------------------------------

VIEWS = [
    # (body, result type, numpy reference)
    ("%r = kiln.slice %x [0, 1] to [2, 3] : tensor<2x3xf32>", "tensor<2x2xf32>",
     lambda x: x[:, 1:3]),
    ("%r = kiln.transpose %x [1, 0] : tensor<2x3xf32>", "tensor<3x2xf32>", lambda x: x.T),
    # Results that alias the argument (returned as copies the caller owns).
    ("%r = kiln.reshape %x [3, 2] : tensor<2x3xf32>", "tensor<3x2xf32>", lambda x: x.reshape(3, 2)),
    ("%r = kiln.slice %x [0, 0] to [1, 3] : tensor<2x3xf32>", "tensor<1x3xf32>", lambda x: x[:1]),
    ("%r = kiln.transpose %x [0, 1] : tensor<2x3xf32>", "tensor<2x3xf32>", lambda x: x),
    ("%r = kiln.concat %x axis 0 : tensor<2x3xf32>", "tensor<2x3xf32>", lambda x: x),
    ("%r = kiln.pad %x low [0, 0] high [0, 0] : tensor<2x3xf32>", "tensor<2x3xf32>", lambda x: x),
    ("%r = kiln.broadcast_to %x : tensor<2x3xf32> -> tensor<2x3xf32>", "tensor<2x3xf32>", lambda x: x),
]
x = random((2, 3), "float32")
for body, tr, ref in VIEWS:
    mlir = func([("x", "tensor<2x3xf32>")], [tr], f"  {body}\n  return %r : {tr}")
    exact(f"argument view: {body}", mlir, [x], [ref(x)])
mlir = func([("x", "tensor<2x3xf32>")], ["tensor<2x3xf32>"], "  return %x : tensor<2x3xf32>")
exact("argument returned as is", mlir, [x], [x])

finish()
