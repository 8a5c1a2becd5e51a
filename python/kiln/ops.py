"""The numpy-like functions, each defined once on top of a `kiln` op; they run
eagerly on concrete tensors and build IR on traced ones.

Dtype rules: a Python scalar takes the dtype of the tensor it meets (so
`x * 2` stays float32); two tensors of different dtypes meet in numpy's
result type; float functions of integer tensors compute in float32.
"""

import builtins
import numbers

import numpy as np

from ._dispatch import _eager_cache, apply, apply1
from ._trace import _stack
from ._dtypes import dtype_name, is_float
from ._trace import KilnError, user_location
from ._trace import where as _where
from .tensor import Tensor, asarray

_PREDICATES = {"eq": 0, "ne": 1, "lt": 2, "le": 3, "gt": 4, "ge": 5}


def _array_attr(values):
    values = [int(v) for v in values]
    return "array<i64" + (": " + ", ".join(map(str, values)) if values else "") + ">"


def _type(shape, dtype):
    return (tuple(shape), dtype_name(dtype))


def _error(message):
    return KilnError(f"{_where(user_location())}: {message}")


def _scalar(value, dtype):
    return Tensor(np.asarray(value, dtype=dtype))


def _operands(a, b):
    """Two tensors of one dtype from tensors, arrays or Python scalars."""
    a_scalar = isinstance(a, (numbers.Number, np.bool_)) and not isinstance(a, np.ndarray)
    b_scalar = isinstance(b, (numbers.Number, np.bool_)) and not isinstance(b, np.ndarray)
    if a_scalar and b_scalar:
        a = asarray(a)
        a_scalar = False
    if a_scalar or b_scalar:
        tensor, value = (asarray(b), a) if a_scalar else (asarray(a), b)
        dtype = tensor.dtype
        if isinstance(value, float) and not is_float(dtype):
            dtype = np.dtype(np.float32)
            tensor = cast(tensor, dtype)
        elif isinstance(value, (int, np.integer)) and dtype == np.bool_ and not isinstance(value, (bool, np.bool_)):
            dtype = np.dtype(np.int64)
            tensor = cast(tensor, dtype)
        other = _scalar(value, dtype)
        return (other, tensor) if a_scalar else (tensor, other)
    a, b = asarray(a), asarray(b)
    if a.dtype != b.dtype:
        common = np.result_type(a.dtype, b.dtype)
        a, b = cast(a, common), cast(b, common)
    return a, b


def _float(x):
    x = asarray(x)
    return x if is_float(x.dtype) else cast(x, np.float32)


# Elementwise ---------------------------------------------------------------

def _unary(name, doc, float_only=True):
    op_name = "kiln." + name
    cache = _eager_cache

    def op(x):
        if type(x) is Tensor and not _stack and x._data is not None:
            executable = cache.get((op_name, x._data.shape, x._data.dtype))
            if executable is not None:
                return Tensor(executable([x._data])[0])
        x = _float(x) if float_only else asarray(x)
        return apply(op_name, [x])[0]
    op.__name__ = name
    op.__doc__ = doc
    return op


exp = _unary("exp", "e**x, elementwise.")
log = _unary("log", "Natural logarithm, elementwise.")
sqrt = _unary("sqrt", "Square root, elementwise.")
rsqrt = _unary("rsqrt", "1 / sqrt(x), elementwise.")
tanh = _unary("tanh", "Hyperbolic tangent, elementwise.")
sigmoid = _unary("sigmoid", "1 / (1 + exp(-x)), elementwise.")
gelu = _unary("gelu", "GELU, exact (erf) form, elementwise.")
sin = _unary("sin", "Sine, elementwise.")
cos = _unary("cos", "Cosine, elementwise.")
erf = _unary("erf", "Error function, elementwise.")
relu = _unary("relu", "max(x, 0), elementwise.", float_only=False)
abs = _unary("abs", "|x|, elementwise.", float_only=False)
negative = _unary("neg", "-x, elementwise.", float_only=False)


def _binary(name, doc):
    op_name = "kiln." + name
    cache = _eager_cache

    def op(a, b):
        # The eager fast path: two concrete tensors of one dtype, already
        # compiled for (a per-op overhead close to numpy's).
        if type(a) is Tensor and type(b) is Tensor and not _stack:
            x, y = a._data, b._data
            if x is not None and y is not None:
                executable = cache.get((op_name, x.shape, y.shape, x.dtype, y.dtype))
                if executable is not None:
                    return Tensor(executable([x, y])[0])
        a, b = _operands(a, b)
        return apply(op_name, [a, b])[0]
    op.__name__ = name
    op.__doc__ = doc
    return op


