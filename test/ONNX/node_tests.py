"""ONNX's backend node tests (Debian's libonnx-testdata) through Kiln.

Each test is a model.onnx with test_data_set_*/input_*.pb and the expected
output_*.pb. This imports the model (Kiln's C++ importer), JIT-compiles it
with the CPU pipeline, runs every data set and compares at ONNX's backend
tolerances (rtol 1e-3, atol 1e-7). A test is

  passed       every data set matches;
  unsupported  the importer refuses the model with "not supported" (an op,
               attribute, element type or opset Kiln does not handle);
  invalid      a data set contradicts the model: an input's stored element
               type or static size differs from the one the model declares
               (ONNX 1.12's bf16 CastLike tests store the `like` input with
               shape [1] for a declared [3, 4]), which any backend checking
               its inputs rejects;
  failed       anything else: a wrong value, a compile error, a crash.

Kiln needs shapes, axes and slice bounds at compile time. Where a test
feeds one of those from a graph input (Reshape's shape, Slice's starts, ...:
SHAPE_OPERANDS), the runner binds that input to the data set's value, making
it an initializer, before importing: onnx-mlir's backend runner does the
same (CONSTANT_INPUT). Such tests are counted as passed and listed as
"bound" in the summary; the data operands stay run-time inputs.

bf16 crosses numpy as its bit patterns in uint16 (numpy has no bfloat16).

node_tests_passing.txt lists the tests expected to pass: one of them not
passing is a regression (exit 1); a test passing that is not listed is
reported as newly passing (update the list with --update).

    PYTHONPATH=build/python_packages /usr/bin/python3 test/ONNX/node_tests.py
"""

import argparse
import glob
import os
import re
import subprocess
import sys

DATA = "/usr/share/libonnx-testdata/data/node"
HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "node_tests_passing.txt")


# ONNX operands that must be known at compile time in Kiln: (op type,
# operand index). A test feeding one from a graph input gets it bound.
SHAPE_OPERANDS = {
    "Reshape": {1}, "Expand": {1}, "ConstantOfShape": {0}, "Tile": {1},
    "Slice": {1, 2, 3, 4}, "Squeeze": {1}, "Unsqueeze": {1}, "Split": {1},
    "Pad": {1, 2}, "Range": {0, 1, 2}, "Dropout": {1, 2},
    **{op: {1} for op in ("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin",
                          "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
                          "ReduceLogSumExp", "ReduceSumSquare")},
}


def load_tensor(path):
    """A .pb tensor as (numpy array, whether it is bf16); bf16 as uint16 bit
    patterns."""
    import numpy as np
    from onnx import TensorProto, numpy_helper
    tensor = TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    if tensor.data_type == TensorProto.BFLOAT16:
        bits = (np.frombuffer(tensor.raw_data, dtype=np.uint16) if tensor.raw_data
                else np.array(tensor.int32_data, dtype=np.uint16))
        return bits.reshape(tuple(tensor.dims)), True
    return np.ascontiguousarray(numpy_helper.to_array(tensor)), False


def as_argument(array, element):
    """Kiln's integers are signless: unsigned data crosses as the signed
    integers of its width (bf16 as its uint16 bits)."""
    if array.dtype.kind == "u" and element.startswith("i"):
        return array.view(array.dtype.str.replace("u", "i"))
    return array


def as_float(array, is_bf16):
    """Values for comparing: bf16 bit patterns widened to f32."""
    import numpy as np
    if is_bf16:
        return (array.astype(np.uint32) << 16).view(np.float32)
    return array


def bound_inputs(model):
    """Indices, among the graph's run-time inputs, of those fed to an
    operand in SHAPE_OPERANDS."""
    graph = model.graph
    initializers = {t.name for t in graph.initializer}
    names = [i.name for i in graph.input if i.name not in initializers]
    fed = {node.input[k] for node in graph.node
           for k in SHAPE_OPERANDS.get(node.op_type, ()) if k < len(node.input)}
    return [i for i, name in enumerate(names) if name in fed]


def bind(model, index, value):
    """A copy of `model` with run-time input `index` an initializer."""
    import onnx
    from onnx import numpy_helper
    bound = onnx.ModelProto()
    bound.CopyFrom(model)
    graph = bound.graph
    initializers = {t.name for t in graph.initializer}
    inputs = [i for i in graph.input if i.name not in initializers]
    name = inputs[index].name
    graph.initializer.append(numpy_helper.from_array(value, name))
    keep = [i for i in graph.input if i.name != name]
    del graph.input[:]
    graph.input.extend(keep)
    return bound


