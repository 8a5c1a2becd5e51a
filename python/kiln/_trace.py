"""Tracing: the functions being built while `kiln.jit` or `kiln.grad` runs
Python code on symbolic tensors.

A `FunctionTrace` is one `func.func` under construction in a `_kiln.Graph`.
Traces nest (a gradient's function is traced while its caller is), and each
symbolic tensor remembers the trace and the block it was made in, so that a
value used where it is not visible is caught here with a clear message
instead of producing invalid IR.
"""

import os
import sys

from . import _kiln
from ._dtypes import contiguous, dtype_name

KilnError = _kiln.KilnError

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_stack = []


def current():
    """The innermost active trace, or None when running eagerly."""
    return _stack[-1] if _stack else None


def user_location():
    """(file, line) of the innermost frame outside the kiln package."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_PACKAGE_DIR):
            return filename, frame.f_lineno
        frame = frame.f_back
    return "", 0


def where(location):
    file, line = location
    return f"{file}:{line}" if file else "<unknown>"


class Scope:
    """A block of a function under construction; closed when its op is made."""

    __slots__ = ("parent", "open")

    def __init__(self, parent):
        self.parent = parent
        self.open = True

    def sees(self, other):
        """Whether values made in `other` are visible in this scope."""
        scope = self
        while scope is not None:
            if scope is other:
                return True
            scope = scope.parent
        return False


class FunctionTrace:
    """One function being traced; a context manager that makes it current."""

    def __init__(self, graph, name, parent=None):
        self.graph = graph
        self.name = name
        self.parent = parent
        self.scope = Scope(None)
        # Tensors of enclosing traces this function uses, each made an extra
        # argument: id -> (outer tensor, argument handle).
        self.captures = {}

    def __enter__(self):
        _stack.append(self)
        return self

    def __exit__(self, *exc):
        _stack.pop()
        return False

    def begin_function(self, types, private=False):
        from .tensor import Tensor

        handles = self.graph.begin_function(self.name, types, private)
        return [Tensor._symbolic(self, h, t) for h, t in zip(handles, types)]

    def wrap(self, handle):
        """A symbolic tensor for a value just made in the current scope."""
        from .tensor import Tensor

        return Tensor._symbolic(self, handle, self.graph.type_of(handle))

    def begin_block(self, types):
        from .tensor import Tensor

        self.scope = Scope(self.scope)
        handles = self.graph.begin_block(types)
        return [Tensor._symbolic(self, h, t) for h, t in zip(handles, types)]

    def end_block(self, terminator, operands):
        file, line = user_location()
        region = self.graph.end_block(
            terminator, [self.handle(t) for t in operands], file, line)
        self.scope.open = False
        self.scope = self.scope.parent
        return region

    def abandon_block(self):
        self.graph.abandon_block()
        self.scope.open = False
        self.scope = self.scope.parent

    def handle(self, tensor):
        """The value handle of `tensor` in this function: eager tensors become
        constants, tensors of enclosing functions extra arguments."""
        if tensor._trace is self:
            if not self.scope.sees(tensor._scope):
                raise KilnError(
                    f"{where(user_location())}: a tensor computed inside the "
                    "body of an `if`, `while` or `for` on a tensor is used "
                    "outside it; assign it in every branch (or before the "
                    "loop) so that it flows out as a result")
            return tensor._value
        if tensor._trace is None:
            return self.constant(tensor._data)
        if not self._encloses(tensor._trace):
            raise KilnError(
                f"{where(user_location())}: a tensor traced in another "
                "function is used here; did a traced value escape from a "
                "kiln.jit or kiln.grad function (stored in a global or "
                "returned inside an object)?")
        entry = self.captures.get(id(tensor))
        if entry is None:
            handle = self.graph.add_argument((tensor.shape, tensor._type[1]))
            entry = self.captures[id(tensor)] = (tensor, handle)
        return entry[1]

    def constant(self, array):
        file, line = user_location()
        array = contiguous(array)
        return self.graph.constant(array, dtype_name(array.dtype), file, line)

    def _encloses(self, other):
        trace = self.parent
        while trace is not None:
            if trace is other:
                return True
            trace = trace.parent
        return False


class NameCounter:
    """Unique function names within one graph."""

    def __init__(self):
        self.used = set()

    def __call__(self, base):
        base = "".join(c if c.isalnum() or c == "_" else "_" for c in base)
        if not base or base[0].isdigit():
            base = "f_" + base
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}_{n}"
        self.used.add(name)
        return name


def new_graph():
    graph = _kiln.Graph()
    graph.names = NameCounter()
    return graph
