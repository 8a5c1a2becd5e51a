// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg | FileCheck %s --check-prefix=NOKILN

// conv2d becomes linalg.conv_2d_nchw_fchw (grouped: conv_2d_ngchw_gfchw on
// expanded operands) on a tensor.pad-ded input, the bias a broadcast add;
// max_pool2d / avg_pool2d become linalg.pooling_nchw_max / _sum with a window
// tensor, max padding with -inf and average dividing by the tap count.
// Dynamic spatial sizes are refused (see invalid.mlir).

// NOKILN-NOT: {{^ *(%[^ ]+ = )?kiln\.}}

// CHECK-LABEL: func.func @conv2d_bias_stride_padding(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x3x32x32xf32>, %[[W:[^:]+]]: tensor<16x3x3x3xf32>, %[[B:[^:]+]]: tensor<16xf32>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1] {
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         } : tensor<?x3x32x32xf32> to tensor<?x3x34x34xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3x32x32xf32>
// CHECK:         %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x16x16x16xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<?x16x16x16xf32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[W]] : tensor<?x3x34x34xf32>, tensor<16x3x3x3xf32>) outs(%[[INIT]] : tensor<?x16x16x16xf32>)
// CHECK:         %[[COL:.+]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1, 2]] output_shape [16, 1, 1] : tensor<16xf32> into tensor<16x1x1xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[CONV]], %[[COL]] : tensor<?x16x16x16xf32>, tensor<16x1x1xf32>)
// CHECK:           arith.addf
// CHECK-NOT:     cf.assert
// CHECK:         return %[[R]] : tensor<?x16x16x16xf32>
func.func @conv2d_bias_stride_padding(%x: tensor<?x3x32x32xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<?x16x16x16xf32> {
  %0 = kiln.conv2d %x, %w, %b strides [2, 2] padding [1, 1, 1, 1] : tensor<?x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>
  return %0 : tensor<?x16x16x16xf32>
}

// -----

// No padding: no tensor.pad; dilations pass through.
// CHECK-LABEL: func.func @conv2d_dilated(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x3x8x8xf32>, %[[W:[^:]+]]: tensor<4x3x3x3xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[INIT:.+]] = linalg.fill
// CHECK:         %[[R:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[X]], %[[W]] : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
// CHECK-NEXT:    return %[[R]] : tensor<1x4x4x4xf32>
func.func @conv2d_dilated(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %0 = kiln.conv2d %x, %w dilations [2, 2] : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// groups = 2: N x (G*C) x H x W -> N x G x C x H x W, (G*F) x C x KH x KW
// -> G x F x C x KH x KW, and the N x G x F x OH x OW result collapsed back.
// CHECK-LABEL: func.func @conv2d_grouped(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x8x8x8xf32>, %[[W:[^:]+]]: tensor<4x4x3x3xf32>)
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x8x8x8xf32>
// CHECK:         %[[GX:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [%{{.+}}, 2, 4, 8, 8] : tensor<?x8x8x8xf32> into tensor<?x2x4x8x8xf32>
// CHECK:         %[[GW:.+]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 2, 4, 3, 3] : tensor<4x4x3x3xf32> into tensor<2x2x4x3x3xf32>
// CHECK:         %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x2x2x6x6xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<?x2x2x6x6xf32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[GX]], %[[GW]] : tensor<?x2x4x8x8xf32>, tensor<2x2x4x3x3xf32>) outs(%[[INIT]] : tensor<?x2x2x6x6xf32>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[CONV]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x2x2x6x6xf32> into tensor<?x4x6x6xf32>
// CHECK-NEXT:    return %[[R]] : tensor<?x4x6x6xf32>
func.func @conv2d_grouped(%x: tensor<?x8x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<?x4x6x6xf32> {
  %0 = kiln.conv2d %x, %w groups 2 : tensor<?x8x8x8xf32>, tensor<4x4x3x3xf32>
  return %0 : tensor<?x4x6x6xf32>
}

// -----

// Dynamic channel counts are checked: input channels == filter channels *
// groups.
// CHECK-LABEL: func.func @conv2d_dynamic_channels(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x?x8x8xf32>, %[[W:[^:]+]]: tensor<4x?x3x3xf32>)
// CHECK:         %[[C:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<1x?x8x8xf32>
// CHECK:         %[[CW:.+]] = tensor.dim %[[W]], %{{.+}} : tensor<4x?x3x3xf32>
// CHECK:         %[[G:.+]] = arith.constant 1 : index
// CHECK:         %[[EXP:.+]] = arith.muli %[[CW]], %[[G]] : index
// CHECK:         %[[EQ:.+]] = arith.cmpi eq, %[[C]], %[[EXP]] : index
// CHECK:         cf.assert %[[EQ]], "{{.*}}convolution.mlir:[[@LINE+4]]:8: 'kiln.conv2d' input channels do not match the filter"
// CHECK:         linalg.conv_2d_nchw_fchw {{.+}} ins(%[[X]], %[[W]] : tensor<1x?x8x8xf32>, tensor<4x?x3x3xf32>) outs(%{{.+}} : tensor<1x4x6x6xf32>)
// CHECK-NOT:     cf.assert
func.func @conv2d_dynamic_channels(%x: tensor<1x?x8x8xf32>, %w: tensor<4x?x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = kiln.conv2d %x, %w : tensor<1x?x8x8xf32>, tensor<4x?x3x3xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// A dynamic filter count: the bias size is checked against it.
// CHECK-LABEL: func.func @conv2d_dynamic_filters(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x3x8x8xf32>, %[[W:[^:]+]]: tensor<?x3x3x3xf32>, %[[B:[^:]+]]: tensor<?xf32>)
// CHECK:         %[[F:.+]] = tensor.dim %[[W]], %{{.+}} : tensor<?x3x3x3xf32>
// CHECK:         %[[NB:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?xf32>
// CHECK:         %[[EQ:.+]] = arith.cmpi eq, %[[NB]], %[[F]] : index
// CHECK:         cf.assert %[[EQ]], "{{.*}}convolution.mlir:[[@LINE+6]]:8: 'kiln.conv2d' bias size differs from the filter count"
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nchw_fchw {{.+}} outs(%{{.+}} : tensor<1x?x6x6xf32>)
// CHECK:         tensor.expand_shape %[[B]] {{\[\[}}0, 1, 2]] output_shape [%{{.+}}, 1, 1] : tensor<?xf32> into tensor<?x1x1xf32>
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK:           arith.addf
func.func @conv2d_dynamic_filters(%x: tensor<1x3x8x8xf32>, %w: tensor<?x3x3x3xf32>, %b: tensor<?xf32>) -> tensor<1x?x6x6xf32> {
  %0 = kiln.conv2d %x, %w, %b : tensor<1x3x8x8xf32>, tensor<?x3x3x3xf32>, tensor<?xf32>
  return %0 : tensor<1x?x6x6xf32>
}

// -----

// max pooling fills with -inf; strides default to the kernel size; the
// window is an empty tensor of the kernel's shape.
// CHECK-LABEL: func.func @max_pool2d(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x16x32x32xf32>)
// CHECK:         %[[WIN:.+]] = tensor.empty() : tensor<2x2xf32>
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-NOT:     tensor.pad
// CHECK:         %[[EMPTY:.+]] = tensor.empty(%{{.+}}) : tensor<?x16x16x16xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[EMPTY]] : tensor<?x16x16x16xf32>)
// CHECK:         %[[R:.+]] = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[X]], %[[WIN]] : tensor<?x16x32x32xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<?x16x16x16xf32>)
// CHECK-NEXT:    return %[[R]] : tensor<?x16x16x16xf32>
func.func @max_pool2d(%x: tensor<?x16x32x32xf32>) -> tensor<?x16x16x16xf32> {
  %0 = kiln.max_pool2d %x kernel [2, 2] : tensor<?x16x32x32xf32>
  return %0 : tensor<?x16x16x16xf32>
}

// -----

// Padding with -inf, explicit strides and dilations.
// CHECK-LABEL: func.func @max_pool2d_padded(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x2x8x8xf32>)
// CHECK:         %[[WIN:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1] {
// CHECK:           tensor.yield %[[NEGINF]] : f32
// CHECK:         } : tensor<1x2x8x8xf32> to tensor<1x2x10x10xf32>
// CHECK:         %[[R:.+]] = linalg.pooling_nchw_max {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x2x10x10xf32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<1x2x6x6xf32>)
func.func @max_pool2d_padded(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x6x6xf32> {
  %0 = kiln.max_pool2d %x kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] dilations [2, 2] : tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

// Average pooling: a sum pooling over the zero-padded input divided by the
// kernel size (count_include_pad defaults to true).
// CHECK-LABEL: func.func @avg_pool2d(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x8x16x16xf32>)
// CHECK:         %[[WIN:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         %[[SUM:.+]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x8x18x18xf32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<1x8x16x16xf32>)
// CHECK:         %[[NINE:.+]] = arith.constant 9 : index
// CHECK:         %[[I:.+]] = arith.index_cast %[[NINE]] : index to i64
// CHECK:         %[[F:.+]] = arith.sitofp %[[I]] : i64 to f32
// CHECK:         %[[R:.+]] = linalg.generic {{.+}} ins(%[[SUM]] : tensor<1x8x16x16xf32>)
// CHECK-NEXT:    ^bb0(%[[S:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[Q:.+]] = arith.divf %[[S]], %[[F]] : f32
// CHECK-NEXT:      linalg.yield %[[Q]] : f32
// CHECK:         return %[[R]] : tensor<1x8x16x16xf32>
func.func @avg_pool2d(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> {
  %0 = kiln.avg_pool2d %x kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] : tensor<1x8x16x16xf32>
  return %0 : tensor<1x8x16x16xf32>
}

// -----

// count_include_pad = false: the divisor is the same sum pooling over a
// padded tensor of ones (1 x 1 x H x W), broadcast over batch and channels.
// CHECK-LABEL: func.func @avg_pool2d_exclude_pad(
// CHECK:         %[[SUM:.+]] = linalg.pooling_nchw_sum {{.+}} -> tensor<1x8x16x16xf32>
// CHECK:         %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[ONES:.+]] = linalg.fill ins(%[[ONE]] : f32) outs(%{{.+}} : tensor<1x1x16x16xf32>)
// CHECK:         %[[PONES:.+]] = tensor.pad %[[ONES]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         } : tensor<1x1x16x16xf32> to tensor<1x1x18x18xf32>
// CHECK:         %[[COUNTS:.+]] = linalg.pooling_nchw_sum {{.+}} ins(%[[PONES]], %{{.+}} : tensor<1x1x18x18xf32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<1x1x16x16xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[SUM]], %[[COUNTS]] : tensor<1x8x16x16xf32>, tensor<1x1x16x16xf32>)
// CHECK:           arith.divf
// CHECK:         return %[[R]] : tensor<1x8x16x16xf32>
func.func @avg_pool2d_exclude_pad(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> {
  %0 = kiln.avg_pool2d %x kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] {count_include_pad = false} : tensor<1x8x16x16xf32>
  return %0 : tensor<1x8x16x16xf32>
}

// -----

// Grouped convolution with dynamic channel counts: the per-group counts are
// divided at run time, after checking the filter count divides evenly and
// the input channels match.
// CHECK-LABEL: func.func @conv2d_grouped_dynamic_channels
// CHECK: %[[F:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x4x3x3xf32>
// CHECK: arith.remui %[[F]]
// CHECK: cf.assert %{{.*}}, "{{.*}}'kiln.conv2d' filter count is not a multiple of groups"
// CHECK: cf.assert %{{.*}}, "{{.*}}'kiln.conv2d' input channels do not match the filter"
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, %{{.*}}, 8, 8] : tensor<1x?x8x8xf32> into tensor<1x2x?x8x8xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, %{{.*}}, 4, 3, 3] : tensor<?x4x3x3xf32> into tensor<2x?x4x3x3xf32>
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK-SAME: -> tensor<1x2x?x6x6xf32>
func.func @conv2d_grouped_dynamic_channels(%x: tensor<1x?x8x8xf32>, %w: tensor<?x4x3x3xf32>) -> tensor<1x?x6x6xf32> {
  %0 = kiln.conv2d %x, %w groups 2 : tensor<1x?x8x8xf32>, tensor<?x4x3x3xf32>
  return %0 : tensor<1x?x6x6xf32>
}
