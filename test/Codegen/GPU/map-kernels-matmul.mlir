// RUN: kiln-opt %s --split-input-file --kiln-gpu-map-kernels --canonicalize --cse | FileCheck %s

// A matmul kernel of 4 x 4 thread tiles: blocks of 16 x 16 threads own
// 64 x 64 of the output (grid: columns in x, rows in y). Per step of 16
// along k the block copies A (64 x 16) and B (16 x 64) into shared memory,
// each thread 4 elements of each, zero beyond the matrices; after a
// barrier each thread accumulates its 4 x 4 tile with fmas, and a second
// barrier guards the tiles. Threads whose tile is in the output then run
// the kernel's body, the matmul replaced by adding the accumulators.

#map = affine_map<(d0)[s0] -> (-d0 + s0, 4)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @dense(
// CHECK-SAME:      %[[A:[^:]+]]: memref<?x512xf32>, %[[B:[^:]+]]: memref<512x256xf32>
// CHECK-DAG:     %[[C4:.+]] = arith.constant 4 : index
// CHECK-DAG:     %[[C256:.+]] = arith.constant 256 : index
// CHECK:         %[[M:.+]] = memref.dim %[[A]], %{{.+}} : memref<?x512xf32>
// CHECK:         %[[GY:.+]] = arith.maxsi
// CHECK:         gpu.launch blocks(%[[BX:.+]], %[[BY:.+]], %{{.+}}) in (%{{.+}} = %[[C4]], %{{.+}} = %[[GY]], %{{.+}}) threads(%[[T:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C256]], %{{.+}}) workgroup(%[[SA:.+]] : memref<64x16xf32, #gpu.address_space<workgroup>>, %[[SB:.+]] : memref<16x64xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[ACC:.+]]:16 = scf.for %[[K0:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(
// CHECK-COUNT-4:     memref.load %[[A]]
// CHECK-COUNT-4:     memref.load %[[B]]
// CHECK:             gpu.barrier
// CHECK:             scf.for
// CHECK-COUNT-4:       memref.load %[[SA]]
// CHECK-COUNT-4:       memref.load %[[SB]]
// CHECK-COUNT-16:      math.fma
// CHECK:             gpu.barrier
// CHECK:           scf.if
// CHECK:             linalg.fill
// CHECK:             arith.addf %{{.+}}, %[[ACC]]#0
// CHECK:             arith.addf %{{.+}}, %[[ACC]]#15
// CHECK:             linalg.generic
// CHECK:               arith.maximumf
// CHECK-NOT:     linalg.matmul
func.func @dense(%a: memref<?x512xf32>, %b: memref<512x256xf32>, %bias: memref<256xf32>, %out: memref<?x256xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %m = memref.dim %a, %c0 : memref<?x512xf32>
  scf.forall (%i, %j) = (0, 0) to (%m, 256) step (4, 4) {
    %rows = affine.min #map(%i)[%m]
    %at = memref.subview %a[%i, 0] [%rows, 512] [1, 1] : memref<?x512xf32> to memref<?x512xf32, strided<[512, 1], offset: ?>>
    %bt = memref.subview %b[0, %j] [512, 4] [1, 1] : memref<512x256xf32> to memref<512x4xf32, strided<[256, 1], offset: ?>>
    %acc = memref.alloc(%rows) : memref<?x4xf32>
    linalg.fill ins(%zero : f32) outs(%acc : memref<?x4xf32>)
    linalg.matmul ins(%at, %bt : memref<?x512xf32, strided<[512, 1], offset: ?>>, memref<512x4xf32, strided<[256, 1], offset: ?>>) outs(%acc : memref<?x4xf32>)
    %biast = memref.subview %bias[%j] [4] [1] : memref<256xf32> to memref<4xf32, strided<[1], offset: ?>>
    %outt = memref.subview %out[%i, %j] [%rows, 4] [1, 1] : memref<?x256xf32> to memref<?x4xf32, strided<[256, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]} ins(%acc, %biast : memref<?x4xf32>, memref<4xf32, strided<[1], offset: ?>>) outs(%outt : memref<?x4xf32, strided<[256, 1], offset: ?>>) {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %s = arith.addf %x, %y : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
    }
    memref.dealloc %acc : memref<?x4xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [4, 4], register_tile = [4, 4]>}
  return
}

// -----

// A transposed A (stored k x m, as a weight gradient reads its input) is
// read in place: consecutive threads along m, A's contiguous dimension.

