# RUN: %python %s
"""kiln.if, kiln.for and kiln.while run on data: predicates and trip counts
computed from the inputs, index / i64 / tensor<i64> loop bounds, zero trips,
non-unit and negative-start ranges, and control flow nested in loops. The
expected values come from the same loops written in Python."""

import numpy as np
from harness import check, finish, func, random, type_of

F32 = "tensor<4xf32>"
SCALAR_F32 = "tensor<f32>"
I64 = "tensor<i64>"

# --------------------------------------------------------------------------
# kiln.if with a predicate computed from the data: sum(x) > 0 ? 2x : -x, and
# a second result of another type.
# --------------------------------------------------------------------------

def if_case(then_n):
    """sum(x) > 0 ? (2x, THEN_N) : (-x, n * n)"""
    return func([("x", F32), ("n", I64)], [F32, I64], f"""\
  %zero = kiln.constant dense<0.0> : {SCALAR_F32}
  %one = kiln.constant dense<1> : {I64}
  %s = kiln.reduce_sum %x : {F32}
  %p = kiln.compare gt, %s, %zero : {SCALAR_F32}
  %r:2 = kiln.if %p -> ({F32}, {I64}) {{
    %d = kiln.add %x, %x : {F32}
    %n1 = kiln.add %n, %one : {I64}
    kiln.yield %d, {then_n} : {F32}, {I64}
  }} else {{
    %m = kiln.neg %x : {F32}
    %k = kiln.mul %n, %n : {I64}
    kiln.yield %m, %k : {F32}, {I64}
  }}
  return %r#0, %r#1 : {F32}, {I64}""")


def run_if(then_n, ref_n):
    for x in (np.array([1.0, -0.5, 2.0, 0.25], dtype="float32"),
              np.array([-1.0, 0.5, -2.0, 0.25], dtype="float32"),
              np.zeros(4, dtype="float32")):  # sum 0: not > 0, else branch
        n = np.array(7, dtype="int64")
        taken = x.sum() > 0
        check(f"if sum(x)={x.sum()} yields {then_n}", if_case(then_n), [x, n],
              [2 * x if taken else -x, ref_n(n) if taken else n * n])


run_if("%n1", lambda n: n + 1)
# A branch yielding a function argument.
run_if("%n", lambda n: n)

# An if whose branches compute different shapes-agnostic ops on a dynamic
# tensor, with the predicate read from an i1 input.
DYN = "tensor<?xf32>"
IF_DYN = func([("p", "tensor<i1>"), ("x", DYN)], [DYN], f"""\
  %r = kiln.if %p -> ({DYN}) {{
    %e = kiln.exp %x : {DYN}
    kiln.yield %e : {DYN}
  }} else {{
    %a = kiln.abs %x : {DYN}
    kiln.yield %a : {DYN}
  }}
  return %r : {DYN}""")
for p in (True, False):
    x = random((5,), "float32")
    check(f"if dynamic p={p}", IF_DYN, [np.array(p), x],
          [np.exp(x) if p else np.abs(x)], rtol=1e-6, atol=1e-6)

# --------------------------------------------------------------------------
# kiln.for
# --------------------------------------------------------------------------

