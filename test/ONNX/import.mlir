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

// UINT8 crosses the boundary as i8 and is computed in i16, reduced modulo
// 256 after the add: (200 + 100) / 2 is 44 / 2, and (250 + 10) / 2 is 4 / 2.
// RUN: %python %S/Inputs/make_model.py uint8 %t.u8.onnx
// RUN: kiln-import-onnx %t.u8.onnx | FileCheck %s --check-prefix=U8
// U8:      func.func @g(%arg0: tensor<2xi8>, %arg1: tensor<2xi8>) -> tensor<2xi8>
// U8:        %[[A:[0-9]+]] = kiln.cast %arg0 : tensor<2xi8> to tensor<2xi16>
// U8:        kiln.compare lt, %[[A]]
// U8:        kiln.select
// U8:        %[[SUM:[0-9]+]] = kiln.add %{{.*}}, %{{.*}} : tensor<2xi16>{{$}}
// U8:        %[[NARROW:[0-9]+]] = kiln.cast %[[SUM]] : tensor<2xi16> to tensor<2xi8>
// U8:        kiln.cast %[[NARROW]] : tensor<2xi8> to tensor<2xi16>
// U8:        %[[HALF:[0-9]+]] = kiln.div
// U8:        %[[RES:[0-9]+]] = kiln.cast %[[HALF]] : tensor<2xi16> to tensor<2xi8>
// U8:        return %[[RES]] : tensor<2xi8>
// RUN: kiln-run %t.u8.onnx --input=2xi8=-56,-6 --input=2xi8=100,10 | FileCheck %s --check-prefix=U8-OUT
// U8-OUT: 2xi8=22,2

// Loop: the carried value doubles (its size becomes dynamic) and the scan
// output stacks a slice taken at the iteration number.
// RUN: %python %S/Inputs/make_model.py loop %t.loop.onnx
// RUN: kiln-import-onnx %t.loop.onnx | FileCheck %s --check-prefix=LOOP
// The slice's size is known only at run time; the scan's rows are sized
// by the body's declared output, which the concatenation checks.
// LOOP:      func.func @g(%arg0: tensor<i64>, %arg1: tensor<2xf32>) -> (tensor<?xf32>, tensor<?x?xf32>)
// LOOP:        kiln.constant dense<> : tensor<0x1xf32>
// LOOP:        kiln.while
// LOOP:        tensor.extract_slice
// LOOP:        kiln.concat %{{.*}}, %{{.*}} axis 0 : tensor<?x?xf32>, tensor<1x?xf32>
// RUN: kiln-run %t.loop.onnx --input=i64=3 --input=2xf32=5,7 | FileCheck %s --check-prefix=LOOP-OUT
// LOOP-OUT: 16xf32=5,7,5,7,5,7,5,7,5,7,5,7,5,7,5,7
// LOOP-OUT: 3x1xf32=5,7,5
// RUN: kiln-run %t.loop.onnx --input=i64=0 --input=2xf32=5,7 | FileCheck %s --check-prefix=LOOP-NONE
// LOOP-NONE: 2xf32=5,7
// LOOP-NONE: 0x1xf32=
// Undeclared rows: the first iteration starts the scan afresh.
// RUN: %python %S/Inputs/make_model.py loop-undeclared-rows %t.loop2.onnx
// RUN: kiln-import-onnx %t.loop2.onnx | FileCheck %s --check-prefix=LOOP2
// LOOP2:      kiln.constant dense<> : tensor<0x0xf32>
// LOOP2:      kiln.compare eq
// LOOP2-NEXT: kiln.if
// LOOP2:      kiln.concat
// RUN: kiln-run %t.loop2.onnx --input=i64=3 --input=2xf32=5,7 | FileCheck %s --check-prefix=LOOP2-OUT
// LOOP2-OUT: 3x1xf32=5,7,5

// kilnc and kiln-run take the model directly.
// RUN: kilnc %t.cnn.onnx -o %t.o && test -s %t.o && test -s %t.h
// RUN: kiln-run %t.if.onnx --input=i1=1 --input=4xf32=2 | FileCheck %s --check-prefix=OUT
// OUT: 4xf32=-2,-2,-2,-2
