"""`kiln.Tensor`: an immutable n-d array, concrete (eager) or symbolic (traced).

An eager tensor holds a numpy array; ops on it run at once. Inside
`kiln.jit` or `kiln.grad`, functions receive symbolic tensors, which hold a
value of the function under construction and know only their type; the same
operators and functions then build IR instead of computing.
"""

import numpy as np

from ._dtypes import contiguous, from_name, mlir_type
from ._trace import KilnError, user_location, where


class Tensor:
    __slots__ = ("_data", "_trace", "_value", "_scope", "_type", "__weakref__")

    # numpy defers to Tensor's reflected operators (ndarray + Tensor).
    __array_priority__ = 1000

    def __init__(self, data):
        self._data = data
        self._trace = None

    @classmethod
    def _symbolic(cls, trace, handle, type_):
        tensor = object.__new__(cls)
        tensor._data = None
        tensor._trace = trace
        tensor._value = handle
        tensor._scope = trace.scope
        tensor._type = type_
        return tensor

    @property
    def is_symbolic(self):
        return self._trace is not None

    @property
    def shape(self):
        """Dimensions; None marks one only known at run time (in a trace)."""
        if self._trace is None:
            return self._data.shape
        return self._type[0]

    @property
    def dtype(self):
        if self._trace is None:
            return self._data.dtype
        return from_name(self._type[1])

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape))

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of a 0-d tensor")
        if self.shape[0] is None:
            raise KilnError(
                f"{where(user_location())}: len() of a tensor whose first "
                "dimension is only known at run time")
        return self.shape[0]

    # Concrete values ------------------------------------------------------

    def _concrete(self, what):
        if self._trace is not None:
            raise KilnError(
                f"{where(user_location())}: {what} of a traced tensor is "
                "needed while compiling; under kiln.jit a Python `if`, "
                "`while` or `for ... in range()` on tensors is converted to "
                "kiln control flow only in the decorated function itself "
                "(decorate helpers with @kiln.jit too), and other uses "
                "(`and`/`or`, `assert`, `int(t)`) need concrete values")
        return self._data

    def numpy(self):
        """The values as a numpy array (shares memory; do not modify)."""
        return self._concrete("the value")

    def __array__(self, dtype=None, copy=None):
        data = self._concrete("the value")
        return data if dtype is None else data.astype(dtype)

    def item(self):
        return self._concrete("the value").item()

    def tolist(self):
        return self._concrete("the value").tolist()

    def __bool__(self):
        return bool(self._concrete("the truth value"))

    def __float__(self):
        return float(self._concrete("the value"))

    def __int__(self):
        return int(self._concrete("the value"))

    def __index__(self):
        return int(self._concrete("the value"))

    def __repr__(self):
        if self._trace is None:
            return f"kiln.Tensor({np.array2string(self._data, separator=', ')}, dtype={self.dtype})"
        return f"kiln.Tensor(<traced {mlir_type(self.shape, self.dtype)}>)"

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    # Methods mirroring numpy -----------------------------------------------

    def astype(self, dtype):
        return _ops.cast(self, dtype)

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = shape[0]
        return _ops.reshape(self, shape)

    def transpose(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = axes[0]
        return _ops.transpose(self, axes or None)

    @property
    def T(self):
        return _ops.transpose(self)

    def sum(self, axis=None, keepdims=False):
        return _ops.sum(self, axis, keepdims)

    def mean(self, axis=None, keepdims=False):
        return _ops.mean(self, axis, keepdims)

    def max(self, axis=None, keepdims=False):
        return _ops.max(self, axis, keepdims)

    def min(self, axis=None, keepdims=False):
        return _ops.min(self, axis, keepdims)

    def argmax(self, axis=-1, keepdims=False):
        return _ops.argmax(self, axis, keepdims)

    def exp(self):
        return _ops.exp(self)

    def log(self):
        return _ops.log(self)

    def __getitem__(self, index):
        return _ops.getitem(self, index)

    # Operators ------------------------------------------------------------

    def __add__(self, other):
        return _ops.add(self, other)

    def __radd__(self, other):
        return _ops.add(other, self)

    def __sub__(self, other):
        return _ops.subtract(self, other)

    def __rsub__(self, other):
        return _ops.subtract(other, self)

    def __mul__(self, other):
        return _ops.multiply(self, other)

    def __rmul__(self, other):
        return _ops.multiply(other, self)

    def __truediv__(self, other):
        return _ops.divide(self, other)

    def __rtruediv__(self, other):
        return _ops.divide(other, self)

    def __pow__(self, other):
        return _ops.power(self, other)

    def __rpow__(self, other):
        return _ops.power(other, self)

    def __matmul__(self, other):
        return _ops.matmul(self, other)

    def __rmatmul__(self, other):
        return _ops.matmul(other, self)

    def __neg__(self):
        return _ops.negative(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _ops.abs(self)

    def __eq__(self, other):
        return _ops.equal(self, other)

    def __ne__(self, other):
        return _ops.not_equal(self, other)

    def __lt__(self, other):
        return _ops.less(self, other)

    def __le__(self, other):
        return _ops.less_equal(self, other)

    def __gt__(self, other):
        return _ops.greater(self, other)

    def __ge__(self, other):
        return _ops.greater_equal(self, other)

    __hash__ = object.__hash__


def asarray(value, dtype=None):
    """A kiln tensor of `value` (a numpy array, nested lists, a scalar or a
    tensor), without copying where the layout allows; Python floats become
    float32 and ints int64."""
    if isinstance(value, Tensor):
        return value if dtype is None else value.astype(dtype)
    array = np.asarray(value, dtype=dtype)
    # Python floats (and lists of them) are float32, as in PyTorch.
    if dtype is None and array.dtype == np.float64 and not isinstance(
            value, (np.ndarray, np.generic)):
        array = array.astype(np.float32)
    return Tensor(contiguous(array))


from . import ops as _ops  # noqa: E402  (operators call into ops)

# The argument walk of jitted calls (in C++) recognises tensors and numpy
# scalars.
from . import _kiln  # noqa: E402
_kiln.set_leaf_types(Tensor, np.generic)

# The operators with no wrapper frame in between (eager per-op overhead).
Tensor.__add__ = _ops.add
Tensor.__sub__ = _ops.subtract
Tensor.__mul__ = _ops.multiply
Tensor.__matmul__ = _ops.matmul
