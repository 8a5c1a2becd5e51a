"""kiln.jit: Python control flow on tensors captured as kiln.if / kiln.while /
kiln.for, one compilation per signature, and clear errors."""

import numpy as np
import pytest

import kiln


@kiln.jit
def halve_until(x, limit):
    steps = 0
    while kiln.sum(x) > limit:
        x = x / 2
        steps = steps + 1
    if steps > 2:
        y = x * 10
    else:
        y = -x
    return y, steps


def reference(x, limit):
    steps = 0
    while x.sum() > limit:
        x = x / 2
        steps += 1
    return (x * 10 if steps > 2 else -x), steps


def test_data_dependent_while_and_if_one_compilation():
    f = kiln.jit(halve_until.fn)
    limit = np.float32(1.0)
    for scale in (0.1, 1.0, 100.0):  # 0, 3 and 10 iterations
        x = np.full((2, 3), scale, np.float32)
        y, steps = f(x, limit)
        expected_y, expected_steps = reference(x, limit)
        np.testing.assert_allclose(y.numpy(), expected_y, rtol=1e-6)
        assert int(steps) == expected_steps
    assert f.compilations == 1


def test_lower_shows_control_flow():
    text = halve_until.lower(np.ones((2, 3), np.float32), np.float32(1.0))
    assert "kiln.while" in text and "kiln.if" in text and "kiln.condition" in text
    optimized = halve_until.lower(np.ones((2, 3), np.float32), np.float32(1.0),
                                  stage="optimized")
    assert "kiln.while" in optimized and "func.func" in optimized


def test_signature_cache_hits_and_misses():
    f = kiln.jit(lambda x, y: x * y + 1)
    a = np.ones((2, 2), np.float32)
    f(a, a)
    f(a + 1, a)
    assert f.compilations == 1
    f(np.ones((3, 2), np.float32), a[:1])      # new shapes
    f(a.astype(np.float64), a.astype(np.float64))  # new dtype
    assert f.compilations == 3


def test_dynamic_dimension_serves_every_batch():
    @kiln.jit(dynamic={"x": 0})
    def f(x, w):
        return kiln.relu(x @ w).sum(axis=1)

    w = np.ones((3, 4), np.float32)
    for batch in (1, 5, 17):
        x = np.arange(batch * 3, dtype=np.float32).reshape(batch, 3) - 5
        np.testing.assert_allclose(f(x, w).numpy(), np.maximum(x @ w, 0).sum(1))
    assert f.compilations == 1
    assert "tensor<?x3xf32>" in f.lower(np.ones((2, 3), np.float32), w)


def test_for_over_tensor_range():
    @kiln.jit
    def f(x, n):
        acc = kiln.zeros((3,))
        for i in range(n):
            acc = acc + x * i.astype(np.float32)
        return acc

    x = np.array([1.0, 2.0, 3.0], np.float32)
    for n in (0, 1, 4):
        np.testing.assert_allclose(f(x, np.int64(n)).numpy(), x * sum(range(n)))
    assert f.compilations == 1
    assert "kiln.for" in f.lower(x, np.int64(2))


def test_python_conditions_stay_python():
    @kiln.jit
    def f(x, mode):
        for _ in range(3):          # unrolled: a Python bound
            x = x + 1
        if mode == "double":        # a Python condition: only one branch traced
            return x * 2
        return x

    x = np.zeros(2, np.float32)
    np.testing.assert_allclose(f(x, "double").numpy(), [6, 6])
    np.testing.assert_allclose(f(x, "plain").numpy(), [3, 3])
    assert "kiln.if" not in f.lower(x, "double")


def test_nested_control_flow():
    @kiln.jit
    def f(x):
        n = 0
        while n < 4:
            if kiln.sum(x) > 0:
                x = x - 1
            else:
                x = x + 3
            n = n + 1
        return x

    def g(x):
        for _ in range(4):
            x = x - 1 if x.sum() > 0 else x + 3
        return x

    for start in (-2.0, 0.5, 10.0):
        x = np.full(2, start, np.float32)
        np.testing.assert_allclose(f(x).numpy(), g(x))


def test_while_on_traced_value_with_python_counter():
    @kiln.jit
    def collatz_steps(n):
        steps = 0
        while n != 1:
            n = kiln.where(n % 2 == 0 if False else (n - (n / 2).astype(np.int64) * 2) == 0,
                           (n / 2).astype(np.int64), 3 * n + 1)
            steps += 1
        return steps

    assert int(collatz_steps(np.int64(6))) == 8
    assert int(collatz_steps(np.int64(27))) == 111


