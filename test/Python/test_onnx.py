"""The ONNX importer: models exported by PyTorch 1.13 (an MLP, a CNN with
BatchNorm and pooling, a transformer encoder block) against PyTorch at
several batch sizes of one dynamic-batch import, compiled by kilnc into
objects a C program runs; and the diagnostics for bad models."""

import os
import re
import subprocess

import numpy as np
import onnx
import pytest
import torch
from onnx import TensorProto, helper

from kiln import _kiln

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("KILN_BUILD_DIR", os.path.join(ROOT, "build"))
TOOLS = os.path.join(BUILD, "bin")


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(),
                                       torch.nn.Linear(128, 10))

    def forward(self, x):
        return torch.log_softmax(self.net(x), dim=1)


class CNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 16, 3, stride=2, padding=1), torch.nn.BatchNorm2d(16),
            torch.nn.ReLU(), torch.nn.AvgPool2d(2))
        self.head = torch.nn.Linear(16 * 2 * 2, 10)

    def forward(self, x):
        return self.head(torch.flatten(self.features(x), 1))


class EncoderBlock(torch.nn.Module):
    """Pre-norm attention + GELU MLP, written out so that the export is
    plain ONNX (LayerNorm, MatMul, Softmax, Erf, Reshape by Shape)."""

    def __init__(self, dim=32, heads=4):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = torch.nn.LayerNorm(dim), torch.nn.LayerNorm(dim)
        self.qkv = torch.nn.Linear(dim, 3 * dim)
        self.out = torch.nn.Linear(dim, dim)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(dim, 4 * dim), torch.nn.GELU(),
                                       torch.nn.Linear(4 * dim, dim))

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        split = lambda z: z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        attention = torch.softmax(q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5, dim=-1)
        y = (attention @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.out(y)
        return x + self.mlp(self.norm2(x))


def entry(text):
    """The imported function: named after the graph (torch_jit)."""
    return re.search(r"func\.func @(\w+)", text).group(1)


MODELS = {
    "mlp": (MLP, (64,)),
    "cnn": (CNN, (3, 16, 16)),
    "encoder": (EncoderBlock, (8, 32)),
}


def export(name, path):
    torch.manual_seed(0)
    cls, shape = MODELS[name]
    model = cls().eval()
    if name == "cnn":  # non-trivial running statistics
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
    torch.onnx.export(model, torch.randn(2, *shape), str(path), input_names=["x"],
                      output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
                      opset_version=14)
    return model, shape


@pytest.mark.parametrize("name", sorted(MODELS))
def test_pytorch_export_matches_at_every_batch_size(name, tmp_path):
    model, shape = export(name, tmp_path / "m.onnx")
    text = _kiln.import_onnx(str(tmp_path / "m.onnx"))
    assert "tensor<?x" in text  # one compilation for every batch size
    executable = _kiln.Executable(text, entry(text))
    for batch in (1, 3, 5):
        x = np.random.default_rng(batch).standard_normal((batch, *shape)).astype(np.float32)
        (got,) = executable([x])
        with torch.no_grad():
            want = model(torch.from_numpy(x)).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


C_DRIVER = r"""
#include <stdio.h>
#include <stdlib.h>
#include "m.h"
/* m input.bin batch: runs the model on the floats in input.bin, prints the
   result's elements. */
int main(int argc, char **argv) {
  long batch = atol(argv[2]), count;
  FILE *f = fopen(argv[1], "rb");
  fseek(f, 0, SEEK_END);
  count = ftell(f) / sizeof(float);
  rewind(f);
  float *x = malloc(count * sizeof(float));
  if (fread(x, sizeof(float), count, f) != (size_t)count) return 2;
  kiln_result y;
  if (kiln_torch_jit(x, batch, &y) != KILN_OK) {
    printf("%s\n", kiln_last_error());
    return 1;
  }
  long n = 1;
  for (int d = 0; d < y.rank; ++d) n *= y.shape[d];
  for (long i = 0; i < n; ++i) printf("%.8g\n", ((float *)y.data)[i]);
  kiln_result_free(&y);
  return 0;
}
"""


@pytest.mark.parametrize("name", ["cnn", "encoder"])
def test_kilnc_objects_of_pytorch_exports_match(name, tmp_path):
    model, shape = export(name, tmp_path / "m.onnx")
    subprocess.run([os.path.join(TOOLS, "kilnc"), str(tmp_path / "m.onnx"), "-o",
                    str(tmp_path / "m.o")], check=True)
    (tmp_path / "main.c").write_text(C_DRIVER)
    subprocess.run(["cc", "-std=c11", str(tmp_path / "main.c"), str(tmp_path / "m.o"),
                    "-I" + str(tmp_path), "-I" + os.path.join(ROOT, "include"),
                    os.path.join(BUILD, "lib", "libkiln_runtime.a"), "-l:libomp.so.5",
                    "-lm", "-o", str(tmp_path / "main")], check=True)
    x = np.random.default_rng(7).standard_normal((4, *shape)).astype(np.float32)
    x.tofile(tmp_path / "x.bin")
    out = subprocess.run([str(tmp_path / "main"), str(tmp_path / "x.bin"), "4"],
                         capture_output=True, text=True, check=True).stdout
    got = np.array([float(v) for v in out.split()], np.float32)
    with torch.no_grad():
        want = model(torch.from_numpy(x)).numpy().ravel()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_weights_as_arguments(tmp_path):
    export("mlp", tmp_path / "m.onnx")
    text = _kiln.import_onnx(str(tmp_path / "m.onnx"), weights_as_arguments=True)
    signature = text.split(f"func.func @{entry(text)}(")[1].split(")")[0]
    assert signature.count("%arg") == 5  # x and the four weights
    assert "dense<" not in text


# --- diagnostics ------------------------------------------------------------

def save(graph, path, opset=14):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, str(path))
    return str(path)


