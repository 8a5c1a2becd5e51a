# RUN: %python %s
"""Ahead-of-time compilation: kilnc writes an object and a header, a C
program includes the header and links the object with libkiln_runtime, and
its output matches numpy. Also: a wrong-shape call through the C API returns
the error code, and a model with dynamic shapes leaks nothing under
LeakSanitizer."""

import os
import subprocess
import sys
import tempfile

import numpy as np

KILNC = os.environ["KILNC"]
INCLUDE = os.environ["KILN_INCLUDE"]
RUNTIME = os.path.join(os.environ["KILN_LIB"], "libkiln_runtime.a")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INPUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs")


def sh(*args, **kwargs):
    proc = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(args)}\n"
                 f"{proc.stdout}\n{proc.stderr}")
    return proc.stdout


with tempfile.TemporaryDirectory() as tmp:
    # The MLP of examples/ through kilnc and a C driver.
    sh(KILNC, os.path.join(ROOT, "examples", "mlp.mlir"), "-o",
       os.path.join(tmp, "mlp.o"))
    assert os.path.exists(os.path.join(tmp, "mlp.h")), "kilnc wrote no header"
    driver = os.path.join(tmp, "mlp_driver")
    sh("cc", "-std=c11", "-Wall", "-Wextra", "-Werror",
       os.path.join(INPUTS, "mlp_driver.c"), os.path.join(tmp, "mlp.o"),
       "-I", tmp, "-I", INCLUDE, RUNTIME, "-l:libomp.so.5", "-lm", "-o", driver)
    # Nothing but libc and libm at run time.
    libs = sh("ldd", driver)
    assert "MLIR" not in libs and "LLVM" not in libs, libs

    rng = np.random.default_rng(7)
    batch = 5
    x = rng.standard_normal((batch, 784)).astype(np.float32)
    w1 = (rng.standard_normal((784, 128)) * 0.05).astype(np.float32)
    b1 = (rng.standard_normal(128) * 0.1).astype(np.float32)
    w2 = (rng.standard_normal((128, 10)) * 0.2).astype(np.float32)
    b2 = (rng.standard_normal(10) * 0.1).astype(np.float32)
    paths = []
    for name, array in (("x", x), ("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)):
        path = os.path.join(tmp, name + ".bin")
        array.tofile(path)
        paths.append(path)
    out = os.path.join(tmp, "out.bin")
    sh(driver, str(batch), *paths, out)
    got = np.fromfile(out, dtype=np.float32).reshape(batch, 10)

    h = np.maximum(x.astype(np.float64) @ w1 + b1, 0)
    logits = h @ w2 + b2
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected = e / e.sum(axis=1, keepdims=True)
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-6), (got, expected)
    print("mlp: matches numpy")

    # C API shape errors, and no leaks under LeakSanitizer (clang's runtime).
    sh(KILNC, os.path.join(INPUTS, "shapes.mlir"), "-o",
       os.path.join(tmp, "shapes.o"))
    checker = os.path.join(tmp, "shapes_driver")
    # (A sanitizer build's runtime needs ASan, which has LeakSanitizer in it:
    # `cc` is then test.sh --sanitize's clang with ASan.)
    leak_check = ["cc"] if os.environ.get("KILN_SANITIZE") else ["clang-22", "-fsanitize=leak"]
    sh(*leak_check, "-std=c11", "-Wall", "-Werror", "-g",
       os.path.join(INPUTS, "shapes_driver.c"), os.path.join(tmp, "shapes.o"),
       "-I", tmp, "-I", INCLUDE, RUNTIME, "-l:libomp.so.5", "-lm", "-o", checker)
    output = sh(checker, env={**os.environ, "LSAN_OPTIONS": "exitcode=23"})
    assert "ok" in output, output
    assert "shapes.mlir" in output and "contracting" in output, output
    print(output.strip())
    print("C API shape errors and leak check: ok")
