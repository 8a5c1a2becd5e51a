// The importer's output for small models (built by Inputs/make_model.py).

// RUN: %python %S/Inputs/make_model.py cnn %t.cnn.onnx
// RUN: kiln-import-onnx %t.cnn.onnx | FileCheck %s --check-prefix=CNN
// A dynamic batch stays dynamic; the Shape -> Gather -> Concat chain is
// evaluated at import time into the reshape's -1.
// CNN:      func.func @g(%arg0: tensor<?x3x8x8xf32>) -> tensor<?x10xf32>
// CNN:        kiln.conv2d %arg0, %{{.*}} padding [1, 1, 1, 1]
// CNN:        kiln.rsqrt
// CNN:        kiln.relu
// CNN:        kiln.max_pool2d {{.*}} kernel [2, 2] strides [2, 2]
// CNN:        kiln.reshape {{.*}} [-1, 64] : tensor<?x4x4x4xf32>
// CNN:        kiln.transpose
// CNN:        kiln.matmul
// CNN-NOT:    Shape
// CNN:        return {{.*}} : tensor<?x10xf32>

// RUN: %python %S/Inputs/make_model.py if %t.if.onnx
// RUN: kiln-import-onnx %t.if.onnx | FileCheck %s --check-prefix=IF
// IF:      kiln.if %arg0 -> (tensor<4xf32>) {
// IF:        kiln.neg %arg1
// IF:      } else {
// IF:        kiln.exp %arg1

// kilnc and kiln-run take the model directly.
// RUN: kilnc %t.cnn.onnx -o %t.o && test -s %t.o && test -s %t.h
// RUN: kiln-run %t.if.onnx --input=i1=1 --input=4xf32=2 | FileCheck %s --check-prefix=OUT
// OUT: 4xf32=-2,-2,-2,-2