def for_cases():
    """kiln.for with index, i64 and tensor<i64> bounds."""
    # index bounds: 0 to dim(x, 0) step 2; acc (tensor<i64>) sums the
    # induction variable, and y accumulates x.
    FOR_INDEX = func([("x", DYN)], [I64, DYN], f"""\
      %c0 = arith.constant 0 : index
      %c2 = arith.constant 2 : index
      %n = tensor.dim %x, %c0 : {DYN}
      %init = kiln.constant dense<0> : {I64}
      %r:2 = kiln.for %i = %c0 to %n step %c2 iter_args(%acc = %init, %y = %x) -> ({I64}, {DYN}) : index {{
        %ii = arith.index_cast %i : index to i64
        %t = tensor.from_elements %ii : {I64}
        %a = kiln.add %acc, %t : {I64}
        %z = kiln.add %y, %x : {DYN}
        kiln.yield %a, %z : {I64}, {DYN}
      }}
      return %r#0, %r#1 : {I64}, {DYN}""")
    for n in (0, 1, 5, 6):
        x = random((n,), "float32")
        trips = len(range(0, n, 2))
        check(f"for index bounds 0..{n} step 2", FOR_INDEX, [x],
              [np.array(sum(range(0, n, 2)), dtype="int64"), x * (trips + 1)], rtol=1e-6, atol=1e-6)

    # i64 bounds read from tensors: from lb to ub step s, acc = acc * 2 + i.
    FOR_I64 = func([("lb", I64), ("ub", I64), ("s", I64)], [I64], f"""\
      %l = tensor.extract %lb[] : {I64}
      %u = tensor.extract %ub[] : {I64}
      %st = tensor.extract %s[] : {I64}
      %init = kiln.constant dense<1> : {I64}
      %r = kiln.for %i = %l to %u step %st iter_args(%acc = %init) -> ({I64}) : i64 {{
        %t = tensor.from_elements %i : {I64}
        %d = kiln.add %acc, %acc : {I64}
        %a = kiln.add %d, %t : {I64}
        kiln.yield %a : {I64}
      }}
      return %r : {I64}""")

    for lb, ub, step in ((0, 5, 1), (1, 10, 3), (-4, 3, 2), (5, 5, 1), (7, 2, 1), (0, 1, 100)):
        expected = 1
        for i in range(lb, ub, step):
            expected = 2 * expected + i
        check(f"for i64 bounds {lb}..{ub} step {step}", FOR_I64,
              [np.array(v, dtype="int64") for v in (lb, ub, step)], [np.array(expected, dtype="int64")])

    # tensor<i64> bounds straight from the inputs (a data-dependent trip count);
    # the induction variable is a tensor<i64> used in f32 arithmetic.
    FOR_TENSOR = func([("x", F32), ("lb", I64), ("ub", I64), ("s", I64)], [F32, I64], f"""\
      %zero = kiln.constant dense<0> : {I64}
      %one = kiln.constant dense<1> : {I64}
      %r:2 = kiln.for %i = %lb to %ub step %s iter_args(%y = %x, %count = %zero) -> ({F32}, {I64}) : {I64} {{
        %fi = kiln.cast %i : {I64} to {SCALAR_F32}
        %h = kiln.mul %y, %fi : {F32}, {SCALAR_F32}
        %n = kiln.add %h, %x : {F32}
        %c = kiln.add %count, %one : {I64}
        kiln.yield %n, %c : {F32}, {I64}
      }}
      return %r#0, %r#1 : {F32}, {I64}""")
    for lb, ub, step in ((0, 4, 1), (2, 9, 3), (3, 0, 1), (-2, 2, 1)):
        x = random((4,), "float64", -1, 1).astype("float32")
        y, count = x.astype("float64"), 0
        for i in range(lb, ub, step):
            y, count = y * i + x, count + 1
        check(f"for tensor<i64> bounds {lb}..{ub} step {step}", FOR_TENSOR,
              [x] + [np.array(v, dtype="int64") for v in (lb, ub, step)],
              [y.astype("float32"), np.array(count, dtype="int64")], rtol=1e-5, atol=1e-5)

    # A trip count read from the data: the number of positive entries of x.
    FOR_DATA = func([("x", F32)], [SCALAR_F32], f"""\
      %zero = kiln.constant dense<0.0> : {SCALAR_F32}
      %lb = kiln.constant dense<0> : {I64}
      %one = kiln.constant dense<1> : {I64}
      %pos = kiln.compare gt, %x, %zero : {F32}, {SCALAR_F32}
      %pi = kiln.cast %pos : tensor<4xi1> to tensor<4xi64>
      %n = kiln.reduce_sum %pi : tensor<4xi64>
      %r = kiln.for %i = %lb to %n step %one iter_args(%acc = %zero) -> ({SCALAR_F32}) : {I64} {{
        %xi = kiln.gather %x, %i axis 0 : {F32}, {I64}
        %a = kiln.add %acc, %xi : {SCALAR_F32}
        kiln.yield %a : {SCALAR_F32}
      }}
      return %r : {SCALAR_F32}""")
    for x in (np.array([1.5, -1.0, 2.0, 3.0], dtype="float32"),
              np.array([-1.0, -2.0, -3.0, -4.0], dtype="float32")):
        n = int((x > 0).sum())
        check(f"for trip count from data ({n})", FOR_DATA, [x],
              [np.array(x[:n].sum(), dtype="float32")], rtol=1e-6, atol=1e-6)

    # Constant bounds (which kiln may fold or unroll) must agree as well.
    FOR_CONST = func([("x", F32)], [F32], f"""\
      %lb = arith.constant 0 : index
      %ub = arith.constant 3 : index
      %s = arith.constant 1 : index
      %r = kiln.for %i = %lb to %ub step %s iter_args(%y = %x) -> ({F32}) : index {{
        %t = kiln.tanh %y : {F32}
        %z = kiln.add %t, %x : {F32}
        kiln.yield %z : {F32}
      }}
      return %r : {F32}""")
    x = random((4,), "float32")
    y = x.astype("float64")
    for _ in range(3):
        y = np.tanh(y) + x
    check("for constant bounds", FOR_CONST, [x], [y.astype("float32")], rtol=1e-5, atol=1e-5)


