// RUN: kiln-opt %s -split-input-file -kiln-decompose | FileCheck %s

// kiln-decompose rewrites the composite ops (softmax, log_softmax, gelu,
// cross_entropy) into primitive kiln ops.

// softmax(x) = exp(x - max(x)) * (1 / sum(exp(x - max(x)))), default axis
// -1: one division per row, a multiply per element.
// CHECK-LABEL: func @softmax(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x5xf32>
// CHECK-NOT:     kiln.softmax
// CHECK:         %[[ONE:.+]] = kiln.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[MAX:.+]] = kiln.reduce_max %[[X]] axes [-1] keepdims : tensor<2x5xf32>
// CHECK-NEXT:    %[[SH:.+]] = kiln.sub %[[X]], %[[MAX]] : tensor<2x5xf32>, tensor<2x1xf32>
// CHECK-NEXT:    %[[E:.+]] = kiln.exp %[[SH]] : tensor<2x5xf32>
// CHECK-NEXT:    %[[S:.+]] = kiln.reduce_sum %[[E]] axes [-1] keepdims : tensor<2x5xf32>
// CHECK-NEXT:    %[[INV:.+]] = kiln.div %[[ONE]], %[[S]] : tensor<f32>, tensor<2x1xf32>
// CHECK-NEXT:    %[[R:.+]] = kiln.mul %[[E]], %[[INV]] : tensor<2x5xf32>, tensor<2x1xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x5xf32>
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = kiln.softmax %x : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Dynamic dimensions, an explicit axis, f16.
// CHECK-LABEL: func @softmax_dynamic_axis0_f16(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?xf16>
// CHECK-NOT:     kiln.softmax
// CHECK:         %[[ONE:.+]] = kiln.constant dense<1.000000e+00> : tensor<f16>
// CHECK-NEXT:    %[[MAX:.+]] = kiln.reduce_max %[[X]] axes [0] keepdims : tensor<?x?xf16>
// CHECK-NEXT:    %[[SH:.+]] = kiln.sub %[[X]], %[[MAX]] : tensor<?x?xf16>, tensor<1x?xf16>
// CHECK-NEXT:    %[[E:.+]] = kiln.exp %[[SH]] : tensor<?x?xf16>
// CHECK-NEXT:    %[[S:.+]] = kiln.reduce_sum %[[E]] axes [0] keepdims : tensor<?x?xf16>
// CHECK-NEXT:    %[[INV:.+]] = kiln.div %[[ONE]], %[[S]] : tensor<f16>, tensor<1x?xf16>
// CHECK-NEXT:    %[[R:.+]] = kiln.mul %[[E]], %[[INV]] : tensor<?x?xf16>, tensor<1x?xf16>
// CHECK-NEXT:    return %[[R]] : tensor<?x?xf16>
func.func @softmax_dynamic_axis0_f16(%x: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %0 = kiln.softmax %x axis 0 : tensor<?x?xf16>
  return %0 : tensor<?x?xf16>
}

// -----

// log_softmax(x) = (x - max(x)) - log(sum(exp(x - max(x)))) along axis 1,
// with a dynamic batch dimension.
// CHECK-LABEL: func @log_softmax_axis(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x3x4xf32>
// CHECK-NOT:     kiln.log_softmax
// CHECK-NEXT:    %[[MAX:.+]] = kiln.reduce_max %[[X]] axes [1] keepdims : tensor<?x3x4xf32>
// CHECK-NEXT:    %[[SH:.+]] = kiln.sub %[[X]], %[[MAX]] : tensor<?x3x4xf32>, tensor<?x1x4xf32>
// CHECK-NEXT:    %[[E:.+]] = kiln.exp %[[SH]] : tensor<?x3x4xf32>
// CHECK-NEXT:    %[[S:.+]] = kiln.reduce_sum %[[E]] axes [1] keepdims : tensor<?x3x4xf32>
// CHECK-NEXT:    %[[L:.+]] = kiln.log %[[S]] : tensor<?x1x4xf32>
// CHECK-NEXT:    %[[R:.+]] = kiln.sub %[[SH]], %[[L]] : tensor<?x3x4xf32>, tensor<?x1x4xf32>
// CHECK-NEXT:    return %[[R]] : tensor<?x3x4xf32>
func.func @log_softmax_axis(%x: tensor<?x3x4xf32>) -> tensor<?x3x4xf32> {
  %0 = kiln.log_softmax %x axis 1 : tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}

// -----