add = _binary("add", "a + b with numpy broadcasting.")
subtract = _binary("sub", "a - b with numpy broadcasting.")
multiply = _binary("mul", "a * b with numpy broadcasting.")
maximum = _binary("max", "Elementwise maximum with numpy broadcasting.")
minimum = _binary("min", "Elementwise minimum with numpy broadcasting.")


def divide(a, b):
    """True division a / b (integers divide as float32)."""
    a, b = _operands(a, b)
    if not is_float(a.dtype):
        a, b = cast(a, np.float32), cast(b, np.float32)
    return apply1("kiln.div", [a, b])


def power(a, b):
    """a ** b (float)."""
    a, b = _operands(a, b)
    if not is_float(a.dtype):
        a, b = cast(a, np.float32), cast(b, np.float32)
    return apply1("kiln.pow", [a, b])


def _comparison(predicate):
    def op(a, b):
        a, b = _operands(a, b)
        return apply1("kiln.compare", [a, b],
                      f"{{predicate = {_PREDICATES[predicate]} : i64}}")
    op.__name__ = predicate
    return op


equal = _comparison("eq")
not_equal = _comparison("ne")
less = _comparison("lt")
less_equal = _comparison("le")
greater = _comparison("gt")
greater_equal = _comparison("ge")


def where(condition, x, y):
    """Elements of x where condition holds, else of y (broadcasting)."""
    condition = asarray(condition)
    if condition.dtype != np.bool_:
        condition = not_equal(condition, 0)
    x, y = _operands(x, y)
    return apply1("kiln.select", [condition, x, y])


def cast(x, dtype):
    """x converted to `dtype` (floats to integers round toward zero)."""
    x = asarray(x)
    dtype = np.dtype(dtype)
    if x.dtype == dtype:
        return x
    return apply1("kiln.cast", [x], "", (_type(x.shape, dtype),))


# Linear algebra and nn -------------------------------------------------------

matmul = _binary("matmul", "numpy matmul: 2-D, batched (batch dims broadcast), 1-D promoted.")


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def _padding(padding):
    """PyTorch's int or (h, w) padding as kiln's [top, left, bottom, right]."""
    if isinstance(padding, int):
        return [padding] * 4
    padding = list(padding)
    return padding * 2 if len(padding) == 2 else padding


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """PyTorch conv2d: NCHW input, FCHW weight, optional bias of F."""
    attributes = (f"{{strides = {_array_attr(_pair(stride))}, "
                  f"padding = {_array_attr(_padding(padding))}, "
                  f"dilations = {_array_attr(_pair(dilation))}, "
                  f"groups = {int(groups)} : i64}}")
    inputs = [_float(x), _float(weight)] + ([] if bias is None else [_float(bias)])
    return apply1("kiln.conv2d", inputs, attributes)


def max_pool2d(x, kernel_size, stride=None, padding=0):
    """PyTorch max_pool2d over NCHW input (stride defaults to the kernel)."""
    stride = kernel_size if stride is None else stride
    return apply1("kiln.max_pool2d", [_float(x)],
                  f"{{kernel_size = {_array_attr(_pair(kernel_size))}, "
                  f"strides = {_array_attr(_pair(stride))}, "
                  f"padding = {_array_attr(_padding(padding))}}}")


def avg_pool2d(x, kernel_size, stride=None, padding=0, count_include_pad=True):
    """PyTorch avg_pool2d over NCHW input (stride defaults to the kernel)."""
    stride = kernel_size if stride is None else stride
    return apply1("kiln.avg_pool2d", [_float(x)],
                  f"{{kernel_size = {_array_attr(_pair(kernel_size))}, "
                  f"strides = {_array_attr(_pair(stride))}, "
                  f"padding = {_array_attr(_padding(padding))}, "
                  f"count_include_pad = {str(bool(count_include_pad)).lower()}}}")


