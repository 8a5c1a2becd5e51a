# RUN: %python %s
"""Reverse-mode gradients through kiln.for and kiln.while (kiln-autodiff
tapes the loop-carried values and differentiates a recomputed body per
iteration, last first) against PyTorch autograd and central finite
differences of the same loops run forward in PyTorch (float64), as in
gradients.py: zero, one and many iterations, data-dependent trip counts,
index / i64 / tensor<i64> bounds and steps, kiln.if in loops and loops in
kiln.if, nested loops, a dynamic batch dimension and value_and_grad.

Every loss is reduce_sum(r * C) for a random constant C (an argument, not
differentiated), and main returns the loss through func.call (or
value_and_grad), which checks the forward value too. The reference loops are
Python loops over the same trip counts; those of kiln.while run under a hard
cap and their trip counts are asserted before a case runs.
"""

import numpy as np
from gradcheck import F64, SCALAR, grad_check, grad_results, torch
from harness import finish, func, random, skip, type_of

if torch is None:
    skip("gradient loops", "needs torch")
    finish()

I64 = "tensor<i64>"
# The most iterations a reference kiln.while may run: a loop that has not
# stopped by then is a bug of the test's inputs.
WHILE_CAP = 1000


def i64(n):
    """A tensor<i64> input."""
    return np.array(n, dtype=np.int64)


def loss_case(name, params, body, ref, wrt, value_and_grad=False):
    """Checks main = (loss, its gradients w.r.t. params[wrt]) where @f has
    the arguments `params` [(name, array, dynamic dims)] and `body`
    computes %r of the type of the last parameter, %C; the loss is
    reduce_sum(%r * %C). `ref` computes r from torch tensors of every
    parameter but C."""
    arrays = [a for _, a, _ in params]
    types = [type_of(a, dyn) for _, a, dyn in params]
    args = [(n, t) for (n, _, _), t in zip(params, types)]
    out = types[-1]
    f = func(args, [SCALAR], f"""\
{body.rstrip()}
  %rc = kiln.mul %r, %C : {out}, {out}
  %loss = kiln.reduce_sum %rc : {out}
  return %loss : {SCALAR}""", name="f")
    operands = ", ".join(f"%{n}" for n, _ in args)
    signature = ", ".join(types)
    grad_types = [types[i] for i in wrt]
    wrt_list = ", ".join(map(str, wrt))
    lhs, results = grad_results(grad_types)
    if value_and_grad:
        call = (f"  %v, {lhs} = kiln.value_and_grad @f({operands}) wrt [{wrt_list}] : "
                f"({signature}) -> ({', '.join([SCALAR] + grad_types)})")
    else:
        call = (f"  %v = func.call @f({operands}) : ({signature}) -> {SCALAR}\n"
                f"  {lhs} = kiln.grad @f({operands}) wrt [{wrt_list}] : "
                f"({signature}) -> ({', '.join(grad_types)})")
    main = func(args, [SCALAR] + grad_types, f"""\
{call}
  return %v, {', '.join(results)} : {', '.join([SCALAR] + grad_types)}""")
    grad_check(name, f + main, arrays, lambda *t: (ref(*t[:-1]) * t[-1]).sum(), wrt)


def cotangent(shape):
    """The parameter C of loss_case: random weights of r's entries."""
    return ("C", random(shape, F64), ())


# --------------------------------------------------------------------------
# kiln.for with a data-dependent trip count (tensor<i64> upper bound): an
# RNN over a sequence, step i reading xs[i] with kiln.gather.
# --------------------------------------------------------------------------

T, B, D, H = 37, 2, 3, 4
RNN = f"""\
  %c0 = kiln.constant dense<0> : {I64}
  %c1 = kiln.constant dense<1> : {I64}
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<{B}x{H}xf64>) : {I64} {{
    %x = kiln.gather %xs, %i axis 0 : tensor<{T}x{B}x{D}xf64>, {I64}
    %a = kiln.matmul %h, %w : tensor<{B}x{H}xf64>, tensor<{H}x{H}xf64>
    %b = kiln.matmul %x, %u : tensor<{B}x{D}xf64>, tensor<{D}x{H}xf64>
    %s = kiln.add %a, %b : tensor<{B}x{H}xf64>
    %t = kiln.tanh %s : tensor<{B}x{H}xf64>
    kiln.yield %t : tensor<{B}x{H}xf64>
  }}"""


def rnn_ref(h0, w, u, xs, n):
    h = h0
    for i in range(int(n)):
        h = torch.tanh(h @ w + xs[i] @ u)
    return h


