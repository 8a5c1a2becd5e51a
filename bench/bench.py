"""Kiln against numpy/OpenBLAS, measured in the same run with the same
thread count. Prints one table; see bench/run.sh."""

import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

KILN_RUN = os.environ.get("KILN_RUN", "build/bin/kiln-run")
THREADS = os.environ.get("OPENBLAS_NUM_THREADS", "1")


def kiln_time(mlir, inputs, runs):
    """Median wall time per call (s) from kiln-run --benchmark."""
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(mlir)
        path = f.name
    try:
        args = [KILN_RUN, path, f"--benchmark={runs}", "--output=@/dev/null"]
        args += ["--input=" + spec for spec in inputs]
        out = subprocess.run(args, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"kiln-run failed:\n{out.stderr}")
        match = re.search(r"median ([0-9.]+) ms", out.stdout)
        return float(match.group(1)) / 1e3
    finally:
        os.unlink(path)


def numpy_time(fn, runs):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def sgemm(n):
    t = f"tensor<{n}x{n}xf32>"
    mlir = (f"func.func @main(%a: {t}, %b: {t}) -> {t} {{\n"
            f"  %c = kiln.matmul %a, %b : {t}, {t}\n  return %c : {t}\n}}\n")
    runs = max(3, min(50, int(2e9 / (2 * n ** 3))))
    kiln = kiln_time(mlir, [f"{n}x{n}xf32=0.5", f"{n}x{n}xf32=0.25"], runs)
    a = np.full((n, n), 0.5, np.float32)
    b = np.full((n, n), 0.25, np.float32)
    ref = numpy_time(lambda: a @ b, runs)
    flops = 2 * n ** 3
    return kiln, ref, flops


CHAIN_OPS = 8


def elementwise_chain(n):
    # y = relu(tanh-free chain): ((((x*a + b) * x - a) max b) * 0.5 + x) min a
    t = f"tensor<{n}xf32>"
    s = "tensor<f32>"
    body = "\n".join([
        f"  %0 = kiln.mul %x, %a : {t}, {s}",
        f"  %1 = kiln.add %0, %b : {t}, {s}",
        f"  %2 = kiln.mul %1, %x : {t}",
        f"  %3 = kiln.sub %2, %a : {t}, {s}",
        f"  %4 = kiln.max %3, %b : {t}, {s}",
        f"  %5 = kiln.mul %4, %h : {t}, {s}",
        f"  %6 = kiln.add %5, %x : {t}",
        f"  %7 = kiln.min %6, %a : {t}, {s}",
    ])
    mlir = (f"func.func @main(%x: {t}, %a: {s}, %b: {s}, %h: {s}) -> {t} {{\n"
            f"{body}\n  return %7 : {t}\n}}\n")
    runs = 20
    kiln = kiln_time(mlir, [f"{n}xf32=1.5", "f32=2", "f32=0.5", "f32=0.5"], runs)
    x = np.full(n, 1.5, np.float32)
    a, b, h = np.float32(2), np.float32(0.5), np.float32(0.5)

    def chain():
        return np.minimum((np.maximum((x * a + b) * x - a, b)) * h + x, a)

    ref = numpy_time(chain, runs)
    dst = np.empty_like(x)
    copy = numpy_time(lambda: np.copyto(dst, x), runs)
    return kiln, ref, copy


def main():
    print(f"# Kiln vs numpy {np.__version__} (OpenBLAS), {THREADS} thread(s)")
    print()
    print("| sgemm n | Kiln GFLOP/s | numpy GFLOP/s | Kiln / numpy |")
    print("|---|---|---|---|")
    for n in (256, 512, 1024, 2048):
        kiln, ref, flops = sgemm(n)
        print(f"| {n} | {flops / kiln / 1e9:.1f} | {flops / ref / 1e9:.1f} | "
              f"{ref / kiln:.2f} |")
    print()
    n = 16 * 1024 * 1024
    kiln, ref, copy = elementwise_chain(n)
    moved = 2 * 4 * n  # one read and one write of the tensor when fused
    print(f"| {CHAIN_OPS}-op elementwise chain, 16M f32 | ms | GB/s | ratio |")
    print("|---|---|---|---|")
    print(f"| Kiln | {kiln * 1e3:.2f} | {moved / kiln / 1e9:.1f} | "
          f"{ref / kiln:.2f}x numpy, {copy / kiln:.2f} of copy bandwidth |")
    print(f"| numpy | {ref * 1e3:.2f} | {moved / ref / 1e9:.1f} | 1.00 |")
    print(f"| copy (np.copyto) | {copy * 1e3:.2f} | {moved / copy / 1e9:.1f} | "
          f"bandwidth reference |")


if __name__ == "__main__":
    main()
