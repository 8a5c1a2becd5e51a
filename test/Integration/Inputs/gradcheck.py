"""Gradient checks shared by the integration tests of kiln-autodiff.

A case runs `main` of its MLIR after kiln-opt --kiln-autodiff and compares
its results with two references computed here, independently of Kiln:
PyTorch autograd, and central finite differences of the same loss run
forward in PyTorch without autograd. Everything is float64. Tolerances:
torch rtol 1e-6 / atol 1e-8 (both sides compute the same expressions,
differences are rounding); finite differences (eps 1e-6) rtol/atol 1e-5:
truncation ~eps^2 and cancellation ~1e-16 * |loss| / eps stay well below
that for losses of moderate size (|loss| < 100).

`torch` is None where PyTorch is not installed; the tests then skip and
finish.
"""

import numpy as np
from harness import check_references, func, import_torch, random, type_of

torch = import_torch()

AUTODIFF = ["--kiln-autodiff"]
EPS = 1e-6
TORCH_TOL = (1e-6, 1e-8)
FD_TOL = (1e-5, 1e-5)
F64 = "float64"
SCALAR = "tensor<f64>"


def finite_differences(loss, inputs, wrt, eps=EPS):
    """Central differences of `loss` (numpy arrays -> float) with respect to
    inputs[i] for i in wrt."""
    grads = []
    for i in wrt:
        x = np.asarray(inputs[i], dtype=np.float64)
        g = np.zeros_like(x)
        for index in np.ndindex(*x.shape):
            args = list(inputs)
            plus, minus = x.copy(), x.copy()
            plus[index] += eps
            minus[index] -= eps
            args[i] = plus
            f_plus = loss(*args)
            args[i] = minus
            f_minus = loss(*args)
            g[index] = (f_plus - f_minus) / (2 * eps)
        grads.append(g)
    return grads


def torch_forward(fn):
    """`fn` on torch tensors as a numpy function without autograd."""
    def forward(*arrays):
        with torch.no_grad():
            return np.asarray(fn(*[torch.from_numpy(np.asarray(a)) for a in arrays]).numpy())
    return forward


def torch_gradients(loss, inputs, wrt):
    """The loss (a numpy 0-d array) and its gradients by torch autograd."""
    tensors = [torch.tensor(np.asarray(a), requires_grad=(i in wrt)) for i, a in enumerate(inputs)]
    value = loss(*tensors)
    if not value.requires_grad:  # constant in every differentiated input
        return value.detach().numpy(), [np.zeros_like(inputs[i]) for i in wrt]
    grads = torch.autograd.grad(value, [tensors[i] for i in wrt], allow_unused=True)
    # clone(): torch may return an efficient zero tensor, whose numpy() view
    # reads unrelated memory.
    grads = [np.zeros_like(inputs[i]) if g is None else g.detach().clone().numpy()
             for g, i in zip(grads, wrt)]
    return value.detach().numpy(), grads


def grad_check(name, mlir, inputs, loss, wrt, leading=None, fd_loss=None):
    """Runs main of `mlir` after kiln-autodiff. main returns `leading`
    results (a list of torch functions of the inputs; by default the loss),
    then the gradients of `loss` (a torch function of the inputs giving a
    0-d tensor) with respect to inputs[wrt] in that order. The finite
    differences run `fd_loss` (a numpy function of the inputs giving a
    float; default `loss` run forward in torch)."""
    value, autograd = torch_gradients(loss, inputs, wrt)
    numeric = finite_differences(fd_loss or torch_forward(loss), inputs, wrt)
    if leading is None:
        firsts = [value]
    else:
        firsts = [torch_forward(fn)(*inputs) for fn in leading]
    check_references(name, mlir, inputs, [
        ("torch autograd", firsts + autograd, *TORCH_TOL),
        ("finite differences", firsts + numeric, *FD_TOL),
    ], passes=AUTODIFF)


def grad_results(wrt_types):
    """`%g:N` and the names of its results."""
    names = [f"%g#{i}" for i in range(len(wrt_types))]
    return f"%g:{len(wrt_types)}", names


def scalar_loss(rank, out_type):
    """Lines turning the op's result %r into the scalar %loss = sum(r * C)."""
    if rank == 0:
        return f"  %loss = kiln.mul %r, %C : {out_type}, {out_type}\n"
    return (f"  %rc = kiln.mul %r, %C : {out_type}, {out_type}\n"
            f"  %loss = kiln.reduce_sum %rc : {out_type}\n")


