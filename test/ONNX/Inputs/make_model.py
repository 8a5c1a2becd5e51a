"""Writes a small ONNX model for the lit tests of test/ONNX:

    make_model.py <kind> <out.onnx>
    make_model.py --errors <directory>   (every model of ERRORS)

Models are built with onnx.helper (Debian's python3-onnx), so the tests
carry no binary files.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def value(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, initializers=(), opset=14, name="g"):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def weight(name, shape):
    return numpy_helper.from_array(np.ones(shape, np.float32), name)


def loop_model(row):
    return model(
        [helper.make_node("Loop", ["n", "", "x"], ["y", "scan"], name="loop", body=graph(
            [helper.make_node("Identity", ["cond"], ["cond_out"]),
             helper.make_node("Concat", ["v", "v"], ["v_out"], axis=0),
             helper.make_node("Reshape", ["i", "one"], ["start"]),
             helper.make_node("Add", ["start", "one"], ["end"]),
             helper.make_node("Slice", ["v", "start", "end"], ["s"])], "body",
            [value("i", [], TensorProto.INT64), value("cond", [], TensorProto.BOOL),
             value("v", [None])],
            [value("cond_out", [], TensorProto.BOOL), value("v_out", [None]),
             value("s", row)]))],
        [value("n", [], TensorProto.INT64), value("x", [2])],
        [value("y", [None]), value("scan", [None, 1])], [ints("one", [1])])


KINDS = {
    # A CNN block with a dynamic batch: Conv, BatchNormalization, Relu,
    # MaxPool, Flatten through Shape arithmetic, Gemm.
    "cnn": lambda: model(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
         helper.make_node("BatchNormalization", ["c", "s", "b", "m", "v"], ["n"], name="bn"),
         helper.make_node("Relu", ["n"], ["r"], name="relu"),
         helper.make_node("MaxPool", ["r"], ["p"], name="pool", kernel_shape=[2, 2],
                          strides=[2, 2]),
         helper.make_node("Shape", ["p"], ["shape"], name="shape"),
         helper.make_node("Gather", ["shape", "zero"], ["batch"], name="batch", axis=0),
         helper.make_node("Unsqueeze", ["batch", "zeros"], ["batch1"], name="unsqueeze"),
         helper.make_node("Concat", ["batch1", "minus1"], ["target"], name="concat", axis=0),
         helper.make_node("Reshape", ["p", "target"], ["f"], name="flatten"),
         helper.make_node("Gemm", ["f", "fc"], ["y"], name="fc", transB=1)],
        [value("x", ["batch", 3, 8, 8])], [value("y", ["batch", 10])],
        [weight("w", (4, 3, 3, 3)), weight("s", (4,)), weight("b", (4,)), weight("m", (4,)),
         weight("v", (4,)), weight("fc", (10, 64)),
         numpy_helper.from_array(np.array(0, np.int64), "zero"),
         numpy_helper.from_array(np.array([0], np.int64), "zeros"),
         numpy_helper.from_array(np.array([-1], np.int64), "minus1")]),
    "if": lambda: model(
        [helper.make_node(
            "If", ["c"], ["y"], name="branch",
            then_branch=helper.make_graph(
                [helper.make_node("Neg", ["x"], ["t"])], "then", [], [value("t", [4])]),
            else_branch=helper.make_graph(
                [helper.make_node("Exp", ["x"], ["e"])], "else", [], [value("e", [4])]))],
        [value("c", [], TensorProto.BOOL), value("x", [4])], [value("y", [4])]),
    # (a + b) / 2 in uint8: the sum wraps before the division.
    "uint8": lambda: model(
        [helper.make_node("Add", ["a", "b"], ["s"], name="add"),
         helper.make_node("Div", ["s", "two"], ["y"], name="half")],
        [value("a", [2], TensorProto.UINT8), value("b", [2], TensorProto.UINT8)],
        [value("y", [2], TensorProto.UINT8)],
        [numpy_helper.from_array(np.array(2, np.uint8), "two")]),
    # A loop whose carried value doubles in size each iteration, with a scan
    # output sliced at the iteration number (a run-time start).
    "loop": lambda: loop_model([1]),
    # The same without the scan rows' declared size.
    "loop-undeclared-rows": lambda: loop_model([None]),
    "unsupported-op": lambda: model(
        [helper.make_node("Hardmax", ["x"], ["y"], name="hm")],
        [value("x", [2, 3])], [value("y", [2, 3])]),
    "unknown-attribute": lambda: model(
        [helper.make_node("Relu", ["x"], ["y"], name="r", flavour=3)],
        [value("x", [4])], [value("y", [4])]),
    "bad-attribute": lambda: model(
        [helper.make_node("Conv", ["x", "w"], ["y"], name="c", auto_pad="SIDEWAYS")],
        [value("x", [1, 1, 4, 4]), value("w", [1, 1, 3, 3])], [value("y", [1, 1, 2, 2])]),
    "attribute-type": lambda: model(
        [helper.make_node("Softmax", ["x"], ["y"], name="s", axis=1.5)],
        [value("x", [2, 3])], [value("y", [2, 3])]),
    "shape-mismatch": lambda: model(
        [helper.make_node("Add", ["a", "b"], ["y"], name="sum")],
        [value("a", [3]), value("b", [4])], [value("y", [3])]),
    "run-time-shape": lambda: model(
        [helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")],
        [value("x", [4]), value("s", [2], TensorProto.INT64)], [value("y", [2, 2])]),
}


def ints(name, values):
    return numpy_helper.from_array(np.array(values, np.int64), name)


def graph(nodes, name, inputs, outputs):
    return helper.make_graph(nodes, name, inputs, outputs)


# Models each converter must refuse with its own diagnostic (errors.mlir).
ERRORS = {
    "kernel-disagrees": lambda: model(
        [helper.make_node("Conv", ["x", "w"], ["y"], name="c", kernel_shape=[2, 2])],
        [value("x", [1, 1, 4, 4]), value("w", [1, 1, 3, 3])], [value("y", [1, 1, 2, 2])]),
    "zero-step": lambda: model(
        [helper.make_node("Slice", ["x", "s", "e", "a", "st"], ["y"], name="sl")],
        [value("x", [4])], [value("y", [2])],
        [ints("s", [3]), ints("e", [1]), ints("a", [0]), ints("st", [0])]),
    "branch-types": lambda: model(
        [helper.make_node(
            "If", ["c"], ["y"], name="branch",
            then_branch=graph([helper.make_node("Neg", ["x"], ["t"])], "then", [],
                              [value("t", [4])]),
            else_branch=graph([helper.make_node("ReduceSum", ["x"], ["e"], keepdims=0)],
                              "else", [], [value("e", [])]))],
        [value("c", [], TensorProto.BOOL), value("x", [4])], [value("y", [4])]),
    "loop-carried-type": lambda: model(
        [helper.make_node("Loop", ["n", "c", "x"], ["y"], name="loop", body=graph(
            [helper.make_node("Identity", ["cond"], ["cond_out"]),
             helper.make_node("Unsqueeze", ["v", "zeros"], ["v_out"])], "body",
            [value("i", [], TensorProto.INT64), value("cond", [], TensorProto.BOOL),
             value("v", [2])],
            [value("cond_out", [], TensorProto.BOOL), value("v_out", [1, 2])]))],
        [value("n", [], TensorProto.INT64), value("c", [], TensorProto.BOOL), value("x", [2])],
        [value("y", [2])], [ints("zeros", [0])]),
    "legacy-version": lambda: model(
        [helper.make_node("Add", ["a", "b"], ["y"], name="sum")],
        [value("a", [3]), value("b", [3])], [value("y", [3])], opset=6),
    "opset-too-new": lambda: model(
        [helper.make_node("Relu", ["x"], ["y"], name="r")],
        [value("x", [4])], [value("y", [4])], opset=19),
    "no-default-domain": lambda: helper.make_model(
        graph([helper.make_node("Relu", ["x"], ["y"], name="r")], "g",
              [value("x", [4])], [value("y", [4])]),
        opset_imports=[helper.make_opsetid("ai.onnx.ml", 3)]),
    "foreign-domain": lambda: model(
        [helper.make_node("FusedGemm", ["x"], ["y"], name="f", domain="com.microsoft")],
        [value("x", [4])], [value("y", [4])]),
    "undefined-input": lambda: model(
        [helper.make_node("Relu", ["nowhere"], ["y"], name="r")],
        [value("x", [4])], [value("y", [4])]),
    "declared-output": lambda: model(
        [helper.make_node("Relu", ["x"], ["y"], name="r")],
        [value("x", [4])], [value("y", [5])]),
    "avgpool-dilations": lambda: model(
        [helper.make_node("AveragePool", ["x"], ["y"], name="p", kernel_shape=[2, 2],
                          dilations=[2, 2])],
        [value("x", [1, 1, 6, 6])], [value("y", [1, 1, 4, 4])]),
    "pool-indices": lambda: model(
        [helper.make_node("MaxPool", ["x"], ["y", "i"], name="p", kernel_shape=[2, 2])],
        [value("x", ["n", 1, 4, 4])],
        [value("y", ["n", 1, 3, 3]), value("i", ["n", 1, 3, 3], TensorProto.INT64)]),
    "storage-order": lambda: model(
        [helper.make_node("MaxPool", ["x"], ["y"], name="p", kernel_shape=[2, 2],
                          storage_order=2)],
        [value("x", [1, 1, 4, 4])], [value("y", [1, 1, 3, 3])]),
    "avgpool-two-outputs": lambda: model(
        [helper.make_node("AveragePool", ["x"], ["y", "i"], name="p", kernel_shape=[2, 2])],
        [value("x", [1, 1, 4, 4])],
        [value("y", [1, 1, 3, 3]), value("i", [1, 1, 3, 3], TensorProto.INT64)]),
    "pool-3d-dynamic": lambda: model(
        [helper.make_node("MaxPool", ["x"], ["y"], name="p", kernel_shape=[2, 2, 2])],
        [value("x", [1, "c", 4, 4, 4])], [value("y", [1, "c", 3, 3, 3])]),
    "pad-mode": lambda: model(
        [helper.make_node("Pad", ["x", "pads"], ["y"], name="pad", mode="reflect")],
        [value("x", [4])], [value("y", [6])], [ints("pads", [1, 1])]),
    "cast-to-string": lambda: model(
        [helper.make_node("Cast", ["x"], ["y"], name="cast", to=TensorProto.STRING)],
        [value("x", [4])], [value("y", [4], TensorProto.STRING)]),
    "bool-pow": lambda: model(
        [helper.make_node("Pow", ["x", "e"], ["y"], name="pow")],
        [value("x", [4], TensorProto.BOOL), value("e", [4])],
        [value("y", [4], TensorProto.BOOL)]),
    "argmax-last-index": lambda: model(
        [helper.make_node("ArgMax", ["x"], ["y"], name="am", select_last_index=1)],
        [value("x", [4])], [value("y", [1], TensorProto.INT64)]),
    "batchnorm-training": lambda: model(
        [helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"],
                          name="bn", training_mode=1)],
        [value("x", [2, 4])], [value("y", [2, 4])],
        [weight("s", (4,)), weight("b", (4,)), weight("m", (4,)), weight("v", (4,))]),
    "reshape-two-unknowns": lambda: model(
        [helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")],
        [value("x", [4])], [value("y", [2, 2])], [ints("s", [-1, -1])]),
    "axis-out-of-range": lambda: model(
        [helper.make_node("Concat", ["x", "x"], ["y"], name="cat", axis=3)],
        [value("x", [4])], [value("y", [8])]),
    "uint64-div": lambda: model(
        [helper.make_node("Div", ["a", "b"], ["y"], name="d")],
        [value("a", [2], TensorProto.UINT64), value("b", [2], TensorProto.UINT64)],
        [value("y", [2], TensorProto.UINT64)]),
    "run-time-slice-step": lambda: model(
        [helper.make_node("Slice", ["x", "s", "e", "a", "st"], ["y"], name="sl")],
        [value("x", [4]), value("s", [1], TensorProto.INT64), value("e", [1], TensorProto.INT64)],
        [value("y", [None])], [ints("a", [0]), ints("st", [-1])]),
    "gather-index-out-of-range": lambda: model(
        [helper.make_node("Gather", ["x", "i"], ["y"], name="g", axis=0)],
        [value("x", [4])], [value("y", [1])], [ints("i", [7])]),
}


def main():
    if sys.argv[1] == "--errors":
        # Every model of ERRORS, as <directory>/<kind>.onnx: one process
        # for them all.
        os.makedirs(sys.argv[2], exist_ok=True)
        for kind, make in ERRORS.items():
            onnx.save(make(), os.path.join(sys.argv[2], kind + ".onnx"))
        return
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "malformed":
        open(path, "wb").write(b"\xff\xfe not a protobuf at all" * 10)
    elif kind == "truncated":
        data = KINDS["cnn"]().SerializeToString()
        open(path, "wb").write(data[:len(data) // 2])
    else:
        onnx.save(KINDS[kind](), path)


if __name__ == "__main__":
    main()