// Default axis -1.
// CHECK-LABEL: func @log_softmax_default_axis(
// CHECK-NOT:     kiln.log_softmax
// CHECK:         kiln.reduce_max %{{.+}} axes [-1] keepdims : tensor<8x10xf32>
// CHECK:         kiln.reduce_sum %{{.+}} axes [-1] keepdims : tensor<8x10xf32>
// CHECK:         kiln.log %{{.+}} : tensor<8x1xf32>
func.func @log_softmax_default_axis(%x: tensor<8x10xf32>) -> tensor<8x10xf32> {
  %0 = kiln.log_softmax %x : tensor<8x10xf32>
  return %0 : tensor<8x10xf32>
}

// -----

// Exact GELU: (x * 0.5) * (erf(x * (1 / sqrt 2)) + 1), with 0-d constants
// (1/sqrt(2) rounded to f32 is 0.707106769).
// CHECK-LABEL: func @gelu(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x8xf32>
// CHECK-NOT:     kiln.gelu
// CHECK-DAG:     %[[HALF:.+]] = kiln.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG:     %[[ONE:.+]] = kiln.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[RSQRT2:.+]] = kiln.constant dense<0.707106769> : tensor<f32>
// CHECK:         %[[SC:.+]] = kiln.mul %[[X]], %[[RSQRT2]] : tensor<?x8xf32>, tensor<f32>
// CHECK-NEXT:    %[[ERF:.+]] = kiln.erf %[[SC]] : tensor<?x8xf32>
// CHECK-NEXT:    %[[P1:.+]] = kiln.add %[[ERF]], %[[ONE]] : tensor<?x8xf32>, tensor<f32>
// CHECK-NEXT:    %[[H:.+]] = kiln.mul %[[X]], %[[HALF]] : tensor<?x8xf32>, tensor<f32>
// CHECK-NEXT:    %[[R:.+]] = kiln.mul %[[H]], %[[P1]] : tensor<?x8xf32>
// CHECK-NOT:     kiln.gelu
// CHECK-NEXT:    return %[[R]] : tensor<?x8xf32>
func.func @gelu(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = kiln.gelu %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// cross_entropy = -mean_n(sum_c(select(mask[n, c], log_softmax(logits)[n, c], 0))),
// mask[n, c] = (labels[n] == c); a select, so a -inf logit gives no NaN.
// CHECK-LABEL: func @cross_entropy(
// CHECK-SAME:      %[[L:[a-z0-9]+]]: tensor<4x3xf32>, %[[Y:[a-z0-9]+]]: tensor<4xi64>
// CHECK-NOT:     kiln.cross_entropy
// CHECK-NEXT:    %[[ZERO:.+]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[IDS:.+]] = kiln.constant dense<{{\[}}[0, 1, 2]]> : tensor<1x3xi64>
// CHECK-NEXT:    %[[COL:.+]] = kiln.reshape %[[Y]] [-1, 1] : tensor<4xi64>
// CHECK-NEXT:    %[[MASK:.+]] = kiln.compare eq, %[[COL]], %[[IDS]] : tensor<4x1xi64>, tensor<1x3xi64>
// CHECK-NEXT:    %[[MAX:.+]] = kiln.reduce_max %[[L]] axes [1] keepdims : tensor<4x3xf32>
// CHECK-NEXT:    %[[SH:.+]] = kiln.sub %[[L]], %[[MAX]] : tensor<4x3xf32>, tensor<4x1xf32>
// CHECK-NEXT:    %[[E:.+]] = kiln.exp %[[SH]] : tensor<4x3xf32>
// CHECK-NEXT:    %[[S:.+]] = kiln.reduce_sum %[[E]] axes [1] keepdims : tensor<4x3xf32>
// CHECK-NEXT:    %[[LOG:.+]] = kiln.log %[[S]] : tensor<4x1xf32>
// CHECK-NEXT:    %[[LP:.+]] = kiln.sub %[[SH]], %[[LOG]] : tensor<4x3xf32>, tensor<4x1xf32>
// CHECK-NEXT:    %[[PICK:.+]] = kiln.select %[[MASK]], %[[LP]], %[[ZERO]] : tensor<4x3xi1>, tensor<4x3xf32>, tensor<f32>
// CHECK-NEXT:    %[[PER:.+]] = kiln.reduce_sum %[[PICK]] axes [1] : tensor<4x3xf32>
// CHECK-NEXT:    %[[MEAN:.+]] = kiln.reduce_mean %[[PER]] : tensor<4xf32>
// CHECK-NEXT:    %[[LOSS:.+]] = kiln.neg %[[MEAN]] : tensor<f32>
// CHECK-NEXT:    return %[[LOSS]] : tensor<f32>
func.func @cross_entropy(%logits: tensor<4x3xf32>, %labels: tensor<4xi64>) -> tensor<f32> {
  %0 = kiln.cross_entropy %logits, %labels : tensor<4x3xf32>, tensor<4xi64>
  return %0 : tensor<f32>
}

// -----

// A dynamic batch with i32 labels: the class ids take the label type and the
// batch dimension stays dynamic throughout.
// CHECK-LABEL: func @cross_entropy_dynamic_batch(
// CHECK-SAME:      %[[L:[a-z0-9]+]]: tensor<?x10xf32>, %[[Y:[a-z0-9]+]]: tensor<?xi32>
// CHECK-NOT:     kiln.cross_entropy
// CHECK-NEXT:    %[[ZERO:.+]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[IDS:.+]] = kiln.constant dense<{{\[}}[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]> : tensor<1x10xi32>
// CHECK-NEXT:    %[[COL:.+]] = kiln.reshape %[[Y]] [-1, 1] : tensor<?xi32>
// CHECK-NEXT:    %[[MASK:.+]] = kiln.compare eq, %[[COL]], %[[IDS]] : tensor<?x1xi32>, tensor<1x10xi32>
// CHECK-NEXT:    %[[MAX:.+]] = kiln.reduce_max %[[L]] axes [1] keepdims : tensor<?x10xf32>
// CHECK-NEXT:    %[[SH:.+]] = kiln.sub %[[L]], %[[MAX]] : tensor<?x10xf32>, tensor<?x1xf32>
// CHECK-NEXT:    %[[E:.+]] = kiln.exp %[[SH]] : tensor<?x10xf32>
// CHECK-NEXT:    %[[S:.+]] = kiln.reduce_sum %[[E]] axes [1] keepdims : tensor<?x10xf32>
// CHECK-NEXT:    %[[LOG:.+]] = kiln.log %[[S]] : tensor<?x1xf32>
// CHECK-NEXT:    %[[LP:.+]] = kiln.sub %[[SH]], %[[LOG]] : tensor<?x10xf32>, tensor<?x1xf32>
// CHECK-NEXT:    %[[PICK:.+]] = kiln.select %[[MASK]], %[[LP]], %[[ZERO]] : tensor<?x10xi1>, tensor<?x10xf32>, tensor<f32>
// CHECK-NEXT:    %[[PER:.+]] = kiln.reduce_sum %[[PICK]] axes [1] : tensor<?x10xf32>
// CHECK-NEXT:    %[[MEAN:.+]] = kiln.reduce_mean %[[PER]] : tensor<?xf32>
// CHECK-NEXT:    %[[LOSS:.+]] = kiln.neg %[[MEAN]] : tensor<f32>
// CHECK-NEXT:    return %[[LOSS]] : tensor<f32>
func.func @cross_entropy_dynamic_batch(%logits: tensor<?x10xf32>, %labels: tensor<?xi32>) -> tensor<f32> {
  %0 = kiln.cross_entropy %logits, %labels : tensor<?x10xf32>, tensor<?xi32>
  return %0 : tensor<f32>
}

// -----

// The one-hot needs a static class count: left alone.
// CHECK-LABEL: func @cross_entropy_dynamic_classes(
// CHECK-SAME:      %[[L:[a-z0-9]+]]: tensor<8x?xf32>, %[[Y:[a-z0-9]+]]: tensor<8xi64>
// CHECK-NEXT:    %[[R:.+]] = kiln.cross_entropy %[[L]], %[[Y]] : tensor<8x?xf32>, tensor<8xi64>
// CHECK-NOT:     kiln.compare
// CHECK-NOT:     kiln.log
// CHECK-NEXT:    return %[[R]] : tensor<f32>
func.func @cross_entropy_dynamic_classes(%logits: tensor<8x?xf32>, %labels: tensor<8xi64>) -> tensor<f32> {
  %0 = kiln.cross_entropy %logits, %labels : tensor<8x?xf32>, tensor<8xi64>
  return %0 : tensor<f32>
}

// -----

// Primitive ops are left as they are.
// CHECK-LABEL: func @primitives_untouched(
// CHECK-NEXT:    kiln.exp
// CHECK-NEXT:    kiln.reduce_sum
// CHECK-NEXT:    return
func.func @primitives_untouched(%x: tensor<?x4xf32>) -> tensor<?xf32> {
  %0 = kiln.exp %x : tensor<?x4xf32>
  %1 = kiln.reduce_sum %0 axes [1] : tensor<?x4xf32>
  return %1 : tensor<?xf32>
}
