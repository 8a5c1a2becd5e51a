"""The _kiln extension directly: every error it reports, and the buffer
hand-over rules (results over compiled allocations, arguments handed back)."""

import numpy as np
import pytest

from kiln import _kiln

F32x3 = ((3,), "f32")


def graph_with_args(*types):
    graph = _kiln.Graph()
    return graph, graph.begin_function("f", list(types))


@pytest.mark.parametrize("build,message", [
    (lambda g, a: g.create("kiln.nonexistent", a), "unknown op 'kiln.nonexistent'"),
    (lambda g, a: g.create("kiln.reduce_sum", a, "{axes = [oops"), "bad attributes for 'kiln.reduce_sum'"),
    (lambda g, a: g.create("kiln.cast", a), "'kiln.cast' needs its result types"),
    (lambda g, a: g.create("kiln.exp", [99]), "invalid value handle 99"),
    (lambda g, a: g.create("kiln.if", a, "", [], [7]), "invalid region handle"),
    (lambda g, a: g.end_block("kiln.yield", [], "", 0), "endBlock without an open block"),
    (lambda g, a: g.abandon_block(), "abandonBlock without an open block"),
    (lambda g, a: g.add_argument(((2,), "c64")), "unsupported dtype 'c64'"),
    (lambda g, a: g.constant(np.ones(2, np.float32), "f64", "x.py", 3), "does not match its type"),
    (lambda g, a: g.create("kiln.softmax", a, "{axis = 5 : i64}", None, [], "x.py", 7),
     "x.py:7: error: 'kiln.softmax' op"),
])
def test_graph_errors(build, message):
    graph, args = graph_with_args(F32x3)
    with pytest.raises(_kiln.KilnError, match=message.replace("[", r"\[").replace("(", r"\(")):
        build(graph, args)


def test_end_function_with_open_block():
    graph, args = graph_with_args(F32x3)
    graph.begin_block([])
    with pytest.raises(_kiln.KilnError, match="block still open"):
        graph.end_function(args, "", 0)


def executable(body="%0 = kiln.exp %x : tensor<3xf32>\n  return %0 : tensor<3xf32>"):
    return _kiln.Executable(
        "func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {\n  " + body + "\n}", "f")


def test_executable_errors():
    with pytest.raises(_kiln.KilnError, match="error"):
        _kiln.Executable("func.func @f(", "f")
    with pytest.raises(_kiln.KilnError, match="no function 'g'"):
        _kiln.Executable("func.func @f() { return }", "g")
    f = executable()
    with pytest.raises(_kiln.KilnError, match="takes 1 arguments, got 2"):
        f([np.ones(3, np.float32)] * 2)
    with pytest.raises(_kiln.KilnError, match="has dtype float64 but the function takes f32"):
        f([np.ones(3)])
    with pytest.raises(_kiln.KilnError, match=r"has shape \(4,\) but the function takes \(3,\)"):
        f([np.ones(4, np.float32)])
    with pytest.raises(_kiln.KilnError, match="not C-contiguous"):
        f([np.ones(6, np.float32)[::2]])
    with pytest.raises(_kiln.KilnError, match="not a numpy array"):
        f([[1.0, 2.0, 3.0]])
    with pytest.raises(_kiln.KilnError, match="unknown stage 'nope'"):
        _kiln.lower("func.func @f() { return }", "nope")


def test_results_own_their_buffers_and_arguments_are_copied():
    x = np.array([0.0, 1.0, 2.0], np.float32)
    y, = executable()([x])
    np.testing.assert_allclose(y, np.exp(x), rtol=1e-6)
    assert y.base is not None and not np.shares_memory(x, y)
    same, = executable("return %x : tensor<3xf32>")([x])
    np.testing.assert_array_equal(same, x)
    assert not np.shares_memory(same, x)  # a value, not a view of the input


def test_boolean_and_wide_constants_in_a_trace():
    import kiln

    mask = np.array([True, False, True, True, False, False, True, False, True, True])
    f = kiln.jit(lambda x: kiln.where(mask, x, -x))
    x = np.arange(10, dtype=np.float32)
    np.testing.assert_array_equal(f(x).numpy(), np.where(mask, x, -x))
    g = kiln.jit(lambda x: x * np.arange(3, dtype=np.float64))
    np.testing.assert_array_equal(g(np.ones(3)).numpy(), np.arange(3.0))
