// RUN: kiln-opt %s --split-input-file --kiln-gpu-map-kernels --canonicalize --cse | FileCheck %s

// A thread's elementwise tile of 4 f32 is read and written as 16-byte
// vectors when every contiguous operand's first element is 16-byte
// aligned; a value constant along the row (the row's scale) is loaded once
// and broadcast. Otherwise the scalar tile runs.

#row = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
#one = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @scale_rows(
// CHECK:         gpu.launch
// CHECK:           scf.for
// CHECK:             %[[X:.+]] = memref.subview %{{.+}} [1, 4] [1, 1] : memref<?x256xf32> to memref<1x4xf32, strided<[256, 1], offset: ?>>
// CHECK:             %[[B:.+]] = memref.subview %{{.+}} [4] [1] : memref<256xf32> to memref<4xf32, strided<[1], offset: ?>>
// CHECK:             %[[S:.+]] = memref.subview %{{.+}} [1] [1] : memref<?xf32> to memref<1xf32, strided<[1], offset: ?>>
// CHECK:             %[[Y:.+]] = memref.subview %{{.+}} [1, 4] [1, 1] : memref<?x256xf32> to memref<1x4xf32, strided<[256, 1], offset: ?>>
// CHECK:             %[[PX:.+]] = memref.extract_aligned_pointer_as_index %[[X]]
// CHECK:             %{{.+}}, %[[OX:.+]], %{{.+}}:2, %{{.+}}:2 = memref.extract_strided_metadata %[[X]]
// CHECK:             arith.muli %[[OX]], %[[C4:.+]] : index
// CHECK:             arith.remui %{{.+}}, %[[C16:.+]] : index
// CHECK:             memref.extract_aligned_pointer_as_index %[[B]]
// CHECK-NOT:         memref.extract_aligned_pointer_as_index %[[S]]
// CHECK:             memref.extract_aligned_pointer_as_index %[[Y]]
// CHECK:             %[[ALIGNED:.+]] = arith.andi
// CHECK:             scf.if %[[ALIGNED]] {
// CHECK:               %[[VX:.+]] = vector.load %[[X]][%[[Z:.+]], %[[Z]]] {alignment = 16 : i64} : memref<1x4xf32, strided<[256, 1], offset: ?>>, vector<4xf32>
// CHECK:               %[[VB:.+]] = vector.load %[[B]][%[[Z]]] {alignment = 16 : i64}
// CHECK:               %[[SS:.+]] = memref.load %[[S]][%[[Z]]]
// CHECK:               %[[SUM:.+]] = arith.addf %[[VX]], %[[VB]] : vector<4xf32>
// CHECK:               %[[VS:.+]] = vector.broadcast %[[SS]] : f32 to vector<4xf32>
// CHECK:               %[[PRODUCT:.+]] = arith.mulf %[[SUM]], %[[VS]] : vector<4xf32>
// CHECK:               vector.store %[[PRODUCT]], %[[Y]][%[[Z]], %[[Z]]] {alignment = 16 : i64}
// CHECK:             } else {
// CHECK:               linalg.generic {{.+}} ins(%[[X]], %[[B]], %[[S]] : {{.+}}) outs(%[[Y]] : {{.+}})
func.func @scale_rows(%x: memref<?x256xf32>, %b: memref<256xf32>, %s: memref<?xf32>, %y: memref<?x256xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x256xf32>
  scf.forall (%i, %j) = (0, 0) to (%n, 256) step (1, 4) {
    %xt = memref.subview %x[%i, %j] [1, 4] [1, 1] : memref<?x256xf32> to memref<1x4xf32, strided<[256, 1], offset: ?>>
    %bt = memref.subview %b[%j] [4] [1] : memref<256xf32> to memref<4xf32, strided<[1], offset: ?>>
    %st = memref.subview %s[%i] [1] [1] : memref<?xf32> to memref<1xf32, strided<[1], offset: ?>>
    %yt = memref.subview %y[%i, %j] [1, 4] [1, 1] : memref<?x256xf32> to memref<1x4xf32, strided<[256, 1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #col, #one, #row], iterator_types = ["parallel", "parallel"]} ins(%xt, %bt, %st : memref<1x4xf32, strided<[256, 1], offset: ?>>, memref<4xf32, strided<[1], offset: ?>>, memref<1xf32, strided<[1], offset: ?>>) outs(%yt : memref<1x4xf32, strided<[256, 1], offset: ?>>) {
    ^bb0(%in: f32, %bias: f32, %scale: f32, %out: f32):
      %a = arith.addf %in, %bias : f32
      %m = arith.mulf %a, %scale : f32
      linalg.yield %m : f32
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [1, 4], register_tile = [1, 4]>}
  return
}

// -----

// Partial tiles (dynamic sizes) and transposed reads stay scalar.

#row = affine_map<(d0, d1) -> (d0, d1)>
#tr = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-LABEL: func.func @partial_tiles(
// CHECK-NOT:     vector.load
// CHECK:         gpu.terminator
func.func @partial_tiles(%x: memref<?x?xf32>, %y: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  scf.forall (%i, %j) = (0, 0) to (%n, %m) step (1, 4) {
    %w = affine.min affine_map<(d0)[s0] -> (-d0 + s0, 4)>(%j)[%m]
    %xt = memref.subview %x[%i, %j] [1, %w] [1, 1] : memref<?x?xf32> to memref<1x?xf32, strided<[?, 1], offset: ?>>
    %yt = memref.subview %y[%i, %j] [1, %w] [1, 1] : memref<?x?xf32> to memref<1x?xf32, strided<[?, 1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel", "parallel"]} ins(%xt : memref<1x?xf32, strided<[?, 1], offset: ?>>) outs(%yt : memref<1x?xf32, strided<[?, 1], offset: ?>>) {
    ^bb0(%in: f32, %out: f32):
      %a = arith.negf %in : f32
      linalg.yield %a : f32
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [1, 4], register_tile = [1, 4]>}
  return
}

// CHECK-LABEL: func.func @transposed(
// CHECK-NOT:     vector.load
// CHECK:         gpu.terminator
func.func @transposed(%x: memref<256x256xf32>, %y: memref<256x256xf32>) {
  scf.forall (%i, %j) = (0, 0) to (256, 256) step (4, 1) {
    %xt = memref.subview %x[%i, %j] [4, 1] [1, 1] : memref<256x256xf32> to memref<4x1xf32, strided<[256, 1], offset: ?>>
    %yt = memref.subview %y[%j, %i] [1, 4] [1, 1] : memref<256x256xf32> to memref<1x4xf32, strided<[256, 1], offset: ?>>
    linalg.generic {indexing_maps = [#tr, #row], iterator_types = ["parallel", "parallel"]} ins(%xt : memref<4x1xf32, strided<[256, 1], offset: ?>>) outs(%yt : memref<1x4xf32, strided<[256, 1], offset: ?>>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = transpose, tile_sizes = [4, 1], register_tile = [4, 1]>}
  return
}
