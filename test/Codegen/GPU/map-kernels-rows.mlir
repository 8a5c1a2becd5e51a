// RUN: kiln-opt %s --split-input-file --kiln-gpu-map-kernels --canonicalize --cse | FileCheck %s
// RUN: not kiln-opt %s --kiln-gpu-map-kernels=row-threads=16 --split-input-file 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: kiln-gpu-map-kernels: row-threads must be between 32 and 1024, got 16

// A kernel of long row reductions: blocks walk the rows, a block's 256
// threads share each row. The row maximum is a scratch buffer in shared
// memory; every thread folds every 256th element into a partial maximum,
// gpu.all_reduce combines them, thread 0 stores, and a barrier publishes it
// before the elementwise op reads it.

#row = affine_map<(d0, d1) -> (d0, d1)>
#red = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax_rows(
// CHECK-DAG:     %[[C8192:.+]] = arith.constant 8192 : index
// CHECK-DAG:     %[[C256:.+]] = arith.constant 256 : index
// CHECK-DAG:     %[[ONE:.+]] = arith.constant 1 : index
// CHECK-DAG:     %[[ZERO:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[ROWS:.+]] = memref.dim
// CHECK:         %[[GRID:.+]] = arith.maxsi %[[ROWS]], %[[ONE]]
// CHECK:         gpu.launch blocks(%[[BX:.+]], %{{.+}}, %{{.+}}) in (%[[GX:.+]] = %[[GRID]], %{{.+}}) threads(%[[TX:.+]], %{{.+}}, %{{.+}}) in (%[[BLOCK:.+]] = %[[C256]], %{{.+}}) workgroup(%[[MAX:.+]] : memref<1xf32, #gpu.address_space<workgroup>>)
// CHECK:           scf.for %[[R:.+]] = %[[BX]] to %[[ROWS]] step %[[GX]] {
// CHECK:             %[[XR:.+]] = memref.subview %{{.+}}[%[[R]], 0] [1, 8192]
// CHECK:             %[[YR:.+]] = memref.subview %{{.+}}[%[[R]], 0] [1, 8192]
// CHECK:             scf.for %[[F:.+]] = %[[TX]] to %[[ONE]] step %[[BLOCK]] {
// CHECK:               memref.store %[[NINF]], %[[MAX]][%[[F]]]
// CHECK:             gpu.barrier
// CHECK:             %[[PARTIAL:.+]] = scf.for %[[J:.+]] = %[[TX]] to %[[C8192]] step %[[BLOCK]] iter_args(%[[ACC:.+]] = %[[NINF]]) -> (f32) {
// CHECK:               %[[V:.+]] = memref.load %[[XR]][%[[ZERO]], %[[J]]]
// CHECK:               %[[M:.+]] = arith.maximumf %[[ACC]], %[[V]]
// CHECK:               scf.yield %[[M]]
// CHECK:             %[[TOTAL:.+]] = gpu.all_reduce maximumf %[[PARTIAL]] uniform
// CHECK:             %[[FIRST:.+]] = arith.cmpi eq, %[[TX]], %[[ZERO]]
// CHECK:             scf.if %[[FIRST]] {
// CHECK:               %[[OLD:.+]] = memref.load %[[MAX]][%[[ZERO]]]
// CHECK:               %[[NEW:.+]] = arith.maximumf %[[OLD]], %[[TOTAL]]
// CHECK:               memref.store %[[NEW]], %[[MAX]][%[[ZERO]]]
// CHECK:             gpu.barrier
// CHECK:             scf.for %[[K:.+]] = %[[TX]] to %[[C8192]] step %[[BLOCK]] {
// CHECK:               %[[A:.+]] = memref.load %[[XR]][%[[ZERO]], %[[K]]]
// CHECK:               %[[B:.+]] = memref.load %[[MAX]][%[[ZERO]]]
// CHECK:               %[[D:.+]] = arith.subf %[[A]], %[[B]]
// CHECK:               memref.store %[[D]], %[[YR]][%[[ZERO]], %[[K]]]
// CHECK:             gpu.barrier
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
func.func @softmax_rows(%x: memref<?x8192xf32>, %y: memref<?x8192xf32>) {
  %c0 = arith.constant 0 : index
  %ninf = arith.constant 0xFF800000 : f32
  %n = memref.dim %x, %c0 : memref<?x8192xf32>
  scf.forall (%i) in (%n) {
    %xr = memref.subview %x[%i, 0] [1, 8192] [1, 1] : memref<?x8192xf32> to memref<1x8192xf32, strided<[8192, 1], offset: ?>>
    %yr = memref.subview %y[%i, 0] [1, 8192] [1, 1] : memref<?x8192xf32> to memref<1x8192xf32, strided<[8192, 1], offset: ?>>
    %max = memref.alloc() : memref<1xf32>
    linalg.fill ins(%ninf : f32) outs(%max : memref<1xf32>)
    linalg.generic {indexing_maps = [#row, #red], iterator_types = ["parallel", "reduction"]} ins(%xr : memref<1x8192xf32, strided<[8192, 1], offset: ?>>) outs(%max : memref<1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %out, %in : f32
      linalg.yield %m : f32
    }
    linalg.generic {indexing_maps = [#row, #red, #row], iterator_types = ["parallel", "parallel"]} ins(%xr, %max : memref<1x8192xf32, strided<[8192, 1], offset: ?>>, memref<1xf32>) outs(%yr : memref<1x8192xf32, strided<[8192, 1], offset: ?>>) {
    ^bb0(%in: f32, %m: f32, %out: f32):
      %d = arith.subf %in, %m : f32
      linalg.yield %d : f32
    }
    memref.dealloc %max : memref<1xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 1]>}
  return
}

// -----

// Rows of 48: a block of 64 threads (the next power of two) per row.

#row = affine_map<(d0, d1) -> (d0, d1)>
#red = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @sum_rows(
// CHECK-DAG:     %[[C64:.+]] = arith.constant 64 : index
// CHECK:         gpu.launch {{.+}} threads(%{{.+}}, %{{.+}}, %{{.+}}) in (%{{.+}} = %[[C64]],
// CHECK:           gpu.all_reduce add
func.func @sum_rows(%x: memref<?x48xf32>, %s: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x48xf32>
  scf.forall (%i) in (%n) {
    %xr = memref.subview %x[%i, 0] [1, 48] [1, 1] : memref<?x48xf32> to memref<1x48xf32, strided<[48, 1], offset: ?>>
    %sr = memref.subview %s[%i] [1] [1] : memref<?xf32> to memref<1xf32, strided<[1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #red], iterator_types = ["parallel", "reduction"]} ins(%xr : memref<1x48xf32, strided<[48, 1], offset: ?>>) outs(%sr : memref<1xf32, strided<[1], offset: ?>>) {
    ^bb0(%in: f32, %out: f32):
      %a = arith.addf %in, %out : f32
      linalg.yield %a : f32
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 1]>}
  return
}

// -----

// Short rows (16 elements) stay one thread per row; so does a reduction
// gpu.all_reduce cannot combine (x - out is no associative combination).

#row = affine_map<(d0, d1) -> (d0, d1)>
#red = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @short_rows(
// CHECK:         arith.constant 128 : index
// CHECK:         gpu.launch
// CHECK-NOT:     gpu.all_reduce
// CHECK:         gpu.terminator
func.func @short_rows(%x: memref<?x16xf32>, %s: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x16xf32>
  scf.forall (%i) in (%n) {
    %xr = memref.subview %x[%i, 0] [1, 16] [1, 1] : memref<?x16xf32> to memref<1x16xf32, strided<[16, 1], offset: ?>>
    %sr = memref.subview %s[%i] [1] [1] : memref<?xf32> to memref<1xf32, strided<[1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #red], iterator_types = ["parallel", "reduction"]} ins(%xr : memref<1x16xf32, strided<[16, 1], offset: ?>>) outs(%sr : memref<1xf32, strided<[1], offset: ?>>) {
    ^bb0(%in: f32, %out: f32):
      %a = arith.addf %in, %out : f32
      linalg.yield %a : f32
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 1]>}
  return
}

// CHECK-LABEL: func.func @not_associative(
// CHECK:         gpu.launch
// CHECK-NOT:     gpu.all_reduce
// CHECK:         gpu.terminator
func.func @not_associative(%x: memref<?x4096xf32>, %s: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x4096xf32>
  scf.forall (%i) in (%n) {
    %xr = memref.subview %x[%i, 0] [1, 4096] [1, 1] : memref<?x4096xf32> to memref<1x4096xf32, strided<[4096, 1], offset: ?>>
    %sr = memref.subview %s[%i] [1] [1] : memref<?xf32> to memref<1xf32, strided<[1], offset: ?>>
    linalg.generic {indexing_maps = [#row, #red], iterator_types = ["parallel", "reduction"]} ins(%xr : memref<1x4096xf32, strided<[4096, 1], offset: ?>>) outs(%sr : memref<1xf32, strided<[1], offset: ?>>) {
    ^bb0(%in: f32, %out: f32):
      %a = arith.subf %in, %out : f32
      linalg.yield %a : f32
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 1]>}
  return
}

// -----

// A full reduction outside any kernel runs on one block of 1024 threads.

#all = affine_map<(d0) -> (d0)>
#none = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @full_sum(
// CHECK-DAG:     %[[C1024:.+]] = arith.constant 1024 : index
// CHECK-DAG:     %[[ONE:.+]] = arith.constant 1 : index
// CHECK:         gpu.launch blocks(%{{.+}}, %{{.+}}, %{{.+}}) in (%{{.+}} = %[[ONE]], %{{.+}}) threads(%[[TX:.+]], %{{.+}}, %{{.+}}) in (%[[BLOCK:.+]] = %[[C1024]],
// CHECK:           scf.for %{{.+}} = %[[TX]] to %{{.+}} step %[[BLOCK]] iter_args(
// CHECK:           gpu.all_reduce add
// CHECK:           memref.store %{{.+}}, %{{.+}}[] : memref<f32>
// CHECK:           gpu.barrier
func.func @full_sum(%x: memref<?xf32>, %s: memref<f32>) {
  linalg.generic {indexing_maps = [#all, #none], iterator_types = ["reduction"]} ins(%x : memref<?xf32>) outs(%s : memref<f32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %in, %out : f32
    linalg.yield %a : f32
  }
  return
}

// -----

// A softmax row: its maximum and its sum of exp(x - max) in one pass, each
// thread carrying (m, s) and rescaling s when m grows (s stays 0 while m is
// -inf); the block takes the maximum of the threads' m and the sum of
// s exp(m - M); thread 0 stores both. The division reads x a second time.

#row = affine_map<(d0, d1) -> (d0, d1)>
#red = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax_online(
// CHECK-DAG:     %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-DAG:     %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         gpu.launch {{.+}} workgroup(%[[MAX:.+]] : memref<1xf32, #gpu.address_space<workgroup>>, %[[SUM:.+]] : memref<1xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[MS:.+]]:2 = scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[M:.+]] = %[[NINF]], %[[S:.+]] = %[[ZERO]]) -> (f32, f32) {
// CHECK:             %[[X:.+]] = memref.load
// CHECK:             %[[GROWN:.+]] = arith.maximumf %[[M]], %[[X]]
// CHECK:             %[[D:.+]] = arith.subf %[[M]], %[[GROWN]]
// CHECK:             %[[SCALE:.+]] = math.exp %[[D]]
// CHECK:             %[[XD:.+]] = arith.subf %[[X]], %[[GROWN]]
// CHECK:             %[[TERM:.+]] = math.exp %[[XD]]
// CHECK:             %[[SS:.+]] = arith.mulf %[[S]], %[[SCALE]]
// CHECK:             %[[NEXT:.+]] = arith.addf %[[SS]], %[[TERM]]
// CHECK:             %[[NONE:.+]] = arith.cmpf oeq, %[[GROWN]], %[[NINF]]
// CHECK:             %[[KEPT:.+]] = arith.select %[[NONE]], %[[ZERO]], %[[NEXT]]
// CHECK:             scf.yield %[[GROWN]], %[[KEPT]]
// CHECK:           %[[TOTAL:.+]] = gpu.all_reduce maximumf %[[MS]]#0 uniform
// CHECK:           arith.subf %[[MS]]#0, %[[TOTAL]]
// CHECK:           %[[SUMS:.+]] = gpu.all_reduce add %{{.+}} uniform
// CHECK:           scf.if
// CHECK:             memref.store %[[TOTAL]], %[[MAX]]
// CHECK:             memref.store %[[SUMS]], %[[SUM]]
// CHECK:           gpu.barrier
// CHECK:           scf.for
// CHECK:             math.exp
// CHECK:             arith.divf
// CHECK-NOT:       gpu.all_reduce
// CHECK:           gpu.terminator
func.func @softmax_online(%x: memref<?x4096xf32>, %y: memref<?x4096xf32>) {
  %c0 = arith.constant 0 : index
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?x4096xf32>
  scf.forall (%i) in (%n) {
    %xr = memref.subview %x[%i, 0] [1, 4096] [1, 1] : memref<?x4096xf32> to memref<1x4096xf32, strided<[4096, 1], offset: ?>>
    %yr = memref.subview %y[%i, 0] [1, 4096] [1, 1] : memref<?x4096xf32> to memref<1x4096xf32, strided<[4096, 1], offset: ?>>
    %max = memref.alloc() : memref<1xf32>
    %sum = memref.alloc() : memref<1xf32>
    linalg.fill ins(%ninf : f32) outs(%max : memref<1xf32>)
    linalg.generic {indexing_maps = [#row, #red], iterator_types = ["parallel", "reduction"]} ins(%xr : memref<1x4096xf32, strided<[4096, 1], offset: ?>>) outs(%max : memref<1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %out, %in : f32
      linalg.yield %m : f32
    }
    linalg.fill ins(%zero : f32) outs(%sum : memref<1xf32>)
    linalg.generic {indexing_maps = [#row, #red, #red], iterator_types = ["parallel", "reduction"]} ins(%xr, %max : memref<1x4096xf32, strided<[4096, 1], offset: ?>>, memref<1xf32>) outs(%sum : memref<1xf32>) {
    ^bb0(%in: f32, %m: f32, %out: f32):
      %d = arith.subf %in, %m : f32
      %e = math.exp %d : f32
      %a = arith.addf %out, %e : f32
      linalg.yield %a : f32
    }
    linalg.generic {indexing_maps = [#row, #red, #red, #row], iterator_types = ["parallel", "parallel"]} ins(%xr, %max, %sum : memref<1x4096xf32, strided<[4096, 1], offset: ?>>, memref<1xf32>, memref<1xf32>) outs(%yr : memref<1x4096xf32, strided<[4096, 1], offset: ?>>) {
    ^bb0(%in: f32, %m: f32, %s: f32, %out: f32):
      %d = arith.subf %in, %m : f32
      %e = math.exp %d : f32
      %q = arith.divf %e, %s : f32
      linalg.yield %q : f32
    }
    memref.dealloc %max : memref<1xf32>
    memref.dealloc %sum : memref<1xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 1]>}
  return
}
