"""Builds the GPU benchmarks on this machine (LLVM 22 is here, not on the
GPU machine): for each benchmark, the model compiled by `kilnc
--target=cuda` and a generated C driver, linked into one executable under
bench/gpu/out/ with libkiln_runtime (and libomp beside it), to be carried
to the GPU machine and run there by bench/gpu/device.py.

Each driver reads its inputs from raw files, copies them to the GPU, calls
`kiln_main_device` once (results written back as raw files, for checking
against PyTorch) and then times it with CUDA events, printing
`median_ms <value>`."""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import bench  # noqa: E402  (the CPU benchmarks' model texts)

BUILD = os.environ.get("KILN_BUILD_DIR", os.path.join(ROOT, "build"))
KILNC = os.path.join(BUILD, "bin", "kilnc")
RUNTIME = os.path.join(BUILD, "lib", "libkiln_runtime.a")
OMP = "/usr/lib/llvm-22/lib/libomp.so.5"
OUT = os.path.join(HERE, "out")
ARCH = os.environ.get("KILN_GPU_ARCH", "sm_90")

C_TYPES = {"f32": "float", "i64": "int64_t"}


def tensor(shape, dtype="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + dtype + ">"


def sgemm(n=4096):
    t = tensor((n, n))
    return (f"func.func @main(%a: {t}, %b: {t}) -> {t} {{\n"
            f"  %c = kiln.matmul %a, %b : {t}, {t}\n  return %c : {t}\n}}\n",
            [((n, n), "f32"), ((n, n), "f32")], [((n, n), "f32")])


def chain(n=64 * 1024 * 1024):
    t, s = tensor((n,)), "tensor<f32>"
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
    return (f"func.func @main(%x: {t}, %a: {s}, %b: {s}, %h: {s}) -> {t} {{\n"
            f"{body}\n  return %7 : {t}\n}}\n",
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


def driver(name, inputs, results):
    """The C driver of one benchmark."""
    lines = [f'#include "{name}.h"', "#include <stdio.h>",
             "#include <stdlib.h>", "", "static void *args[%d];" % len(inputs),
             "static kiln_result results[%d];" % len(results), "",
             "static int call(void) {",
             "  return kiln_main_device(" + ", ".join(
                 [f"({C_TYPES[d]} *)args[{k}]" for k, (_, d) in
                  enumerate(inputs)] +
                 [f"&results[{k}]" for k in range(len(results))]) + ");",
             "}", "",
             "static void timed(void *context) {",
             "  (void)context;",
             "  if (call() != KILN_OK) {",
             '    fprintf(stderr, "%s\\n", kiln_last_error());',
             "    exit(1);",
             "  }",
             f"  for (int k = 0; k < {len(results)}; ++k)",
             "    kiln_cuda_result_free(&results[k]);",
             "}", "",
             "static int compare(const void *a, const void *b) {",
             "  float x = *(const float *)a, y = *(const float *)b;",
             "  return (x > y) - (x < y);",
             "}", "",
             "/* driver RUNS IN0 ... OUT0 ...: raw little-endian files. */",
             "int main(int argc, char **argv) {",
             f"  if (argc != {2 + len(inputs) + len(results)}) {{",
             '    fprintf(stderr, "usage: %s runs inputs... outputs...\\n", argv[0]);',
             "    return 2;",
             "  }",
             "  int runs = atoi(argv[1]);",
             "  if (kiln_cuda_init() != KILN_OK) {",
             '    fprintf(stderr, "%s\\n", kiln_last_error());',
             "    return 1;",
             "  }"]
    for k, (shape, dtype) in enumerate(inputs):
        count = 1
        for d in shape:
            count *= d
        size = f"{count}ull * sizeof({C_TYPES[dtype]})"
        lines += [
            "  {",
            f"    size_t bytes = {size};",
            "    void *host = malloc(bytes);",
            f'    FILE *f = fopen(argv[{2 + k}], "rb");',
            "    if (!host || !f || fread(host, 1, bytes, f) != bytes) {",
            f'      fprintf(stderr, "cannot read %s\\n", argv[{2 + k}]);',
            "      return 1;",
            "    }",
            "    fclose(f);",
            f"    if (kiln_cuda_malloc(&args[{k}], bytes) != KILN_OK ||",
            f"        kiln_cuda_copy_to_device(args[{k}], host, bytes) != KILN_OK) {{",
            '      fprintf(stderr, "%s\\n", kiln_last_error());',
            "      return 1;",
            "    }",
            "    free(host);",
            "  }"]
    lines += [
        "  if (call() != KILN_OK) {",
        '    fprintf(stderr, "%s\\n", kiln_last_error());',
        "    return 1;",
        "  }"]
    for k, (shape, dtype) in enumerate(results):
        count = 1
        for d in shape:
            count *= d
        lines += [
            "  {",
            f"    size_t bytes = {count}ull * sizeof({C_TYPES[dtype]});",
            "    void *host = malloc(bytes);",
            f"    if (!host || kiln_cuda_copy_to_host(host, results[{k}].data, bytes) != KILN_OK) {{",
            '      fprintf(stderr, "%s\\n", kiln_last_error());',
            "      return 1;",
            "    }",
            f'    FILE *f = fopen(argv[{2 + len(inputs) + k}], "wb");',
            "    if (!f || fwrite(host, 1, bytes, f) != bytes)",
            "      return 1;",
            "    fclose(f);",
            "    free(host);",
            f"    kiln_cuda_result_free(&results[{k}]);",
            "  }"]
    lines += [
        "  float *times = malloc(sizeof(float) * (runs > 0 ? runs : 1));",
        "  for (int r = 0; r < runs; ++r)",
        "    if (kiln_cuda_time(timed, NULL, &times[r]) != KILN_OK) {",
        '      fprintf(stderr, "%s\\n", kiln_last_error());',
        "      return 1;",
        "    }",
        "  qsort(times, runs, sizeof(float), compare);",
        '  printf("median_ms %.6f\\n", runs > 0 ? times[runs / 2] : 0.0f);',
        "  return 0;",
        "}", ""]
    return "\n".join(lines)


def build(name):
    mlir, inputs, results = BENCHMARKS[name]()
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    model = os.path.join(folder, f"{name}.mlir")
    with open(model, "w") as f:
        f.write(mlir)
    obj = os.path.join(folder, f"{name}.o")
    subprocess.run([KILNC, model, "--target=cuda", f"--gpu-arch={ARCH}",
                    "-o", obj], check=True)
    source = os.path.join(folder, "driver.c")
    with open(source, "w") as f:
        f.write(driver(name, inputs, results))
    subprocess.run(["cc", "-O2", "-I", folder, "-I", os.path.join(ROOT, "include"),
                    source, obj, RUNTIME, OMP, "-lm", "-Wl,-rpath,$ORIGIN/..",
                    "-o", os.path.join(folder, name)], check=True)
    # Only the executable travels.
    for path in (obj, source):
        os.unlink(path)
    os.unlink(os.path.join(folder, f"{name}.h"))
    print(f"built {os.path.relpath(os.path.join(folder, name), ROOT)}")


def main(names):
    os.makedirs(OUT, exist_ok=True)
    shutil.copy(OMP, os.path.join(OUT, "libomp.so.5"))
    for name in names:
        build(name)


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
    main(chosen)
