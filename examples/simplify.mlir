// A small graph with work that needs no run time: constant subexpressions,
// a double transpose, identities and a branch on a constant predicate.
// `kiln-opt examples/simplify.mlir --canonicalize` folds it to its simple form.
func.func @simplify(%x: tensor<4x3xf32>, %bias: tensor<3xf32>) -> tensor<4x3xf32> {
  // Constant subexpression: scale = exp(0) * 2 - 1 = 1.
  %zero = kiln.constant dense<0.0> : tensor<f32>
  %two = kiln.constant dense<2.0> : tensor<f32>
  %one = kiln.constant dense<1.0> : tensor<f32>
  %e = kiln.exp %zero : tensor<f32>
  %e2 = kiln.mul %e, %two : tensor<f32>
  %scale = kiln.sub %e2, %one : tensor<f32>

  // transpose(transpose(x)) is x; x * 1 is x.
  %t = kiln.transpose %x [1, 0] : tensor<4x3xf32>
  %tt = kiln.transpose %t [1, 0] : tensor<3x4xf32>
  %scaled = kiln.mul %tt, %scale : tensor<4x3xf32>, tensor<f32>

  // The predicate is a constant: only the `then` branch survives.
  %limit = kiln.constant dense<[1, 2, 3]> : tensor<3xi64>
  %sum = kiln.reduce_sum %limit : tensor<3xi64>
  %six = kiln.constant dense<6> : tensor<i64>
  %p = kiln.compare eq, %sum, %six : tensor<i64>
  %r = kiln.if %p -> (tensor<4x3xf32>) {
    %y = kiln.add %scaled, %bias : tensor<4x3xf32>, tensor<3xf32>
    kiln.yield %y : tensor<4x3xf32>
  } else {
    %n = kiln.neg %scaled : tensor<4x3xf32>
    kiln.yield %n : tensor<4x3xf32>
  }
  return %r : tensor<4x3xf32>
}
