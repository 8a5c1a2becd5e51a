"""One op, two ways: run at once on concrete tensors, or added to the trace.

Eagerly, an op is compiled once per signature (op, attributes, argument
shapes and dtypes) into a one-op function through the same CPU pipeline as
everything else, cached, and called on the numpy buffers in place.
"""

from . import _kiln, _trace
from ._dtypes import dtype_name

_eager_cache = {}

# Eager one-op kernels are small: O2 compiles them faster than O3 and runs
# them as fast.
_EAGER_OPT_LEVEL = 2


def apply(name, inputs, attributes="", result_types=None):
    """Results (a list of Tensors) of op `name` on `inputs` (Tensors)."""
    from .tensor import Tensor

    if not _trace._stack:
        data = [t._data for t in inputs]
        key = _eager_key(name, attributes, result_types, data)
        executable = _eager_cache.get(key)
        if executable is None:
            executable = _compile_eager(name, inputs, attributes, result_types)
            _eager_cache[key] = executable
        return [Tensor(r) for r in executable(data)]
    trace = _trace.current()
    file, line = _trace.user_location()
    handles = [trace.handle(t) for t in inputs]
    results = trace.graph.create(name, handles, attributes, result_types, [],
                                 file, line)
    return [trace.wrap(h) for h in results]


def _eager_key(name, attributes, result_types, data):
    """The signature an eager op is compiled for. Attribute-free unary and
    binary ops have the short forms the fast paths of ops._unary and
    ops._binary look up."""
    if not attributes and result_types is None and len(data) == 2 \
            and data[0] is not None and data[1] is not None:
        return (name, data[0].shape, data[1].shape, data[0].dtype, data[1].dtype)
    if not attributes and result_types is None and len(data) == 1 \
            and data[0] is not None:
        return (name, data[0].shape, data[0].dtype)
    key = [name, attributes, result_types]
    for d in data:
        if d is None:
            break
        key.append(d.shape)
        key.append(d.dtype)
    return tuple(key)


def apply1(name, inputs, attributes="", result_types=None):
    return apply(name, inputs, attributes, result_types)[0]


def _compile_eager(name, inputs, attributes, result_types):
    for t in inputs:
        if t._data is None:
            raise _trace.KilnError(
                f"{_trace.where(_trace.user_location())}: a traced tensor is "
                "used outside the kiln.jit or kiln.grad function that made "
                "it")
    graph = _trace.new_graph()
    types = [(t._data.shape, dtype_name(t._data.dtype)) for t in inputs]
    args = graph.begin_function("op", types)
    file, line = _trace.user_location()
    results = graph.create(name, args, attributes, result_types, [], file,
                           line)
    graph.end_function(results, file, line)
    return _kiln.Executable(str(graph), "op", _EAGER_OPT_LEVEL)


def eager_cache_size():
    """How many one-op functions eager mode has compiled."""
    return len(_eager_cache)
