"""What converted Python control flow calls when its condition is a tensor.

`autograph` rewrites `if`, `while` and `for i in range(...)` of a compiled
function so that a condition (or bound) on plain Python values runs the
original statement, and one on a traced tensor calls `if_`, `while_` or
`for_range` here, which trace the branches or the loop body into the
regions of `kiln.if`, `kiln.while` or `kiln.for`. The variables a statement
assigns (found by `autograph`) flow in and out as the op's operands and
results.
"""

import numbers

import numpy as np

from . import _trace
from ._dtypes import dtype_name, mlir_type
from ._trace import KilnError
from .tensor import Tensor, asarray


class Undefined:
    """A variable with no value on some path through converted control flow."""

    __slots__ = ("name", "location", "why")

    def __init__(self, name, location=None, why="is not defined here"):
        self.name = name
        self.location = location
        self.why = why

    def _fail(self, *args, **kwargs):
        where = _trace.where(self.location) if self.location else "<unknown>"
        raise KilnError(f"{where}: variable '{self.name}' {self.why}")

    __getattr__ = __call__ = __bool__ = __add__ = __radd__ = __sub__ = _fail
    __rsub__ = __mul__ = __rmul__ = __truediv__ = __matmul__ = _fail
    __getitem__ = __iter__ = __float__ = __int__ = __neg__ = _fail


def ld(read, name):
    """The current value of a variable, or Undefined if it has none yet."""
    try:
        return read()
    except NameError:
        return Undefined(name)


def is_symbolic(value):
    return isinstance(value, Tensor) and value._trace is not None


def any_symbolic(values):
    return any(is_symbolic(v) for v in values)


class WhileTest:
    """The Python path of a converted `while`: its first test was already
    evaluated (to pick the path), later ones are evaluated as usual."""

    __slots__ = ("first",)

    def __init__(self, first):
        self.first = [first]

    def __call__(self, test):
        if self.first:
            return bool(self.first.pop())
        return bool(test())


def unsupported(what, file, line):
    return KilnError(
        f"{file}:{line}: {what} is not supported by kiln.jit when the "
        "condition is a tensor; compute the result in variables and leave "
        "the construct at its end")


def _predicate(condition, construct, location):
    """The 0-d i1 predicate of a tensor condition."""
    from . import ops

    if condition.ndim != 0:
        raise KilnError(
            f"{_trace.where(location)}: the condition of this `{construct}` "
            f"is a tensor of shape {condition.shape}; it must be a scalar "
            "(0-d) tensor (reduce it with .all()/.any()-style ops first)")
    if condition.dtype != np.bool_:
        condition = ops.not_equal(condition, 0)
    return condition


def _as_carried(value, name, like, location, construct):
    """A loop-carried or branch value as a tensor; Python numbers become
    0-d tensors (of `like`'s dtype when known)."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (numbers.Number, np.bool_, np.ndarray)):
        dtype = like.dtype if like is not None and not isinstance(value, np.ndarray) else None
        return asarray(value, dtype)
    kind = type(value).__name__
    raise KilnError(
        f"{_trace.where(location)}: variable '{name}' (a {kind}) changes in "
        f"a `{construct}` whose condition is a tensor; only tensors and "
        "numbers can")


def _type_of(t):
    return (tuple(t.shape), dtype_name(t.dtype))


def _describe(t):
    return mlir_type(t.shape, t.dtype)


def _trace_region(trace, types, run, terminator, finish):
    """Traces one region: `run(arguments)` gives its outputs, `finish`
    turns them into the terminator's operands; a failure abandons it."""
    arguments = trace.begin_block(types)
    try:
        outputs = run(arguments)
        operands, info = finish(outputs)
    except BaseException:
        trace.abandon_block()
        raise
    return trace.end_block(terminator, operands), info


def _mismatch(name, construct, location, first, second, what):
    return KilnError(
        f"{_trace.where(location)}: variable '{name}' is {_describe(first)} "
        f"{what[0]} but {_describe(second)} {what[1]} of this `{construct}`; "
        "it must keep its shape and dtype")


def if_(condition, then_branch, else_branch, values, names, file, line):
    """Traces both branches of an `if` on a tensor into one `kiln.if`."""
    location = (file, line)
    trace = _trace.current()
    predicate = _predicate(asarray(condition), "if", location)
    keep, hints = None, {}
    for attempt in range(2):
        regions, sides = [], []
        for branch in (then_branch, else_branch):
            def finish(outputs):
                tensors = {}
                for i, (value, name) in enumerate(zip(outputs, names)):
                    if isinstance(value, Undefined) or (keep is not None and i not in keep):
                        continue
                    tensors[i] = _as_carried(value, name, hints.get(i), location, "if")
                return [tensors[i] for i in sorted(tensors)], (tensors, outputs)
            region, side = _trace_region(
                trace, [], lambda _: list(branch(*values)), "kiln.yield", finish)
            regions.append(region)
            sides.append(side)
        (then_t, then_out), (else_t, else_out) = sides
        common = [i for i in sorted(then_t) if i in else_t]
        new_hints = {}
        for i in common:
            a, b = then_t[i], else_t[i]
            if _type_of(a) == _type_of(b):
                continue
            if not isinstance(then_out[i], Tensor) and a.shape == b.shape:
                new_hints[i] = b
            elif not isinstance(else_out[i], Tensor) and a.shape == b.shape:
                new_hints[i] = a
            else:
                raise _mismatch(names[i], "if", location, a, b,
                                ("in the then branch", "in the else branch"))
        if attempt == 0 and (new_hints or len(common) != len(then_t)
                             or len(common) != len(else_t)):
            keep, hints = set(common), new_hints
            continue  # the regions traced so far are dropped
        break
    result_types = [_type_of(then_t[i]) for i in common]
    results = trace.graph.create("kiln.if", [trace.handle(predicate)], "",
                                 result_types, regions, file, line)
    outputs = []
    for i, name in enumerate(names):
        if i in common:
            outputs.append(trace.wrap(results[common.index(i)]))
        else:
            outputs.append(Undefined(
                name, location,
                "is assigned in only one branch of the `if` on a tensor "
                f"at {file}:{line}, so it has no value after it"))
    return tuple(outputs)


