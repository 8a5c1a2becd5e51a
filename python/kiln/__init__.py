"""Kiln from Python: one program, run op by op or compiled.

    import kiln
    x = kiln.asarray(np.ones((2, 3), np.float32))
    y = kiln.exp(x) @ x.T            # eager: each op runs at once

    @kiln.jit                         # compiled: one graph per signature,
    def f(x, n):                      # Python control flow on tensors
        while kiln.sum(x) > n:        # becomes kiln.while / kiln.if
            x = x / 2
        return x

    df = kiln.grad(lambda_or_def, argnums=0)   # gradients by kiln-autodiff
"""

from ._kiln import KilnError
from ._dtypes import bool_, float16, float32, float64, int32, int64
from .tensor import Tensor, asarray
from .ops import (abs, add, arange, argmax, avg_pool2d, cast, concatenate,
                  conv2d, cos, cross_entropy, divide, equal, erf, exp, full,
                  gelu, greater, greater_equal, less, less_equal, log,
                  log_softmax, matmul, max, max_pool2d, maximum, mean, min,
                  minimum, multiply, negative, not_equal, ones, power, relu,
                  reshape, rsqrt, sigmoid, sin, softmax, sqrt, subtract, sum,
                  take, tanh, transpose, where, zeros)
from .jit import JitFunction, export, jit
from .autodiff import grad, value_and_grad
from . import nn

__all__ = [name for name in dir() if not name.startswith("_")]