for n in (0, 1, 5, 37):
    params = [("h0", random((B, H), F64, -1, 1), ()), ("w", random((H, H), F64, -0.6, 0.6), ()),
              ("u", random((D, H), F64, -0.6, 0.6), ()), ("xs", random((T, B, D), F64, -1, 1), ()),
              ("n", i64(n), ()), cotangent((B, H))]
    loss_case(f"for tensor<i64> bounds, rnn over {n} steps", params, RNN, rnn_ref, [0, 1, 2, 3])

# The same loop under value_and_grad: the loss comes from the taping loop.
params = [("h0", random((B, H), F64, -1, 1), ()), ("w", random((H, H), F64, -0.6, 0.6), ()),
          ("u", random((D, H), F64, -0.6, 0.6), ()), ("xs", random((T, B, D), F64, -1, 1), ()),
          ("n", i64(12), ()), cotangent((B, H))]
loss_case("value_and_grad of an rnn over 12 steps", params, RNN, rnn_ref, [2, 0, 1],
          value_and_grad=True)

# --------------------------------------------------------------------------
# kiln.for with i64 bounds and a step of 2 (the bounds read from tensor<i64>
# arguments), with an i64 counter carried alongside the floats that the
# body reads; and with index bounds.
# --------------------------------------------------------------------------

V = "tensor<4xf64>"
FOR_I64 = f"""\
  %l = tensor.extract %lb[] : {I64}
  %u = tensor.extract %ub[] : {I64}
  %st = tensor.extract %s[] : {I64}
  %k0 = kiln.constant dense<1> : {I64}
  %one = kiln.constant dense<1> : {I64}
  %tenth = kiln.constant dense<0.1> : {SCALAR}
  %loop:2 = kiln.for %i = %l to %u step %st iter_args(%k = %k0, %h = %h0) -> ({I64}, {V}) : i64 {{
    %it = tensor.from_elements %i : {I64}
    %fi = kiln.cast %it : {I64} to {SCALAR}
    %fk = kiln.cast %k : {I64} to {SCALAR}
    %hw = kiln.mul %h, %w : {V}, {V}
    %xi = kiln.mul %x, %fi : {V}, {SCALAR}
    %z = kiln.add %hw, %xi : {V}, {V}
    %sz = kiln.sin %z : {V}
    %kt = kiln.mul %fk, %tenth : {SCALAR}, {SCALAR}
    %hk = kiln.mul %h, %kt : {V}, {SCALAR}
    %next = kiln.add %sz, %hk : {V}, {V}
    %k1 = kiln.add %k, %one : {I64}
    kiln.yield %k1, %next : {I64}, {V}
  }}
  %r = kiln.add %loop#1, %x : {V}, {V}"""


def for_i64_ref(h0, w, x, lb, ub, s):
    h, k = h0, 1
    for i in range(int(lb), int(ub), int(s)):
        h, k = torch.sin(h * w + x * i) + h * (0.1 * k), k + 1
    return h + x


for lb, ub, s in ((1, 10, 2), (-3, 4, 2), (0, 1, 2), (5, 5, 2), (6, 2, 2)):
    trips = len(range(lb, ub, s))
    params = [("h0", random((4,), F64), ()), ("w", random((4,), F64), ()),
              ("x", random((4,), F64, -0.3, 0.3), ()),
              ("lb", i64(lb), ()), ("ub", i64(ub), ()), ("s", i64(s), ()), cotangent((4,))]
    loss_case(f"for i64 bounds {lb}..{ub} step {s} ({trips} trips), i64 counter", params,
              FOR_I64, for_i64_ref, [0, 1, 2])

FOR_INDEX = f"""\
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %ue = tensor.extract %ub[] : {I64}
  %u = arith.index_cast %ue : i64 to index
  %r = kiln.for %i = %c2 to %u step %c3 iter_args(%h = %h0) -> ({V}) : index {{
    %ii = arith.index_cast %i : index to i64
    %it = tensor.from_elements %ii : {I64}
    %xi = kiln.gather %xs, %it axis 0 : tensor<12x4xf64>, {I64}
    %hw = kiln.mul %h, %w : {V}, {V}
    %z = kiln.add %hw, %xi : {V}, {V}
    %t = kiln.tanh %z : {V}
    kiln.yield %t : {V}
  }}"""


def for_index_ref(h0, w, xs, ub):
    h = h0
    for i in range(2, int(ub), 3):
        h = torch.tanh(h * w + xs[i])
    return h


