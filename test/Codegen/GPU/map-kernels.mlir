// RUN: kiln-opt %s --kiln-gpu-map-kernels --split-input-file --verify-diagnostics | FileCheck %s
// RUN: not kiln-opt %s --kiln-gpu-map-kernels=threads-per-block=2048 --split-input-file 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: kiln-gpu-map-kernels: threads-per-block must be between 1 and 1024, got 2048

// A kernel's iterations are the launch's threads: ceil(count / 128)
// blocks, each thread walking a grid-stride loop over the (dynamic)
// iteration count, its scratch buffer a per-thread alloca.

// CHECK-LABEL: func.func @rows
// CHECK:         memref.dim
// CHECK:         %[[C128:.+]] = arith.constant 128 : index
// CHECK:         %[[ONE:.+]] = arith.constant 1 : index
// CHECK:         %[[BLOCKS:.+]] = arith.ceildivsi %[[COUNT:.+]], %[[C128]]
// CHECK:         %[[GRID:.+]] = arith.maxsi %[[BLOCKS]], %[[ONE]]
// CHECK:         gpu.launch blocks(%[[BX:.+]], %{{.+}}, %{{.+}}) in (%[[GX:.+]] = %[[GRID]], %{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) threads(%[[TX:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C128]],
// CHECK:           %[[SCRATCH:.+]] = memref.alloca() {alignment = 64 : i64} : memref<4xf32>
// CHECK:           %[[BASE:.+]] = arith.muli %[[BX]], %[[C128]]
// CHECK:           %[[FIRST:.+]] = arith.addi %[[BASE]], %[[TX]]
// CHECK:           %[[STRIDE:.+]] = arith.muli %[[GX]], %[[C128]]
// CHECK:           scf.for %[[L:.+]] = %[[FIRST]] to %[[COUNT]] step %[[STRIDE]]
// CHECK:             affine.delinearize_index %[[L]] into
// CHECK:             linalg.generic {{.*}} outs(%[[SCRATCH]]
// CHECK-NOT:         memref.dealloc
// CHECK:           gpu.terminator
// CHECK-NOT:     scf.forall
func.func @rows(%x: memref<?x16xf32>, %y: memref<?x16xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x16xf32>
  scf.forall (%i, %j) in (%n, 4) {
    %j4 = affine.apply affine_map<(d0) -> (d0 * 4)>(%j)
    %in = memref.subview %x[%i, %j4] [1, 4] [1, 1] : memref<?x16xf32> to memref<4xf32, strided<[1], offset: ?>>
    %out = memref.subview %y[%i, %j4] [1, 4] [1, 1] : memref<?x16xf32> to memref<4xf32, strided<[1], offset: ?>>
    %tmp = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
    linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
        ins(%in : memref<4xf32, strided<[1], offset: ?>>) outs(%tmp : memref<4xf32>) {
    ^bb0(%a: f32, %b: f32):
      %e = math.exp %a : f32
      linalg.yield %e : f32
    }
    memref.copy %tmp, %out : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>
    memref.dealloc %tmp : memref<4xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [1, 4], register_tile = [1, 4]>}
  return
}

// -----

// A partial tile's scratch (a dynamic size bounded by the tile) gets a slot
// as large as the bound, viewed with the tile's size.

// CHECK-LABEL: func.func @partial
// CHECK:         gpu.launch
// CHECK:           %[[SLOT:.+]] = memref.alloca() : memref<4xf32>
// CHECK:           memref.reinterpret_cast %[[SLOT]] to offset: [0], sizes: [%{{.+}}], strides: [1] : memref<4xf32> to memref<?xf32>
func.func @partial(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %cst = arith.constant 0.0 : f32
  scf.forall (%i) = (0) to (%n) step (4) {
    %size = affine.min affine_map<(d0)[s0] -> (4, s0 - d0)>(%i)[%n]
    %tmp = memref.alloc(%size) : memref<?xf32>
    linalg.fill ins(%cst : f32) outs(%tmp : memref<?xf32>)
    %out = memref.subview %x[%i] [%size] [1] : memref<?xf32> to memref<?xf32, strided<[1], offset: ?>>
    memref.copy %tmp, %out : memref<?xf32> to memref<?xf32, strided<[1], offset: ?>>
    memref.dealloc %tmp : memref<?xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [4], register_tile = [4]>}
  return
}

// -----

// An op outside any kernel runs on one GPU thread; a contiguous copy stays
// on the host (kiln-gpu-device-memory makes it a gpu.memcpy).

// CHECK-LABEL: func.func @lone
// CHECK:         %[[ONE:.+]] = arith.constant 1 : index
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}} = %[[ONE]], {{.*}}) threads({{.*}}) in ({{.*}} = %[[ONE]],
// CHECK-NEXT:      linalg.fill
// CHECK-NEXT:      gpu.terminator
// CHECK:         memref.copy
func.func @lone(%x: memref<4xf32>, %y: memref<4xf32>) {
  %cst = arith.constant 1.0 : f32
  linalg.fill ins(%cst : f32) outs(%x : memref<4xf32>)
  memref.copy %x, %y : memref<4xf32> to memref<4xf32>
  return
}

// -----

// The host reads and writes device buffers' elements (a loop condition, a
// counter) through one-element host buffers (allocated at the function's
// start, so that a loop does not grow the stack) and copies.
// CHECK-LABEL: func.func @host_access(
// CHECK-SAME:      %[[X:[^:]+]]: memref<4xf32>, %[[I:[^:]+]]: index
// CHECK-DAG:     %[[STAGE2:.+]] = memref.alloca() : memref<1xf32>
// CHECK-DAG:     %[[STAGE:.+]] = memref.alloca() : memref<1xf32>
// CHECK:         %[[ELEMENT:.+]] = memref.subview %[[X]][%[[I]]] [1] [1]
// CHECK:         gpu.memcpy  %[[STAGE]], %[[ELEMENT]]
// CHECK:         %[[V:.+]] = memref.load %[[STAGE]][%{{.+}}] : memref<1xf32>
// CHECK:         %[[TWICE:.+]] = arith.addf %[[V]], %[[V]]
// CHECK:         %[[ELEMENT2:.+]] = memref.subview %[[X]][%[[I]]] [1] [1]
// CHECK:         memref.store %[[TWICE]], %[[STAGE2]][%{{.+}}] : memref<1xf32>
// CHECK:         gpu.memcpy  %[[ELEMENT2]], %[[STAGE2]]
// CHECK:         return %[[V]]
func.func @host_access(%x: memref<4xf32>, %i: index) -> f32 {
  %v = memref.load %x[%i] : memref<4xf32>
  %twice = arith.addf %v, %v : f32
  memref.store %twice, %x[%i] : memref<4xf32>
  return %v : f32
}

// -----

func.func @host_vector(%x: memref<4xf32>) -> vector<4xf32> {
  %c0 = arith.constant 0 : index
  // expected-error @below {{kiln-gpu-map-kernels: vector code outside a kernel (from a CPU pass?) is not supported on GPUs yet}}
  %v = vector.load %x[%c0] : memref<4xf32>, vector<4xf32>
  return %v : vector<4xf32>
}

// -----

func.func @unbounded(%x: memref<?xf32>, %m: index) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.forall (%i) in (%n) {
    // expected-error @below {{kiln-gpu-map-kernels: a kernel's scratch buffer of unbounded dynamic shape 'memref<?xf32>' cannot live in a GPU thread}}
    %tmp = memref.alloc(%m) : memref<?xf32>
    memref.dealloc %tmp : memref<?xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [1], register_tile = [1]>}
  return
}

