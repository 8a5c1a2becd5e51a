// A dense layer (dynamic batch) with softmax and its gradient: kernels of
// every strategy the GPU pipeline has (matmul, elementwise, reduction,
// transpose). Used by cuda-ptx.mlir and cuda-ptxas.mlir.
func.func private @loss(%x: tensor<?x64xf32>, %w: tensor<64x32xf32>, %b: tensor<32xf32>) -> tensor<f32> {
  %h = kiln.matmul %x, %w : tensor<?x64xf32>, tensor<64x32xf32>
  %hb = kiln.add %h, %b : tensor<?x32xf32>, tensor<32xf32>
  %a = kiln.relu %hb : tensor<?x32xf32>
  %p = kiln.softmax %a axis 1 : tensor<?x32xf32>
  %l = kiln.reduce_sum %p : tensor<?x32xf32>
  return %l : tensor<f32>
}
func.func @dense_grad(%x: tensor<?x64xf32>, %w: tensor<64x32xf32>, %b: tensor<32xf32>) -> (tensor<64x32xf32>, tensor<32xf32>) {
  %gw, %gb = kiln.grad @loss(%x, %w, %b) wrt [1, 2] : (tensor<?x64xf32>, tensor<64x32xf32>, tensor<32xf32>) -> (tensor<64x32xf32>, tensor<32xf32>)
  return %gw, %gb : tensor<64x32xf32>, tensor<32xf32>
}