def import_model(model, directory):
    """(MLIR text, None) or (None, (status, detail))."""
    from kiln import _kiln
    path = os.path.join(directory, "model.onnx")
    if model is not None:
        import tempfile
        with tempfile.NamedTemporaryFile(suffix=".onnx", delete=False) as f:
            f.write(model.SerializeToString())
            path = f.name
    try:
        return _kiln.import_onnx(path), None
    except _kiln.KilnError as error:
        message = str(error).strip().splitlines()[0]
        status = "unsupported" if "supported" in message else "failed"
        return None, (status, message)
    finally:
        if model is not None:
            os.unlink(path)


def contradiction(model, directory):
    """Why a data set's inputs contradict the model's declared inputs, or
    None."""
    from onnx import TensorProto
    initializers = {t.name for t in model.graph.initializer}
    declared = [i for i in model.graph.input if i.name not in initializers]
    for data_set in sorted(glob.glob(os.path.join(directory, "test_data_set_*"))):
        for i, info in enumerate(declared):
            path = os.path.join(data_set, f"input_{i}.pb")
            if not os.path.exists(path) or not info.type.HasField("tensor_type"):
                continue
            tensor = TensorProto()
            with open(path, "rb") as f:
                tensor.ParseFromString(f.read())
            want = info.type.tensor_type
            # ONNX 1.12 stores bf16 data as its bits in UINT16 (numpy has no
            # bfloat16), which the runner reads as bf16.
            bf16_bits = (tensor.data_type == TensorProto.UINT16
                         and want.elem_type == TensorProto.BFLOAT16)
            if tensor.data_type != want.elem_type and not bf16_bits:
                return (f"input '{info.name}' is stored as "
                        f"{TensorProto.DataType.Name(tensor.data_type)}, the model "
                        f"declares {TensorProto.DataType.Name(want.elem_type)}")
            dims = [d.dim_value if d.HasField("dim_value") else None
                    for d in want.shape.dim]
            one_element = all(d == 1 for d in tensor.dims) and all(d in (1, None) for d in dims)
            if not one_element and (len(dims) != len(tensor.dims) or any(
                    d is not None and d != t for d, t in zip(dims, tensor.dims))):
                return (f"input '{info.name}' has shape {list(tensor.dims)}, the model "
                        f"declares {dims}")
    return None


def run_one(directory):
    """(status, detail) of one test, in this process; "bound" in the
    detail when shape inputs were bound."""
    import numpy as np
    import onnx
    from kiln import _kiln

    model = onnx.load(os.path.join(directory, "model.onnx"))
    reason = contradiction(model, directory)
    if reason:
        return "invalid", reason
    bound = bound_inputs(model)

    def index(path):
        return int(re.search(r"_(\d+)\.pb$", path).group(1))

    def compile_model(specialised):
        """(refusal, executable, text, entry): refusal is (status, detail)
        when the model does not import or compile, else None."""
        text, refusal = import_model(specialised, directory)
        if refusal:
            return refusal, None, None, None
        entry = re.search(r"func\.func @(\w+)", text).group(1)
        try:
            return None, _kiln.Executable(text, entry), text, entry
        except _kiln.KilnError as error:
            message = str(error).strip().splitlines()[0]
            return ("failed", "compile: " + message), None, None, None

    sets = sorted(glob.glob(os.path.join(directory, "test_data_set_*")))
    if not bound:
        # One compilation for every data set, before any data is read (a
        # refused model's data may not even be tensors).
        refusal, executable, text, entry = compile_model(None)
        if refusal:
            return refusal
    for data_set in sets:
        inputs = [load_tensor(p)[0]
                  for p in sorted(glob.glob(os.path.join(data_set, "input_*.pb")), key=index)]
        expected = [load_tensor(p)
                    for p in sorted(glob.glob(os.path.join(data_set, "output_*.pb")), key=index)]
        if bound:
            specialised = model
            for i in reversed(bound):
                specialised = bind(specialised, i, inputs[i])
            refusal, executable, text, entry = compile_model(specialised)
            if refusal:
                return refusal
        inputs = [x for i, x in enumerate(inputs) if i not in bound]
        # The test data stores some 0-d tensors as 1-element 1-d ones.
        inputs = [as_argument(x.reshape(shape) if x.size == 1 and all(d == 1 for d in shape) else x,
                              element)
                  for x, (shape, element) in zip(inputs, input_types(text, entry))]
        try:
            outputs = executable(inputs)
        except _kiln.KilnError as error:
            return "failed", "run: " + str(error).strip().splitlines()[0]
        if len(outputs) != len(expected):
            return "failed", f"{len(outputs)} outputs, expected {len(expected)}"
        for i, (got, (want, is_bf16)) in enumerate(zip(outputs, expected)):
            if want.dtype.kind == "u" and not is_bf16 and got.dtype.kind == "i":
                got = got.view(want.dtype)
            if got.shape != want.shape and not (got.size == want.size == 1):
                return "failed", f"output {i}: shape {got.shape}, expected {want.shape}"
            if got.dtype != want.dtype:
                return "failed", f"output {i}: dtype {got.dtype}, expected {want.dtype}"
            # bf16 within one unit in the last place: ONNX 1.12's reference
            # truncates f32 to bf16, Kiln rounds to nearest even (as ONNX
            # 1.13 and later do).
            rtol = 2.0 ** -7 if is_bf16 else 1e-3
            got, want = as_float(got, is_bf16), as_float(want, is_bf16)
            try:
                np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-7)
            except AssertionError:
                error = np.abs(got.astype(np.float64) - want.astype(np.float64))
                worst = np.max(error[np.isfinite(error)], initial=0.0)
                return "failed", f"output {i}: values differ (max abs error {worst:.3g})"
    return "passed", "bound" if bound else ""


