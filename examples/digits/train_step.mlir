// A digit classifier: 64 pixels -> 128 (ReLU) -> 10 classes, trained by SGD.
// One training step (forward, cross-entropy, backward, update) is one
// function, compiled ahead of time by kilnc; see examples/digits/train.c.

func.func private @loss(%w1: tensor<64x128xf32>, %b1: tensor<128xf32>,
                        %w2: tensor<128x10xf32>, %b2: tensor<10xf32>,
                        %x: tensor<32x64xf32>, %y: tensor<32xi64>) -> tensor<f32> {
  %h = kiln.matmul %x, %w1 : tensor<32x64xf32>, tensor<64x128xf32>
  %hb = kiln.add %h, %b1 : tensor<32x128xf32>, tensor<128xf32>
  %a = kiln.relu %hb : tensor<32x128xf32>
  %o = kiln.matmul %a, %w2 : tensor<32x128xf32>, tensor<128x10xf32>
  %logits = kiln.add %o, %b2 : tensor<32x10xf32>, tensor<10xf32>
  %l = kiln.cross_entropy %logits, %y : tensor<32x10xf32>, tensor<32xi64>
  return %l : tensor<f32>
}

// Returns the minibatch loss (before the update) and the updated weights.
func.func @train_step(%w1: tensor<64x128xf32>, %b1: tensor<128xf32>,
                      %w2: tensor<128x10xf32>, %b2: tensor<10xf32>,
                      %x: tensor<32x64xf32>, %y: tensor<32xi64>,
                      %lr: tensor<f32>)
    -> (tensor<f32>, tensor<64x128xf32>, tensor<128xf32>, tensor<128x10xf32>, tensor<10xf32>) {
  %l, %g1, %gb1, %g2, %gb2 = kiln.value_and_grad @loss(%w1, %b1, %w2, %b2, %x, %y) wrt [0, 1, 2, 3]
      : (tensor<64x128xf32>, tensor<128xf32>, tensor<128x10xf32>, tensor<10xf32>, tensor<32x64xf32>, tensor<32xi64>)
        -> (tensor<f32>, tensor<64x128xf32>, tensor<128xf32>, tensor<128x10xf32>, tensor<10xf32>)
  %s1 = kiln.mul %g1, %lr : tensor<64x128xf32>, tensor<f32>
  %n1 = kiln.sub %w1, %s1 : tensor<64x128xf32>
  %sb1 = kiln.mul %gb1, %lr : tensor<128xf32>, tensor<f32>
  %nb1 = kiln.sub %b1, %sb1 : tensor<128xf32>
  %s2 = kiln.mul %g2, %lr : tensor<128x10xf32>, tensor<f32>
  %n2 = kiln.sub %w2, %s2 : tensor<128x10xf32>
  %sb2 = kiln.mul %gb2, %lr : tensor<10xf32>, tensor<f32>
  %nb2 = kiln.sub %b2, %sb2 : tensor<10xf32>
  return %l, %n1, %nb1, %n2, %nb2 : tensor<f32>, tensor<64x128xf32>, tensor<128xf32>, tensor<128x10xf32>, tensor<10xf32>
}

// Class predictions for any number of images.
func.func @predict(%w1: tensor<64x128xf32>, %b1: tensor<128xf32>,
                   %w2: tensor<128x10xf32>, %b2: tensor<10xf32>,
                   %x: tensor<?x64xf32>) -> tensor<?xi64> {
  %h = kiln.matmul %x, %w1 : tensor<?x64xf32>, tensor<64x128xf32>
  %hb = kiln.add %h, %b1 : tensor<?x128xf32>, tensor<128xf32>
  %a = kiln.relu %hb : tensor<?x128xf32>
  %o = kiln.matmul %a, %w2 : tensor<?x128xf32>, tensor<128x10xf32>
  %logits = kiln.add %o, %b2 : tensor<?x10xf32>, tensor<10xf32>
  %c = kiln.argmax %logits axis 1 : tensor<?x10xf32>
  return %c : tensor<?xi64>
}
