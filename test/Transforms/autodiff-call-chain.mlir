// RUN: kiln-opt %s -kiln-autodiff -canonicalize | FileCheck %s

// A chain of 70 calls (no recursion) is inlined whole: d/dx tanh(x) is
// 1 - tanh(x)^2, with no call left.
// CHECK-LABEL: func.func private @f0_grad_wrt_0(
// CHECK-NOT:     call
// CHECK:         kiln.tanh
// CHECK:         kiln.mul
// CHECK:         kiln.sub
// CHECK-NOT:     call

func.func @f0(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f1(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f1(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f2(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f2(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f3(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f3(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f4(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f4(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f5(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f5(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f6(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f6(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f7(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f7(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f8(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f8(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f9(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f9(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f10(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f10(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f11(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f11(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f12(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f12(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f13(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f13(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f14(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f14(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f15(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f15(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f16(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f16(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f17(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f17(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f18(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f18(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f19(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f19(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f20(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f20(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f21(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f21(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f22(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f22(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f23(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f23(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f24(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f24(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f25(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f25(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f26(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f26(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f27(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f27(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f28(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f28(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f29(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f29(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f30(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f30(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f31(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f31(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f32(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f32(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f33(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f33(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f34(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f34(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f35(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f35(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f36(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f36(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f37(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f37(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f38(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f38(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f39(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f39(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f40(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f40(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f41(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f41(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f42(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f42(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f43(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f43(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f44(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f44(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f45(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f45(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f46(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f46(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f47(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f47(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f48(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f48(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f49(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f49(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f50(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f50(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f51(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f51(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f52(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f52(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f53(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f53(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f54(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f54(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f55(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f55(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f56(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f56(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f57(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f57(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f58(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f58(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f59(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f59(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f60(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f60(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f61(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f61(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f62(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f62(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f63(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f63(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f64(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f64(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f65(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f65(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f66(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f66(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f67(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f67(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f68(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f68(%x: tensor<f64>) -> tensor<f64> {
  %t = func.call @f69(%x) : (tensor<f64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @f69(%x: tensor<f64>) -> tensor<f64> {
  %t = kiln.tanh %x : tensor<f64>
  return %t : tensor<f64>
}
func.func @main(%x: tensor<f64>) -> tensor<f64> {
  %g = kiln.grad @f0(%x) wrt [0] : (tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}
