"""Python control flow of compiled functions, converted by rewriting the AST.

Every `if`, `while` and `for <name> in range(...)` of a function compiled by
`kiln.jit` (or differentiated by `kiln.grad`) is rewritten so that its
condition is evaluated once and then:

- on a plain Python value, the original statement runs (so Python-valued
  control flow keeps its full semantics, `break` and `return` included);
- on a traced tensor, the branches or the loop body become nested
  functions of the variables the statement assigns (found by walking its
  assignments), handed to `kiln._control_flow`, which traces them into
  `kiln.if`, `kiln.while` or `kiln.for`.

For example

    while x.sum() > 1:
        x = x / 2
        n = n + 1

becomes (names shortened)

    c = x.sum() > 1
    if cf.is_symbolic(c):
        def test(x, n): return x.sum() > 1
        def body(x, n):
            x = x / 2
            n = n + 1
            return (x, n)
        (x, n) = cf.while_(test, body, (cf.ld(lambda: x, 'x'), ...), ...)
    else:
        w = cf.WhileTest(c)
        while w(lambda: x.sum() > 1):
            x = x / 2
            n = n + 1

The rewritten code keeps the original line numbers and file name, so
tracebacks and Kiln's messages point at the user's source.
"""

import ast
import copy
import functools
import inspect
import textwrap
import types

from . import _control_flow
from ._trace import KilnError

_CF = "__kiln_cf"


class _Assigned(ast.NodeVisitor):
    """Names a list of statements assigns, in order of first assignment;
    nested functions, lambdas and comprehensions have their own scopes."""

    def __init__(self):
        self.names = []

    def add(self, name):
        if name not in self.names and not name.startswith("__kiln_"):
            self.names.append(name)

    def visit_Name(self, node):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.add(node.id)

    def visit_FunctionDef(self, node):
        self.add(node.name)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node):
        pass

    def visit_ListComp(self, node):
        pass

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def visit_NamedExpr(self, node):
        self.add(node.target.id)
        self.visit(node.value)


def _assigned(statements):
    visitor = _Assigned()
    for statement in statements:
        visitor.visit(statement)
    return visitor.names


class _Escapes(ast.NodeVisitor):
    """The first `return`, `break`, `continue` or `yield` that would leave a
    converted body (break/continue of loops inside it stay inside)."""

    def __init__(self):
        self.found = None
        self.loop_depth = 0

    def visit_Return(self, node):
        self.found = self.found or ("`return`", node)

    def visit_Yield(self, node):
        self.found = self.found or ("`yield`", node)

    visit_YieldFrom = visit_Yield

    def visit_Break(self, node):
        if self.loop_depth == 0:
            self.found = self.found or ("`break`", node)

    def visit_Continue(self, node):
        if self.loop_depth == 0:
            self.found = self.found or ("`continue`", node)

    def visit_While(self, node):
        self.loop_depth += 1
        for statement in node.body + node.orelse:
            self.visit(statement)
        self.loop_depth -= 1
        self.visit(node.test)

    visit_For = visit_While

    def visit_FunctionDef(self, node):
        pass

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef


def _escape(statements):
    visitor = _Escapes()
    for statement in statements:
        visitor.visit(statement)
    return visitor.found


def _parameters(names):
    """The arguments node of `def f(<names>)`."""
    return ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in names],
                         vararg=None, kwonlyargs=[], kw_defaults=[],
                         kwarg=None, defaults=[])


def _thunk(expression):
    """lambda: <expression>"""
    return ast.Lambda(args=_parameters([]), body=expression)