for ub in (2, 3, 12):
    trips = len(range(2, ub, 3))
    params = [("h0", random((4,), F64), ()), ("w", random((4,), F64), ()),
              ("xs", random((12, 4), F64), ()), ("ub", i64(ub), ()), cotangent((4,))]
    loss_case(f"for index bounds 2..{ub} step 3 ({trips} trips)", params, FOR_INDEX,
              for_index_ref, [0, 1, 2])

# --------------------------------------------------------------------------
# kiln.while with a data-dependent condition: while sum(h) > limit,
# h = 0.8 h + 0.1 sin(h * w). With h0 > 0 and 0 < w <= 1 every entry stays
# positive and shrinks by a factor of at least 0.9, so the loop ends for any
# positive limit.
# --------------------------------------------------------------------------

DECAY = f"""\
  %a = kiln.constant dense<0.8> : {SCALAR}
  %b = kiln.constant dense<0.1> : {SCALAR}
  %r = kiln.while (%h = %h0) : {V} {{
    %s = kiln.reduce_sum %h : {V}
    %go = kiln.compare gt, %s, %limit : {SCALAR}, {SCALAR}
    kiln.condition %go, %h : {V}
  }} do {{
  ^bb0(%y: {V}):
    %hw = kiln.mul %y, %w : {V}, {V}
    %sn = kiln.sin %hw : {V}
    %p = kiln.mul %y, %a : {V}, {SCALAR}
    %q = kiln.mul %sn, %b : {V}, {SCALAR}
    %next = kiln.add %p, %q : {V}, {V}
    kiln.yield %next : {V}
  }}"""


def decay_step(h, w):
    return 0.8 * h + 0.1 * torch.sin(h * w)


def decay_ref(h0, w, limit):
    h = h0
    for _ in range(WHILE_CAP):
        if not float(h.sum()) > float(limit):
            return h
        h = decay_step(h, w)
    raise AssertionError("reference kiln.while did not stop")


def decay_sums(h0, w, steps):
    """sum(h) before each of the first `steps` + 1 tests."""
    h, sums = torch.from_numpy(h0), []
    for _ in range(steps + 1):
        sums.append(float(h.sum()))
        h = decay_step(h, torch.from_numpy(w))
    return sums


h0, w = random((4,), F64, 0.5, 2.0), random((4,), F64, 0.2, 1.0)
sums = decay_sums(h0, w, 30)
# k trips: the limit halfway between the sums before tests k - 1 and k, so
# no finite-difference step moves a sum across it.
for trips in (0, 1, 25):
    limit = sums[0] + 1.0 if trips == 0 else (sums[trips - 1] + sums[trips]) / 2
    h, count = torch.from_numpy(h0), 0
    while float(h.sum()) > limit and count < WHILE_CAP:
        h, count = decay_step(h, torch.from_numpy(w)), count + 1
    assert count == trips, (count, trips)
    params = [("h0", h0, ()), ("w", w, ()), ("limit", np.array(limit), ()), cotangent((4,))]
    loss_case(f"while sum(h) > limit ({trips} trips)", params, DECAY, decay_ref, [0, 1])

# A test region that computes the values it forwards: the body gets y and
# e = 0.5 sin(y * w), and the loop ends on the last test's (y, e), so the
# last test is differentiated too. The second loop-carried value is never
# read (its init %a0 gets a zero gradient). Under value_and_grad the loss
# comes from the counting loop. With y0 > 0 and 0 < w <= 1 the entries of y
# stay positive and shrink by a factor of at least 0.95.
FORWARDING = f"""\
  %a = kiln.constant dense<0.9> : {SCALAR}
  %b = kiln.constant dense<0.1> : {SCALAR}
  %half = kiln.constant dense<0.5> : {SCALAR}
  %res:2 = kiln.while (%y = %y0, %acc = %a0) : {V}, {V} {{
    %s = kiln.reduce_sum %y : {V}
    %go = kiln.compare gt, %s, %limit : {SCALAR}, {SCALAR}
    %yw = kiln.mul %y, %w : {V}, {V}
    %sn = kiln.sin %yw : {V}
    %e = kiln.mul %sn, %half : {V}, {SCALAR}
    kiln.condition %go, %y, %e : {V}, {V}
  }} do {{
  ^bb0(%z: {V}, %f: {V}):
    %p = kiln.mul %z, %a : {V}, {SCALAR}
    %q = kiln.mul %f, %b : {V}, {SCALAR}
    %next = kiln.add %p, %q : {V}, {V}
    kiln.yield %next, %f : {V}, {V}
  }}
  %r = kiln.mul %res#0, %res#1 : {V}, {V}"""


