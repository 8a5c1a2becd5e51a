"""`kiln.grad` and `kiln.value_and_grad`: gradients by Kiln's autodiff pass.

The differentiated function is traced into a function of its own and a
`kiln.grad` (or `kiln.value_and_grad`) op naming it is added where the
gradient is asked for; `kiln-autodiff` expands it during compilation, so
gradients flow through `kiln.if`, `kiln.while` and `kiln.for` and nest
(`grad(grad(f))`). Called outside a trace, a gradient function compiles
itself with `kiln.jit`. Tensors of the caller that the function closes over
become extra (undifferentiated) arguments.
"""

import functools

from . import _trace
from ._dtypes import contiguous, is_float
from ._trace import KilnError
from ._tree import flatten, is_array_leaf


def _array_attr(values):
    return "array<i64" + (": " + ", ".join(map(str, values)) if values else "") + ">"


class GradFunction:
    def __init__(self, fn, argnums, with_value):
        functools.update_wrapper(self, fn, updated=())
        self.fn = fn
        self.argnums = argnums
        self.with_value = with_value
        from .jit import JitFunction
        self._jitted = JitFunction(self)

    def __call__(self, *args):
        parent = _trace.current()
        if parent is None:
            return self._jitted(*args)
        return self._emit(parent, args)

    def lower(self, *args, stage="captured"):
        return self._jitted.lower(*args, stage=stage)

    def _emit(self, parent, args):
        from .jit import trace_call

        argnums = (self.argnums,) if isinstance(self.argnums, int) else tuple(self.argnums)
        for n in argnums:
            if not -len(args) <= n < len(args):
                raise KilnError(f"kiln.grad: argnums {n} is out of range for "
                                f"{len(args)} arguments")
        argnums = tuple(n % len(args) for n in argnums)
        # Which array leaves belong to the differentiated arguments.
        owner = []
        for index, argument in enumerate(args):
            leaves, _ = flatten(argument)
            owner.extend(index if is_array_leaf(leaf) else None for leaf in leaves)
        graph = parent.graph
        name = graph.names(getattr(self.fn, "__name__", "f"))
        # Types come from the (symbolic) arguments themselves.
        child, positions, types, results, _ = trace_call(
            graph, name, self.fn, args, {}, parent, private=True)
        location = _trace.user_location()
        if len(results) != 1 or results[0].ndim != 0 or not is_float(results[0].dtype):
            got = ", ".join(f"{r.dtype}{list(r.shape)}" for r in results)
            raise KilnError(
                f"{_trace.where(location)}: kiln.grad needs a function "
                f"returning one scalar (0-d) float tensor; "
                f"'{name}' returns {got or 'nothing'}")
        leaves, _ = flatten(list(args))
        operands = [parent.handle(_as_tensor(leaves[i])) for i in positions]
        operands += [parent.handle(outer) for outer, _ in child.captures.values()]
        wrt = [k for k, i in enumerate(positions) if owner[i] in argnums]
        for k in wrt:
            if not types[k][1].startswith("f"):
                raise KilnError(
                    f"{_trace.where(location)}: kiln.grad: argument leaf "
                    f"#{k} is an integer tensor; only float tensors can be "
                    "differentiated (leave it out of argnums)")
        result_types = [types[k] for k in wrt]
        if self.with_value:
            result_types = [((), results[0]._type[1])] + result_types
        op = "kiln.value_and_grad" if self.with_value else "kiln.grad"
        handles = graph.create(op, operands,
                               f"{{callee = @{name}, wrt = {_array_attr(wrt)}}}",
                               result_types, [], *location)
        tensors = [parent.wrap(h) for h in handles]
        gradients = tensors[1:] if self.with_value else tensors
        # Gradients in the structure of their arguments.
        structured, at = [], 0
        for n in argnums:
            arg_leaves, rebuild = flatten(args[n])
            count = sum(1 for leaf in arg_leaves if is_array_leaf(leaf))
            if count != len(arg_leaves):
                raise KilnError(
                    f"{_trace.where(location)}: kiln.grad: argument {n} holds "
                    "non-tensor values; only tensors can be differentiated")
            structured.append(rebuild(gradients[at:at + count]))
            at += count
        result = structured[0] if isinstance(self.argnums, int) else tuple(structured)
        return (tensors[0], result) if self.with_value else result


def _as_tensor(leaf):
    from .tensor import Tensor
    return leaf if isinstance(leaf, Tensor) else Tensor(contiguous(leaf))


def grad(fn, argnums=0):
    """The gradient of scalar-valued `fn` with respect to argument `argnums`
    (an int, or a tuple giving a tuple of gradients). Arguments may be
    tensors or tuples, lists and dicts of them; gradients have the same
    structure."""
    return GradFunction(fn, argnums, with_value=False)


def value_and_grad(fn, argnums=0):
    """Like `grad`, returning `(fn(*args), gradient)`."""
    return GradFunction(fn, argnums, with_value=True)
