// RUN: kiln-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(kiln-vectorize))" | FileCheck %s

// A contraction larger than a cache block in m, n and k is split into
// 64 x 256 x 256 blocks, looping n, k, m (a 256 x 256 block of the right
// operand stays in L2 while the rows of the left stream past), and each
// block is register-tiled (8 x 32) and vectorized as usual.
// CHECK-LABEL: func.func @blocked
// CHECK:       scf.for %[[N:.*]] = %{{.*}} to %{{.*}} step %[[C256:.*]] iter_args
// CHECK:         scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %[[C256]] iter_args
// CHECK:           scf.for %[[M:.*]] = %{{.*}} to %{{.*}} step %[[C64:.*]] iter_args
// CHECK:             scf.for {{.*}} step %[[C8:.*]] iter_args({{.*}}) -> (tensor<64x256xf32>)
// CHECK:               scf.for {{.*}} step %[[C32:.*]] iter_args
// CHECK:                 vector.contract
func.func @blocked(%a: tensor<512x512xf32>, %b: tensor<512x512xf32>, %c: tensor<512x512xf32>) -> tensor<512x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<512x512xf32>, tensor<512x512xf32>) outs(%c : tensor<512x512xf32>) -> tensor<512x512xf32>
  return %0 : tensor<512x512xf32>
}

// -----

// A short k (or a thin n) keeps the plain register tiling: no blocks.
// CHECK-LABEL: func.func @short_k
// CHECK-NOT:   step %c256
// CHECK:       vector.contract
func.func @short_k(%a: tensor<512x256xf32>, %b: tensor<256x512xf32>, %c: tensor<512x512xf32>) -> tensor<512x512xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<512x256xf32>, tensor<256x512xf32>) outs(%c : tensor<512x512xf32>) -> tensor<512x512xf32>
  return %0 : tensor<512x512xf32>
}

// -----

// A transpose is tiled in 16 x 16 squares: each is read whole (a transposing
// transfer_read, rows of the input) and written as rows of the output,
// rather than gathering a column element by element.
// CHECK-LABEL: func.func @transpose
// CHECK:       scf.for {{.*}} step %[[C16:.*]] iter_args
// CHECK:         scf.for {{.*}} step %[[C16]] iter_args
// CHECK:           %[[IN:.*]] = tensor.extract_slice %{{.*}} [16, 16] [1, 1] : tensor<64x32xf32> to tensor<16x16xf32>
// CHECK:           %[[V:.*]] = vector.transfer_read %[[IN]]{{.*}}permutation_map = #{{.*}}} : tensor<16x16xf32>, vector<16x16xf32>
// CHECK:           vector.transfer_write %[[V]], %{{.*}} {in_bounds = [true, true]} : vector<16x16xf32>, tensor<16x16xf32>
func.func @transpose(%x: tensor<64x32xf32>, %init: tensor<32x64xf32>) -> tensor<32x64xf32> {
  %0 = linalg.transpose ins(%x : tensor<64x32xf32>) outs(%init : tensor<32x64xf32>) permutation = [1, 0]
  return %0 : tensor<32x64xf32>
}