# --------------------------------------------------------------------------
# kiln.while: double x until its sum exceeds a threshold; count the steps.
# --------------------------------------------------------------------------

def while_cases():
    """kiln.while with data-dependent trip counts."""
    WHILE = func([("x", DYN), ("limit", SCALAR_F32)], [DYN, I64], f"""\
      %zero = kiln.constant dense<0> : {I64}
      %one = kiln.constant dense<1> : {I64}
      %r:2 = kiln.while (%y = %x, %n = %zero) : {DYN}, {I64} {{
        %s = kiln.reduce_sum %y : {DYN}
        %go = kiln.compare le, %s, %limit : {SCALAR_F32}
        kiln.condition %go, %y, %n : {DYN}, {I64}
      }} do {{
      ^bb0(%a: {DYN}, %k: {I64}):
        %d = kiln.add %a, %a : {DYN}
        %k1 = kiln.add %k, %one : {I64}
        kiln.yield %d, %k1 : {DYN}, {I64}
      }}
      return %r#0, %r#1 : {DYN}, {I64}""")
    for size, limit in ((4, 100.0), (3, 1e6), (5, -1.0), (2, 3.0)):
        x = random((size,), "float32", 0.1, 1.0)
        y, steps = x.copy(), 0
        while y.sum() <= limit:
            y, steps = y + y, steps + 1
        check(f"while doubling to {limit} ({steps} steps)", WHILE, [x, np.array(limit, dtype="float32")],
              [y, np.array(steps, dtype="int64")])

    # A while whose condition region computes values it forwards (the body sees
    # the forwarded ones): Collatz steps of n, in i64.
    COLLATZ = func([("n", I64)], [I64], f"""\
      %zero = kiln.constant dense<0> : {I64}
      %one = kiln.constant dense<1> : {I64}
      %two = kiln.constant dense<2> : {I64}
      %three = kiln.constant dense<3> : {I64}
      %r:2 = kiln.while (%v = %n, %k = %zero) : {I64}, {I64} {{
        %go = kiln.compare ne, %v, %one : {I64}
        kiln.condition %go, %v, %k : {I64}, {I64}
      }} do {{
      ^bb0(%a: {I64}, %c: {I64}):
        %h = kiln.div %a, %two : {I64}
        %back = kiln.mul %h, %two : {I64}
        %even = kiln.compare eq, %back, %a : {I64}
        %t = kiln.mul %a, %three : {I64}
        %t1 = kiln.add %t, %one : {I64}
        %next = kiln.select %even, %h, %t1 : tensor<i1>, {I64}
        %c1 = kiln.add %c, %one : {I64}
        kiln.yield %next, %c1 : {I64}, {I64}
      }}
      return %r#1 : {I64}""")
    for n in (1, 6, 27):
        v, steps = n, 0
        while v != 1:
            v, steps = (v // 2 if v % 2 == 0 else 3 * v + 1), steps + 1
        check(f"while collatz({n}) = {steps}", COLLATZ, [np.array(n, dtype="int64")],
              [np.array(steps, dtype="int64")])


# --------------------------------------------------------------------------
# Nesting: an if inside a for (the branch depends on the induction variable
# and on an input), and a for inside an if.
# --------------------------------------------------------------------------

def nested_cases():
    """if inside for, for inside if, while inside for."""
    NESTED = func([("x", F32), ("ub", I64), ("k", I64)], [F32], f"""\
      %lb = kiln.constant dense<0> : {I64}
      %one = kiln.constant dense<1> : {I64}
      %r = kiln.for %i = %lb to %ub step %one iter_args(%y = %x) -> ({F32}) : {I64} {{
        %p = kiln.compare lt, %i, %k : {I64}
        %z = kiln.if %p -> ({F32}) {{
          %d = kiln.add %y, %y : {F32}
          kiln.yield %d : {F32}
        }} else {{
          %s = kiln.sub %y, %x : {F32}
          kiln.yield %s : {F32}
        }}
        kiln.yield %z : {F32}
      }}
      return %r : {F32}""")
    for ub, k in ((5, 2), (4, 0), (3, 9), (0, 1)):
        x = random((4,), "float32")
        y = x.astype("float64")
        for i in range(ub):
            y = y + y if i < k else y - x
        check(f"if inside for ub={ub} k={k}", NESTED,
              [x, np.array(ub, dtype="int64"), np.array(k, dtype="int64")], [y.astype("float32")],
              rtol=1e-6, atol=1e-6)

    FOR_IN_IF = func([("p", "tensor<i1>"), ("x", F32), ("n", "tensor<i64>")], [F32], f"""\
      %r = kiln.if %p -> ({F32}) {{
        %lb = kiln.constant dense<0> : {I64}
        %one = kiln.constant dense<1> : {I64}
        %f = kiln.for %i = %lb to %n step %one iter_args(%y = %x) -> ({F32}) : {I64} {{
          %w = kiln.mul %y, %x : {F32}
          kiln.yield %w : {F32}
        }}
        kiln.yield %f : {F32}
      }} else {{
        %m = kiln.neg %x : {F32}
        kiln.yield %m : {F32}
      }}
      return %r : {F32}""")
    for p, n in ((True, 3), (False, 3), (True, 0)):
        x = random((4,), "float32")
        expected = x ** (n + 1) if p else -x
        check(f"for inside if p={p} n={n}", FOR_IN_IF, [np.array(p), x, np.array(n, dtype="int64")],
              [expected.astype("float32")], rtol=1e-5, atol=1e-6)

    # A while inside a for: for each i in [0, n), halve y while max(y) > 1, then add x.
    WHILE_IN_FOR = func([("x", F32), ("n", I64)], [F32], f"""\
      %lb = kiln.constant dense<0> : {I64}
      %one = kiln.constant dense<1> : {I64}
      %onef = kiln.constant dense<1.0> : {SCALAR_F32}
      %half = kiln.constant dense<0.5> : {SCALAR_F32}
      %r = kiln.for %i = %lb to %n step %one iter_args(%y = %x) -> ({F32}) : {I64} {{
        %w = kiln.while (%v = %y) : {F32} {{
          %m = kiln.reduce_max %v : {F32}
          %go = kiln.compare gt, %m, %onef : {SCALAR_F32}
          kiln.condition %go, %v : {F32}
        }} do {{
        ^bb0(%a: {F32}):
          %h = kiln.mul %a, %half : {F32}, {SCALAR_F32}
          kiln.yield %h : {F32}
        }}
        %z = kiln.add %w, %x : {F32}
        kiln.yield %z : {F32}
      }}
      return %r : {F32}""")
    x = random((4,), "float32", 0.5, 3.0)
    y = x.copy()
    for _ in range(4):
        while y.max() > 1:
            y = y * np.float32(0.5)
        y = y + x
    check("while inside for", WHILE_IN_FOR, [x, np.array(4, dtype="int64")], [y], rtol=1e-6, atol=1e-6)


for_cases()
while_cases()
nested_cases()

finish()