def if_exp(condition, then_value, else_value, file, line):
    """`a if c else b`: Python's when `c` is a Python value, else `kiln.if`."""
    if not is_symbolic(condition):
        return then_value() if condition else else_value()
    result, = if_(condition, lambda _: (then_value(),), lambda _: (else_value(),),
                  (Undefined("<if expression>"),), ("<if expression>",), file, line)
    return result


def _loop(construct, trace, values, names, location, induction, run_test,
          run_body):
    """The common part of `while_` and `for_range`: loop-carried variables
    (those with a value before the loop) as block arguments, the body's new
    values checked against them. Returns (inits, regions, carried)."""
    carried = [i for i, v in enumerate(values) if not isinstance(v, Undefined)]
    hints = {}
    for attempt in range(2):
        inits = [_as_carried(values[i], names[i], hints.get(k), location, construct)
                 for k, i in enumerate(carried)]
        types = [_type_of(t) for t in inits]
        regions = []

        def bind(arguments):
            current = list(values)
            for k, i in enumerate(carried):
                current[i] = arguments[k]
            return current

        if run_test is not None:
            def finish_test(c):
                predicate = _predicate(asarray(c), construct, location)
                return [predicate] + list(test_arguments), None
            test_arguments = []

            def run_condition(arguments):
                test_arguments[:] = arguments
                return run_test(*bind(arguments))
            region, _ = _trace_region(trace, types, run_condition,
                                      "kiln.condition", finish_test)
            regions.append(region)

        def finish_body(outputs):
            yields, retry = [], {}
            for k, i in enumerate(carried):
                value = _as_carried(outputs[i], names[i], inits[k], location, construct)
                if _type_of(value) != types[k]:
                    if not isinstance(values[i], Tensor) and value.shape == inits[k].shape:
                        retry[k] = value
                    else:
                        raise _mismatch(names[i], construct, location, inits[k], value,
                                        ("before the loop", "after an iteration"))
                yields.append(value)
            return (yields if not retry else []), retry

        body_types = ([induction] if induction else []) + types

        def run_loop_body(arguments):
            if induction:
                return list(run_body(arguments[0], *bind(arguments[1:])))
            return list(run_body(*bind(arguments)))
        region, retry = _trace_region(trace, body_types, run_loop_body,
                                      "kiln.yield", finish_body)
        regions.append(region)
        if retry and attempt == 0:
            hints = retry  # a number before the loop takes the body's dtype
            continue
        if retry:
            k = next(iter(retry))
            raise _mismatch(names[carried[k]], construct, location, inits[k],
                            retry[k], ("before the loop", "after an iteration"))
        return inits, types, regions, carried


def _loop_outputs(trace, results, values, names, carried, location, construct):
    outputs = list(values)
    for k, i in enumerate(carried):
        outputs[i] = trace.wrap(results[k])
    for i, name in enumerate(names):
        if i not in carried:
            outputs[i] = Undefined(
                name, location,
                f"is assigned only inside a `{construct}` loop on a tensor "
                f"at {_trace.where(location)}; give it a value before the "
                "loop to use it after")
    return tuple(outputs)


def while_(test, body, values, names, file, line):
    """Traces a `while` on a tensor into `kiln.while`."""
    location = (file, line)
    trace = _trace.current()
    inits, types, regions, carried = _loop(
        "while", trace, values, names, location, None, test, body)
    results = trace.graph.create("kiln.while", [trace.handle(t) for t in inits],
                                 "", types, regions, file, line)
    return _loop_outputs(trace, results, values, names, carried, location, "while")


def for_range(bounds, body, values, names, file, line):
    """Traces `for i in range(...)` with a tensor bound into `kiln.for`."""
    from . import ops

    location = (file, line)
    trace = _trace.current()
    if not 1 <= len(bounds) <= 3:
        raise KilnError(f"{file}:{line}: range() takes 1 to 3 arguments")
    start, stop, step = ((0, bounds[0], 1) if len(bounds) == 1 else
                         (bounds[0], bounds[1], 1) if len(bounds) == 2 else bounds)
    if isinstance(step, numbers.Integral) and step <= 0:
        raise KilnError(f"{file}:{line}: range() on a tensor needs a positive step")
    limits = []
    for bound in (start, stop, step):
        bound = asarray(bound)
        if bound.ndim != 0 or bound.dtype.kind not in "iu":
            raise KilnError(
                f"{file}:{line}: range() bounds must be integers or 0-d "
                f"integer tensors, got {_describe(bound)}")
        limits.append(ops.cast(bound, np.int64))
    inits, types, regions, carried = _loop(
        "for", trace, values, names, location, ((), "i64"), None, body)
    operands = [trace.handle(t) for t in limits + inits]
    results = trace.graph.create("kiln.for", operands, "", types, regions, file, line)
    return _loop_outputs(trace, results, values, names, carried, location, "for")