class _Converter(ast.NodeTransformer):
    def __init__(self, filename):
        self.filename = filename
        self.counter = 0

    def fresh(self, what):
        self.counter += 1
        return f"__kiln_{what}_{self.counter}"

    # Helpers building the functional form -----------------------------------

    def function(self, name, params, body, returns):
        """def name(params): body; return (returns,)"""
        node = ast.FunctionDef(
            name=name,
            args=_parameters(params),
            body=list(body) + [ast.Return(value=ast.Tuple(
                elts=[ast.Name(id=r, ctx=ast.Load()) for r in returns],
                ctx=ast.Load()))],
            decorator_list=[], returns=None)
        return node

    def current_values(self, names):
        """(cf.ld(lambda: a, 'a'), ...)"""
        return ast.Tuple(elts=[
            ast.Call(func=self.cf("ld"), args=[
                _thunk(ast.Name(id=n, ctx=ast.Load())),
                ast.Constant(n)], keywords=[]) for n in names],
            ctx=ast.Load())

    def cf(self, attribute):
        return ast.Attribute(value=ast.Name(id=_CF, ctx=ast.Load()),
                             attr=attribute, ctx=ast.Load())

    def call_cf(self, helper, args, names, node):
        """(a, b) = cf.helper(*args, values, names, file, line)"""
        call = ast.Call(func=self.cf(helper), args=list(args) + [
            self.current_values(names),
            ast.Tuple(elts=[ast.Constant(n) for n in names], ctx=ast.Load()),
            ast.Constant(self.filename), ast.Constant(node.lineno)],
            keywords=[])
        if not names:
            return ast.Expr(value=call)
        return ast.Assign(targets=[ast.Tuple(
            elts=[ast.Name(id=n, ctx=ast.Store()) for n in names],
            ctx=ast.Store())], value=call)

    def refuse(self, escape, construct):
        what, node = escape
        return ast.Raise(exc=ast.Call(func=self.cf("unsupported"), args=[
            ast.Constant(f"{what} inside {construct}"),
            ast.Constant(self.filename), ast.Constant(node.lineno)],
            keywords=[]), cause=None)

    def symbolic_split(self, test_name, symbolic, python, node):
        """if cf.<test>(c): symbolic else: python"""
        return ast.If(test=ast.Call(func=self.cf(test_name[0]), args=[
            ast.Name(id=test_name[1], ctx=ast.Load())], keywords=[]),
            body=symbolic, orelse=python)

    # The statements ------------------------------------------------------------

    def visit_If(self, node):
        self.generic_visit(node)
        condition = self.fresh("cond")
        names = _assigned(node.body + node.orelse)
        escape = _escape(node.body + node.orelse)
        if escape:
            symbolic = [self.refuse(escape, "an `if` whose condition is a tensor")]
        else:
            then_name, else_name = self.fresh("then"), self.fresh("else")
            symbolic = [
                self.function(then_name, names, copy.deepcopy(node.body), names),
                self.function(else_name, names,
                              copy.deepcopy(node.orelse) or [ast.Pass()], names),
                self.call_cf("if_", [ast.Name(id=condition, ctx=ast.Load()),
                                     ast.Name(id=then_name, ctx=ast.Load()),
                                     ast.Name(id=else_name, ctx=ast.Load())],
                             names, node)]
        python = [ast.If(test=ast.Name(id=condition, ctx=ast.Load()),
                         body=node.body, orelse=node.orelse)]
        return [ast.Assign(targets=[ast.Name(id=condition, ctx=ast.Store())],
                           value=node.test),
                self.symbolic_split(("is_symbolic", condition), symbolic,
                                    python, node)]

    def visit_IfExp(self, node):
        """`a if c else b` -> cf.if_exp(c, lambda: a, lambda: b, file, line)"""
        self.generic_visit(node)
        return ast.Call(func=self.cf("if_exp"), args=[
            node.test, _thunk(node.body), _thunk(node.orelse),
            ast.Constant(self.filename), ast.Constant(node.lineno)], keywords=[])

    def visit_While(self, node):
        self.generic_visit(node)
        condition = self.fresh("cond")
        names = _assigned(node.body)
        escape = _escape(node.body)
        if node.orelse:
            escape = escape or ("`while ... else`", node)
        if escape:
            symbolic = [self.refuse(escape, "a `while` whose condition is a tensor")]
        else:
            test_name, body_name = self.fresh("test"), self.fresh("body")
            test = self.function(test_name, names, [], [])
            test.body = [ast.Return(value=copy.deepcopy(node.test))]
            symbolic = [
                test,
                self.function(body_name, names, copy.deepcopy(node.body), names),
                self.call_cf("while_", [ast.Name(id=test_name, ctx=ast.Load()),
                                        ast.Name(id=body_name, ctx=ast.Load())],
                             names, node)]
        checker = self.fresh("while")
        python = [
            ast.Assign(targets=[ast.Name(id=checker, ctx=ast.Store())],
                       value=ast.Call(func=self.cf("WhileTest"), args=[
                           ast.Name(id=condition, ctx=ast.Load())], keywords=[])),
            ast.While(test=ast.Call(
                func=ast.Name(id=checker, ctx=ast.Load()),
                args=[_thunk(node.test)],
                keywords=[]), body=node.body, orelse=node.orelse)]
        return [ast.Assign(targets=[ast.Name(id=condition, ctx=ast.Store())],
                           value=copy.deepcopy(node.test)),
                self.symbolic_split(("is_symbolic", condition), symbolic,
                                    python, node)]

    def visit_For(self, node):
        self.generic_visit(node)
        iterator = node.iter
        if not (isinstance(iterator, ast.Call)
                and isinstance(iterator.func, ast.Name)
                and iterator.func.id == "range" and not iterator.keywords
                and isinstance(node.target, ast.Name)
                and not any(isinstance(a, ast.Starred) for a in iterator.args)):
            return node  # other iterables run in Python
        bounds = self.fresh("range")
        target = node.target.id
        names = [n for n in _assigned(node.body) if n != target]
        escape = _escape(node.body)
        if node.orelse:
            escape = escape or ("`for ... else`", node)
        if escape:
            symbolic = [self.refuse(escape, "a `for` over a tensor range")]
        else:
            body_name = self.fresh("body")
            symbolic = [
                self.function(body_name, [target] + names,
                              copy.deepcopy(node.body), names),
                self.call_cf("for_range", [ast.Name(id=bounds, ctx=ast.Load()),
                                           ast.Name(id=body_name, ctx=ast.Load())],
                             names, node)]
        python = [ast.For(
            target=node.target,
            iter=ast.Call(func=ast.Name(id="range", ctx=ast.Load()),
                          args=[ast.Starred(value=ast.Name(id=bounds, ctx=ast.Load()),
                                            ctx=ast.Load())], keywords=[]),
            body=node.body, orelse=node.orelse)]
        return [ast.Assign(targets=[ast.Name(id=bounds, ctx=ast.Store())],
                           value=ast.Tuple(elts=iterator.args, ctx=ast.Load())),
                self.symbolic_split(("any_symbolic", bounds), symbolic,
                                    python, node)]