def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) along `axis`, numerically stable."""
    return apply1("kiln.softmax", [_float(x)], f"{{axis = {int(axis)} : i64}}")


def log_softmax(x, axis=-1):
    """x - log(sum(exp(x))) along `axis`, numerically stable."""
    return apply1("kiln.log_softmax", [_float(x)],
                  f"{{axis = {int(axis)} : i64}}")


def cross_entropy(logits, labels):
    """PyTorch cross_entropy with mean reduction: N x C logits, N labels."""
    labels = asarray(labels)
    if labels.dtype not in (np.int32, np.int64):
        labels = cast(labels, np.int64)
    return apply1("kiln.cross_entropy", [_float(logits), labels])


# Reductions --------------------------------------------------------------------

def _reduction(name, float_only):
    def op(x, axis=None, keepdims=False):
        x = _float(x) if float_only else asarray(x)
        parts = []
        if axis is not None:
            axes = (axis,) if isinstance(axis, int) else tuple(axis)
            parts.append(f"axes = {_array_attr(axes)}")
        if keepdims:
            parts.append("keepdims")
        return apply1("kiln." + name, [x], "{" + ", ".join(parts) + "}")
    op.__name__ = name
    op.__doc__ = (f"{name[len('reduce_'):]} over `axis` (an int, a tuple, or "
                  "None for all), keeping reduced axes with `keepdims`.")
    return op


sum = _reduction("reduce_sum", False)
mean = _reduction("reduce_mean", True)
max = _reduction("reduce_max", False)
min = _reduction("reduce_min", False)


def argmax(x, axis=-1, keepdims=False):
    """Index of the largest entry along `axis` (int64)."""
    keep = ", keepdims" if keepdims else ""
    return apply1("kiln.argmax", [asarray(x)], f"{{axis = {int(axis)} : i64{keep}}}")


# Shapes ---------------------------------------------------------------------

def reshape(x, shape):
    """x with a new shape of the same size; one dimension may be -1."""
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    return apply1("kiln.reshape", [asarray(x)], f"{{shape = {_array_attr(shape)}}}")


def transpose(x, axes=None):
    """x with its axes permuted (reversed by default)."""
    x = asarray(x)
    if axes is None:
        axes = tuple(reversed(range(x.ndim)))
    return apply1("kiln.transpose", [x], f"{{permutation = {_array_attr(axes)}}}")


def concatenate(tensors, axis=0):
    """Tensors joined along `axis`."""
    tensors = [asarray(t) for t in tensors]
    dtype = np.result_type(*[t.dtype for t in tensors])
    tensors = [cast(t, dtype) for t in tensors]
    return apply1("kiln.concat", tensors, f"{{axis = {int(axis)} : i64}}")


def take(x, indices, axis=0):
    """numpy take: entries of x at integer `indices` along `axis`."""
    indices = asarray(indices)
    if indices.dtype not in (np.int32, np.int64):
        indices = cast(indices, np.int64)
    return apply1("kiln.gather", [asarray(x), indices], f"{{axis = {int(axis)} : i64}}")


def getitem(x, index):
    """Basic indexing: ints, slices with positive steps, `...` and `None`;
    an integer tensor as the only index gathers along the first axis."""
    x = asarray(x)
    if isinstance(index, (Tensor, np.ndarray, list)):
        return take(x, index, 0)
    index = index if isinstance(index, tuple) else (index,)
    if builtins.sum(1 for i in index if i is Ellipsis) > 1:
        raise _error("an index can only have a single ellipsis ('...')")
    used = builtins.sum(1 for i in index if i is not None and i is not Ellipsis)
    if used > x.ndim:
        raise _error(f"too many indices for a tensor of rank {x.ndim}")
    expanded = []
    for i in index:
        if i is Ellipsis:
            expanded.extend([slice(None)] * (x.ndim - used))
        else:
            expanded.append(i)
    expanded.extend([slice(None)] * (x.ndim - builtins.sum(1 for i in expanded if i is not None)))

    start, limit, stride, shape = [], [], [], []
    dim = 0
    for i in expanded:
        if i is None:
            shape.append(1)
            continue
        size = x.shape[dim]
        if isinstance(i, (int, np.integer)):
            if size is None:
                raise _error(f"indexing dimension {dim}, whose size is only known at run time")
            k = int(i) + size if i < 0 else int(i)
            if not 0 <= k < size:
                raise _error(f"index {int(i)} is out of bounds for dimension {dim} of size {size}")
            start.append(k), limit.append(k + 1), stride.append(1)
        elif isinstance(i, slice):
            if size is None:
                raise _error(f"slicing dimension {dim}, whose size is only known at run time")
            lo, hi, step = i.indices(size)
            if step <= 0:
                raise _error("slices with a negative step are not supported")
            hi = builtins.max(hi, lo)
            start.append(lo), limit.append(hi), stride.append(step)
            shape.append(None if size is None else -(-(hi - lo) // step))
        else:
            raise _error(f"unsupported index {i!r}")
        dim += 1
    result = x
    if start != [0] * x.ndim or limit != list(x.shape) or builtins.any(s != 1 for s in stride):
        result = apply1("kiln.slice", [x],
                        f"{{start = {_array_attr(start)}, limit = {_array_attr(limit)}, "
                        f"stride = {_array_attr(stride)}}}")
    if tuple(shape) != tuple(-1 if d is None else d for d in result.shape):
        result = reshape(result, [-1 if d is None else d for d in shape])
    return result


# Creation --------------------------------------------------------------------

def zeros(shape, dtype=np.float32):
    return Tensor(np.zeros(shape, dtype))


def ones(shape, dtype=np.float32):
    return Tensor(np.ones(shape, dtype))


def full(shape, value, dtype=np.float32):
    return Tensor(np.full(shape, value, dtype))


def arange(*args, dtype=np.int64):
    return Tensor(np.arange(*args, dtype=dtype))
