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

// Each converter's own refusals: models from make_model.py --errors.
// RUN: rm -rf %t.d && %python %S/Inputs/make_model.py --errors %t.d

// RUN: not kiln-import-onnx %t.d/argmax-last-index.onnx 2>&1 | FileCheck %s --check-prefix=ARGMAX-LAST-INDEX
// ARGMAX-LAST-INDEX: error: 'ArgMax' node 'am': select_last_index 1 is not supported

// RUN: not kiln-import-onnx %t.d/avgpool-dilations.onnx 2>&1 | FileCheck %s --check-prefix=AVGPOOL-DILATIONS
// AVGPOOL-DILATIONS: error: 'AveragePool' node 'p': dilations are not supported for average pooling

// RUN: not kiln-import-onnx %t.d/axis-out-of-range.onnx 2>&1 | FileCheck %s --check-prefix=AXIS-OUT-OF-RANGE
// AXIS-OUT-OF-RANGE: error: 'Concat' node 'cat': axis is out of range

// RUN: not kiln-import-onnx %t.d/batchnorm-training.onnx 2>&1 | FileCheck %s --check-prefix=BATCHNORM-TRAINING
// BATCHNORM-TRAINING: error: 'BatchNormalization' node 'bn': only inference (training_mode 0, one output) is supported

// RUN: not kiln-import-onnx %t.d/bool-pow.onnx 2>&1 | FileCheck %s --check-prefix=BOOL-POW
// BOOL-POW: error: 'Pow' node 'pow': a boolean base is not supported

// RUN: not kiln-import-onnx %t.d/branch-types.onnx 2>&1 | FileCheck %s --check-prefix=BRANCH-TYPES
// BRANCH-TYPES: error: 'If' node 'branch': the branches produce values of different types, 'tensor<4xf32>' and 'tensor<f32>'

// RUN: not kiln-import-onnx %t.d/cast-to-string.onnx 2>&1 | FileCheck %s --check-prefix=CAST-TO-STRING
// CAST-TO-STRING: error: 'Cast' node 'cast': casting to STRING is not supported

// RUN: not kiln-import-onnx %t.d/declared-output.onnx 2>&1 | FileCheck %s --check-prefix=DECLARED-OUTPUT
// DECLARED-OUTPUT: error: graph output 'y' is computed as 'tensor<4xf32>' but the model declares 'tensor<5xf32>'

// RUN: not kiln-import-onnx %t.d/foreign-domain.onnx 2>&1 | FileCheck %s --check-prefix=FOREIGN-DOMAIN
// FOREIGN-DOMAIN: error: 'FusedGemm' node 'f': ops of domain 'com.microsoft' are not supported

// RUN: not kiln-import-onnx %t.d/gather-index-out-of-range.onnx 2>&1 | FileCheck %s --check-prefix=GATHER-INDEX-OUT-OF-RANGE
// GATHER-INDEX-OUT-OF-RANGE: error: 'Gather' node 'g': index 7 is out of range for axis 0 of size 4

// RUN: not kiln-import-onnx %t.d/run-time-slice-step.onnx 2>&1 | FileCheck %s --check-prefix=RUN-TIME-SLICE-STEP
// RUN-TIME-SLICE-STEP: error: 'Slice' node 'sl': run-time starts and ends need positive steps

// RUN: not kiln-import-onnx %t.d/uint64-div.onnx 2>&1 | FileCheck %s --check-prefix=UINT64-DIV
// UINT64-DIV: error: 'Div' node 'd': a UINT64 input ('a') is not supported here: Kiln computes UINT64 as signed 64-bit integers, which give the same bits for add, sub, mul and data movement only

// RUN: not kiln-import-onnx %t.d/kernel-disagrees.onnx 2>&1 | FileCheck %s --check-prefix=KERNEL-DISAGREES
// KERNEL-DISAGREES: error: 'Conv' node 'c': kernel_shape disagrees with the filter's shape

// RUN: not kiln-import-onnx %t.d/legacy-version.onnx 2>&1 | FileCheck %s --check-prefix=LEGACY-VERSION
// LEGACY-VERSION: error: 'Add' node 'sum': version 6 of 'Add' (opset 6) is not supported: Kiln converts its definitions from opset 7 on

// RUN: not kiln-import-onnx %t.d/loop-carried-type.onnx 2>&1 | FileCheck %s --check-prefix=LOOP-CARRIED-TYPE
// LOOP-CARRIED-TYPE: error: 'Loop' node 'loop': a loop-carried value changes type from 'tensor<2xf32>' to 'tensor<1x2xf32>' (Kiln needs the same element type and rank every iteration)

// RUN: not kiln-import-onnx %t.d/zero-step.onnx 2>&1 | FileCheck %s --check-prefix=ZERO-STEP
// ZERO-STEP: error: 'Slice' node 'sl': steps must not be zero

// RUN: not kiln-import-onnx %t.d/no-default-domain.onnx 2>&1 | FileCheck %s --check-prefix=NO-DEFAULT-DOMAIN
// NO-DEFAULT-DOMAIN: error: the model imports no version of ONNX's default domain, only domains 'ai.onnx.ml', which are not supported

// RUN: not kiln-import-onnx %t.d/opset-too-new.onnx 2>&1 | FileCheck %s --check-prefix=OPSET-TOO-NEW
// OPSET-TOO-NEW: error: the model imports ONNX opset 19, which is not supported (Kiln imports opsets 1 to 18)

// RUN: not kiln-import-onnx %t.d/pad-mode.onnx 2>&1 | FileCheck %s --check-prefix=PAD-MODE
// PAD-MODE: error: 'Pad' node 'pad': mode 'reflect' is not supported (only constant)

// RUN: not kiln-import-onnx %t.d/pool-3d-dynamic.onnx 2>&1 | FileCheck %s --check-prefix=POOL-3D-DYNAMIC
// POOL-3D-DYNAMIC: error: 'MaxPool' node 'p': a 3-D window needs static channels and spatial dimensions

// RUN: not kiln-import-onnx %t.d/pool-indices.onnx 2>&1 | FileCheck %s --check-prefix=POOL-INDICES
// POOL-INDICES: error: 'MaxPool' node 'p': the Indices output needs a 2-D window and static shapes

// RUN: not kiln-import-onnx %t.d/reshape-two-unknowns.onnx 2>&1 | FileCheck %s --check-prefix=RESHAPE-TWO-UNKNOWNS
// RESHAPE-TWO-UNKNOWNS: error: 'Reshape' node 'reshape': the target shape has 2 sizes to infer (-1 or known only at run time); kiln.reshape infers at most one

// RUN: not kiln-import-onnx %t.d/undefined-input.onnx 2>&1 | FileCheck %s --check-prefix=UNDEFINED-INPUT
// UNDEFINED-INPUT: error: 'Relu' node 'r': input 'nowhere' is not defined before the node (the graph must be topologically sorted)

// RUN: not kiln-import-onnx %t.d/storage-order.onnx 2>&1 | FileCheck %s --check-prefix=STORAGE-ORDER
// STORAGE-ORDER: error: 'MaxPool' node 'p': storage_order must be 0 (row major) or 1 (column major)

// The output count is checked against ONNX's schema before the converter runs.
// RUN: not kiln-import-onnx %t.d/avgpool-two-outputs.onnx 2>&1 | FileCheck %s --check-prefix=AVGPOOL-TWO-OUTPUTS
// AVGPOOL-TWO-OUTPUTS: error: 'AveragePool' node 'p': takes 1 output, not 2