def input_types(text, entry):
    """The (shape, element type) of function `entry`'s arguments (-1 in a
    shape: dynamic), from its signature."""
    signature = re.search(r"func\.func @" + entry + r"\((.*?)\) ->", text).group(1)
    return [(tuple(-1 if d == "?" else int(d) for d in m.split("x")[:-1]), m.split("x")[-1])
            for m in re.findall(r"tensor<([^>]*)>", signature)]


def worker(names):
    """Runs tests in this process, one line per test on stdout."""
    for name in names:
        print(f"START {name}", flush=True)
        status, detail = run_one(os.path.join(DATA, name))
        print(f"RESULT {name} {status} {detail}", flush=True)


def run_all(names, jobs):
    """{name: (status, detail)}, running `jobs` worker processes; a test
    that kills its worker fails and the worker restarts after it."""
    results = {}
    chunks = [names[i::jobs] for i in range(jobs)]
    pending = [list(c) for c in chunks if c]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    while pending:
        procs = [(chunk, subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", *chunk],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env))
            for chunk in pending]
        pending = []
        for chunk, proc in procs:
            current = None
            out, _ = proc.communicate()
            for line in out.splitlines():
                if line.startswith("START "):
                    current = line.split()[1]
                elif line.startswith("RESULT "):
                    _, name, status, *detail = line.split(" ", 3) + [""]
                    results[name] = (status, detail[0] if detail else "")
                    current = None
            if current is not None:
                results[current] = ("failed", f"crashed (exit {proc.returncode})")
                rest = chunk[chunk.index(current) + 1:]
                if rest:
                    pending.append(rest)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", nargs="*")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the list of expected passes")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("filter", nargs="?", default="", help="a regex on test names")
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker)
        return 0
    if not os.path.isdir(DATA):
        print(f"skipped: {DATA} is missing (Debian's libonnx-testdata)")
        return 0

    names = sorted(n for n in os.listdir(DATA) if re.search(args.filter, n))
    results = run_all(names, args.jobs)
    with open(EXPECTED) as f:
        expected = {line.strip() for line in f if line.strip() and not line.startswith("#")}

    counts = {"passed": 0, "failed": 0, "unsupported": 0, "invalid": 0}
    for name in names:
        status, detail = results.get(name, ("failed", "no result"))
        counts[status] += 1
        if args.verbose and status != "passed":
            print(f"{status:11s} {name}: {detail}")
    regressions = [n for n in names if n in expected and results[n][0] != "passed"]
    new = [n for n in names if n not in expected and results[n][0] == "passed"]
    for name in regressions:
        print(f"REGRESSION {name}: {results[name][0]}: {results[name][1]}")
    for name in new:
        print(f"newly passing: {name}")
    bound = sum(1 for n in names if results[n] == ("passed", "bound"))
    print(f"ONNX node tests: {counts['passed']} passed ({bound} with shape inputs "
          f"bound), {counts['failed']} failed, {counts['unsupported']} unsupported, "
          f"{counts['invalid']} with invalid data, of {len(names)}")
    if args.update:
        with open(EXPECTED, "w") as f:
            f.write("# ONNX backend node tests (libonnx-testdata) Kiln passes; "
                    "test/ONNX/node_tests.py --update rewrites it.\n")
            for name in names:
                if results[name][0] == "passed":
                    f.write(name + "\n")
    # For scripts/test.sh's summary: each listed test is one test.
    listed = [n for n in names if n in expected]
    print(f"summary: {len(listed) - len(regressions)} passed, {len(regressions)} failed")
    return 1 if regressions and not args.update else 0


if __name__ == "__main__":
    sys.exit(main())
