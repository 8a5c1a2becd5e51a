"""`kiln.jit`: one compiled graph per input signature.

The function is traced on symbolic tensors (its control flow converted by
`autograph`) into one `func.func`, compiled by the CPU pipeline and cached
by signature: the structure of the arguments, each array's shape (with the
dimensions declared dynamic left open) and dtype, and the values of the
non-array arguments, which are compiled in as constants.
"""

import functools
import inspect

import numpy as np

from . import _kiln, _trace, autograph
from ._control_flow import Undefined
from ._dtypes import dtype_name
from ._trace import KilnError
from ._tree import arrays_and_key, flatten, is_array_leaf, structure_key
from .tensor import Tensor, asarray


def _function_location(fn):
    code = getattr(fn, "__code__", None)
    return (code.co_filename, code.co_firstlineno) if code else ("", 0)


def trace_call(graph, name, fn, args, dynamic_axes, parent=None, private=False):
    """Traces `fn(*args)` into function `name` of `graph`. Array leaves of
    the arguments become its arguments (`dynamic_axes[i]`: the axes of leaf
    i left dynamic). Returns (trace, array leaf positions, argument types,
    result tensors, rebuild of the result structure)."""
    leaves, rebuild = flatten(list(args))
    positions = [i for i, leaf in enumerate(leaves) if is_array_leaf(leaf)]
    types = []
    for i in positions:
        leaf = leaves[i]
        shape = list(leaf.shape)
        for axis in dynamic_axes.get(i, ()):
            shape[axis] = None
        types.append((tuple(shape), dtype_name(leaf.dtype)))
    trace = _trace.FunctionTrace(graph, name, parent)
    with trace:
        symbols = trace.begin_function(types, private)
        new_leaves = list(leaves)
        for i, symbol in zip(positions, symbols):
            new_leaves[i] = symbol
        outputs = autograph.convert(fn)(*rebuild(new_leaves))
        out_leaves, out_rebuild = flatten(outputs)
        results = []
        for leaf in out_leaves:
            if isinstance(leaf, Undefined):
                leaf._fail()
            if not isinstance(leaf, Tensor):
                try:
                    leaf = asarray(leaf)
                except (TypeError, ValueError):
                    raise KilnError(
                        f"{_trace.where(_function_location(fn))}: a compiled "
                        f"function can return tensors, numbers and tuples, "
                        f"lists or dicts of them, not {type(leaf).__name__}")
            results.append(leaf)
        handles = [trace.handle(t) for t in results]
        file, line = _function_location(fn)
        graph.end_function(handles, file, line)
    return trace, positions, types, results, out_rebuild


class _Compiled:
    """One signature's executable."""

    def __init__(self, executable, rebuild):
        self.executable = executable
        self.rebuild = rebuild

    def __call__(self, arrays):
        return self.rebuild([Tensor(r) for r in self.executable(arrays)])


# What a JitCache returns for arguments it has not seen.
_MISS = object()


class JitFunction:
    """A function compiled on first call for each new input signature."""

    def __init__(self, fn, dynamic=None):
        functools.update_wrapper(self, fn, updated=())
        self.fn = fn
        self.dynamic = dict(dynamic or {})
        self._cache = {}   # signature (dynamic dimensions open) -> _Compiled
        # Exact argument signatures -> executables, in C++: the hot path.
        self._fast = _kiln.JitCache(_MISS)
        self._exact = {}   # the same for arguments only Python can walk
        self.compilations = 0  # cache misses, for tests and curious users
        try:
            self._parameter_names = list(inspect.signature(fn).parameters)
        except (TypeError, ValueError):
            self._parameter_names = []

    def __call__(self, *args):
        if _trace._stack:
            # Called from another traced function: inline it there.
            return autograph.convert(self.fn)(*args)
        result = self._fast(args)
        if result is not _MISS:
            return result
        key = self._fast.key(args)
        if key is not None:
            compiled = self._compiled(args)
            if self._fast.insert(key, compiled.executable, compiled.structure):
                return self._fast(args)
        arrays, key = arrays_and_key(args)
        compiled = self._exact.get(key)
        if compiled is None:
            compiled = self._exact[key] = self._compiled(args)
        return compiled(arrays)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return functools.partial(self, instance)

    def _dynamic_axes(self, args):
        """Leaf index -> dynamic axes, from `dynamic` (argument index or
        name -> axes, applied to every array in that argument)."""
        names = self._parameter_names
        per_argument = {}
        for key, axes in self.dynamic.items():
            index = names.index(key) if isinstance(key, str) else key
            per_argument[index] = (axes,) if isinstance(axes, int) else tuple(axes)
        result, at = {}, 0
        for index, argument in enumerate(args):
            leaves, _ = flatten(argument)
            for leaf in leaves:
                if index in per_argument and is_array_leaf(leaf):
                    result[at] = tuple(a % len(leaf.shape) for a in per_argument[index])
                at += 1
        return result

    def _signature(self, args, dynamic_axes):
        leaves, _ = flatten(list(args))
        arrays = []
        for i, leaf in enumerate(leaves):
            if is_array_leaf(leaf):
                shape = list(leaf.shape)
                for axis in dynamic_axes.get(i, ()):
                    shape[axis] = None
                arrays.append((tuple(shape), np.dtype(leaf.dtype).str))
        return (structure_key(list(args)), tuple(arrays))

    def _trace(self, args):
        dynamic_axes = self._dynamic_axes(args)
        graph = _trace.new_graph()
        name = graph.names(getattr(self.fn, "__name__", "main"))
        _, positions, _, _, rebuild = trace_call(graph, name, self.fn, args,
                                                 dynamic_axes)
        return graph, name, positions, rebuild

    def _compiled(self, args):
        key = self._signature(args, self._dynamic_axes(args))
        compiled = self._cache.get(key)
        if compiled is None:
            graph, name, _, rebuild = self._trace(args)
            executable = _kiln.Executable(str(graph), name)
            compiled = self._cache[key] = _Compiled(executable, rebuild)
            # The result structure with leaf indices, for the C++ cache.
            compiled.structure = rebuild(list(range(executable.result_count)))
            self.compilations += 1
        return compiled

    def lower(self, *args, stage="captured"):
        """The IR of this function for `args`: "captured" (the kiln ops as
        traced), "optimized" (after the graph phase: gradients expanded,
        folded, simplified), or "kernel", "vector", "buffer", "llvm"."""
        graph, _, _, _ = self._trace(args)
        text = str(graph)
        return text if stage == "captured" else _kiln.lower(text, stage)


def jit(fn=None, *, dynamic=None):
    """Compiles `fn` into one graph per input signature. Use as `@kiln.jit`
    or `@kiln.jit(dynamic={"x": 0})` to leave axis 0 of argument `x` open,
    so that one compilation serves every batch size."""
    if fn is None:
        return lambda f: JitFunction(f, dynamic)
    return JitFunction(fn, dynamic)


def export(fn, example_args, path, dynamic=None):
    """Compiles `fn` for `example_args` ahead of time, as kilnc does: an
    object file at `path` and its C header beside it (`kiln_<name>`)."""
    jitted = fn if isinstance(fn, JitFunction) else JitFunction(fn, dynamic)
    graph, _, _, _ = jitted._trace(tuple(example_args))
    _kiln.export(str(graph), str(path))
