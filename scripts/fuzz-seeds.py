"""Seed corpora for scripts/fuzz.sh: fuzz-seeds.py KILN_ROOT OUT.

  OUT/mlir    every split (// -----) of test/**/*.mlir and examples/*.mlir
  OUT/onnx    ONNX's node-test models and test/ONNX's generated ones
  OUT/inputs  .npy files of every dtype kiln-run reads, and literals
"""

import glob
import io
import os
import shutil
import subprocess
import sys


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(directory, name), mode) as f:
        f.write(data)


def main():
    root, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    files = sorted(glob.glob(os.path.join(root, "test", "**", "*.mlir"), recursive=True)
                   + glob.glob(os.path.join(root, "examples", "**", "*.mlir"), recursive=True))
    count = 0
    for path in files:
        with open(path, errors="replace") as f:
            for part in f.read().split("// -----"):
                if len(part) < 16384:
                    write(os.path.join(out, "mlir"), f"{count}.mlir", part)
                    count += 1

    models = sorted(glob.glob("/usr/share/libonnx-testdata/data/node/*/model.onnx"))
    os.makedirs(os.path.join(out, "onnx"))
    for i, path in enumerate(models):
        shutil.copy(path, os.path.join(out, "onnx", f"{i}.onnx"))
    generated = os.path.join(out, "onnx", "generated")
    subprocess.run(["/usr/bin/python3", os.path.join(root, "test", "ONNX", "Inputs", "make_model.py"),
                    "--errors", generated], check=True)
    for i, path in enumerate(sorted(glob.glob(os.path.join(generated, "*.onnx")))):
        shutil.move(path, os.path.join(out, "onnx", f"error-{i}.onnx"))
    shutil.rmtree(generated)

    import numpy as np
    inputs = os.path.join(out, "inputs")
    for dtype in ["float16", "float32", "float64", "bool", "int8", "int16", "int32", "int64",
                  "uint8"]:
        for shape in [(), (3,), (2, 3), (0, 4)]:
            buffer = io.BytesIO()
            np.save(buffer, np.arange(int(np.prod(shape)), dtype=np.float64).astype(dtype)
                    .reshape(shape))
            write(inputs, f"{dtype}-{len(shape)}.npy", buffer.getvalue())
    for i, literal in enumerate(["2x3xf32=1,2,3,4,5,6", "f32=1.5", "4x4xf64=0", "3xi1=true,false,1",
                                 "2xi8=-128,127", "0x5xbf16=", "i64=-9223372036854775808",
                                 "2x2xf16=0.5,inf,-inf,nan"]):
        write(inputs, f"literal-{i}.txt", literal)
    print(f"fuzz seeds: {count} mlir, {len(models)} onnx models, "
          f"{len(os.listdir(inputs))} inputs")


if __name__ == "__main__":
    main()
