// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-reuse-dying-inputs))' | FileCheck %s

// An elementwise kernel over a kernel result that dies there: the output
// starts as that result, each tile reads its slice through the shared
// output, and the exp reads it through its own output operand.
// CHECK-LABEL: func.func @dying_input(
// CHECK:         %[[T:[^ ]+]] = scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %{{[^)]+}})
// CHECK:         } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, {{.+}}>}
// CHECK:         scf.forall (%[[I:[^)]+]]) {{.+}} shared_outs(%[[OUT:[^ ]+]] = %[[T]])
// CHECK-NEXT:      %[[TILE:[^ ]+]] = tensor.extract_slice %[[OUT]][%[[I]], 0] [8, 512] [1, 1]
// CHECK-NEXT:      %[[EXP:[^ ]+]] = linalg.generic {{.+}} outs(%[[TILE]] : tensor<8x512xf32>) {
// CHECK-NEXT:      ^bb0(%[[V:[^:]+]]: f32):
// CHECK-NEXT:        math.exp %[[V]]
// CHECK:           tensor.parallel_insert_slice %[[EXP]] into %[[OUT]][%[[I]], 0] [8, 512] [1, 1]
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @dying_input(%arg0: tensor<512x512xf32>) -> tensor<512x512xf32> {
  %0 = tensor.empty() : tensor<512x512xf32>
  %1 = scf.forall (%arg1) = (0) to (512) step (64) shared_outs(%arg2 = %0) -> (tensor<512x512xf32>) {
    %s = tensor.extract_slice %arg0[0, %arg1] [512, 64] [1, 1] : tensor<512x512xf32> to tensor<512x64xf32>
    %d = tensor.extract_slice %arg2[%arg1, 0] [64, 512] [1, 1] : tensor<512x512xf32> to tensor<64x512xf32>
    %t = linalg.transpose ins(%s : tensor<512x64xf32>) outs(%d : tensor<64x512xf32>) permutation = [1, 0]
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %arg2[%arg1, 0] [64, 512] [1, 1] : tensor<64x512xf32> into tensor<512x512xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %2 = scf.forall (%arg1) = (0) to (512) step (8) shared_outs(%arg2 = %0) -> (tensor<512x512xf32>) {
    %s = tensor.extract_slice %1[%arg1, 0] [8, 512] [1, 1] : tensor<512x512xf32> to tensor<8x512xf32>
    %d = tensor.extract_slice %arg2[%arg1, 0] [8, 512] [1, 1] : tensor<512x512xf32> to tensor<8x512xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<8x512xf32>) outs(%d : tensor<8x512xf32>) {
    ^bb0(%in: f32, %out: f32):
      %4 = math.exp %in : f32
      linalg.yield %4 : f32
    } -> tensor<8x512xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %3 into %arg2[%arg1, 0] [8, 512] [1, 1] : tensor<8x512xf32> into tensor<512x512xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  return %2 : tensor<512x512xf32>
}

// -----

// Left alone: an input used again after the kernel, a function argument, a
// slice other than the one the tile writes, an output that does not start
// empty, and an input of another type.
// CHECK-LABEL: func.func @live_input(
// CHECK:         scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %[[EMPTY:[^)]+]])
// CHECK-NEXT:      tensor.extract_slice %arg0
// CHECK:         scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %[[EMPTY]])
// CHECK-NEXT:      tensor.extract_slice %arg0
// CHECK:         scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %[[EMPTY]])
// CHECK-NEXT:      tensor.extract_slice %arg1
// CHECK-NEXT:      tensor.extract_slice %arg1
// CHECK:         %[[K:[^ ]+]] = scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %[[EMPTY]])
// CHECK:         scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %[[EMPTY]])
// CHECK-NEXT:      tensor.extract_slice %arg1
// CHECK:           tensor.extract_slice %[[K]]
// CHECK:         scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %arg2)
// CHECK-NEXT:      tensor.extract_slice %arg1
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @live_input(%arg0: tensor<64x64xf32>, %arg1: tensor<64x64xf32>, %arg2: tensor<64x64xf32>) -> (tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) {
  %0 = tensor.empty() : tensor<64x64xf32>
  // Used by the next kernel too.
  %1 = scf.forall (%i) = (0) to (64) step (8) shared_outs(%o = %0) -> (tensor<64x64xf32>) {
    %s = tensor.extract_slice %arg0[%i, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf32> into tensor<64x64xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 4, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %2 = scf.forall (%i) = (0) to (64) step (8) shared_outs(%o = %0) -> (tensor<64x64xf32>) {
    %s = tensor.extract_slice %arg0[%i, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    %n = tensor.extract_slice %1[%i, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    %a = arith.addf %s, %n : tensor<8x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %a into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf32> into tensor<64x64xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  // A function argument, read twice: another slice too.
  %3 = scf.forall (%i) = (0) to (64) step (8) shared_outs(%o = %0) -> (tensor<64x64xf32>) {
    %s = tensor.extract_slice %arg1[%i, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    %t = tensor.extract_slice %arg1[0, %i] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    %a = arith.addf %s, %t : tensor<8x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %a into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf32> into tensor<64x64xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  // A kernel result that dies here, but read at a slice the tile does not
  // write.
  %k = scf.forall (%i) = (0) to (64) step (8) shared_outs(%o = %0) -> (tensor<64x64xf32>) {
    %s = tensor.extract_slice %arg1[%i, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf32> into tensor<64x64xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 5, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %4 = scf.forall (%i) = (0) to (56) step (8) shared_outs(%o = %0) -> (tensor<64x64xf32>) {
    %s = tensor.extract_slice %arg1[%i, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    %j = arith.addi %i, %i : index
    %t = tensor.extract_slice %k[%j, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    %a = arith.addf %s, %t : tensor<8x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %a into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf32> into tensor<64x64xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  // An output that starts from a value.
  %5 = scf.forall (%i) = (0) to (64) step (8) shared_outs(%o = %arg2) -> (tensor<64x64xf32>) {
    %s = tensor.extract_slice %arg1[%i, 0] [8, 64] [1, 1] : tensor<64x64xf32> to tensor<8x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf32> into tensor<64x64xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  return %1, %2, %3, %4, %5 : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>
}

// -----

// An input of another element type stays an input.
// CHECK-LABEL: func.func @other_type(
// CHECK:         scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %[[EMPTY:[^)]+]]) -> (tensor<64x64xf16>)
// CHECK:         scf.forall {{.+}} shared_outs(%{{[^ ]+}} = %{{[^)]+}}) -> (tensor<64x64xf32>)
// CHECK-NEXT:      tensor.extract_slice %{{[0-9]+}}[
func.func @other_type(%arg0: tensor<64x64xf16>) -> tensor<64x64xf32> {
  %0 = tensor.empty() : tensor<64x64xf16>
  %1 = scf.forall (%i) = (0) to (64) step (8) shared_outs(%o = %0) -> (tensor<64x64xf16>) {
    %s = tensor.extract_slice %arg0[%i, 0] [8, 64] [1, 1] : tensor<64x64xf16> to tensor<8x64xf16>
    %n = arith.negf %s : tensor<8x64xf16>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %n into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf16> into tensor<64x64xf16>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %e = tensor.empty() : tensor<64x64xf32>
  %2 = scf.forall (%i) = (0) to (64) step (8) shared_outs(%o = %e) -> (tensor<64x64xf32>) {
    %s = tensor.extract_slice %1[%i, 0] [8, 64] [1, 1] : tensor<64x64xf16> to tensor<8x64xf16>
    %x = arith.extf %s : tensor<8x64xf16> to tensor<8x64xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %x into %o[%i, 0] [8, 64] [1, 1] : tensor<8x64xf32> into tensor<64x64xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  return %2 : tensor<64x64xf32>
}
