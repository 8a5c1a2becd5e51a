// RUN: kiln-opt %s -split-input-file -kiln-autodiff -verify-diagnostics

// Every diagnostic of kiln.grad / kiln.value_and_grad's verifier
// (GradOps.cpp), then every error of the kiln-autodiff pass (Autodiff*.cpp and
// the VJP rules in *Gradients.cpp). The pass reports at the location of the
// op (or function) it cannot handle, in the callee.

// === kiln.grad / kiln.value_and_grad verifier ===

func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.grad' op 'callee' @missing does not name a func.func}}
  %g = kiln.grad @missing(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @two(%x: tensor<4xf32>) -> (tensor<f32>, tensor<f32>) {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s, %s : tensor<f32>, tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.grad' op can only differentiate a function with one result, but @two has 2}}
  %g = kiln.grad @two(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @count(%x: tensor<4xf32>) -> tensor<i64> {
  %n = kiln.constant dense<4> : tensor<i64>
  return %n : tensor<i64>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.grad' op the result of @count must be a float tensor, got 'tensor<i64>'}}
  %g = kiln.grad @count(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @loss(%x: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %seed: tensor<f32>) -> tensor<4xf32> {
  // A 0-d loss takes no seed.
  // expected-error @+1 {{'kiln.grad' op expects 1 operands (the arguments of @loss), got 2}}
  %g = kiln.grad @loss(%x, %seed) wrt [0] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @map(%x: tensor<4xf32>) -> tensor<4xf32> {
  %t = kiln.tanh %x : tensor<4xf32>
  return %t : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // A non-scalar result needs its cotangent.
  // expected-error @+1 {{'kiln.grad' op expects 2 operands (the arguments of @map and the cotangent of its non-scalar result), got 1}}
  %g = kiln.grad @map(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @loss(%x: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<?xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.grad' op operand #0 has type 'tensor<?xf32>' but @loss takes 'tensor<4xf32>'}}
  %g = kiln.grad @loss(%x) wrt [0] : (tensor<?xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @map(%x: tensor<4xf32>) -> tensor<4xf32> {
  %t = kiln.tanh %x : tensor<4xf32>
  return %t : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>, %seed: tensor<4xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.grad' op the cotangent operand has type 'tensor<4xf64>' but the result of @map is 'tensor<4xf32>'}}
  %g = kiln.grad @map(%x, %seed) wrt [0] : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @loss(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.grad' op 'wrt' position 2 is out of range for the 2 arguments of @loss}}
  %g = kiln.grad @loss(%x, %x) wrt [2] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @loss(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.grad' op 'wrt' position -1 is out of range for the 2 arguments of @loss}}
  %g = kiln.grad @loss(%x, %x) wrt [-1] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @loss(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+1 {{'kiln.grad' op 'wrt' names argument 0 twice}}
  %g:2 = kiln.grad @loss(%x, %x) wrt [0, 0] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %g#0, %g#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

func.func @loss(%x: tensor<4xf32>, %n: tensor<4xi32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %n: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.grad' op cannot differentiate with respect to argument 1 of type 'tensor<4xi32>': only float tensors have gradients}}
  %g = kiln.grad @loss(%x, %n) wrt [1] : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xi32>
  return %g : tensor<4xi32>
}

// -----

func.func @loss(%x: tensor<4xf32>, %y: tensor<2xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %y: tensor<2xf32>) -> (tensor<4xf32>, tensor<2xf32>) {
  // The gradients come in wrt order.
  // expected-error @+1 {{'kiln.grad' op result types must be ('tensor<2xf32>', 'tensor<4xf32>'): the gradients in 'wrt' order}}
  %g:2 = kiln.grad @loss(%x, %y) wrt [1, 0] : (tensor<4xf32>, tensor<2xf32>) -> (tensor<4xf32>, tensor<2xf32>)
  return %g#0, %g#1 : tensor<4xf32>, tensor<2xf32>
}

// -----

func.func @loss(%x: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.value_and_grad' op result types must be ('tensor<f32>', 'tensor<4xf32>'): the value, then the gradients in 'wrt' order}}
  %g = kiln.value_and_grad @loss(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// === kiln-autodiff ===

// A float scalar has no gradient path: an op fed by one is reported rather
// than giving a silently zero gradient.
func.func @loss(%x: tensor<4xf32>) -> tensor<f32> {
  %c0 = arith.constant 0 : index
  %e = tensor.extract %x[%c0] : tensor<4xf32>
  // expected-error @+1 {{'tensor.from_elements' op is not differentiable: it has no VJP rule}}
  %s = tensor.from_elements %e : tensor<f32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @loss(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func @loss(%x: tensor<1x1x?x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.conv2d' op gradient needs static spatial sizes, got input 'tensor<1x1x?x4xf32>' and result 'tensor<1x1x?x2xf32>'}}
  %c = kiln.conv2d %x, %w : tensor<1x1x?x4xf32>, tensor<1x1x3x3xf32>
  %s = kiln.reduce_sum %c : tensor<1x1x?x2xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<1x1x?x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %g = kiln.grad @loss(%x, %w) wrt [1] : (tensor<1x1x?x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %g : tensor<1x1x3x3xf32>
}

// -----

func.func @loss(%x: tensor<4x4x8x8xf32>, %w: tensor<?x4x3x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.conv2d' op gradient needs a static filter shape, got 'tensor<?x4x3x3xf32>'}}
  %c = kiln.conv2d %x, %w : tensor<4x4x8x8xf32>, tensor<?x4x3x3xf32>
  %s = kiln.reduce_sum %c : tensor<4x?x6x6xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4x4x8x8xf32>, %w: tensor<?x4x3x3xf32>) -> tensor<4x4x8x8xf32> {
  %g = kiln.grad @loss(%x, %w) wrt [0] : (tensor<4x4x8x8xf32>, tensor<?x4x3x3xf32>) -> tensor<4x4x8x8xf32>
  return %g : tensor<4x4x8x8xf32>
}

// -----

func.func @loss(%x: tensor<?x3xf32>, %i: tensor<2xi64>) -> tensor<f32> {
  // expected-error @+1 {{'kiln.gather' op gradient needs a static input shape, got 'tensor<?x3xf32>'}}
  %r = kiln.gather %x, %i axis 0 : tensor<?x3xf32>, tensor<2xi64>
  %s = kiln.reduce_sum %r : tensor<2x3xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<?x3xf32>, %i: tensor<2xi64>) -> tensor<?x3xf32> {
  %g = kiln.grad @loss(%x, %i) wrt [0] : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x3xf32>
  return %g : tensor<?x3xf32>
}

// -----

// Recursion through calls is found before anything is inlined.
// expected-error @+1 {{kiln-autodiff: cannot differentiate 'even': 'even' is reached again through its own calls (recursion)}}
func.func @even(%x: tensor<f32>) -> tensor<f32> {
  %r = func.call @odd(%x) : (tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}
func.func @odd(%x: tensor<f32>) -> tensor<f32> {
  %r = func.call @even(%x) : (tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}
func.func @main(%x: tensor<f32>) -> tensor<f32> {
  %g = kiln.grad @even(%x) wrt [0] : (tensor<f32>) -> tensor<f32>
  return %g : tensor<f32>
}

// -----

// Recursion with a base case: still reported (calls are inlined, not
// differentiated as calls).
// expected-error @+1 {{kiln-autodiff: cannot differentiate 'power': 'power' is reached again through its own calls (recursion)}}
func.func @power(%x: tensor<f32>, %n: tensor<i64>) -> tensor<f32> {
  %one = kiln.constant dense<1> : tensor<i64>
  %p = kiln.compare gt, %n, %one : tensor<i64>, tensor<i64>
  %r = kiln.if %p -> (tensor<f32>) {
    %m = kiln.sub %n, %one : tensor<i64>
    %a = func.call @power(%x, %m) : (tensor<f32>, tensor<i64>) -> tensor<f32>
    %b = kiln.mul %a, %x : tensor<f32>, tensor<f32>
    kiln.yield %b : tensor<f32>
  } else {
    kiln.yield %x : tensor<f32>
  }
  return %r : tensor<f32>
}
func.func @main(%x: tensor<f32>, %n: tensor<i64>) -> tensor<f32> {
  %g = kiln.grad @power(%x, %n) wrt [0] : (tensor<f32>, tensor<i64>) -> tensor<f32>
  return %g : tensor<f32>
}

// -----

// expected-error @+1 {{kiln-autodiff: cannot differentiate 'external': its body must be a single block}}
func.func private @external(%x: tensor<4xf32>) -> tensor<f32>
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @external(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// expected-error @+1 {{kiln-autodiff: cannot differentiate 'branches': its body must be a single block}}
func.func @branches(%x: tensor<4xf32>) -> tensor<f32> {
  %s = kiln.reduce_sum %x : tensor<4xf32>
  cf.br ^bb1(%s : tensor<f32>)
^bb1(%r: tensor<f32>):
  return %r : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @branches(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

func.func private @external(%x: tensor<4xf32>) -> tensor<4xf32>
func.func @loss(%x: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{kiln-autodiff: cannot differentiate through a call of 'external': it must be a func.func with a single-block body}}
  %e = func.call @external(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %s = kiln.reduce_sum %e : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @loss(%x) wrt [0] : (tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// Two recursive calls per level (fib-like) are reported, not expanded.
// expected-error @+1 {{kiln-autodiff: cannot differentiate 'fib': 'fib' is reached again through its own calls (recursion)}}
func.func @fib(%x: tensor<f64>, %n: tensor<i64>) -> tensor<f64> {
  %one = kiln.constant dense<1> : tensor<i64>
  %two = kiln.constant dense<2> : tensor<i64>
  %p = kiln.compare gt, %n, %one : tensor<i64>, tensor<i64>
  %r = kiln.if %p -> (tensor<f64>) {
    %n1 = kiln.sub %n, %one : tensor<i64>
    %n2 = kiln.sub %n, %two : tensor<i64>
    %a = func.call @fib(%x, %n1) : (tensor<f64>, tensor<i64>) -> tensor<f64>
    %b = func.call @fib(%x, %n2) : (tensor<f64>, tensor<i64>) -> tensor<f64>
    %s = kiln.add %a, %b : tensor<f64>
    kiln.yield %s : tensor<f64>
  } else {
    kiln.yield %x : tensor<f64>
  }
  return %r : tensor<f64>
}

func.func @use_fib(%x: tensor<f64>, %n: tensor<i64>) -> tensor<f64> {
  %g = kiln.grad @fib(%x, %n) wrt [0] : (tensor<f64>, tensor<i64>) -> tensor<f64>
  return %g : tensor<f64>
}