def forwarding_step(y, w):
    return 0.9 * y + 0.1 * (0.5 * torch.sin(y * w))


def forwarding_ref(y0, a0, w, limit):
    y = y0
    for _ in range(WHILE_CAP):
        if not float(y.sum()) > float(limit):
            return y * (0.5 * torch.sin(y * w))
        y = forwarding_step(y, w)
    raise AssertionError("reference kiln.while did not stop")


y0, w = random((4,), F64, 0.5, 2.0), random((4,), F64, 0.2, 1.0)
sums, y = [], torch.from_numpy(y0)
for _ in range(31):
    sums.append(float(y.sum()))
    y = forwarding_step(y, torch.from_numpy(w))
for trips in (0, 1, 22):
    limit = sums[0] + 1.0 if trips == 0 else (sums[trips - 1] + sums[trips]) / 2
    y, count = torch.from_numpy(y0), 0
    while float(y.sum()) > limit and count < WHILE_CAP:
        y, count = forwarding_step(y, torch.from_numpy(w)), count + 1
    assert count == trips, (count, trips)
    params = [("y0", y0, ()), ("a0", random((4,), F64), ()), ("w", w, ()),
              ("limit", np.array(limit), ()), cotangent((4,))]
    for value_and_grad in (False, True):
        loss_case(f"while forwarding computed values ({trips} trips)"
                  + (", value_and_grad" if value_and_grad else ""),
                  params, FORWARDING, forwarding_ref, [0, 1, 2], value_and_grad=value_and_grad)

# A while counting to an input n with a matmul body (the counter is a
# loop-carried tensor<i64> the test reads).
X, W = "tensor<2x3xf64>", "tensor<3x3xf64>"
COUNT_TO = f"""\
  %zero = kiln.constant dense<0> : {I64}
  %one = kiln.constant dense<1> : {I64}
  %half = kiln.constant dense<0.5> : {SCALAR}
  %res:2 = kiln.while (%i = %zero, %h = %x) : {I64}, {X} {{
    %go = kiln.compare lt, %i, %n : {I64}
    kiln.condition %go, %i, %h : {I64}, {X}
  }} do {{
  ^bb0(%j: {I64}, %y: {X}):
    %j1 = kiln.add %j, %one : {I64}
    %m = kiln.matmul %y, %w : {X}, {W}
    %t = kiln.tanh %m : {X}
    %u = kiln.add %t, %y : {X}
    %v = kiln.mul %u, %half : {X}, {SCALAR}
    kiln.yield %j1, %v : {I64}, {X}
  }}
  %r = kiln.mul %res#1, %x : {X}, {X}"""


def count_to_ref(x, w, n):
    h = x
    for _ in range(int(n)):
        h = 0.5 * (torch.tanh(h @ w) + h)
    return h * x


for n in (0, 1, 40):
    params = [("x", random((2, 3), F64), ()), ("w", random((3, 3), F64, -1, 1), ()),
              ("n", i64(n), ()), cotangent((2, 3))]
    loss_case(f"while counting to {n}, matmul body", params, COUNT_TO, count_to_ref, [0, 1])

# --------------------------------------------------------------------------
# kiln.if inside a kiln.for (the predicate depends on the iteration, both
# branches taken), and loops inside kiln.if branches.
# --------------------------------------------------------------------------

IF_IN_FOR = f"""\
  %c0 = kiln.constant dense<0> : {I64}
  %c1 = kiln.constant dense<1> : {I64}
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> ({V}) : {I64} {{
    %p = kiln.compare lt, %i, %k : {I64}
    %z = kiln.if %p -> ({V}) {{
      %hw = kiln.mul %h, %w : {V}, {V}
      %t = kiln.tanh %hw : {V}
      kiln.yield %t : {V}
    }} else {{
      %s = kiln.sin %h : {V}
      %sw = kiln.add %s, %w : {V}, {V}
      kiln.yield %sw : {V}
    }}
    kiln.yield %z : {V}
  }}"""


def if_in_for_ref(h0, w, n, k):
    h = h0
    for i in range(int(n)):
        h = torch.tanh(h * w) if i < int(k) else torch.sin(h) + w
    return h