def value(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def import_error(path):
    """kiln-import-onnx's exit status and stderr for `path`."""
    run = subprocess.run([os.path.join(TOOLS, "kiln-import-onnx"), path, "-o", os.devnull],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "LLVM ERROR" not in run.stderr and "Stack dump" not in run.stderr
    return run.stderr


def one_node_model(tmp_path, node, inputs, outputs):
    graph = helper.make_graph([node], "g", inputs, outputs)
    return save(graph, tmp_path / "m.onnx")


def test_unsupported_op_names_node_and_op(tmp_path):
    path = one_node_model(tmp_path, helper.make_node("Hardmax", ["x"], ["y"], name="hm"),
                          [value("x", [2, 3])], [value("y", [2, 3])])
    assert "'Hardmax' node 'hm': op 'Hardmax' is not supported" in import_error(path)


def test_unknown_attribute_is_an_error(tmp_path):
    node = helper.make_node("Relu", ["x"], ["y"], name="r", flavour=3)
    path = one_node_model(tmp_path, node, [value("x", [4])], [value("y", [4])])
    assert "'Relu' node 'r': attribute 'flavour' is not supported" in import_error(path)


@pytest.mark.parametrize("op", ["Cast", "Identity"])
def test_node_without_its_input(tmp_path, op):
    # Found by kiln-fuzz-onnx: a Cast with no inputs read past them.
    attributes = {"to": TensorProto.FLOAT} if op == "Cast" else {}
    node = helper.make_node(op, [], ["y"], name="n", **attributes)
    path = one_node_model(tmp_path, node, [], [value("y", [4])])
    assert f"'{op}' node 'n': takes 1 input, not 0" in import_error(path)


def test_input_count_is_checked_against_the_op(tmp_path):
    # Found by kiln-fuzz-onnx: a Concat with no inputs read past them.
    node = helper.make_node("Concat", [], ["y"], name="c", axis=0)
    path = one_node_model(tmp_path, node, [], [value("y", [4])])
    assert "'Concat' node 'c': takes at least 1 input, not 0" in import_error(path)
    node = helper.make_node("Relu", ["x", "x"], ["y"], name="r")
    path = one_node_model(tmp_path, node, [value("x", [4])], [value("y", [4])])
    assert "'Relu' node 'r': takes 1 input, not 2" in import_error(path)


def test_bad_attribute_value(tmp_path):
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="c", auto_pad="SIDEWAYS")
    path = one_node_model(tmp_path, node, [value("x", [1, 1, 4, 4]), value("w", [1, 1, 3, 3])],
                          [value("y", [1, 1, 2, 2])])
    assert "'Conv' node 'c': auto_pad 'SIDEWAYS' is not one of" in import_error(path)


def test_shape_mismatch_names_the_node(tmp_path):
    node = helper.make_node("Add", ["a", "b"], ["y"], name="sum")
    path = one_node_model(tmp_path, node, [value("a", [3]), value("b", [4])], [value("y", [3])])
    err = import_error(path)
    assert "sum" in err and "broadcast" in err


def test_unsupported_element_type(tmp_path):
    node = helper.make_node("Relu", ["x"], ["y"])
    path = one_node_model(tmp_path, node, [value("x", [4], TensorProto.COMPLEX64)],
                          [value("y", [4], TensorProto.COMPLEX64)])
    assert "graph input 'x': element type COMPLEX64 is not supported" in import_error(path)


@pytest.mark.parametrize("dtype,onnx_type", [
    (np.uint8, TensorProto.UINT8), (np.uint16, TensorProto.UINT16),
    (np.uint32, TensorProto.UINT32), (np.int8, TensorProto.INT8),
    (np.int16, TensorProto.INT16)])
def test_narrow_and_unsigned_integers_wrap_like_numpy(tmp_path, dtype, onnx_type):
    # a * b - b, then max with a: the product wraps before the comparison,
    # as numpy's fixed-width arithmetic does.
    graph = helper.make_graph(
        [helper.make_node("Mul", ["a", "b"], ["p"]),
         helper.make_node("Sub", ["p", "b"], ["d"]),
         helper.make_node("Max", ["d", "a"], ["y"])], "g",
        [value("a", [64], onnx_type), value("b", [64], onnx_type)],
        [value("y", [64], onnx_type)])
    path = save(graph, tmp_path / "wrap.onnx")
    info = np.iinfo(dtype)
    rng = np.random.default_rng(0)
    a = rng.integers(info.min, info.max, 64, endpoint=True, dtype=dtype)
    b = rng.integers(info.min, info.max, 64, endpoint=True, dtype=dtype)
    signed = np.dtype(dtype).str.replace("u", "i")
    (y,) = _kiln.Executable(_kiln.import_onnx(path), "g")([a.view(signed), b.view(signed)])
    with np.errstate(over="ignore"):
        want = np.maximum(a * b - b, a)
    np.testing.assert_array_equal(y.view(dtype), want)


def test_old_opsets_are_checked_op_by_op(tmp_path):
    # Relu's definition at opset 6 is still the one of opset 7: imported.
    relu = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                             [value("x", [4])], [value("y", [4])])
    x = np.array([-1, 2, -3, 4], np.float32)
    path = save(relu, tmp_path / "relu.onnx", opset=6)
    (y,) = _kiln.Executable(_kiln.import_onnx(path), "g")([x])
    np.testing.assert_array_equal(y, np.maximum(x, 0))
    # Add changed at opset 7 (broadcasting was an attribute): refused.
    add = helper.make_graph([helper.make_node("Add", ["x", "x"], ["y"])], "g",
                            [value("x", [4])], [value("y", [4])])
    path = save(add, tmp_path / "add.onnx", opset=6)
    assert "version 6 of 'Add' (opset 6) is not supported" in import_error(path)
    path = save(relu, tmp_path / "new.onnx", opset=19)
    assert "opset 19, which is not supported" in import_error(path)


