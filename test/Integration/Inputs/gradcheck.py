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
from harness import check_references, import_torch

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
