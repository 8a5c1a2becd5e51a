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