@functools.lru_cache(maxsize=None)
def _converted_code(fn_code, filename, firstline, source):
    tree = ast.parse(source)
    ast.increment_lineno(tree, firstline - 1)  # the line numbers of the file
    function = tree.body[0]
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise KilnError(f"{filename}:{firstline}: kiln can only compile "
                        "functions defined with `def`")
    function.decorator_list = []
    converter = _Converter(filename)
    function.body = [converter.visit(s) for s in function.body]
    function.body = [s for item in function.body
                     for s in (item if isinstance(item, list) else [item])]
    # A factory whose parameters are the closure's variables, so the
    # converted function closes over the same cells.
    freevars = list(fn_code.co_freevars) + [_CF]
    factory = ast.FunctionDef(
        name="__kiln_factory",
        args=_parameters(freevars),
        body=[function, ast.Return(value=ast.Name(id=function.name, ctx=ast.Load()))],
        decorator_list=[], returns=None)
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    code = compile(module, filename, "exec")
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    return next(c for c in factory_code.co_consts
                if isinstance(c, types.CodeType) and c.co_name == function.name)


def convert(fn):
    """`fn` with its control flow converted (plain functions only; other
    callables, such as `kiln.grad` objects, are returned as they are)."""
    if not isinstance(fn, types.FunctionType):
        return fn
    cached = getattr(fn, "__kiln_converted__", None)
    if cached is not None:
        return cached
    if fn.__name__ == "<lambda>":
        return fn  # a lambda has no statements to convert
    try:
        lines, firstline = inspect.getsourcelines(fn)
    except (OSError, TypeError):
        return fn  # no source (defined in the REPL): run as is
    source = textwrap.dedent("".join(lines))
    code = _converted_code(fn.__code__, fn.__code__.co_filename, firstline, source)
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    cells[_CF] = types.CellType(_control_flow)
    closure = tuple(cells[name] for name in code.co_freevars)
    converted = types.FunctionType(code, fn.__globals__, fn.__name__,
                                   fn.__defaults__, closure)
    converted.__kwdefaults__ = fn.__kwdefaults__
    converted.__wrapped__ = fn
    try:
        fn.__kiln_converted__ = converted
    except AttributeError:
        pass
    return converted
