// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-form-kernels{thread-tiles=true}),canonicalize,cse)' | FileCheck %s

// Kernel formation for GPU threads: a tile is one thread's work, except
// where a long row reduction's result is read across a row (a softmax):
// whole rows then make one kernel with the reduction, a block's work.

// CHECK-LABEL: func.func @softmax(
// CHECK:         scf.forall (%{{.+}}) in (%{{.+}}) shared_outs(
// CHECK:           linalg.fill
// CHECK:           linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<1x512xf32>)
// CHECK:           linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins(%{{.+}}, %{{.+}} : tensor<1x512xf32>, tensor<1xf32>)
// CHECK:         } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 1]>}

// A row no wider than a thread's 4 lanes is not tiled along (tiling would
// drop the loop from the scf.forall).
// CHECK-LABEL: func.func @narrow(
// CHECK:         strategy = elementwise, tile_sizes = [1, 0], register_tile = [1, 1]

// CHECK-LABEL: func.func @wide(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) = (0, 0) to (%{{.+}}, 64) step (1, 4)
// CHECK:         strategy = elementwise, tile_sizes = [1, 4], register_tile = [1, 4]

// A unit loop is not tiled either.
// CHECK-LABEL: func.func @unit(
// CHECK:         strategy = reduction, tile_sizes = [1, 0, 0], register_tile = [1, 1, 1]

#row = affine_map<(d0, d1) -> (d0, d1)>
#red = affine_map<(d0, d1) -> (d0)>
func.func @softmax(%x: tensor<?x512xf32>) -> tensor<?x512xf32> {
  %c0 = arith.constant 0 : index
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x512xf32>
  %acc = tensor.empty(%n) : tensor<?xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%acc : tensor<?xf32>) -> tensor<?xf32>
  %max = linalg.generic {indexing_maps = [#row, #red], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<?x512xf32>) outs(%init : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<?xf32>
  %empty = tensor.empty(%n) : tensor<?x512xf32>
  %y = linalg.generic {indexing_maps = [#row, #red, #row], iterator_types = ["parallel", "parallel"]} ins(%x, %max : tensor<?x512xf32>, tensor<?xf32>) outs(%empty : tensor<?x512xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    linalg.yield %d : f32
  } -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}
func.func @narrow(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3xf32>
  %empty = tensor.empty(%n) : tensor<?x3xf32>
  %y = linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x3xf32>) outs(%empty : tensor<?x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %d = arith.negf %in : f32
    linalg.yield %d : f32
  } -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
func.func @wide(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x64xf32>
  %empty = tensor.empty(%n) : tensor<?x64xf32>
  %y = linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x64xf32>) outs(%empty : tensor<?x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %d = arith.negf %in : f32
    linalg.yield %d : f32
  } -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}
#r3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#d3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @unit(%x: tensor<?x1x64xf32>, %init: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %s = linalg.generic {indexing_maps = [#r3, #d3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<?x1x64xf32>) outs(%init : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %out, %in : f32
    linalg.yield %a : f32
  } -> tensor<?x1xf32>
  return %s : tensor<?x1xf32>
}
