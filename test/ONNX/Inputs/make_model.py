"""Writes a small ONNX model for the lit tests of test/ONNX:

    make_model.py <kind> <out.onnx>

Models are built with onnx.helper (Debian's python3-onnx), so the tests
carry no binary files.
"""

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


def main():
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
