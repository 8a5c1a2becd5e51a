"""Builds the GPU benchmarks on this machine (LLVM 22 is here, not on the
GPU machine): for each benchmark, the model compiled by `kilnc
--target=cuda` and a generated C driver, linked into one executable under
bench/gpu/out/ with libkiln_runtime (and libomp beside it), to be carried
to the GPU machine and run there by bench/gpu/device.py.

The drivers come from scripts/gpu/gpu_driver.py: inputs from raw files, one
call whose results are written back (checked against PyTorch there), then
`median_ms` of timed calls (CUDA events)."""

import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "gpu"))
import bench  # noqa: E402  (the CPU benchmarks' model texts)
import gpu_driver  # noqa: E402

OUT = os.path.join(HERE, "out")
ARCH = os.environ.get("KILN_GPU_ARCH", "sm_90")


def tensor(shape, dtype="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + dtype + ">"


def sgemm(n=4096):
    t = tensor((n, n))
    return (f"func.func @main(%a: {t}, %b: {t}) -> {t} {{\n"
            f"  %c = kiln.matmul %a, %b : {t}, {t}\n  return %c : {t}\n}}\n",
            [((n, n), "f32"), ((n, n), "f32")], [((n, n), "f32")])


def chain(n=64 * 1024 * 1024):
    return (bench.elementwise_chain_mlir(n),
            [((n,), "f32"), ((), "f32"), ((), "f32"), ((), "f32")],
            [((n,), "f32")])


def softmax(rows=8192, columns=8192):
    t = tensor((rows, columns))
    return (f"func.func @main(%x: {t}) -> {t} {{\n"
            f"  %y = kiln.softmax %x axis 1 : {t}\n  return %y : {t}\n}}\n",
            [((rows, columns), "f32")], [((rows, columns), "f32")])


def mlp_step(batch=256):
    mlir, shapes = bench.mlp_step_mlir(batch)
    i, _, _, o = bench.MLP
    params = [(tuple(int(d) for d in s.split("x")), "f32") for s in shapes]
    inputs = params + [((batch, i), "f32"), ((batch,), "i64"), ((), "f32")]
    return mlir, inputs, [((), "f32")] + params


BENCHMARKS = {"sgemm": sgemm, "chain": chain, "softmax": softmax,
              "mlp": mlp_step}


def build(name):
    mlir, inputs, results = BENCHMARKS[name]()
    folder = os.path.join(OUT, name)
    specs = [(gpu_driver.ELEMENT_BYTES[d], list(shape), []) for shape, d in inputs]
    gpu_driver.build_executable(mlir, "main", specs,
                                [gpu_driver.ELEMENT_BYTES[d] for _, d in results],
                                folder, name, arch=ARCH)
    print(f"built {os.path.relpath(os.path.join(folder, name), ROOT)}")


def main(names):
    os.makedirs(OUT, exist_ok=True)
    shutil.copy(gpu_driver.OMP, os.path.join(OUT, "libomp.so.5"))
    for name in names:
        build(name)


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
    main(chosen)
