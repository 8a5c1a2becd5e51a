"""Element types: numpy dtypes on the Python side, MLIR names in the IR."""

import numpy as np

_TO_NAME = {
    np.dtype(np.float16): "f16",
    np.dtype(np.float32): "f32",
    np.dtype(np.float64): "f64",
    np.dtype(np.bool_): "i1",
    np.dtype(np.int8): "i8",
    np.dtype(np.int16): "i16",
    np.dtype(np.int32): "i32",
    np.dtype(np.int64): "i64",
}
_FROM_NAME = {name: dtype for dtype, name in _TO_NAME.items()}

float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
float16 = np.dtype(np.float16)
int8 = np.dtype(np.int8)
int16 = np.dtype(np.int16)
int32 = np.dtype(np.int32)
int64 = np.dtype(np.int64)
bool_ = np.dtype(np.bool_)


def dtype_name(dtype):
    """The MLIR element type of a numpy dtype."""
    try:
        return _TO_NAME[np.dtype(dtype)]
    except (KeyError, TypeError):
        raise TypeError(
            f"kiln: unsupported dtype {dtype} (float16, float32, float64, "
            "bool, int8, int16, int32 and int64 are)") from None


def from_name(name):
    return _FROM_NAME[name]


def is_float(dtype):
    return np.dtype(dtype).kind == "f"


def mlir_type(shape, dtype):
    """The MLIR spelling of a tensor type, `?` for dynamic dimensions."""
    dims = "".join(("?" if d is None else str(d)) + "x" for d in shape)
    return f"tensor<{dims}{dtype_name(dtype)}>"


def contiguous(value):
    """`value` as a C-contiguous array, copied only if needed (0-d stays
    0-d, unlike np.ascontiguousarray)."""
    array = np.asarray(value)
    return array if array.flags.c_contiguous else np.ascontiguousarray(array)