def op_case(name, params, body, out_type, ref, wrt=None, fd_ref=None, numeric=True):
    """A case differentiating reduce_sum(r * C), where `body` computes %r of
    type `out_type` (a string, or a function of the reference r giving one)
    from `params`, a list of (name, array, dynamic dims). `ref` computes r
    from torch tensors of the params; `fd_ref`, when given, replaces it for
    the finite differences. `wrt` defaults to every float parameter. Without
    `numeric` torch autograd is the only reference (for points where the
    function is not differentiable, such as pooling ties)."""
    arrays = [a for _, a, _ in params]
    with torch.no_grad():
        r = ref(*[torch.from_numpy(np.asarray(a)) for a in arrays])
    if callable(out_type):
        out_type = out_type(r)
    c = random(tuple(r.shape), F64, -2, 2)
    inputs = arrays + [c]
    types = [type_of(a, dyn) for _, a, dyn in params] + [out_type]
    names = [f"%{n}" for n, _, _ in params] + ["%C"]
    if wrt is None:
        wrt = [i for i, a in enumerate(arrays) if np.asarray(a).dtype.kind == "f"]
    args = list(zip([n[1:] for n in names], types))
    tail = scalar_loss(r.dim(), out_type)
    f = func(args, [SCALAR], f"{body.rstrip()}\n{tail}  return %loss : {SCALAR}", name="f")
    grad_types = [types[i] for i in wrt]
    all_args = ", ".join(names)
    all_types = ", ".join(types)
    lhs, results = grad_results(grad_types)
    main = func(args, [SCALAR] + grad_types, f"""\
  %v = func.call @f({all_args}) : ({all_types}) -> {SCALAR}
  {lhs} = kiln.grad @f({all_args}) wrt [{', '.join(map(str, wrt))}] : ({all_types}) -> ({', '.join(grad_types)})
  return %v, {', '.join(results)} : {', '.join([SCALAR] + grad_types)}""")

    def loss_of(fn):
        return lambda *t: (fn(*t[:-1]) * t[-1]).sum()
    if not numeric:
        value, autograd = torch_gradients(loss_of(ref), inputs, wrt)
        check_references(name, f + main, inputs,
                         [("torch autograd", [value] + autograd, *TORCH_TOL)], passes=AUTODIFF)
        return
    grad_check(name, f + main, inputs, loss_of(ref), wrt,
               fd_loss=torch_forward(loss_of(fd_ref)) if fd_ref else None)


def second_order_case(name, params, body, out_type, ref):
    """Second derivatives through the rules' own IR: with f as in op_case
    (loss reduce_sum(r * C)), h = reduce_sum(kiln.grad f wrt [0] * D) for a
    random D, and main returns h and kiln.grad of h with respect to every
    float parameter. `out_type` is as in op_case. The finite differences are
    those of h computed with torch's first gradient."""
    arrays = [a for _, a, _ in params]
    n = len(arrays)
    with torch.no_grad():
        r = ref(*[torch.from_numpy(np.asarray(a)) for a in arrays])
    if callable(out_type):
        out_type = out_type(r)
    c = random(tuple(r.shape), F64, -2, 2)
    d = random(arrays[0].shape, F64, -2, 2)
    inputs = arrays + [c, d]
    types = [type_of(a, dyn) for _, a, dyn in params]
    t0 = types[0]
    names = [f"%{p}" for p, _, _ in params]
    wrt = [i for i, a in enumerate(arrays) if np.asarray(a).dtype.kind == "f"]
    f_args = list(zip([p for p, _, _ in params] + ["C"], types + [out_type]))
    h_args = f_args + [("D", t0)]
    tail = scalar_loss(r.dim(), out_type)
    f = func(f_args, [SCALAR], f"{body.rstrip()}\n{tail}  return %loss : {SCALAR}", name="f")
    f_operands, f_types = ", ".join(names + ["%C"]), ", ".join(types + [out_type])
    gd_sum = (f"  %s = kiln.mul %gd, %D : {t0}, {t0}\n" if arrays[0].ndim == 0 else
              f"  %p = kiln.mul %gd, %D : {t0}, {t0}\n  %s = kiln.reduce_sum %p : {t0}\n")
    h = func(h_args, [SCALAR], f"""\
  %gd = kiln.grad @f({f_operands}) wrt [0] : ({f_types}) -> {t0}
{gd_sum}  return %s : {SCALAR}""", name="h")
    h_operands, h_types = f_operands + ", %D", f_types + f", {t0}"
    grad_types = [types[i] for i in wrt]
    lhs, results = grad_results(grad_types)
    main = func(h_args, [SCALAR] + grad_types, f"""\
  %v = func.call @h({h_operands}) : ({h_types}) -> {SCALAR}
  {lhs} = kiln.grad @h({h_operands}) wrt [{', '.join(map(str, wrt))}] : ({h_types}) -> ({', '.join(grad_types)})
  return %v, {', '.join(results)} : {', '.join([SCALAR] + grad_types)}""")

    def h_torch(*t):
        x0 = t[0]
        if not x0.requires_grad:  # finite differences: a fresh leaf
            x0 = x0.detach().requires_grad_(True)
        loss = (ref(x0, *t[1:n]) * t[n]).sum()
        g, = torch.autograd.grad(loss, x0, create_graph=True)
        return (g * t[n + 1]).sum()

    def h_numeric(*a):
        with torch.enable_grad():
            return float(h_torch(*[torch.from_numpy(np.asarray(v)) for v in a]).detach())
    grad_check(name, f + h + main, inputs, h_torch, wrt, fd_loss=h_numeric)
