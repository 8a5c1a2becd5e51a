"""Runs kiln functions through kiln-run and compares them with a reference.

Each integration test builds small MLIR functions from templates, runs them
on random inputs and checks the results against numpy (or PyTorch) computed
here, independently of Kiln. Failures are collected and reported together;
the script exits non-zero if any case failed.
"""

import os
import re
import subprocess
import sys
import tempfile

import numpy as np

KILN_RUN = os.environ.get("KILN_RUN", "kiln-run")
# kiln-opt, for cases whose MLIR goes through passes before kiln-run (`passes`
# of run and check): $KILN_OPT, else build/bin/kiln-opt.
KILN_OPT = os.environ.get("KILN_OPT", os.path.join("build", "bin", "kiln-opt"))
RNG = np.random.default_rng(1234)
# Where kiln-run runs every case: $KILN_RUN_DEVICE (cpu, cuda), else the
# CPU. The GPU suite (GPU/suite_cuda.py) reruns these scripts with cuda
# against the same numpy and PyTorch references.
KILN_RUN_DEVICE = os.environ.get("KILN_RUN_DEVICE")

DTYPES = {
    np.dtype("float16"): "f16",
    np.dtype("float32"): "f32",
    np.dtype("float64"): "f64",
    np.dtype("bool"): "i1",
    np.dtype("int32"): "i32",
    np.dtype("int64"): "i64",
}

_failures = []
_cases = 0
_skipped = []


def tensor_type(shape, dtype, dynamic=()):
    """`tensor<2x?xf32>`; dims listed in `dynamic` are written as `?`."""
    dims = ["?" if i in dynamic else str(d) for i, d in enumerate(shape)]
    element = DTYPES[np.dtype(dtype)]
    return "tensor<" + "".join(d + "x" for d in dims) + element + ">"


def static_broadcast(*shapes):
    """Kiln's broadcast of shapes with None for `?` dims (ShapeInference.cpp):
    ? against N != 1 is N; against 1 or ? it stays ?."""
    rank = max((len(s) for s in shapes), default=0)
    result = []
    for i in range(rank):
        out = 1
        for s in shapes:
            d = s[i - (rank - len(s))] if i >= rank - len(s) else 1
            if d == out or d == 1:
                continue
            if out == 1:
                out = d
            elif out is None:
                out = d
            elif d is None:
                pass
        result.append(out)
    return result


def broadcast_type(arrays_and_dynamic, dtype):
    """The inferred tensor type of a broadcasting op over (array, dynamic)
    pairs, with the run-time shape of the numpy result."""
    shapes = [tuple(None if i in dyn else d for i, d in enumerate(a.shape))
              for a, dyn in arrays_and_dynamic]
    inferred = static_broadcast(*shapes)
    actual = np.broadcast_shapes(*(a.shape for a, _ in arrays_and_dynamic))
    dynamic = tuple(i for i, d in enumerate(inferred) if d is None)
    return tensor_type(actual, dtype, dynamic)


def reduced_type(x, axes, keepdims, dynamic, dtype=None):
    """The inferred type of a reduction of `x` over `axes` (None: all), with
    the dims in `dynamic` written as ?."""
    rank = x.ndim
    axes = range(rank) if axes is None else [a % rank for a in axes]
    shape, dyn = [], []
    for d in range(rank):
        if d in axes:
            if keepdims:
                shape.append(1)
            continue
        if d in dynamic:
            dyn.append(len(shape))
        shape.append(x.shape[d])
    return tensor_type(shape, dtype or x.dtype, tuple(dyn))


def type_of(array, dynamic=()):
    return tensor_type(array.shape, array.dtype, dynamic)


def random(shape, dtype="float32", low=-2.0, high=2.0):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return RNG.random(shape) < 0.5
    if dtype.kind == "i":
        return RNG.integers(int(low), int(high) + 1, size=shape).astype(dtype)
    return RNG.uniform(low, high, size=shape).astype(dtype)


