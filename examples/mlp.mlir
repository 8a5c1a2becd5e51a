// A two-layer perceptron: 784 -> 128 (ReLU) -> 10, softmax probabilities.
// The batch size is dynamic.
//
//   kilnc examples/mlp.mlir -o mlp.o     # writes mlp.o and mlp.h
func.func @mlp(%x: tensor<?x784xf32>, %w1: tensor<784x128xf32>, %b1: tensor<128xf32>,
               %w2: tensor<128x10xf32>, %b2: tensor<10xf32>) -> tensor<?x10xf32> {
  %h = kiln.matmul %x, %w1 : tensor<?x784xf32>, tensor<784x128xf32>
  %hb = kiln.add %h, %b1 : tensor<?x128xf32>, tensor<128xf32>
  %a = kiln.relu %hb : tensor<?x128xf32>
  %o = kiln.matmul %a, %w2 : tensor<?x128xf32>, tensor<128x10xf32>
  %ob = kiln.add %o, %b2 : tensor<?x10xf32>, tensor<10xf32>
  %p = kiln.softmax %ob axis 1 : tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}
