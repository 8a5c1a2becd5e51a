// RUN: kiln-opt %s -split-input-file -kiln-autodiff | FileCheck %s
// RUN: kiln-opt %s -split-input-file -kiln-autodiff -canonicalize -cse | FileCheck %s --check-prefix=CANON

// kiln-autodiff replaces each kiln.grad / kiln.value_and_grad with a call of
// a generated private function @<callee>_grad[_value]_wrt_<i>_<j>... that
// runs the forward computation, seeds the loss (1 for a 0-d loss, the seed
// operand otherwise) and sweeps back through the ops' VJP rules. CHECK reads
// the pass's own output; CANON, after -canonicalize -cse, the gradient left
// once the seed's multiplications by one have folded away. The numbers are
// checked in test/Integration/gradients.py.

// A unary rule: d tanh = g * (1 - y * y), from the seed 1 broadcast to x.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT:     kiln.grad
// CHECK:         %[[G:[a-z0-9_]+]] = call @f_grad_wrt_0(%[[X]]) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    return %[[G]] : tensor<4xf32>
// CHECK-LABEL: func.func private @f_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[Y:[a-z0-9_]+]] = kiln.tanh %[[X]] : tensor<4xf32>
// CHECK-NEXT:    kiln.reduce_sum %[[Y]] : tensor<4xf32>
// CHECK-NEXT:    %[[ONE:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[R:[a-z0-9_]+]] = kiln.reshape %[[ONE]] [1] : tensor<f32>
// CHECK-NEXT:    %[[SEED:[a-z0-9_]+]] = kiln.broadcast_to %[[R]] : tensor<1xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[YY:[a-z0-9_]+]] = kiln.mul %[[Y]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT:    %[[ONE2:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[D:[a-z0-9_]+]] = kiln.sub %[[ONE2]], %[[YY]] : tensor<f32>, tensor<4xf32>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.mul %[[SEED]], %[[D]] : tensor<4xf32>
// CHECK-NEXT:    return %[[GX]] : tensor<4xf32>
// CANON-LABEL: func.func private @f_grad_wrt_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CANON-DAG:     %[[ONE:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<f32>
// CANON-DAG:     %[[Y:[a-z0-9_]+]] = kiln.tanh %[[X]] : tensor<4xf32>
// CANON:         %[[YY:[a-z0-9_]+]] = kiln.mul %[[Y]], %[[Y]] : tensor<4xf32>
// CANON-NEXT:    %[[D:[a-z0-9_]+]] = kiln.sub %[[ONE]], %[[YY]] : tensor<f32>, tensor<4xf32>
// CANON-NEXT:    return %[[D]] : tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<f32> {
  %t = kiln.tanh %x : tensor<4xf32>
  %s = kiln.reduce_sum %t : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @f(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// A binary rule with broadcasting, wrt [1, 0]: the name and the results
// follow the wrt order; the broadcast operand's gradient is summed over the
// broadcast dimension.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[B:[a-z0-9]+]]: tensor<3xf32>)
// CHECK:         %[[G:[a-z0-9_]+]]:2 = call @f_grad_wrt_1_0(%[[X]], %[[B]]) : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<2x3xf32>)
// CHECK-NEXT:    return %[[G]]#0, %[[G]]#1
// CHECK-LABEL: func.func private @f_grad_wrt_1_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[B:[a-z0-9]+]]: tensor<3xf32>) -> (tensor<3xf32>, tensor<2x3xf32>)
// CHECK:         %[[SEED:[a-z0-9_]+]] = kiln.broadcast_to %{{.+}} : tensor<1x1xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    %[[GB:[a-z0-9_]+]] = kiln.mul %[[SEED]], %[[X]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.mul %[[SEED]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>
// CHECK-NEXT:    %[[SB:[a-z0-9_]+]] = kiln.reduce_sum %[[GB]] axes [0] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[SB]], %[[GX]] : tensor<3xf32>, tensor<2x3xf32>
// CANON-LABEL: func.func private @f_grad_wrt_1_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[B:[a-z0-9]+]]: tensor<3xf32>)
// CANON-DAG:     %[[ONES:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<2x3xf32>
// CANON-DAG:     %[[GX:[a-z0-9_]+]] = kiln.mul %[[B]], %[[ONES]] : tensor<3xf32>, tensor<2x3xf32>
// CANON-DAG:     %[[GB:[a-z0-9_]+]] = kiln.reduce_sum %[[X]] axes [0] : tensor<2x3xf32>
// CANON:         return %[[GB]], %[[GX]] : tensor<3xf32>, tensor<2x3xf32>
func.func @f(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<f32> {
  %m = kiln.mul %x, %b : tensor<2x3xf32>, tensor<3xf32>
  %s = kiln.reduce_sum %m : tensor<2x3xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<2x3xf32>) {
  %g:2 = kiln.grad @f(%x, %b) wrt [1, 0] : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<2x3xf32>)
  return %g#0, %g#1 : tensor<3xf32>, tensor<2x3xf32>
}

// -----

// A value used twice (x in exp(x) * x): its two contributions are added.
// CHECK-LABEL: func.func private @f_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[E:[a-z0-9_]+]] = kiln.exp %[[X]]
// CHECK-NEXT:    kiln.mul %[[E]], %[[X]]
// CHECK:         %[[SEED:[a-z0-9_]+]] = kiln.broadcast_to
// CHECK-NEXT:    %[[DIRECT:[a-z0-9_]+]] = kiln.mul %[[SEED]], %[[E]] : tensor<4xf32>
// CHECK-NEXT:    %[[GE:[a-z0-9_]+]] = kiln.mul %[[SEED]], %[[X]] : tensor<4xf32>
// CHECK-NEXT:    %[[VIAEXP:[a-z0-9_]+]] = kiln.mul %[[GE]], %[[E]] : tensor<4xf32>
// CHECK-NEXT:    %[[SUM:[a-z0-9_]+]] = kiln.add %[[DIRECT]], %[[VIAEXP]] : tensor<4xf32>
// CHECK-NEXT:    return %[[SUM]] : tensor<4xf32>
// CANON-LABEL: func.func private @f_grad_wrt_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CANON-NEXT:    %[[E:[a-z0-9_]+]] = kiln.exp %[[X]] : tensor<4xf32>
// CANON-NEXT:    %[[XE:[a-z0-9_]+]] = kiln.mul %[[X]], %[[E]] : tensor<4xf32>
// CANON-NEXT:    %[[SUM:[a-z0-9_]+]] = kiln.add %[[E]], %[[XE]] : tensor<4xf32>
// CANON-NEXT:    return %[[SUM]] : tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<f32> {
  %e = kiln.exp %x : tensor<4xf32>
  %m = kiln.mul %e, %x : tensor<4xf32>, tensor<4xf32>
  %s = kiln.reduce_sum %m : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @f(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// matmul: g @ w^T and x^T @ g; reduce_mean: the seed divided by the count.
// CHECK-LABEL: func.func private @f_grad_wrt_0_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[W:[a-z0-9]+]]: tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>)
// CHECK:         %[[N:[a-z0-9_]+]] = kiln.constant dense<8.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[MEAN:[a-z0-9_]+]] = kiln.div %{{.+}}, %[[N]] : tensor<1x1xf32>, tensor<f32>
// CHECK-NEXT:    %[[G:[a-z0-9_]+]] = kiln.broadcast_to %[[MEAN]] : tensor<1x1xf32> -> tensor<2x4xf32>
// CHECK-NEXT:    %[[WT:[a-z0-9_]+]] = kiln.transpose %[[W]] [1, 0] : tensor<3x4xf32>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.matmul %[[G]], %[[WT]] : tensor<2x4xf32>, tensor<4x3xf32>
// CHECK-NEXT:    %[[XT:[a-z0-9_]+]] = kiln.transpose %[[X]] [1, 0] : tensor<2x3xf32>
// CHECK-NEXT:    %[[GW:[a-z0-9_]+]] = kiln.matmul %[[XT]], %[[G]] : tensor<3x2xf32>, tensor<2x4xf32>
// CHECK-NEXT:    return %[[GX]], %[[GW]] : tensor<2x3xf32>, tensor<3x4xf32>
// CANON-LABEL: func.func private @f_grad_wrt_0_1(
// CANON:         kiln.constant dense<1.250000e-01> : tensor<2x4xf32>
// CANON-NOT:     kiln.reduce_mean
// CANON:         return
func.func @f(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> tensor<f32> {
  %m = kiln.matmul %x, %w : tensor<2x3xf32>, tensor<3x4xf32>
  %s = kiln.reduce_mean %m : tensor<2x4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>) {
  %g:2 = kiln.grad @f(%x, %w) wrt [0, 1] : (tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>)
  return %g#0, %g#1 : tensor<2x3xf32>, tensor<3x4xf32>
}

// -----

// A non-scalar result: the seed is the trailing operand and the generated
// function's last argument. reduce_max sends it to the maxima, shared by
// ties.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[S:[a-z0-9]+]]: tensor<2xf32>)
// CHECK:         call @f_grad_wrt_0(%[[X]], %[[S]]) : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
// CHECK-LABEL: func.func private @f_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[S:[a-z0-9]+]]: tensor<2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[M:[a-z0-9_]+]] = kiln.reduce_max %[[X]] axes [1] : tensor<2x3xf32>
// CHECK-NEXT:    %[[G:[a-z0-9_]+]] = kiln.reshape %[[S]] [2, 1] : tensor<2xf32>
// CHECK-NEXT:    %[[MK:[a-z0-9_]+]] = kiln.reshape %[[M]] [2, 1] : tensor<2xf32>
// CHECK-NEXT:    %[[EQ:[a-z0-9_]+]] = kiln.compare eq, %[[X]], %[[MK]] : tensor<2x3xf32>, tensor<2x1xf32>
// CHECK-NEXT:    %[[MASK:[a-z0-9_]+]] = kiln.cast %[[EQ]] : tensor<2x3xi1> to tensor<2x3xf32>
// CHECK-NEXT:    %[[TIES:[a-z0-9_]+]] = kiln.reduce_sum %[[MASK]] axes [1] keepdims : tensor<2x3xf32>
// CHECK-NEXT:    %[[SHARE:[a-z0-9_]+]] = kiln.div %[[G]], %[[TIES]] : tensor<2x1xf32>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.mul %[[MASK]], %[[SHARE]] : tensor<2x3xf32>, tensor<2x1xf32>
// CHECK-NEXT:    return %[[GX]] : tensor<2x3xf32>
func.func @f(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %m = kiln.reduce_max %x axes [1] : tensor<2x3xf32>
  return %m : tensor<2xf32>
}
func.func @main(%x: tensor<2x3xf32>, %seed: tensor<2xf32>) -> tensor<2x3xf32> {
  %g = kiln.grad @f(%x, %seed) wrt [0] : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %g : tensor<2x3xf32>
}

// -----

// The softmax family: softmax's y * (g - sum(g * y)), and cross_entropy's
// (softmax(x) - onehot(labels)) * g / N; the labels get no gradient.
// CHECK-LABEL: func.func private @softmax_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[G:[a-z0-9]+]]: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[Y:[a-z0-9_]+]] = kiln.softmax %[[X]] axis 1 : tensor<2x3xf32>
// CHECK-NEXT:    %[[GY:[a-z0-9_]+]] = kiln.mul %[[G]], %[[Y]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[DOT:[a-z0-9_]+]] = kiln.reduce_sum %[[GY]] axes [1] keepdims : tensor<2x3xf32>
// CHECK-NEXT:    %[[D:[a-z0-9_]+]] = kiln.sub %[[G]], %[[DOT]] : tensor<2x3xf32>, tensor<2x1xf32>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.mul %[[Y]], %[[D]] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[GX]] : tensor<2x3xf32>
// CANON-LABEL: func.func private @xent_grad_wrt_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[L:[a-z0-9]+]]: tensor<2xi64>) -> tensor<2x3xf32>
// CANON-DAG:     %[[HALF:[a-z0-9_]+]] = kiln.constant dense<5.000000e-01> : tensor<f32>
// CANON-DAG:     %[[IDS:[a-z0-9_]+]] = kiln.constant dense<{{\[\[}}0, 1, 2]]> : tensor<1x3xi64>
// CANON-DAG:     %[[COL:[a-z0-9_]+]] = kiln.reshape %[[L]] [-1, 1] : tensor<2xi64>
// CANON:         %[[EQ:[a-z0-9_]+]] = kiln.compare eq, %[[COL]], %[[IDS]] : tensor<2x1xi64>, tensor<1x3xi64>
// CANON-NEXT:    %[[HOT:[a-z0-9_]+]] = kiln.cast %[[EQ]] : tensor<2x3xi1> to tensor<2x3xf32>
// CANON-NEXT:    %[[P:[a-z0-9_]+]] = kiln.softmax %[[X]] axis 1 : tensor<2x3xf32>
// CANON-NEXT:    %[[D:[a-z0-9_]+]] = kiln.sub %[[P]], %[[HOT]] : tensor<2x3xf32>
// CANON-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.mul %[[D]], %[[HALF]] : tensor<2x3xf32>, tensor<f32>
// CANON-NEXT:    return %[[GX]] : tensor<2x3xf32>
func.func @softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %m = kiln.softmax %x axis 1 : tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}
func.func @xent(%x: tensor<2x3xf32>, %y: tensor<2xi64>) -> tensor<f32> {
  %l = kiln.cross_entropy %x, %y : tensor<2x3xf32>, tensor<2xi64>
  return %l : tensor<f32>
}
func.func @main(%x: tensor<2x3xf32>, %seed: tensor<2x3xf32>, %y: tensor<2xi64>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %g = kiln.grad @softmax(%x, %seed) wrt [0] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %h = kiln.grad @xent(%x, %y) wrt [0] : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %g, %h : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Shape ops, in reverse: pad -> extract_slice of the unpadded part; concat
// -> a slice per input (here the same value twice, so they are added);
// reshape and transpose -> back to the input's shape and order; a strided
// slice -> insert_slice into zeros.
// CHECK-LABEL: func.func private @f_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4x6xf32>) -> tensor<4x6xf32>
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = kiln.slice %[[X]]
// CHECK-NEXT:    %[[T:[a-z0-9_]+]] = kiln.transpose %[[S]] [1, 0]
// CHECK-NEXT:    %[[R:[a-z0-9_]+]] = kiln.reshape %[[T]] [6]
// CHECK:         %[[SEED:[a-z0-9_]+]] = kiln.broadcast_to %{{.+}} : tensor<1xf32> -> tensor<15xf32>
// CHECK-NEXT:    %[[GC:[a-z0-9_]+]] = tensor.extract_slice %[[SEED]][1] [12] [1] : tensor<15xf32> to tensor<12xf32>
// CHECK:         %[[G0:[a-z0-9_]+]] = tensor.extract_slice %[[GC]][%{{.+}}] [6] [1] : tensor<12xf32> to tensor<6xf32>
// CHECK:         %[[G1:[a-z0-9_]+]] = tensor.extract_slice %[[GC]][%{{.+}}] [6] [1] : tensor<12xf32> to tensor<6xf32>
// CHECK:         %[[GR:[a-z0-9_]+]] = kiln.add %[[G0]], %[[G1]] : tensor<6xf32>
// CHECK-NEXT:    %[[GT:[a-z0-9_]+]] = kiln.reshape %[[GR]] [3, 2] : tensor<6xf32>
// CHECK-NEXT:    %[[GS:[a-z0-9_]+]] = kiln.transpose %[[GT]] [1, 0] : tensor<3x2xf32>
// CHECK-NEXT:    %[[Z:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[ZS:[a-z0-9_]+]] = kiln.broadcast_to %[[Z]] : tensor<f32> -> tensor<4x6xf32>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = tensor.insert_slice %[[GS]] into %[[ZS]][1, 0] [2, 3] [1, 2] : tensor<2x3xf32> into tensor<4x6xf32>
// CHECK-NEXT:    return %[[GX]] : tensor<4x6xf32>
// CANON-LABEL: func.func private @f_grad_wrt_0(
// CANON-DAG:     %[[TWO:[a-z0-9_]+]] = kiln.constant dense<2.000000e+00> : tensor<2x3xf32>
// CANON-DAG:     %[[ZS:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<4x6xf32>
// CANON:         %[[GX:[a-z0-9_]+]] = tensor.insert_slice %[[TWO]] into %[[ZS]][1, 0] [2, 3] [1, 2]
// CANON-NEXT:    return %[[GX]]
func.func @f(%x: tensor<4x6xf32>) -> tensor<f32> {
  %s = kiln.slice %x [1, 0] to [3, 6] stride [1, 2] : tensor<4x6xf32>
  %t = kiln.transpose %s [1, 0] : tensor<2x3xf32>
  %r = kiln.reshape %t [6] : tensor<3x2xf32>
  %c = kiln.concat %r, %r axis 0 : tensor<6xf32>, tensor<6xf32>
  %p = kiln.pad %c low [1] high [2] : tensor<12xf32>
  %l = kiln.reduce_sum %p : tensor<15xf32>
  return %l : tensor<f32>
}
func.func @main(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %g = kiln.grad @f(%x) wrt [0] : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %g : tensor<4x6xf32>
}

// -----

// select and cast: the gradient goes to the chosen branch; a float-to-float
// cast casts it back; the integer argument (through an int-to-float cast)
// and the bool condition get none.
// CHECK-LABEL: func.func private @f_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: tensor<4xi32>, %[[C:[a-z0-9]+]]: tensor<4xi1>) -> tensor<4xf32>
// CHECK:         %[[SEED:[a-z0-9_]+]] = kiln.broadcast_to %{{.+}} : tensor<1xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[Z:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[ZS:[a-z0-9_]+]] = kiln.broadcast_to %[[Z]] : tensor<f32> -> tensor<4xf32>
// CHECK-NEXT:    %[[GT:[a-z0-9_]+]] = kiln.select %[[C]], %[[SEED]], %[[ZS]]
// CHECK-NEXT:    kiln.select %[[C]], %[[ZS]], %[[SEED]]
// CHECK-NEXT:    %[[H:[a-z0-9_]+]] = kiln.cast %[[GT]] : tensor<4xf32> to tensor<4xf16>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.cast %[[H]] : tensor<4xf16> to tensor<4xf32>
// CHECK-NEXT:    return %[[GX]] : tensor<4xf32>
// CANON-LABEL: func.func private @f_grad_wrt_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: tensor<4xi32>, %[[C:[a-z0-9]+]]: tensor<4xi1>)
// CANON-DAG:     %[[ONES:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<4xf32>
// CANON-DAG:     %[[ZS:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<4xf32>
// CANON:         %[[GT:[a-z0-9_]+]] = kiln.select %[[C]], %[[ONES]], %[[ZS]]
// CANON-NEXT:    %[[H:[a-z0-9_]+]] = kiln.cast %[[GT]] : tensor<4xf32> to tensor<4xf16>
// CANON-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.cast %[[H]] : tensor<4xf16> to tensor<4xf32>
// CANON-NEXT:    return %[[GX]] : tensor<4xf32>
func.func @f(%x: tensor<4xf32>, %n: tensor<4xi32>, %c: tensor<4xi1>) -> tensor<f32> {
  %nf = kiln.cast %n : tensor<4xi32> to tensor<4xf32>
  %h = kiln.cast %x : tensor<4xf32> to tensor<4xf16>
  %hf = kiln.cast %h : tensor<4xf16> to tensor<4xf32>
  %s = kiln.select %c, %hf, %nf : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  %l = kiln.reduce_sum %s : tensor<4xf32>
  return %l : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %n: tensor<4xi32>, %c: tensor<4xi1>) -> tensor<4xf32> {
  %g = kiln.grad @f(%x, %n, %c) wrt [0] : (tensor<4xf32>, tensor<4xi32>, tensor<4xi1>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// kiln.if: a reverse kiln.if on the same predicate recomputes the taken
// branch (exp) and yields the gradient of each float value the branches
// read from outside (here x; the else branch yields x itself).
// CHECK-LABEL: func.func private @f_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[P:[a-z0-9]+]]: tensor<i1>) -> tensor<4xf32>
// CHECK-NEXT:    %[[R:[a-z0-9_]+]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// CHECK-NEXT:      kiln.exp %[[X]]
// CHECK-NEXT:      kiln.yield
// CHECK-NEXT:    } else {
// CHECK-NEXT:      kiln.yield %[[X]]
// CHECK-NEXT:    }
// CHECK-NEXT:    kiln.reduce_sum %[[R]]
// CHECK:         %[[SEED:[a-z0-9_]+]] = kiln.broadcast_to %{{.+}} : tensor<1xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// CHECK-NEXT:      %[[E:[a-z0-9_]+]] = kiln.exp %[[X]] : tensor<4xf32>
// CHECK-NEXT:      %[[GE:[a-z0-9_]+]] = kiln.mul %[[SEED]], %[[E]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[GE]] : tensor<4xf32>
// CHECK-NEXT:    } else {
// CHECK-NEXT:      kiln.yield %[[SEED]] : tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[GX]] : tensor<4xf32>
// CANON-LABEL: func.func private @f_grad_wrt_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[P:[a-z0-9]+]]: tensor<i1>) -> tensor<4xf32>
// CANON-NEXT:    %[[ONES:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<4xf32>
// CANON-NEXT:    %[[GX:[a-z0-9_]+]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// CANON-NEXT:      %[[E:[a-z0-9_]+]] = kiln.exp %[[X]] : tensor<4xf32>
// CANON-NEXT:      kiln.yield %[[E]] : tensor<4xf32>
// CANON-NEXT:    } else {
// CANON-NEXT:      kiln.yield %[[ONES]] : tensor<4xf32>
// CANON-NEXT:    }
// CANON-NEXT:    return %[[GX]] : tensor<4xf32>
func.func @f(%x: tensor<4xf32>, %p: tensor<i1>) -> tensor<f32> {
  %r = kiln.if %p -> (tensor<4xf32>) {
    %e = kiln.exp %x : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  } else {
    kiln.yield %x : tensor<4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %p: tensor<i1>) -> tensor<4xf32> {
  %g = kiln.grad @f(%x, %p) wrt [0] : (tensor<4xf32>, tensor<i1>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// value_and_grad, through a call: @f_grad_value_wrt_0 returns the loss
// first; the call of @act is inlined there (the callee keeps its call).
// CHECK-LABEL: func.func @f(
// CHECK:         call @act
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK-NOT:     kiln.value_and_grad
// CHECK:         %[[R:[a-z0-9_]+]]:2 = call @f_grad_value_wrt_0(%[[X]]) : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK-NEXT:    return %[[R]]#0, %[[R]]#1 : tensor<f32>, tensor<4xf32>
// CHECK-LABEL: func.func private @f_grad_value_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK-NEXT:    %[[S:[a-z0-9_]+]] = kiln.sin %[[X]] : tensor<4xf32>
// CHECK-NEXT:    %[[L:[a-z0-9_]+]] = kiln.reduce_sum %[[S]] : tensor<4xf32>
// CHECK-NOT:     call
// CHECK:         %[[C:[a-z0-9_]+]] = kiln.cos %[[X]] : tensor<4xf32>
// CHECK-NEXT:    %[[G:[a-z0-9_]+]] = kiln.mul %{{.+}}, %[[C]] : tensor<4xf32>
// CHECK-NEXT:    return %[[L]], %[[G]] : tensor<f32>, tensor<4xf32>
// CANON-LABEL: func.func private @f_grad_value_wrt_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CANON-NEXT:    %[[S:[a-z0-9_]+]] = kiln.sin %[[X]] : tensor<4xf32>
// CANON-NEXT:    %[[L:[a-z0-9_]+]] = kiln.reduce_sum %[[S]] : tensor<4xf32>
// CANON-NEXT:    %[[C:[a-z0-9_]+]] = kiln.cos %[[X]] : tensor<4xf32>
// CANON-NEXT:    return %[[L]], %[[C]] : tensor<f32>, tensor<4xf32>
func.func private @act(%x: tensor<4xf32>) -> tensor<4xf32> {
  %t = kiln.sin %x : tensor<4xf32>
  return %t : tensor<4xf32>
}
func.func @f(%x: tensor<4xf32>) -> tensor<f32> {
  %a = func.call @act(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %s = kiln.reduce_sum %a : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %v, %g = kiln.value_and_grad @f(%x) wrt [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %v, %g : tensor<f32>, tensor<4xf32>
}

// -----

// A dynamic dimension may be 1 at run time: the gradient of a ?x3 operand
// of a broadcasting op is summed over that dimension when it is 1 and the
// result's is not (a kiln.if on the sizes).
// CHECK-LABEL: func.func private @f_grad_wrt_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x3xf32>, %[[B:[a-z0-9]+]]: tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK:         %[[G:[a-z0-9_]+]] = kiln.broadcast_to %{{.+}}[%{{.+}}] : tensor<1x1xf32> -> tensor<?x3xf32>
// CHECK:         %[[BN:[a-z0-9_]+]] = tensor.dim %[[B]], %{{.+}} : tensor<?x3xf32>
// CHECK:         %[[GN:[a-z0-9_]+]] = tensor.dim %[[G]], %{{.+}} : tensor<?x3xf32>
// CHECK-NEXT:    %[[GNOT1:[a-z0-9_]+]] = arith.cmpi ne, %[[GN]], %{{.+}} : index
// CHECK-NEXT:    %[[BIS1:[a-z0-9_]+]] = arith.cmpi eq, %[[BN]], %{{.+}} : index
// CHECK-NEXT:    %[[BOTH:[a-z0-9_]+]] = arith.andi %[[BIS1]], %[[GNOT1]] : i1
// CHECK-NEXT:    %[[PRED:[a-z0-9_]+]] = tensor.from_elements %[[BOTH]] : tensor<i1>
// CHECK-NEXT:    %[[GB:[a-z0-9_]+]] = kiln.if %[[PRED]] -> (tensor<?x3xf32>) {
// CHECK-NEXT:      %[[SUM:[a-z0-9_]+]] = kiln.reduce_sum %[[G]] axes [0] keepdims : tensor<?x3xf32>
// CHECK-NEXT:      %[[CAST:[a-z0-9_]+]] = tensor.cast %[[SUM]] : tensor<1x3xf32> to tensor<?x3xf32>
// CHECK-NEXT:      kiln.yield %[[CAST]] : tensor<?x3xf32>
// CHECK-NEXT:    } else {
// CHECK-NEXT:      kiln.yield %[[G]] : tensor<?x3xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[GB]] : tensor<?x3xf32>
// CANON-LABEL: func.func private @f_grad_wrt_1(
// CANON-SAME:      tensor<?x3xf32>
// CANON:         kiln.if %{{.+}} -> (tensor<?x3xf32>) {
// CANON-NEXT:      kiln.reduce_sum %{{.+}} axes [0] keepdims : tensor<?x3xf32>
func.func @f(%x: tensor<?x3xf32>, %b: tensor<?x3xf32>) -> tensor<f32> {
  %m = kiln.add %x, %b : tensor<?x3xf32>, tensor<?x3xf32>
  %s = kiln.reduce_sum %m : tensor<?x3xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<?x3xf32>, %b: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %g = kiln.grad @f(%x, %b) wrt [1] : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %g : tensor<?x3xf32>
}

// -----

// An argument the loss does not use gets zeros; two grad ops of the same
// function and wrt share one generated function.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<4xf32>)
// CHECK-NEXT:    %[[A:[a-z0-9_]+]] = call @f_grad_wrt_1(%[[X]], %[[Y]])
// CHECK-NEXT:    %[[B:[a-z0-9_]+]] = call @f_grad_wrt_1(%[[Y]], %[[X]])
// CHECK-NEXT:    return %[[A]], %[[B]]
// CHECK-LABEL: func.func private @f_grad_wrt_1(
// CHECK:         %[[Z:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[ZS:[a-z0-9_]+]] = kiln.broadcast_to %[[Z]] : tensor<f32> -> tensor<4xf32>
// CHECK-NEXT:    return %[[ZS]] : tensor<4xf32>
// CHECK-NOT:   func.func private @f_grad_wrt_1
// CANON-LABEL: func.func private @f_grad_wrt_1(
// CANON-NEXT:    %[[ZS:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<4xf32>
// CANON-NEXT:    return %[[ZS]] : tensor<4xf32>
func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = kiln.grad @f(%x, %y) wrt [1] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %b = kiln.grad @f(%y, %x) wrt [1] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// A gradient of a gradient: @g's grad op becomes a call of @f_grad_wrt_0,
// which @g_grad_wrt_0 inlines and differentiates (d/dx sum(cos x) = -sin x).
// CHECK-LABEL: func.func @g(
// CHECK:         call @f_grad_wrt_0(
// CHECK-LABEL: func.func @main(
// CHECK:         call @g_grad_wrt_0(
// CHECK-LABEL: func.func private @f_grad_wrt_0(
// CHECK:         kiln.cos
// CHECK-LABEL: func.func private @g_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT:     call
// CHECK:         kiln.cos %[[X]]
// CHECK:         %[[S:[a-z0-9_]+]] = kiln.sin %[[X]]
// CHECK-NEXT:    %[[M:[a-z0-9_]+]] = kiln.mul %{{.+}}, %[[S]] : tensor<4xf32>
// CHECK-NEXT:    %[[N:[a-z0-9_]+]] = kiln.neg %[[M]] : tensor<4xf32>
// CHECK:         return %[[N]] : tensor<4xf32>
// CANON-LABEL: func.func private @g_grad_wrt_0(
// CANON-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CANON-NEXT:    %[[S:[a-z0-9_]+]] = kiln.sin %[[X]] : tensor<4xf32>
// CANON-NEXT:    %[[N:[a-z0-9_]+]] = kiln.neg %[[S]] : tensor<4xf32>
// CANON-NEXT:    return %[[N]] : tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<f32> {
  %t = kiln.sin %x : tensor<4xf32>
  %s = kiln.reduce_sum %t : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @g(%x: tensor<4xf32>) -> tensor<f32> {
  %d = kiln.grad @f(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  %s = kiln.reduce_sum %d : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @g(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// gather with indices of a run-time count: the one-hot of the (wrapped,
// clamped) indices against the table's 5 rows, transposed, times the
// gradient.
// CANON-LABEL: func.func private @gather_loss_grad_wrt_0
// CANON-DAG:   %[[IDS:.*]] = kiln.constant dense<{{\[\[}}0, 1, 2, 3, 4]]> : tensor<1x5xi64>
// CANON:       %[[COL:.*]] = kiln.reshape %arg1 [-1, 1] : tensor<?xi64>
// CANON:       %[[HIT:.*]] = kiln.compare eq, %{{.*}}, %[[IDS]] : tensor<?x1xi64>, tensor<1x5xi64>
// CANON:       %[[ONEHOT:.*]] = kiln.cast %[[HIT]] : tensor<?x5xi1> to tensor<?x5xf32>
// CANON:       %[[T:.*]] = kiln.transpose %[[ONEHOT]] [1, 0] : tensor<?x5xf32>
// CANON:       %[[G:.*]] = kiln.matmul %[[T]], %{{.*}} : tensor<5x?xf32>, tensor<?x3xf32>
// CANON:       return %[[G]] : tensor<5x3xf32>
func.func @gather_loss(%t: tensor<5x3xf32>, %i: tensor<?xi64>) -> tensor<f32> {
  %r = kiln.gather %t, %i : tensor<5x3xf32>, tensor<?xi64>
  %s = kiln.reduce_sum %r : tensor<?x3xf32>
  return %s : tensor<f32>
}
func.func @gather_grad(%t: tensor<5x3xf32>, %i: tensor<?xi64>) -> tensor<5x3xf32> {
  %g = kiln.grad @gather_loss(%t, %i) wrt [0] : (tensor<5x3xf32>, tensor<?xi64>) -> tensor<5x3xf32>
  return %g : tensor<5x3xf32>
}

// -----

// cross_entropy with a dynamic class count: the class ids come from a
// tensor.generate as wide as the logits.
// CANON-LABEL: func.func private @ce_loss_grad_wrt_0
// CANON:       %[[K:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x?xf32>
// CANON:       %[[IDS:.*]] = tensor.generate %[[K]] {
// CANON:         arith.index_cast %{{.*}} : index to i64
// CANON:       } : tensor<1x?xi64>
// CANON:       %[[HIT:.*]] = kiln.compare eq, %{{.*}}, %[[IDS]] : tensor<?x1xi64>, tensor<1x?xi64>
// CANON:       %[[P:.*]] = kiln.softmax %arg0 axis 1
// CANON:       kiln.sub %[[P]], %{{.*}} : tensor<?x?xf32>
func.func @ce_loss(%l: tensor<?x?xf32>, %y: tensor<?xi64>) -> tensor<f32> {
  %r = kiln.cross_entropy %l, %y : tensor<?x?xf32>, tensor<?xi64>
  return %r : tensor<f32>
}
func.func @ce_grad(%l: tensor<?x?xf32>, %y: tensor<?xi64>) -> tensor<?x?xf32> {
  %g = kiln.grad @ce_loss(%l, %y) wrt [0] : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}