# What kiln-run says of a case the device's pipeline rejects by design
# (control flow on tensor values on a GPU): the case is skipped there.
UNSUPPORTED_ON_DEVICE = "not supported on GPUs yet"


class UnsupportedOnDevice(Exception):
    """A case $KILN_RUN_DEVICE's pipeline reports as not supported."""


def run(mlir, inputs, entry="main", num_results=1, extra_args=(), passes=()):
    """Runs `entry` of the MLIR text on `inputs`; returns the results. With
    `passes` (kiln-opt options, e.g. ["--kiln-autodiff"]) the text goes
    through `kiln-opt PASSES` first."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "case.mlir")
        with open(source, "w") as f:
            f.write(mlir)
        if passes:
            transformed = os.path.join(tmp, "case.opt.mlir")
            proc = subprocess.run([KILN_OPT, source, *passes, "-o", transformed],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(
                    f"kiln-opt {' '.join(passes)} failed ({proc.returncode}):\n"
                    f"{proc.stderr}\n{mlir}")
            source = transformed
        args = [KILN_RUN, source, "--entry=" + entry, *extra_args]
        if KILN_RUN_DEVICE:
            args.append("--device=" + KILN_RUN_DEVICE)
        for i, value in enumerate(inputs):
            path = os.path.join(tmp, f"in{i}.npy")
            np.save(path, np.asarray(value))
            args.append("--input=@" + path)
        outs = [os.path.join(tmp, f"out{i}.npy") for i in range(num_results)]
        args += ["--output=@" + p for p in outs]
        proc = subprocess.run(args, capture_output=True, text=True)
        if proc.returncode != 0:
            if KILN_RUN_DEVICE and UNSUPPORTED_ON_DEVICE in proc.stderr:
                raise UnsupportedOnDevice(proc.stderr.strip().splitlines()[0])
            raise RuntimeError(
                f"kiln-run failed ({proc.returncode}):\n{proc.stderr}\n{mlir}")
        return [np.load(p) for p in outs]


def check(name, mlir, inputs, expected, rtol=1e-5, atol=1e-6, entry="main",
          passes=()):
    """Runs the case and compares every result with `expected` (a list)."""
    check_references(name, mlir, inputs, [("", expected, rtol, atol)],
                     entry=entry, passes=passes)


def check_references(name, mlir, inputs, references, entry="main", passes=()):
    """Runs the case once and compares its results with each reference, a
    (label, expected list, rtol, atol): one case, checked several ways."""
    global _cases
    _cases += 1
    try:
        results = run(mlir, inputs, entry=entry,
                      num_results=len(references[0][1]), passes=passes)
    except UnsupportedOnDevice as error:
        _cases -= 1
        skip(name, f"on {KILN_RUN_DEVICE}: {error}")
        return
    except RuntimeError as error:
        _failures.append(f"{name}: {error}")
        return
    problems = []
    for label, expected, rtol, atol in references:
        what = f" vs {label}" if label else ""
        for i, (got, want) in enumerate(zip(results, expected)):
            want = np.asarray(want)
            if got.shape != want.shape or got.dtype != want.dtype:
                problems.append(
                    f"result {i}{what} is {got.dtype}{list(got.shape)}, "
                    f"expected {want.dtype}{list(want.shape)}")
                continue
            if want.dtype.kind in "biu":
                ok = np.array_equal(got, want)
            else:
                ok = np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
            if not ok:
                diff = np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)))
                problems.append(f"result {i}{what} differs (max abs diff {diff})\n"
                                f"got {got}\nexpected {want}")
    if problems:
        _failures.append(f"{name}: " + "\n".join(problems) + f"\n{mlir}")
    elif GPU_PACK:
        _pack(name, mlir, inputs, results, references[0][2], references[0][3],
              entry, passes)


# With $KILN_GPU_PACK (a folder), every $KILN_GPU_PACK_EVERY-th case that
# passes on the CPU is also compiled for CUDA into a self-contained
# executable beside its inputs and CPU results, for
# scripts/gpu/run_pack.py to check on a GPU machine without LLVM (see
# scripts/gpu/pack.sh).
GPU_PACK = os.environ.get("KILN_GPU_PACK")
GPU_PACK_EVERY = int(os.environ.get("KILN_GPU_PACK_EVERY", "1"))
_packed = 0


def _pack(name, mlir, inputs, results, rtol, atol, entry, passes):
    global _packed
    _packed += 1
    # kilnc's graph pipeline runs kiln-autodiff itself; other passes (CPU
    # ones) have no GPU equivalent.
    if any(p != "--kiln-autodiff" for p in passes) or \
            (_packed - 1) % GPU_PACK_EVERY != 0:
        return
    import json
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))), "scripts",
        "gpu"))
    import gpu_driver
    script = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    folder = os.path.join(GPU_PACK, script, f"{_packed:04d}")
    os.makedirs(folder, exist_ok=True)
    arrays = [np.asarray(value) for value in inputs]
    types = gpu_driver.argument_types(mlir, entry)
    specs = []
    for array, (_, shape) in zip(arrays, types):
        dynamic = [d for d, size in enumerate(shape) if size is None]
        specs.append((array.dtype.itemsize, list(array.shape), dynamic))
    meta = {"name": name, "rtol": rtol, "atol": atol,
            "inputs": len(arrays),
            "results": [[str(r.dtype), list(r.shape)] for r in results]}
    for k, array in enumerate(arrays):
        np.ascontiguousarray(array).tofile(os.path.join(folder, f"in{k}.raw"))
    for k, result in enumerate(results):
        np.ascontiguousarray(result).tofile(os.path.join(folder, f"cpu{k}.raw"))
    try:
        gpu_driver.build_executable(mlir, entry, specs,
                                    [r.dtype.itemsize for r in results],
                                    folder, "case", rpath="$ORIGIN/../..")
    except subprocess.CalledProcessError as error:
        meta["skipped"] = (error.stderr or "").strip().splitlines()[:1]
    with open(os.path.join(folder, "case.json"), "w") as f:
        json.dump(meta, f)


def skip(name, reason):
    """Records a case that could not run here (reported, not failed)."""
    _skipped.append(f"{name}: {reason}")


def import_torch():
    """PyTorch, the reference of the convolution, pooling and loss cases, or
    None where it is not installed (Debian's python3-torch provides it)."""
    try:
        import torch
    except ImportError:
        print("note: torch is not installed (apt-get install python3-torch); "
              "its cases are skipped", file=sys.stderr)
        return None
    torch.set_num_threads(1)
    return torch


def finish():
    """Reports and exits: 0 if every case passed."""
    for failure in _failures:
        print("FAIL:", failure, file=sys.stderr)
    for skipped in _skipped:
        print("SKIPPED:", skipped, file=sys.stderr)
    print(f"{_cases - len(_failures)} of {_cases} cases passed"
          + (f", {len(_skipped)} skipped" if _skipped else ""))
    sys.exit(1 if _failures else 0)


def func(args, results, body, name="main"):
    """A func.func with named arguments [(name, type)] and a body that ends
    in `return`."""
    signature = ", ".join(f"%{n}: {t}" for n, t in args)
    result_types = ", ".join(results)
    if len(results) != 1:
        result_types = "(" + result_types + ")"
    return f"func.func @{name}({signature}) -> {result_types} {{\n{body}\n}}\n"


def compiled_kernels(mlir, entry="main"):
    """The kernel functions kilnc's LLVM module has for `mlir` (the internal
    `<entry>_...` functions) and the calls to them, in order."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "model.mlir")
        with open(source, "w") as f:
            f.write(mlir)
        llvm = subprocess.run([os.environ["KILNC"], source, "--emit=mlir", "-o", "-"],
                              capture_output=True, text=True, check=True).stdout
    kernels = set(re.findall(rf"llvm\.func internal @({entry}_\w+)", llvm))
    calls = re.findall(rf"llvm\.call @({entry}_\w+)", llvm)
    return kernels, calls
