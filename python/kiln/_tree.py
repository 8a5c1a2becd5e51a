"""Nested arguments and results: tuples, lists and dicts of tensors."""

import numbers

import numpy as np

from ._trace import KilnError
from .tensor import Tensor


def is_array_leaf(value):
    return isinstance(value, (Tensor, np.ndarray, np.generic))


def flatten(value):
    """(leaves, rebuild): the leaves in order and a function making the same
    structure from new leaves."""
    if isinstance(value, (tuple, list)):
        parts = [flatten(v) for v in value]
        counts = [len(p[0]) for p in parts]
        kind = type(value)

        def rebuild(leaves):
            out, at = [], 0
            for (_, build), n in zip(parts, counts):
                out.append(build(leaves[at:at + n]))
                at += n
            return kind(out) if kind in (tuple, list) else kind(*out)
        return [leaf for p in parts for leaf in p[0]], rebuild
    if isinstance(value, dict):
        keys = list(value)
        inner, build = flatten([value[k] for k in keys])
        return inner, lambda leaves: dict(zip(keys, build(leaves)))
    return [value], lambda leaves: leaves[0]


def structure_key(value):
    """A hashable description of the structure and of the non-array leaves
    (which are compiled in as constants)."""
    if isinstance(value, (tuple, list)):
        return (type(value).__name__,) + tuple(structure_key(v) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((k, structure_key(v)) for k, v in value.items())
    if is_array_leaf(value):
        return "array"
    if isinstance(value, (numbers.Number, str, bytes, type(None), bool)):
        return (type(value).__name__, value)
    try:
        hash(value)
        return ("object", value)
    except TypeError:
        return ("object", id(value))


def arrays_and_key(value):
    """One walk for the hot path of a compiled call: the array leaves as
    contiguous numpy arrays, and a hashable key of the structure, each
    array's exact shape and dtype, and the other leaves' values."""
    arrays, key = [], []
    _walk(value, arrays, key)
    return arrays, tuple(key)


def _walk(value, arrays, key):
    kind = type(value)
    if isinstance(value, (Tensor, np.ndarray)):
        data = value._data if isinstance(value, Tensor) else value
        if data is None:
            raise KilnError(
                "a traced tensor is passed to a compiled function outside "
                "the trace that made it (did it escape from kiln.jit?)")
        if not data.flags.c_contiguous:
            data = np.ascontiguousarray(data)
        arrays.append(data)
        key.append(data.shape)
        key.append(data.dtype)
    elif kind is list or kind is tuple:
        key.append("[" if kind is list else "(")
        for item in value:
            if type(item) is np.ndarray and item.flags.c_contiguous:
                arrays.append(item)  # the common leaf, inline
                key.append(item.shape)
                key.append(item.dtype)
            else:
                _walk(item, arrays, key)
        key.append("]")
    elif kind is dict:
        key.append("{")
        for k, item in value.items():
            key.append(k)
            _walk(item, arrays, key)
        key.append("}")
    elif isinstance(value, np.generic):
        data = np.asarray(value)
        arrays.append(data)
        key.append(())
        key.append(data.dtype)
    else:
        key.append(structure_key(value))