def test_malformed_and_truncated_files(tmp_path):
    (tmp_path / "junk.onnx").write_bytes(b"\xff\xfe not a protobuf at all" * 10)
    assert "not a valid ONNX model" in import_error(str(tmp_path / "junk.onnx"))
    export("mlp", tmp_path / "m.onnx")
    data = (tmp_path / "m.onnx").read_bytes()
    (tmp_path / "cut.onnx").write_bytes(data[:len(data) // 2])
    assert "not a valid ONNX model" in import_error(str(tmp_path / "cut.onnx"))
    assert "cannot read" in import_error(str(tmp_path / "missing.onnx"))


def test_initializer_whose_size_overflows(tmp_path):
    # Found by kiln-fuzz-onnx: the product of the dimensions overflowed.
    weight = TensorProto(name="w", data_type=TensorProto.FLOAT,
                         dims=[2 ** 62, 4], raw_data=b"")
    graph = helper.make_graph([helper.make_node("Relu", ["w"], ["y"])], "g", [],
                              [value("y", [4])], initializer=[weight])
    path = str(tmp_path / "m.onnx")
    onnx.save(helper.make_model(graph), path)
    assert "a tensor of more than 2^40 elements" in import_error(path)


def test_constant_of_shape_with_a_negative_or_huge_size(tmp_path):
    # Found by kiln-fuzz-onnx: a size of -1 computed from a rank (a
    # LayerNormalization expansion applied to a lower-rank input) made an
    # invalid type, whose element count then ran the importer for minutes.
    for sizes, message in (([-1], "a negative dimension (-1)"),
                           ([2 ** 30, 2 ** 30], "a tensor of more than 2^40 elements")):
        shape = helper.make_tensor("s", TensorProto.INT64, [len(sizes)], sizes)
        graph = helper.make_graph(
            [helper.make_node("Constant", [], ["shape"], value=shape),
             helper.make_node("ConstantOfShape", ["shape"], ["y"], name="c")],
            "g", [], [value("y", None)])
        path = str(tmp_path / "m.onnx")
        onnx.save(helper.make_model(graph), path)
        error = import_error(path)
        assert "'ConstantOfShape' node 'c'" in error and message in error, error


def test_shape_concatenated_past_any_rank(tmp_path):
    # A shape concatenated with itself node after node doubles each time.
    nodes = [helper.make_node("Shape", ["x"], ["s0"])]
    for i in range(8):
        nodes.append(helper.make_node("Concat", [f"s{i}", f"s{i}"], [f"s{i + 1}"],
                                      axis=0, name=f"cat{i}"))
    nodes.append(helper.make_node("Reshape", ["x", "s8"], ["y"]))
    graph = helper.make_graph(nodes, "g", [value("x", [1, 1])], [value("y", None)])
    path = str(tmp_path / "m.onnx")
    onnx.save(helper.make_model(graph), path)
    assert "a shape value of more than 64 entries" in import_error(path)


def test_shape_arithmetic_that_overflows(tmp_path):
    # An entry computed past int64 is unknown, not undefined behaviour.
    big = helper.make_tensor("b", TensorProto.INT64, [1], [2 ** 62])
    nodes = [helper.make_node("Shape", ["x"], ["s"]),
             helper.make_node("Constant", [], ["big"], value=big),
             helper.make_node("Mul", ["s", "big"], ["t"]),
             helper.make_node("Reshape", ["x", "t"], ["y"], name="r")]
    graph = helper.make_graph(nodes, "g", [value("x", [2, 2])], [value("y", None)])
    path = str(tmp_path / "m.onnx")
    onnx.save(helper.make_model(graph), path)
    assert "'Reshape' node 'r'" in import_error(path)


def test_graph_output_type_must_agree(tmp_path):
    node = helper.make_node("Relu", ["x"], ["y"])
    path = one_node_model(tmp_path, node, [value("x", [4])], [value("y", [5])])
    assert "graph output 'y' is computed as 'tensor<4xf32>'" in import_error(path)


def test_kilnc_and_kiln_run_report_import_errors(tmp_path):
    path = one_node_model(tmp_path, helper.make_node("Hardmax", ["x"], ["y"], name="hm"),
                          [value("x", [2, 3])], [value("y", [2, 3])])
    for tool in (["kilnc", path, "-o", str(tmp_path / "m.o")],
                 ["kiln-run", path, "--input=2x3xf32=1"]):
        run = subprocess.run([os.path.join(TOOLS, tool[0]), *tool[1:]],
                             capture_output=True, text=True)
        assert run.returncode == 1 and "'Hardmax' node 'hm'" in run.stderr
