// Every diagnostic of a bad model names the ONNX node and exits non-zero,
// never a crash.

// RUN: %python %S/Inputs/make_model.py unsupported-op %t.1.onnx
// RUN: not kiln-import-onnx %t.1.onnx 2>&1 | FileCheck %s --check-prefix=OP
// OP: error: 'Hardmax' node 'hm': op 'Hardmax' is not supported by Kiln's ONNX importer

// RUN: %python %S/Inputs/make_model.py unknown-attribute %t.2.onnx
// RUN: not kiln-import-onnx %t.2.onnx 2>&1 | FileCheck %s --check-prefix=ATTR
// ATTR: error: 'Relu' node 'r': attribute 'flavour' is not supported

// RUN: %python %S/Inputs/make_model.py bad-attribute %t.3.onnx
// RUN: not kiln-import-onnx %t.3.onnx 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: 'Conv' node 'c': auto_pad 'SIDEWAYS' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER

// RUN: %python %S/Inputs/make_model.py attribute-type %t.8.onnx
// RUN: not kiln-import-onnx %t.8.onnx 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: error: 'Softmax' node 's': attribute 'axis' must be an int

// RUN: %python %S/Inputs/make_model.py shape-mismatch %t.4.onnx
// RUN: not kiln-import-onnx %t.4.onnx 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: error: 'Add' node 'sum': 'kiln.add' op operands are not broadcast-compatible
// SHAPE-NOT: LLVM ERROR

// RUN: %python %S/Inputs/make_model.py run-time-shape %t.5.onnx
// RUN: not kiln-import-onnx %t.5.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: error: 'Reshape' node 'reshape': the target shape must be known at import time

// RUN: %python %S/Inputs/make_model.py malformed %t.6.onnx
// RUN: not kiln-import-onnx %t.6.onnx 2>&1 | FileCheck %s --check-prefix=FILE
// RUN: %python %S/Inputs/make_model.py truncated %t.7.onnx
// RUN: not kiln-import-onnx %t.7.onnx 2>&1 | FileCheck %s --check-prefix=FILE
// RUN: not kilnc %t.7.onnx -o %t.o 2>&1 | FileCheck %s --check-prefix=FILE
// FILE: error: not a valid ONNX model (the protobuf does not parse: truncated or not ONNX)

// RUN: not kiln-import-onnx %t.missing.onnx 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: cannot read '{{.*}}missing.onnx': No such file or directory