def test_unsupported_construct_names_file_and_line():
    @kiln.jit
    def f(x):
        while kiln.sum(x) > 1:
            if kiln.sum(x) > 100:
                break
            x = x / 2
        return x

    with pytest.raises(kiln.KilnError) as error:
        f(np.ones(3, np.float32))
    message = str(error.value)
    assert "test_jit.py:" in message and "`break`" in message
    line = int(message.split("test_jit.py:")[1].split(":")[0])
    assert open(__file__).read().splitlines()[line - 1].strip() == "break"


def test_variable_set_in_one_branch_only():
    @kiln.jit
    def f(x):
        if kiln.sum(x) > 0:
            y = x * 2
        return y

    with pytest.raises(kiln.KilnError, match="only one branch"):
        f(np.ones(2, np.float32))


def test_loop_variable_changing_shape_is_an_error():
    @kiln.jit
    def f(x):
        while kiln.sum(x) < 10:
            x = kiln.concatenate([x, x])
        return x

    with pytest.raises(kiln.KilnError, match="must keep its shape"):
        f(np.ones(2, np.float32))


def test_truth_value_of_traced_tensor_in_helper():
    def helper(x):
        return x * 2 if kiln.sum(x) > 0 else x

    @kiln.jit
    def f(x):
        return helper(x)

    with pytest.raises(kiln.KilnError, match="truth value of a traced tensor"):
        f(np.ones(2, np.float32))
    # A helper decorated with kiln.jit is converted and inlined.
    g = kiln.jit(lambda x: kiln.jit(helper)(x))
    np.testing.assert_allclose(g(np.ones(2, np.float32)).numpy(), [2, 2])


def test_shape_errors_point_at_the_line():
    @kiln.jit
    def f(x, y):
        return x + y

    with pytest.raises(kiln.KilnError, match=r"test_jit.py:\d+: error: .*broadcast"):
        f(np.ones((2, 3), np.float32), np.ones(4, np.float32))
    with pytest.raises(kiln.KilnError, match="broadcast"):
        kiln.asarray(np.ones((2, 3), np.float32)) + kiln.asarray(np.ones(4, np.float32))


def test_dynamic_shape_mismatch_at_run_time():
    f = kiln.jit(lambda x, y: x + y, dynamic={0: 0, 1: 0})
    f(np.ones((2, 3), np.float32), np.ones((2, 3), np.float32))
    with pytest.raises(kiln.KilnError):
        f(np.ones((2, 3), np.float32), np.ones((5, 3), np.float32))


def test_pytree_arguments_and_results():
    @kiln.jit
    def f(params, x):
        return {"y": params["w"] * x + params["b"], "parts": [x, x * 2]}

    out = f({"w": np.float32(2.0), "b": np.ones(2, np.float32)}, np.arange(2, dtype=np.float32))
    np.testing.assert_allclose(out["y"].numpy(), [1, 3])
    np.testing.assert_allclose(out["parts"][1].numpy(), [0, 2])


def test_cached_calls_rebuild_every_result_structure():
    # Plain tuples, lists and dicts are rebuilt by the C++ cache; anything
    # else (a namedtuple) by the Python path; both on every later call.
    import collections
    Pair = collections.namedtuple("Pair", "low high")

    @kiln.jit
    def plain(x):
        return (x + 1, [x * 2, {"neg": -x}])

    @kiln.jit
    def named(x):
        return Pair(x - 1, x + 1)

    x = np.arange(3, dtype=np.float32)
    for _ in range(2):
        a, (b, c) = plain(x)
        np.testing.assert_allclose(a.numpy(), x + 1)
        np.testing.assert_allclose(b.numpy(), x * 2)
        np.testing.assert_allclose(c["neg"].numpy(), -x)
        out = named(x)
        assert isinstance(out, Pair)
        np.testing.assert_allclose(out.high.numpy(), x + 1)
    assert plain.compilations == 1 and named.compilations == 1


def test_cached_calls_take_tensors_scalars_and_strided_arrays():
    @kiln.jit
    def f(x, s):
        return x * s

    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_allclose(f(kiln.asarray(x), np.float32(2)).numpy(), x * 2)
    np.testing.assert_allclose(f(x, np.float32(3)).numpy(), x * 3)
    # A transposed view goes through the Python walk, which makes it
    # contiguous; the values are the view's.
    strided = np.ascontiguousarray(x.T).T.copy(order="F")
    np.testing.assert_allclose(f(strided, np.float32(1)).numpy(), x)
    assert f.compilations == 1
    # A Python float is compiled in: one more signature per value.
    np.testing.assert_allclose(f(x, 4.0).numpy(), x * 4)
    assert f.compilations == 2


def test_returned_argument_is_a_copy():
    @kiln.jit
    def identity(x, y):
        return x, y + 1

    x = np.ones(3, np.float32)
    for _ in range(2):
        same, _ = identity(x, x)
        out = same.numpy()
        out[0] = 7
        assert x[0] == 1
