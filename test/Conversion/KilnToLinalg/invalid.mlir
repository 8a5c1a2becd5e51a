// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -verify-diagnostics

// What convert-kiln-to-linalg refuses: convolution and pooling need static
// spatial dimensions (input and filter), grouped convolution static channel
// counts. The op's own error comes with the conversion's "failed to
// legalize" error at the same location.

func.func @conv2d_dynamic_input_height(%x: tensor<1x3x?x32xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x?x30xf32> {
  // expected-error @+2 {{'kiln.conv2d' op lowering needs static spatial dimensions, but 'input' is 'tensor<1x3x?x32xf32>'}}
  // expected-error @+1 {{failed to legalize operation 'kiln.conv2d' that was explicitly marked illegal}}
  %0 = kiln.conv2d %x, %w : tensor<1x3x?x32xf32>, tensor<16x3x3x3xf32>
  return %0 : tensor<1x16x?x30xf32>
}

// -----

func.func @conv2d_dynamic_input_width(%x: tensor<?x3x8x?xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<?x16x6x?xf32> {
  // expected-error @+2 {{'kiln.conv2d' op lowering needs static spatial dimensions, but 'input' is 'tensor<?x3x8x?xf32>'}}
  // expected-error @+1 {{failed to legalize operation 'kiln.conv2d'}}
  %0 = kiln.conv2d %x, %w, %b : tensor<?x3x8x?xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>
  return %0 : tensor<?x16x6x?xf32>
}

// -----

func.func @conv2d_dynamic_kernel(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x?x3xf32>) -> tensor<1x16x?x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op lowering needs static spatial dimensions, but 'filter' is 'tensor<16x3x?x3xf32>'}}
  // expected-error @+1 {{failed to legalize operation 'kiln.conv2d'}}
  %0 = kiln.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<16x3x?x3xf32>
  return %0 : tensor<1x16x?x6xf32>
}

// -----

func.func @max_pool2d_dynamic_spatial(%x: tensor<1x16x?x?xf32>) -> tensor<1x16x?x?xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op lowering needs static spatial dimensions, but 'input' is 'tensor<1x16x?x?xf32>'}}
  // expected-error @+1 {{failed to legalize operation 'kiln.max_pool2d'}}
  %0 = kiln.max_pool2d %x kernel [2, 2] : tensor<1x16x?x?xf32>
  return %0 : tensor<1x16x?x?xf32>
}

// -----

func.func @avg_pool2d_dynamic_height(%x: tensor<?x16x?x8xf32>) -> tensor<?x16x?x4xf32> {
  // expected-error @+2 {{'kiln.avg_pool2d' op lowering needs static spatial dimensions, but 'input' is 'tensor<?x16x?x8xf32>'}}
  // expected-error @+1 {{failed to legalize operation 'kiln.avg_pool2d'}}
  %0 = kiln.avg_pool2d %x kernel [2, 2] : tensor<?x16x?x8xf32>
  return %0 : tensor<?x16x?x4xf32>
}
