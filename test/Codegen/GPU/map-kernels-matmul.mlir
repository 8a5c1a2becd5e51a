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

// A transposed operand (A read along its columns) keeps one thread per
// tile for now.

#map = affine_map<(d0)[s0] -> (-d0 + s0, 4)>
// CHECK-LABEL: func.func @transposed_a(
// CHECK:         gpu.launch
// CHECK-NOT:       workgroup
// CHECK:           linalg.matmul
func.func @transposed_a(%a: memref<512x64xf32>, %b: memref<512x256xf32>, %out: memref<64x256xf32>) {
  scf.forall (%i, %j) = (0, 0) to (64, 256) step (4, 4) {
    %at = memref.subview %a[0, %i] [512, 4] [1, 1] : memref<512x64xf32> to memref<512x4xf32, strided<[64, 1], offset: ?>>
    %bt = memref.subview %b[0, %j] [512, 4] [1, 1] : memref<512x256xf32> to memref<512x4xf32, strided<[256, 1], offset: ?>>
    %outt = memref.subview %out[%i, %j] [4, 4] [1, 1] : memref<64x256xf32> to memref<4x4xf32, strided<[256, 1], offset: ?>>
    linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%at, %bt : memref<512x4xf32, strided<[64, 1], offset: ?>>, memref<512x4xf32, strided<[256, 1], offset: ?>>) outs(%outt : memref<4x4xf32, strided<[256, 1], offset: ?>>)
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [4, 4], register_tile = [4, 4]>}
  return
}