#map = affine_map<(d0)[s0] -> (-d0 + s0, 4)>
// CHECK-LABEL: func.func @transposed_a(
// CHECK-SAME:      %[[A:[^:]+]]: memref<512x64xf32>
// CHECK-DAG:     %[[C64:.+]] = arith.constant 64 : index
// CHECK:         gpu.launch {{.+}} threads(%[[T:.+]], %{{.+}}, %{{.+}}) in {{.+}} workgroup(
// CHECK:           scf.for
// CHECK:             %[[I:.+]] = arith.remui %[[T]], %[[C64]] : index
// CHECK:             %[[K:.+]] = arith.divui %[[T]], %[[C64]] : index
// CHECK:             %[[GK:.+]] = arith.addi %{{.+}}, %[[K]] : index
// CHECK:             memref.load %[[A]][%[[GK]], %[[I]]] : memref<512x64xf32>
// CHECK-NOT:     linalg.matmul
func.func @transposed_a(%a: memref<512x64xf32>, %b: memref<512x256xf32>, %out: memref<64x256xf32>) {
  scf.forall (%i, %j) = (0, 0) to (64, 256) step (4, 4) {
    %at = memref.subview %a[0, %i] [512, 4] [1, 1] : memref<512x64xf32> to memref<512x4xf32, strided<[64, 1], offset: ?>>
    %bt = memref.subview %b[0, %j] [512, 4] [1, 1] : memref<512x256xf32> to memref<512x4xf32, strided<[256, 1], offset: ?>>
    %outt = memref.subview %out[%i, %j] [4, 4] [1, 1] : memref<64x256xf32> to memref<4x4xf32, strided<[256, 1], offset: ?>>
    linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%at, %bt : memref<512x4xf32, strided<[64, 1], offset: ?>>, memref<512x4xf32, strided<[256, 1], offset: ?>>) outs(%outt : memref<4x4xf32, strided<[256, 1], offset: ?>>)
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [4, 4], register_tile = [4, 4]>}
  return
}

// -----

// A dynamic k (a transposed activation's columns, as in a weight gradient):
// the operand's size is its buffer's whole dimension, which the IR shows.
// CHECK-LABEL: func.func @dynamic_k(
// CHECK:         gpu.launch {{.+}} workgroup(
// CHECK-NOT:     linalg.matmul
func.func @dynamic_k(%n: index, %out: memref<64x32xf32>) {
  %a = memref.alloc(%n) : memref<64x?xf32>
  %b = memref.alloc(%n) : memref<?x32xf32>
  scf.forall (%i, %j) = (0, 0) to (64, 32) step (4, 4) {
    %at = memref.subview %a[%i, 0] [4, %n] [1, 1] : memref<64x?xf32> to memref<4x?xf32, strided<[?, 1], offset: ?>>
    %bt = memref.subview %b[0, %j] [%n, 4] [1, 1] : memref<?x32xf32> to memref<?x4xf32, strided<[32, 1], offset: ?>>
    %outt = memref.subview %out[%i, %j] [4, 4] [1, 1] : memref<64x32xf32> to memref<4x4xf32, strided<[32, 1], offset: ?>>
    linalg.matmul ins(%at, %bt : memref<4x?xf32, strided<[?, 1], offset: ?>>, memref<?x4xf32, strided<[32, 1], offset: ?>>) outs(%outt : memref<4x4xf32, strided<[32, 1], offset: ?>>)
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [4, 4], register_tile = [4, 4]>}
  memref.dealloc %a : memref<64x?xf32>
  memref.dealloc %b : memref<?x32xf32>
  return
}

// -----

// A batch matmul: a layer of the grid per batch (z), the batch index in
// every operand.
// CHECK-LABEL: func.func @batched(
// CHECK-SAME:      %[[A:[^:]+]]: memref<?x64x128xf32>, %[[B:[^:]+]]: memref<?x128x32xf32>
// CHECK:         %[[NB:.+]] = memref.dim %[[A]], %{{.+}} : memref<?x64x128xf32>
// CHECK:         %[[GZ:.+]] = arith.maxsi %[[NB]], %{{.+}} : index
// CHECK:         gpu.launch blocks(%{{.+}}, %{{.+}}, %[[BZ:.+]]) in (%{{.+}}, %{{.+}}, %{{.+}} = %[[GZ]]) threads({{.+}} workgroup(
// CHECK:           memref.load %[[A]][%[[BZ]], %{{.+}}, %{{.+}}] : memref<?x64x128xf32>
// CHECK:           memref.load %[[B]][%[[BZ]], %{{.+}}, %{{.+}}] : memref<?x128x32xf32>
// CHECK-COUNT-16:  math.fma
// CHECK:           memref.subview %{{.+}}[%[[BZ]], %{{.+}}, %{{.+}}] [1, 4, 4]
// CHECK-NOT:     linalg.batch_matmul
func.func @batched(%a: memref<?x64x128xf32>, %b: memref<?x128x32xf32>, %out: memref<?x64x32xf32>) {
  %c0 = arith.constant 0 : index
  %nb = memref.dim %a, %c0 : memref<?x64x128xf32>
  scf.forall (%n, %i, %j) = (0, 0, 0) to (%nb, 64, 32) step (1, 4, 4) {
    %at = memref.subview %a[%n, %i, 0] [1, 4, 128] [1, 1, 1] : memref<?x64x128xf32> to memref<1x4x128xf32, strided<[8192, 128, 1], offset: ?>>
    %bt = memref.subview %b[%n, 0, %j] [1, 128, 4] [1, 1, 1] : memref<?x128x32xf32> to memref<1x128x4xf32, strided<[4096, 32, 1], offset: ?>>
    %outt = memref.subview %out[%n, %i, %j] [1, 4, 4] [1, 1, 1] : memref<?x64x32xf32> to memref<1x4x4xf32, strided<[2048, 32, 1], offset: ?>>
    linalg.batch_matmul ins(%at, %bt : memref<1x4x128xf32, strided<[8192, 128, 1], offset: ?>>, memref<1x128x4xf32, strided<[4096, 32, 1], offset: ?>>) outs(%outt : memref<1x4x4xf32, strided<[2048, 32, 1], offset: ?>>)
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [1, 4, 4, 0], register_tile = [1, 4, 4, 1]>}
  return
}
