// RUN: kiln-opt %s -split-input-file -verify-diagnostics --kiln-check-bufferizable | FileCheck %s

// Ops with bufferization models pass untouched.
// CHECK-LABEL: func.func @bufferizable
// CHECK:       linalg.generic
// CHECK:       tensor.extract_slice
func.func @bufferizable(%x: tensor<8xf32>) -> tensor<4xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%x : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  %1 = tensor.extract_slice %0[0] [4] [1] : tensor<8xf32> to tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// An op on tensors of a dialect Kiln does not lower is named.
func.func @tosa(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tosa.abs' op has no lowering in Kiln: Kiln compiles kiln ops (and the linalg, tensor, arith, math and scf ops they lower to), so import this model into kiln ops first}}
  %0 = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