for n, k in ((6, 3), (4, 0), (3, 5)):
    params = [("h0", random((4,), F64), ()), ("w", random((4,), F64), ()),
              ("n", i64(n), ()), ("k", i64(k), ()), cotangent((4,))]
    loss_case(f"if (i < {k}) inside for of {n} trips", params, IF_IN_FOR, if_in_for_ref, [0, 1])

# then: a kiln.for of n trips; else: a kiln.while halving h while its
# largest entry exceeds 1 (h0 > 0), then multiplied by w.
LOOPS_IN_IF = f"""\
  %c0 = kiln.constant dense<0> : {I64}
  %c1 = kiln.constant dense<1> : {I64}
  %zero = kiln.constant dense<0.0> : {SCALAR}
  %onef = kiln.constant dense<1.0> : {SCALAR}
  %half = kiln.constant dense<0.5> : {SCALAR}
  %sum = kiln.reduce_sum %x : {V}
  %p = kiln.compare gt, %sum, %zero : {SCALAR}, {SCALAR}
  %r = kiln.if %p -> ({V}) {{
    %f = kiln.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> ({V}) : {I64} {{
      %hw = kiln.mul %h, %w : {V}, {V}
      %t = kiln.tanh %hw : {V}
      %tx = kiln.add %t, %x : {V}, {V}
      kiln.yield %tx : {V}
    }}
    kiln.yield %f : {V}
  }} else {{
    %wl = kiln.while (%v = %h0) : {V} {{
      %m = kiln.reduce_max %v : {V}
      %go = kiln.compare gt, %m, %onef : {SCALAR}, {SCALAR}
      kiln.condition %go, %v : {V}
    }} do {{
    ^bb0(%y: {V}):
      %hy = kiln.mul %y, %half : {V}, {SCALAR}
      %e = kiln.exp %x : {V}
      %ey = kiln.mul %hy, %e : {V}, {V}
      kiln.yield %ey : {V}
    }}
    %ww = kiln.mul %wl, %w : {V}, {V}
    kiln.yield %ww : {V}
  }}"""


def loops_in_if_ref(h0, w, x, n):
    h = h0
    if float(x.sum()) > 0:
        for _ in range(int(n)):
            h = torch.tanh(h * w) + x
        return h
    for _ in range(WHILE_CAP):
        if not float(h.max()) > 1.0:
            return h * w
        h = h * 0.5 * torch.exp(x)
    raise AssertionError("reference kiln.while did not stop")


# x with a negative sum has exp(x) < 1 on average but not everywhere; x in
# [-1.5, -0.5] keeps 0.5 exp(x) < 0.31, so the while ends.
for xs in (1, -1):
    x = random((4,), F64, 0.5, 1.5) * xs
    h0 = random((4,), F64, 0.5, 6.0)
    if xs < 0:
        h, trips = h0.copy(), 0
        while h.max() > 1.0 and trips < WHILE_CAP:
            h, trips = h * 0.5 * np.exp(x), trips + 1
        assert 1 <= trips < WHILE_CAP, trips
        # no finite-difference step moves max(h) across 1 (checked margin)
        assert abs(h.max() - 1.0) > 1e-3 and abs((h / (0.5 * np.exp(x))).max() - 1.0) > 1e-3
    params = [("h0", h0, ()), ("w", random((4,), F64), ()), ("x", x, ()), ("n", i64(5), ()),
              cotangent((4,))]
    loss_case(f"for / while inside the {'then' if xs > 0 else 'else'} branch of an if",
              params, LOOPS_IN_IF, loops_in_if_ref, [0, 1, 2])

# --------------------------------------------------------------------------
# Nested loops: a for inside a for (the inner trip count and body read the
# outer induction variable), and a while inside a for.
# --------------------------------------------------------------------------

FOR_IN_FOR = f"""\
  %c0 = kiln.constant dense<0> : {I64}
  %c1 = kiln.constant dense<1> : {I64}
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> ({V}) : {I64} {{
    %m = kiln.add %i, %c1 : {I64}
    %fi = kiln.cast %i : {I64} to {SCALAR}
    %inner = kiln.for %j = %c0 to %m step %c1 iter_args(%g = %h) -> ({V}) : {I64} {{
      %gw = kiln.mul %g, %w : {V}, {V}
      %xi = kiln.mul %x, %fi : {V}, {SCALAR}
      %z = kiln.add %gw, %xi : {V}, {V}
      %t = kiln.tanh %z : {V}
      kiln.yield %t : {V}
    }}
    %e = kiln.add %inner, %h : {V}, {V}
    %half = kiln.constant dense<0.5> : {SCALAR}
    %next = kiln.mul %e, %half : {V}, {SCALAR}
    kiln.yield %next : {V}
  }}"""


