# RUN: %python %s
"""Bad calls through kilnc's C interface return an error code, never crash:
NULL data and result pointers (KILN_ERROR_ARGUMENT; NULL data of an empty
tensor is fine), a negative size (KILN_ERROR_SHAPE), and a result too large
to allocate (KILN_ERROR_MEMORY: the allocation fails, kiln_invoke unwinds
and frees what the call had allocated). A good call afterwards works."""

import os
import subprocess
import sys
import tempfile

KILNC = os.environ["KILNC"]
INCLUDE = os.environ["KILN_INCLUDE"]
RUNTIME = os.path.join(os.environ["KILN_LIB"], "libkiln_runtime.a")
INPUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs")


def sh(*args):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(args)}\n"
                 f"{proc.stdout}\n{proc.stderr}")
    return proc.stdout


with tempfile.TemporaryDirectory() as tmp:
    sh(KILNC, os.path.join(INPUTS, "bad_calls.mlir"), "-o", os.path.join(tmp, "bad_calls.o"))
    driver = os.path.join(tmp, "driver")
    sh("cc", "-std=c11", "-Wall", "-Wextra", "-Werror", os.path.join(INPUTS, "bad_calls_driver.c"),
       os.path.join(tmp, "bad_calls.o"), "-I", tmp, "-I", INCLUDE, RUNTIME,
       "-l:libomp.so.5", "-lm", "-o", driver)
    # A sanitizer build's allocator would abort on the 64 TiB request
    # instead of returning NULL as malloc does.
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":allocator_may_return_null=1"
    proc = subprocess.run([driver], capture_output=True, text=True, env=env)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for line in ["ok NULL data: outer: arg0 is NULL", "ok NULL result: outer: result0 is NULL",
                 "ok negative size", "ok NULL data of an empty tensor", "ok out of memory",
                 "ok a good call after the errors"]:
        assert line in proc.stdout, line
print("bad calls: all returned their error codes")
