"""C drivers for GPU models compiled by `kilnc --target=cuda`, so that a
machine with a GPU but no LLVM can run them: the driver reads its inputs
from raw files, copies them to the GPU, calls `kiln_<entry>_device` once and
writes the results back as raw files, then times the call with CUDA events
and prints `median_ms <value>`. Used by bench/gpu/build.py and by the GPU
end-to-end pack (scripts/gpu/pack.sh).

    <driver> RUNS INPUT... OUTPUT...
"""

import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("KILN_BUILD_DIR", os.path.join(ROOT, "build"))
KILNC = os.environ.get("KILNC", os.path.join(BUILD, "bin", "kilnc"))
RUNTIME = os.path.join(BUILD, "lib", "libkiln_runtime.a")
OMP = "/usr/lib/llvm-22/lib/libomp.so.5"

# Bytes per element of the element types kilnc's headers take.
ELEMENT_BYTES = {"f16": 2, "bf16": 2, "f32": 4, "f64": 8, "i1": 1, "i8": 1,
                 "i32": 4, "i64": 8}


def argument_types(mlir, entry):
    """The (element type, shape with None for `?`) of each argument of
    `@entry` in the MLIR text."""
    match = re.search(r"func\.func @" + re.escape(entry) + r"\((.*?)\)\s*(->|\{)",
                      mlir, re.S)
    if not match:
        raise ValueError(f"no func.func @{entry}")
    types = []
    for spec in re.findall(r"tensor<([^>]*)>", match.group(1)):
        parts = spec.split("x")
        element = parts[-1]
        shape = [None if d == "?" else int(d) for d in parts[:-1]]
        types.append((element, shape))
    return types


def driver_source(header, entry, inputs, result_bytes):
    """The driver's C source. `inputs`: per argument (element bytes, actual
    shape, dynamic dims: indices written as `?`); `result_bytes`: element
    bytes of each result."""
    call_args = []
    for k, (_, shape, dynamic) in enumerate(inputs):
        call_args.append(f"args[{k}]")
        call_args += [f"(int64_t){shape[d]}" for d in dynamic]
    call_args += [f"&results[{k}]" for k in range(len(result_bytes))]
    lines = [f'#include "{header}"', "#include <stdio.h>", "#include <stdlib.h>",
             "", f"static void *args[{max(1, len(inputs))}];",
             f"static kiln_result results[{max(1, len(result_bytes))}];", "",
             "static void fail(void) {",
             '  fprintf(stderr, "%s\\n", kiln_last_error());',
             "  exit(1);",
             "}", "",
             "static void call(void) {",
             f"  if (kiln_{entry}_device({', '.join(call_args)}) != KILN_OK)",
             "    fail();",
             "}", "",
             "static void timed(void *context) {",
             "  (void)context;",
             "  call();",
             f"  for (int k = 0; k < {len(result_bytes)}; ++k)",
             "    kiln_cuda_result_free(&results[k]);",
             "}", "",
             "static int compare(const void *a, const void *b) {",
             "  float x = *(const float *)a, y = *(const float *)b;",
             "  return (x > y) - (x < y);",
             "}", "",
             "int main(int argc, char **argv) {",
             f"  if (argc != {2 + len(inputs) + len(result_bytes)}) {{",
             '    fprintf(stderr, "usage: %s RUNS INPUT... OUTPUT...\\n", argv[0]);',
             "    return 2;",
             "  }",
             "  int runs = atoi(argv[1]);",
             "  if (kiln_cuda_init() != KILN_OK)",
             "    fail();"]
    for k, (element_bytes, shape, _) in enumerate(inputs):
        count = 1
        for d in shape:
            count *= d
        lines += [
            "  {",
            f"    size_t bytes = {count * element_bytes}ull;",
            "    void *host = malloc(bytes ? bytes : 1);",
            f'    FILE *f = fopen(argv[{2 + k}], "rb");',
            "    if (!host || !f || fread(host, 1, bytes, f) != bytes) {",
            f'      fprintf(stderr, "cannot read %s\\n", argv[{2 + k}]);',
            "      return 1;",
            "    }",
            "    fclose(f);",
            f"    if (kiln_cuda_malloc(&args[{k}], bytes ? bytes : 1) != KILN_OK ||",
            f"        kiln_cuda_copy_to_device(args[{k}], host, bytes) != KILN_OK)",
            "      fail();",
            "    free(host);",
            "  }"]
    lines.append("  call();")
    for k, element_bytes in enumerate(result_bytes):
        lines += [
            "  {",
            f"    size_t bytes = {element_bytes};",
            f"    for (int d = 0; d < results[{k}].rank; ++d)",
            f"      bytes *= (size_t)results[{k}].shape[d];",
            "    void *host = malloc(bytes ? bytes : 1);",
            f"    if (!host || kiln_cuda_copy_to_host(host, results[{k}].data, bytes) != KILN_OK)",
            "      fail();",
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
        "    if (kiln_cuda_time(timed, NULL, &times[r]) != KILN_OK)",
        "      fail();",
        "  qsort(times, runs, sizeof(float), compare);",
        '  printf("median_ms %.6f\\n", runs > 0 ? times[runs / 2] : 0.0f);',
        "  return 0;",
        "}", ""]
    return "\n".join(lines)


def build_executable(mlir, entry, inputs, result_bytes, folder, name,
                     arch="sm_90", rpath="$ORIGIN/.."):
    """Compiles `mlir` for CUDA and links it with its driver into
    `folder/name` (intermediate files removed). `inputs` and `result_bytes`
    as for driver_source. Raises CalledProcessError on failure."""
    os.makedirs(folder, exist_ok=True)
    model = os.path.join(folder, f"{name}.mlir")
    with open(model, "w") as f:
        f.write(mlir)
    obj = os.path.join(folder, f"{name}.o")
    header = os.path.join(folder, f"{name}.h")
    source = os.path.join(folder, f"{name}.c")
    try:
        subprocess.run([KILNC, model, "--target=cuda", f"--gpu-arch={arch}",
                        "-o", obj], check=True, capture_output=True, text=True)
        with open(source, "w") as f:
            f.write(driver_source(os.path.basename(header), entry, inputs,
                                  result_bytes))
        subprocess.run(["cc", "-O2", "-I", folder, "-I", os.path.join(ROOT, "include"),
                        source, obj, RUNTIME, OMP, "-lm", f"-Wl,-rpath,{rpath}",
                        "-o", os.path.join(folder, name)],
                       check=True, capture_output=True, text=True)
    finally:
        for path in (obj, header, source):
            if os.path.exists(path):
                os.unlink(path)
