"""The Python frontend against its peers, in one run (see bench/python.sh):

- eager per-op overhead on tiny tensors, kiln vs PyTorch eager (the peer in
  a subprocess with OpenBLAS's handicapping variables unset); goal <= 2x;
- the digit-classifier training step compiled by kiln.jit and called from
  Python vs the same step compiled by kilnc (for this CPU) and called from
  C (examples/digits/train.c); goal within 10%.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("KILN_BUILD_DIR", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(BUILD, "python_packages"))
sys.path.insert(0, os.path.join(ROOT, "examples", "python"))

import kiln  # noqa: E402

LOOPS = 20000

# (name, statement on a and b); each runs on 8x8 float32 tensors.
EAGER_OPS = [("add", "a + b"), ("mul", "a * b"), ("matmul", "a @ b"),
             ("exp", "{m}.exp(a)"), ("tanh", "{m}.tanh(a)"), ("relu", "{m}.relu(a)")]

# The timing loop, the same for both sides (the peer runs it in its own
# process): the best of 5 loops, seconds per call of each statement.
TIMER = r"""
import time
def per_op(m, a, b, ops, loops):
    times = {}
    for name, statement in ops:
        code = compile(statement.format(m="m"), "<op>", "eval")
        scope = {"m": m, "a": a, "b": b}
        eval(code, scope)  # warm-up (kiln compiles the op here)
        best = 1e9
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(loops):
                eval(code, scope)
            best = min(best, (time.perf_counter() - start) / loops)
        times[name] = best
    return times
"""


def kiln_per_op():
    scope = {}
    exec(TIMER, scope)
    a = kiln.asarray(np.random.rand(8, 8).astype(np.float32))
    b = kiln.asarray(np.random.rand(8, 8).astype(np.float32))
    return scope["per_op"](kiln, a, b, EAGER_OPS, LOOPS)


def torch_per_op():
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    source = TIMER + (
        "import torch\ntorch.set_num_threads(1)\n"
        "a, b = torch.rand(8, 8), torch.rand(8, 8)\n"
        f"for name, t in per_op(torch, a, b, {EAGER_OPS!r}, {LOOPS}).items():\n"
        "    print(name, t)\n")
    out = subprocess.run(["/usr/bin/python3", "-c", source], env=env,
                         capture_output=True, text=True, check=True)
    return {line.split()[0]: float(line.split()[1]) for line in out.stdout.splitlines()}


def kilnc_step_us():
    """examples/digits through kilnc for this CPU and the C driver."""
    work = tempfile.mkdtemp(prefix="kiln-bench-")
    digits = os.path.join(ROOT, "examples", "digits")
    subprocess.run(["/usr/bin/python3", os.path.join(digits, "prepare_digits.py"),
                    os.path.join(work, "digits.bin")], check=True)
    subprocess.run([os.path.join(BUILD, "bin", "kilnc"), "--mcpu=native",
                    os.path.join(digits, "train_step.mlir"), "-o",
                    os.path.join(work, "train_step.o")], check=True)
    subprocess.run(["cc", "-std=c11", "-O2", os.path.join(digits, "train.c"),
                    os.path.join(work, "train_step.o"), "-I" + work,
                    "-I" + os.path.join(ROOT, "include"),
                    os.path.join(BUILD, "lib", "libkiln_runtime.a"),
                    "-l:libomp.so.5", "-lm", "-o", os.path.join(work, "train")],
                   check=True)
    out = subprocess.run([os.path.join(work, "train"), os.path.join(work, "digits.bin")],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Kiln: ([0-9.]+) us per training step", out).group(1))


def main():
    print(f"# Python frontend, {time.strftime('%Y-%m-%d')}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '?')}\n")
    ours, peer = kiln_per_op(), torch_per_op()
    print("| eager op, 8x8 f32 | kiln, us | PyTorch eager, us | ratio (goal <= 2) |")
    print("|---|---|---|---|")
    for name, _ in EAGER_OPS:
        print(f"| {name} | {ours[name] * 1e6:.2f} | {peer[name] * 1e6:.2f} | "
              f"{ours[name] / peer[name]:.2f} |")

    import train_digits
    accuracy, python_us = train_digits.train(verbose=False)
    c_us = kilnc_step_us()
    print()
    print("| digits training step, batch 32 | us per step |")
    print("|---|---|")
    print(f"| kiln.jit, called from Python | {python_us:.1f} |")
    print(f"| kilnc --mcpu=native, called from C | {c_us:.1f} |")
    print(f"| ratio Python / C (goal <= 1.10) | {python_us / c_us:.2f} |")
    print(f"\nheld-out accuracy trained from Python: {accuracy:.3f}")


if __name__ == "__main__":
    main()
