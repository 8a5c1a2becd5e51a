"""Layers and optimizers, enough to write a training loop.

A layer's parameters are `Parameter`s: tensors whose value an optimizer
replaces after each step. `Module.apply(params, *inputs)` runs a layer with
other values for its parameters, which is how a compiled training step
takes them as arguments (and differentiates with respect to them).
"""

import contextlib

import numpy as np

from . import ops
from ._dtypes import contiguous
from .tensor import Tensor


class Parameter(Tensor):
    """A trainable tensor; `assign` gives it a new value."""

    __slots__ = ()

    def __init__(self, data):
        super().__init__(contiguous(np.asarray(data, dtype=np.float32)))

    def assign(self, value):
        value = value.numpy() if isinstance(value, Tensor) else np.asarray(value)
        if value.shape != self._data.shape:
            raise ValueError(f"kiln: cannot assign shape {value.shape} to a "
                             f"parameter of shape {self._data.shape}")
        self._data = contiguous(value.astype(self._data.dtype, copy=False))


class Module:
    def __call__(self, *inputs):
        return self.forward(*inputs)

    def forward(self, *inputs):
        raise NotImplementedError

    def _slots(self):
        """(owner, attribute) of every parameter, in a fixed order."""
        slots = []
        for name, value in vars(self).items():
            if isinstance(value, Parameter):
                slots.append((self, name))
            elif isinstance(value, Module):
                slots.extend(value._slots())
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, Module):
                        slots.extend(item._slots())
        return slots

    def parameters(self):
        """The parameters, in a fixed order (submodules depth first)."""
        return [getattr(owner, name) for owner, name in self._slots()]

    @contextlib.contextmanager
    def _substituted(self, params):
        slots = self._slots()
        if len(params) != len(slots):
            raise ValueError(f"kiln: {type(self).__name__} has {len(slots)} "
                             f"parameters, got {len(params)}")
        saved = [getattr(owner, name) for owner, name in slots]
        for (owner, name), value in zip(slots, params):
            object.__setattr__(owner, name, value)
        try:
            yield
        finally:
            for (owner, name), value in zip(slots, saved):
                object.__setattr__(owner, name, value)

    def apply(self, params, *inputs):
        """forward(*inputs) with `params` (a list in `parameters()` order)
        in place of the parameters."""
        with self._substituted(list(params)):
            return self.forward(*inputs)


def _uniform(rng, bound, shape):
    return rng.uniform(-bound, bound, size=shape).astype(np.float32)


class Linear(Module):
    """y = x @ weight + bias, weight of shape (in, out); PyTorch's default
    initialisation."""

    def __init__(self, in_features, out_features, bias=True, seed=None):
        rng = np.random.default_rng(seed)
        bound = 1.0 / np.sqrt(in_features)
        self.weight = Parameter(_uniform(rng, bound, (in_features, out_features)))
        self.bias = Parameter(_uniform(rng, bound, (out_features,))) if bias else None

    def forward(self, x):
        y = ops.matmul(x, self.weight)
        return y if self.bias is None else y + self.bias


class Conv2d(Module):
    """PyTorch Conv2d: NCHW input, weight of shape (out, in / groups, kh, kw)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1,
                 padding=0, dilation=1, groups=1, bias=True, seed=None):
        rng = np.random.default_rng(seed)
        kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
        fan_in = in_channels // groups * kh * kw
        bound = 1.0 / np.sqrt(fan_in)
        self.weight = Parameter(_uniform(rng, bound, (out_channels, in_channels // groups, kh, kw)))
        self.bias = Parameter(_uniform(rng, bound, (out_channels,))) if bias else None
        self.stride, self.padding = stride, padding
        self.dilation, self.groups = dilation, groups

    def forward(self, x):
        return ops.conv2d(x, self.weight, self.bias, self.stride, self.padding,
                          self.dilation, self.groups)


class ReLU(Module):
    def forward(self, x):
        return ops.relu(x)


class Tanh(Module):
    def forward(self, x):
        return ops.tanh(x)


class Flatten(Module):
    """Keeps the first (batch) axis, flattens the others."""

    def forward(self, x):
        return ops.reshape(x, (-1, int(np.prod(x.shape[1:]))))


class MaxPool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x):
        return ops.max_pool2d(x, self.kernel_size, self.stride, self.padding)


class Sequential(Module):
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class Optimizer:
    """Updates `params` from gradients; the update of every parameter is one
    compiled function per optimizer."""

    def __init__(self, params):
        self.params = list(params)
        from .jit import jit
        self._update = jit(self._rule)

    def step(self, grads):
        """Applies one update with `grads` (in the order of `params`)."""
        grads = list(grads)
        if len(grads) != len(self.params):
            raise ValueError(f"kiln: {len(self.params)} parameters, "
                             f"{len(grads)} gradients")
        values, self.state = self._update(self.params, grads, self.state,
                                          *self._hyperparameters())
        for param, value in zip(self.params, values):
            param.assign(value)


class SGD(Optimizer):
    """p -= lr * (g + momentum buffer)."""

    def __init__(self, params, lr=0.01, momentum=0.0):
        super().__init__(params)
        self.lr, self.momentum = lr, momentum
        self.state = [np.zeros_like(p.numpy()) for p in self.params]

    def _hyperparameters(self):
        return (np.float32(self.lr), np.float32(self.momentum))

    @staticmethod
    def _rule(params, grads, velocities, lr, momentum):
        velocities = [momentum * v + g for v, g in zip(velocities, grads)]
        return [p - lr * v for p, v in zip(params, velocities)], velocities


class Adam(Optimizer):
    """Adam (Kingma and Ba), with PyTorch's defaults."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params)
        self.lr, self.betas, self.eps = lr, betas, eps
        self.steps = 0
        self.state = ([np.zeros_like(p.numpy()) for p in self.params],
                      [np.zeros_like(p.numpy()) for p in self.params])

    def _hyperparameters(self):
        self.steps += 1
        b1, b2 = self.betas
        # Bias corrections folded into the step size.
        scale = self.lr * np.sqrt(1 - b2 ** self.steps) / (1 - b1 ** self.steps)
        return (np.float32(scale), np.float32(b1), np.float32(b2), np.float32(self.eps))

    @staticmethod
    def _rule(params, grads, state, scale, b1, b2, eps):
        m, v = state
        m = [b1 * a + (1 - b1) * g for a, g in zip(m, grads)]
        v = [b2 * a + (1 - b2) * g * g for a, g in zip(v, grads)]
        new = [p - scale * a / (ops.sqrt(b) + eps) for p, a, b in zip(params, m, v)]
        return new, (m, v)
