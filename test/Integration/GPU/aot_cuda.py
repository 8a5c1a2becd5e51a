# RUN: %python %s
"""A GPU model compiled ahead of time: `kilnc --target=cuda` writes an object
and header that a C program links with libkiln_runtime alone (no CUDA
library). Without a GPU the call returns KILN_ERROR_NO_DEVICE with a clear
message; on a GPU its results, through the host-pointer and the
device-pointer entry points, match the CPU build's."""

import os
import subprocess
import sys
import tempfile

KILNC = os.environ["KILNC"]
INCLUDE = os.environ["KILN_INCLUDE"]
LIB = os.environ["KILN_LIB"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
MAIN = os.path.join(ROOT, "test", "Integration", "Inputs", "mlp_main.c")
OMP = "/usr/lib/llvm-22/lib/libomp.so"


def sh(*args):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(args)}\n"
                 f"{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def build(tmp, target):
    folder = os.path.join(tmp, target)
    os.makedirs(folder)
    obj = os.path.join(folder, "mlp.o")
    sh(KILNC, os.path.join(ROOT, "examples", "mlp.mlir"),
       *(["--target=cuda"] if target == "cuda" else []), "-o", obj)
    exe = os.path.join(folder, "mlp")
    defines = ["-DKILN_TEST_DEVICE_API"] if target == "cuda" else []
    sh("cc", "-O1", *defines, "-I", folder, "-I", INCLUDE, MAIN, obj,
       os.path.join(LIB, "libkiln_runtime.a"), OMP, "-lm", "-o", exe)
    return exe


with tempfile.TemporaryDirectory() as tmp:
    cpu = build(tmp, "cpu")
    cuda = build(tmp, "cuda")
    # Linked with no CUDA library: the driver is opened at run time.
    needed = sh("readelf", "-d", cuda)
    assert "libcuda" not in needed and "libcudart" not in needed, needed

    expected = sh(cpu).split("\n")
    proc = subprocess.run([cuda], capture_output=True, text=True)
    if not os.environ.get("KILN_TEST_CUDA_DEVICE"):
        assert proc.returncode == 2, (proc.returncode, proc.stdout)
        assert proc.stdout.startswith("error 3: no CUDA"), proc.stdout
        print("no GPU: the call failed cleanly with", proc.stdout.strip())
        sys.exit(0)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().split("\n")
    rows = [l for l in expected if l]
    assert len(lines) == 2 * len(rows), proc.stdout
    for got, want in zip(lines, rows + rows):
        for g, w in zip(got.split(), want.split()):
            assert abs(float(g) - float(w)) <= 1e-5, (got, want)
    print("GPU results match the CPU build's")
