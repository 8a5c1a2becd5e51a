// RUN: kiln-opt %s -split-input-file --kiln-autodiff --canonicalize --cse | FileCheck %s

// conv2d: the input gradient is a stride-1 convolution of the output
// gradient spread out by the strides (strided insert into zeros, padded by
// kernel extent - padding) with the group-transposed, spatially flipped
// filter; the filter gradient convolves the padded input (batch and
// channels exchanged within each group) with the output gradient, the
// forward strides becoming dilations; the bias gradient sums over N, H, W.
// CHECK-LABEL: func.func private @conv_grad_wrt_0_1_2
// CHECK-DAG:  %[[BIAS:.*]] = kiln.constant dense<3.200000e+01> : tensor<6xf32>
// CHECK-DAG:  %[[FLIP:.*]] = kiln.constant dense<[2, 1, 0]> : tensor<3xi64>
// CHECK:      %[[SPREAD:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1, 1] [2, 6, 4, 4] [1, 1, 2, 2] : tensor<2x6x4x4xf32> into tensor<2x6x10x10xf32>
// CHECK:      %[[G:.*]] = kiln.reshape %arg1 [2, 3, 2, 3, 3]
// CHECK:      %[[T:.*]] = kiln.transpose %[[G]] [0, 2, 1, 3, 4]
// CHECK:      %[[W:.*]] = kiln.reshape %[[T]] [4, 3, 3, 3]
// CHECK:      %[[FH:.*]] = kiln.gather %[[W]], %[[FLIP]] axis 2
// CHECK:      %[[FW:.*]] = kiln.gather %[[FH]], %[[FLIP]] axis 3
// CHECK:      %[[DX:.*]] = kiln.conv2d %[[SPREAD]], %[[FW]] groups 2 : tensor<2x6x10x10xf32>, tensor<4x3x3x3xf32>
// CHECK:      %[[XP:.*]] = kiln.pad %arg0 low [0, 0, 1, 1] high [0, 0, 1, 1]
// CHECK:      kiln.reshape %[[XP]] [-1, 2, 2, 10, 10]
// CHECK:      kiln.transpose %{{.*}} [2, 1, 0, 3, 4]
// CHECK:      %[[XIN:.*]] = kiln.reshape %{{.*}} [2, -1, 10, 10]
// CHECK:      %[[DWFULL:.*]] = kiln.conv2d %[[XIN]], %{{.*}} dilations [2, 2] groups 2 : tensor<2x4x10x10xf32>, tensor<6x2x4x4xf32>
// CHECK:      %[[DWCROP:.*]] = tensor.extract_slice %[[DWFULL]][0, 0, 0, 0] [2, 6, 3, 3] [1, 1, 1, 1]
// CHECK:      %[[DW:.*]] = kiln.transpose %[[DWCROP]] [1, 0, 2, 3]
// CHECK:      return %[[DX]], %[[DW]], %[[BIAS]]
func.func @conv(%x: tensor<2x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<f32> {
  %y = kiln.conv2d %x, %w, %b strides [2, 2] padding [1, 1, 1, 1] groups 2 : tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>
  %s = kiln.reduce_sum %y : tensor<2x6x4x4xf32>
  return %s : tensor<f32>
}
func.func @conv_grad(%x: tensor<2x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> (tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) {
  %g:3 = kiln.grad @conv(%x, %w, %b) wrt [0, 1, 2] : (tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> (tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>)
  return %g#0, %g#1, %g#2 : tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>
}

// -----

// max_pool2d: tap by tap, the window's gradient goes to the first tap equal
// to the maximum (what is left of it is zeroed: a `ne` compare of its own,
// so that each compare has one user and fuses into it) and is written back
// at the tap's strided place; the batch stays dynamic. These windows tile the
// input (2 x 2, strides 2), so the taps' shares fill one uninitialised
// tensor, nothing added up.
// CHECK-LABEL: func.func private @maxpool_grad_wrt_0
// CHECK:      %[[Y:.*]] = kiln.max_pool2d %arg0 kernel [2, 2] strides [2, 2]
// CHECK:      %[[DX:.*]] = tensor.empty(%{{.*}}) : tensor<?x3x6x6xf32>
// CHECK:      %[[TAP0:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [%{{.*}}, 3, 3, 3] [1, 1, 2, 2]
// CHECK:      %[[HIT0:.*]] = kiln.compare eq, %[[TAP0]], %[[Y]]
// CHECK:      %[[SHARE0:.*]] = kiln.select %[[HIT0]], %[[G:.*]], %[[ZERO:.*]] :
// CHECK:      %[[MISS0:.*]] = kiln.compare ne, %[[TAP0]], %[[Y]]
// CHECK:      %[[LEFT0:.*]] = kiln.select %[[MISS0]], %[[G]], %[[ZERO]] :
// CHECK:      %[[S0:.*]] = tensor.insert_slice %[[SHARE0]] into %[[DX]][0, 0, 0, 0] [%{{.*}}, 3, 3, 3] [1, 1, 2, 2] : tensor<?x3x3x3xf32> into tensor<?x3x6x6xf32>
// CHECK:      %[[TAP1:.*]] = tensor.extract_slice %arg0[0, 0, 0, 1]
// CHECK:      %[[HIT1:.*]] = kiln.compare eq, %[[TAP1]], %[[Y]]
// CHECK:      kiln.select %[[HIT1]], %[[LEFT0]], %[[ZERO]]
// CHECK:      %[[S1:.*]] = tensor.insert_slice %{{.*}} into %[[S0]][0, 0, 0, 1]
// CHECK:      tensor.extract_slice %arg0[0, 0, 1, 0]
// CHECK:      %[[S2:.*]] = tensor.insert_slice %{{.*}} into %[[S1]][0, 0, 1, 0]
// CHECK:      tensor.extract_slice %arg0[0, 0, 1, 1]
// CHECK:      %[[S3:.*]] = tensor.insert_slice %{{.*}} into %[[S2]][0, 0, 1, 1]
// CHECK-NOT:  kiln.add
// CHECK:      return %[[S3]]
func.func @maxpool(%x: tensor<?x3x6x6xf32>, %c: tensor<?x3x3x3xf32>) -> tensor<f32> {
  %y = kiln.max_pool2d %x kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<?x3x6x6xf32>
  %m = kiln.mul %y, %c : tensor<?x3x3x3xf32>
  %s = kiln.reduce_sum %m : tensor<?x3x3x3xf32>
  return %s : tensor<f32>
}
func.func @maxpool_grad(%x: tensor<?x3x6x6xf32>, %c: tensor<?x3x3x3xf32>) -> tensor<?x3x6x6xf32> {
  %g = kiln.grad @maxpool(%x, %c) wrt [0] : (tensor<?x3x6x6xf32>, tensor<?x3x3x3xf32>) -> tensor<?x3x6x6xf32>
  return %g : tensor<?x3x6x6xf32>
}

// -----

// Overlapping windows (3 x 3, strides 2): each tap's share goes into its own
// zero tensor and the taps' tensors are summed.
// CHECK-LABEL: func.func private @maxpool_overlap_grad_wrt_0
// CHECK:      %[[Z0:.*]] = kiln.constant dense<0.000000e+00> : tensor<1x1x5x5xf32>
// CHECK:      %[[S0:.*]] = tensor.insert_slice %{{.*}} into %[[Z0]][0, 0, 0, 0] [1, 1, 2, 2] [1, 1, 2, 2]
// CHECK:      %[[S1:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 1] [1, 1, 2, 2] [1, 1, 2, 2]
// CHECK:      kiln.add %[[S0]], %[[S1]]
func.func @maxpool_overlap(%x: tensor<1x1x5x5xf32>) -> tensor<f32> {
  %y = kiln.max_pool2d %x kernel [3, 3] strides [2, 2] : tensor<1x1x5x5xf32>
  %s = kiln.reduce_sum %y : tensor<1x1x2x2xf32>
  return %s : tensor<f32>
}
func.func @maxpool_overlap_grad(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %g = kiln.grad @maxpool_overlap(%x) wrt [0] : (tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32>
  return %g : tensor<1x1x5x5xf32>
}

// -----

// avg_pool2d without count_include_pad: the gradient is divided by each
// window's real tap count (a constant), spread over the 9 taps of the
// padded input, and the padding cropped away.
// CHECK-LABEL: func.func private @avgpool_grad_wrt_0
// CHECK:      %[[SHARE:.*]] = kiln.constant dense<{{\[\[\[\[}}2.500000e-01, 0.166666672, 2.500000e-01]
// CHECK-COUNT-9: tensor.insert_slice %[[SHARE]] into %{{.*}} [1, 2, 3, 3] [1, 1, 2, 2] : tensor<1x2x3x3xf32> into tensor<1x2x7x7xf32>
// CHECK:      %[[DX:.*]] = tensor.extract_slice %{{.*}}[0, 0, 1, 1] [1, 2, 5, 5] [1, 1, 1, 1] : tensor<1x2x7x7xf32> to tensor<1x2x5x5xf32>
// CHECK:      return %[[DX]]
func.func @avgpool(%x: tensor<1x2x5x5xf32>) -> tensor<f32> {
  %y = kiln.avg_pool2d %x kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] {count_include_pad = false} : tensor<1x2x5x5xf32>
  %s = kiln.reduce_sum %y : tensor<1x2x3x3xf32>
  return %s : tensor<f32>
}
func.func @avgpool_grad(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32> {
  %g = kiln.grad @avgpool(%x) wrt [0] : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  return %g : tensor<1x2x5x5xf32>
}