def for_in_for_ref(h0, w, x, n):
    h = h0
    for i in range(int(n)):
        g = h
        for _ in range(i + 1):
            g = torch.tanh(g * w + x * i)
        h = (g + h) * 0.5
    return h


for n in (0, 1, 5):
    params = [("h0", random((4,), F64), ()), ("w", random((4,), F64), ()),
              ("x", random((4,), F64, -0.5, 0.5), ()), ("n", i64(n), ()), cotangent((4,))]
    loss_case(f"for inside for ({n} outer trips)", params, FOR_IN_FOR, for_in_for_ref, [0, 1, 2])

# For each outer step: while max(h) > 1, h = h * q (0 < q < 1); then
# h = h + x * w with x, w > 0. The inner trip count changes from step to step.
WHILE_IN_FOR = f"""\
  %c0 = kiln.constant dense<0> : {I64}
  %c1 = kiln.constant dense<1> : {I64}
  %onef = kiln.constant dense<1.0> : {SCALAR}
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> ({V}) : {I64} {{
    %wl = kiln.while (%v = %h) : {V} {{
      %m = kiln.reduce_max %v : {V}
      %go = kiln.compare gt, %m, %onef : {SCALAR}, {SCALAR}
      kiln.condition %go, %v : {V}
    }} do {{
    ^bb0(%y: {V}):
      %yq = kiln.mul %y, %q : {V}, {V}
      kiln.yield %yq : {V}
    }}
    %xw = kiln.mul %x, %w : {V}, {V}
    %next = kiln.add %wl, %xw : {V}, {V}
    kiln.yield %next : {V}
  }}"""


def while_in_for_ref(h0, q, x, w, n, trips=None):
    h = h0
    for _ in range(int(n)):
        count = 0
        while float(h.max()) > 1.0:
            assert count < WHILE_CAP, "reference kiln.while did not stop"
            h, count = h * q, count + 1
        if trips is not None:
            trips.append((count, float(h.max()), float((h / q).max()) if count else None))
        h = h + x * w
    return h


h0, q = random((4,), F64, 1.0, 4.0), random((4,), F64, 0.6, 0.9)
x, w = random((4,), F64, 0.3, 0.8), random((4,), F64, 0.5, 1.0)
trips = []
with torch.no_grad():
    while_in_for_ref(*[torch.from_numpy(a) for a in (h0, q, x, w)], 6, trips)
# Inner loops that run, with several trip counts, and no max(h) within a
# finite-difference step of the limit.
assert sum(c for c, _, _ in trips) > 6 and len({c for c, _, _ in trips}) > 1, trips
assert all(abs(m - 1) > 1e-4 and (p is None or abs(p - 1) > 1e-4) for _, m, p in trips), trips
params = [("h0", h0, ()), ("q", q, ()), ("x", x, ()), ("w", w, ()), ("n", i64(6), ()),
          cotangent((4,))]
loss_case(f"while inside for (inner trips {[c for c, _, _ in trips]})", params, WHILE_IN_FOR,
          lambda h0, q, x, w, n: while_in_for_ref(h0, q, x, w, n), [0, 1, 2, 3])

# --------------------------------------------------------------------------
# A loop-carried value with a dynamic batch dimension (tensor<?x4xf64>, run
# with batch 3): the tapes take the batch size at run time.
# --------------------------------------------------------------------------

DYN = "tensor<?x4xf64>"
BATCHED = f"""\
  %c0 = kiln.constant dense<0> : {I64}
  %c1 = kiln.constant dense<1> : {I64}
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> ({DYN}) : {I64} {{
    %m = kiln.matmul %h, %w : {DYN}, tensor<4x4xf64>
    %mb = kiln.add %m, %b : {DYN}, {V}
    %t = kiln.tanh %mb : {DYN}
    kiln.yield %t : {DYN}
  }}"""


def batched_ref(h0, w, b, n):
    h = h0
    for _ in range(int(n)):
        h = torch.tanh(h @ w + b)
    return h


for n in (0, 1, 6):
    params = [("h0", random((3, 4), F64), (0,)), ("w", random((4, 4), F64, -0.8, 0.8), ()),
              ("b", random((4,), F64), ()), ("n", i64(n), ()), ("C", random((3, 4), F64), (0,))]
    loss_case(f"for with a dynamic batch dim (batch 3, {n} trips)", params, BATCHED,
              batched_ref, [0, 1, 2])

finish()
