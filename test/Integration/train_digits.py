# RUN: %python %s
"""The demo's training run: kilnc compiles the training step (forward,
cross-entropy, kiln.value_and_grad, SGD update) of examples/digits, a C
driver trains on scikit-learn's digits and must reach 0.95 held-out
accuracy."""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "digits")


def sh(*args):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


with tempfile.TemporaryDirectory() as tmp:
    sh("/usr/bin/python3", os.path.join(EXAMPLE, "prepare_digits.py"),
       os.path.join(tmp, "digits.bin"))
    sh(os.environ["KILNC"], os.path.join(EXAMPLE, "train_step.mlir"), "-o",
       os.path.join(tmp, "train_step.o"))
    sh("cc", "-std=c11", "-O2", "-Wall", "-Werror",
       os.path.join(EXAMPLE, "train.c"), os.path.join(tmp, "train_step.o"),
       "-I", tmp, "-I", os.environ["KILN_INCLUDE"],
       os.path.join(os.environ["KILN_LIB"], "libkiln_runtime.a"), "-l:libomp.so.5", "-lm",
       "-o", os.path.join(tmp, "train"))
    out = sh(os.path.join(tmp, "train"), os.path.join(tmp, "digits.bin"))
    print(out)
    losses = [float(v) for v in re.findall(r"loss ([0-9.]+)", out)]
    accuracy = float(re.search(r"held-out accuracy: ([0-9.]+)", out).group(1))
    assert losses[-1] < losses[0] / 5, losses
    assert accuracy >= 0.95, accuracy
