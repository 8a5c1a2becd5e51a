// The extension in kiln-opt: ext.softplus is differentiated through its VJP
// rule, folded on constants, and lowered to kiln ops by the plugin's pass.
// test/Examples/extension.mlir builds the plugin against an installed Kiln
// and runs this (check_gradient.py then checks the gradient numerically):
//
//   kiln-opt --load-dialect-plugin=libKilnExtension.so \
//            --load-pass-plugin=libKilnExtension.so softplus.mlir \
//            --pass-pipeline="builtin.module(kiln-autodiff,ext-lower-to-kiln,canonicalize)"

// CHECK-LABEL: func.func @loss
// CHECK-NOT:     ext.softplus
// CHECK:         kiln.relu
// CHECK:         kiln.reduce_sum
func.func @loss(%x: tensor<5xf64>) -> tensor<f64> {
  %y = ext.softplus %x : tensor<5xf64>
  %s = kiln.reduce_sum %y : tensor<5xf64>
  return %s : tensor<f64>
}

// CHECK-LABEL: func.func @grad
func.func @grad(%x: tensor<5xf64>) -> tensor<5xf64> {
  %g = kiln.grad @loss(%x) wrt [0] : (tensor<5xf64>) -> tensor<5xf64>
  return %g : tensor<5xf64>
}

// softplus(0) = ln 2, softplus(1) = 1.3132616875...
// CHECK-LABEL: func.func @folded
// CHECK-NEXT:    %[[C:.*]] = kiln.constant dense<[0.69314718055994529, 1.3132616875182228]> : tensor<2xf64>
// CHECK-NEXT:    return %[[C]]
func.func @folded() -> tensor<2xf64> {
  %c = kiln.constant dense<[0.0, 1.0]> : tensor<2xf64>
  %y = ext.softplus %c : tensor<2xf64>
  return %y : tensor<2xf64>
}

// The VJP rule: the gradient of softplus is sigmoid.
// CHECK-LABEL: func.func private @loss_grad_wrt_0
// CHECK-NEXT:    %[[S:.*]] = kiln.sigmoid %arg0 : tensor<5xf64>
// CHECK-NEXT:    return %[[S]]
