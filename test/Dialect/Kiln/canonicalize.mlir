// RUN: kiln-opt %s -split-input-file -canonicalize | FileCheck %s

// Folders and canonicalisation patterns of the kiln dialect. Expected float
// constants were computed in double precision and rounded to the element type
// (Python + numpy); each case also checks that the folded op is gone.

//===----------------------------------------------------------------------===//
// Constant folding: unary ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func @fold_neg_f32(
// CHECK-NOT:     kiln.neg
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[1.500000e+00, -0.000000e+00, -2.000000e+00, -3.250000e+00]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_neg_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.5, 0.0, 2.0, 3.25]> : tensor<4xf32>
  %0 = kiln.neg %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_abs_f32(
// CHECK-NOT:     kiln.abs
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[1.500000e+00, 0.000000e+00, 2.000000e+00, 3.250000e+00]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_abs_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.5, -0.0, 2.0, -3.25]> : tensor<4xf32>
  %0 = kiln.abs %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// relu keeps NaN and maps -0.0 to +0.0.
// CHECK-LABEL: func @fold_relu_f32(
// CHECK-NOT:     kiln.relu
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[0.000000e+00, 0.000000e+00, 2.000000e+00, 0x7FC00000]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_relu_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.5, -0.0, 2.0, 0x7FC00000]> : tensor<4xf32>
  %0 = kiln.relu %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_exp_f32(
// CHECK-NOT:     kiln.exp
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[0.223130167, 1.000000e+00, 2.71828175, 7.3890562]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_exp_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.5, 0.0, 1.0, 2.0]> : tensor<4xf32>
  %0 = kiln.exp %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_log_f32(
// CHECK-NOT:     kiln.log
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-1.38629436, 0.000000e+00, 0.693147182, 2.30258512]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_log_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[0.25, 1.0, 2.0, 10.0]> : tensor<4xf32>
  %0 = kiln.log %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_sqrt_f32(
// CHECK-NOT:     kiln.sqrt
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[5.000000e-01, 1.000000e+00, 1.41421354, 4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_sqrt_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[0.25, 1.0, 2.0, 16.0]> : tensor<4xf32>
  %0 = kiln.sqrt %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_rsqrt_f32(
// CHECK-NOT:     kiln.rsqrt
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[2.000000e+00, 1.000000e+00, 0.707106769, 2.500000e-01]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_rsqrt_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[0.25, 1.0, 2.0, 16.0]> : tensor<4xf32>
  %0 = kiln.rsqrt %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_tanh_f32(
// CHECK-NOT:     kiln.tanh
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-0.761594176, 0.000000e+00, 0.462117165, 0.964027583]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_tanh_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.0, 0.0, 0.5, 2.0]> : tensor<4xf32>
  %0 = kiln.tanh %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_sigmoid_f32(
// CHECK-NOT:     kiln.sigmoid
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[0.119202919, 5.000000e-01, 0.731058597, 0.952574133]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_sigmoid_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-2.0, 0.0, 1.0, 3.0]> : tensor<4xf32>
  %0 = kiln.sigmoid %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Exact (erf) GELU.
// CHECK-LABEL: func @fold_gelu_f32(
// CHECK-NOT:     kiln.gelu
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-0.158655256, 0.000000e+00, 0.345731229, 1.95449972]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_gelu_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.0, 0.0, 0.5, 2.0]> : tensor<4xf32>
  %0 = kiln.gelu %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_sin_f32(
// CHECK-NOT:     kiln.sin
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-0.841470957, 0.000000e+00, 0.47942555, 1.411200e-01]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_sin_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.0, 0.0, 0.5, 3.0]> : tensor<4xf32>
  %0 = kiln.sin %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_cos_f32(
// CHECK-NOT:     kiln.cos
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[0.540302277, 1.000000e+00, 0.87758255, -0.989992499]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_cos_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.0, 0.0, 0.5, 3.0]> : tensor<4xf32>
  %0 = kiln.cos %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_erf_f32(
// CHECK-NOT:     kiln.erf
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-0.842700779, 0.000000e+00, 0.520499885, 0.995322287]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_erf_f32() -> tensor<4xf32> {
  %c = kiln.constant dense<[-1.0, 0.0, 0.5, 2.0]> : tensor<4xf32>
  %0 = kiln.erf %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A splat stays a splat; f64 keeps double precision.
// CHECK-LABEL: func @fold_exp_splat_f64(
// CHECK-NOT:     kiln.exp
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<2.7182818284590451> : tensor<2x2xf64>
// CHECK-NEXT:    return %[[C]] : tensor<2x2xf64>
func.func @fold_exp_splat_f64() -> tensor<2x2xf64> {
  %c = kiln.constant dense<1.0> : tensor<2x2xf64>
  %0 = kiln.exp %c : tensor<2x2xf64>
  return %0 : tensor<2x2xf64>
}

// -----

// Results are rounded to the half-precision element types.
// CHECK-LABEL: func @fold_half_precision(
// CHECK-NOT:     kiln.sqrt
// CHECK-NOT:     kiln.exp
// CHECK-DAG:     %[[S:.+]] = kiln.constant dense<[1.414060e+00, 3.000000e+00]> : tensor<2xf16>
// CHECK-DAG:     %[[E:.+]] = kiln.constant dense<[2.718750e+00, 3.671880e-01]> : tensor<2xbf16>
// CHECK:         return %[[S]], %[[E]] : tensor<2xf16>, tensor<2xbf16>
func.func @fold_half_precision() -> (tensor<2xf16>, tensor<2xbf16>) {
  %h = kiln.constant dense<[2.0, 9.0]> : tensor<2xf16>
  %b = kiln.constant dense<[1.0, -1.0]> : tensor<2xbf16>
  %0 = kiln.sqrt %h : tensor<2xf16>
  %1 = kiln.exp %b : tensor<2xbf16>
  return %0, %1 : tensor<2xf16>, tensor<2xbf16>
}

// -----

// CHECK-LABEL: func @fold_neg_i32(
// CHECK-NOT:     kiln.neg
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[5, 0, -7]> : tensor<3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<3xi32>
func.func @fold_neg_i32() -> tensor<3xi32> {
  %c = kiln.constant dense<[-5, 0, 7]> : tensor<3xi32>
  %0 = kiln.neg %c : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// CHECK-LABEL: func @fold_abs_i64(
// CHECK-NOT:     kiln.abs
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[5, 0, 7]> : tensor<3xi64>
// CHECK-NEXT:    return %[[C]] : tensor<3xi64>
func.func @fold_abs_i64() -> tensor<3xi64> {
  %c = kiln.constant dense<[-5, 0, 7]> : tensor<3xi64>
  %0 = kiln.abs %c : tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// CHECK-LABEL: func @fold_relu_i32(
// CHECK-NOT:     kiln.relu
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[0, 0, 7]> : tensor<3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<3xi32>
func.func @fold_relu_i32() -> tensor<3xi32> {
  %c = kiln.constant dense<[-5, 0, 7]> : tensor<3xi32>
  %0 = kiln.relu %c : tensor<3xi32>
  return %0 : tensor<3xi32>
}

//===----------------------------------------------------------------------===//
// Constant folding: binary ops
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func @fold_add_f32(
// CHECK-NOT:     kiln.add
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[3.750000e+00, 0.000000e+00, 3.000000e-01]> : tensor<3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<3xf32>
func.func @fold_add_f32() -> tensor<3xf32> {
  %a = kiln.constant dense<[1.5, -2.0, 0.1]> : tensor<3xf32>
  %b = kiln.constant dense<[2.25, 2.0, 0.2]> : tensor<3xf32>
  %0 = kiln.add %a, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Integer addition wraps around.
// CHECK-LABEL: func @fold_add_i32(
// CHECK-NOT:     kiln.add
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[3, 3, -2147483648]> : tensor<3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<3xi32>
func.func @fold_add_i32() -> tensor<3xi32> {
  %a = kiln.constant dense<[1, -2, 2147483647]> : tensor<3xi32>
  %b = kiln.constant dense<[2, 5, 1]> : tensor<3xi32>
  %0 = kiln.add %a, %b : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// CHECK-LABEL: func @fold_sub_f32(
// CHECK-NOT:     kiln.sub
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-7.500000e-01, -4.000000e+00, 0.200000018]> : tensor<3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<3xf32>
func.func @fold_sub_f32() -> tensor<3xf32> {
  %a = kiln.constant dense<[1.5, -2.0, 0.3]> : tensor<3xf32>
  %b = kiln.constant dense<[2.25, 2.0, 0.1]> : tensor<3xf32>
  %0 = kiln.sub %a, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_sub_i64(
// CHECK-NOT:     kiln.sub
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-1, -7, 11]> : tensor<3xi64>
// CHECK-NEXT:    return %[[C]] : tensor<3xi64>
func.func @fold_sub_i64() -> tensor<3xi64> {
  %a = kiln.constant dense<[1, -2, 10]> : tensor<3xi64>
  %b = kiln.constant dense<[2, 5, -1]> : tensor<3xi64>
  %0 = kiln.sub %a, %b : tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// CHECK-LABEL: func @fold_mul_f32(
// CHECK-NOT:     kiln.mul
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[3.000000e+00, -7.000000e+00, 3.000000e-01]> : tensor<3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<3xf32>
func.func @fold_mul_f32() -> tensor<3xf32> {
  %a = kiln.constant dense<[1.5, -2.0, 0.1]> : tensor<3xf32>
  %b = kiln.constant dense<[2.0, 3.5, 3.0]> : tensor<3xf32>
  %0 = kiln.mul %a, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_mul_i32(
// CHECK-NOT:     kiln.mul
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[12, -10, -42]> : tensor<3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<3xi32>
func.func @fold_mul_i32() -> tensor<3xi32> {
  %a = kiln.constant dense<[3, -2, 7]> : tensor<3xi32>
  %b = kiln.constant dense<[4, 5, -6]> : tensor<3xi32>
  %0 = kiln.mul %a, %b : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// Float division by zero follows IEEE (0/0 is NaN).
// CHECK-LABEL: func @fold_div_f32(
// CHECK-NOT:     kiln.div
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[2.500000e-01, -3.500000e+00, 0.333333343, 0x7FC00000]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_div_f32() -> tensor<4xf32> {
  %a = kiln.constant dense<[1.0, -7.0, 1.0, 0.0]> : tensor<4xf32>
  %b = kiln.constant dense<[4.0, 2.0, 3.0, 0.0]> : tensor<4xf32>
  %0 = kiln.div %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Integer division rounds toward zero.
// CHECK-LABEL: func @fold_div_i32(
// CHECK-NOT:     kiln.div
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[3, -3, -3, 3]> : tensor<4xi32>
// CHECK-NEXT:    return %[[C]] : tensor<4xi32>
func.func @fold_div_i32() -> tensor<4xi32> {
  %a = kiln.constant dense<[7, -7, 7, -7]> : tensor<4xi32>
  %b = kiln.constant dense<[2, 2, -2, -2]> : tensor<4xi32>
  %0 = kiln.div %a, %b : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Integer division is total: x / 0 = 0 and INT_MIN / -1 = INT_MIN.
// CHECK-LABEL: func @fold_div_i32_by_zero(
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[3, 0]> : tensor<2xi32>
// CHECK-NEXT:    return %[[C]] : tensor<2xi32>
func.func @fold_div_i32_by_zero() -> tensor<2xi32> {
  %a = kiln.constant dense<[7, 8]> : tensor<2xi32>
  %b = kiln.constant dense<[2, 0]> : tensor<2xi32>
  %0 = kiln.div %a, %b : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// CHECK-LABEL: func @fold_div_int_min_by_minus_one(
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<-2147483648> : tensor<i32>
// CHECK-NEXT:    return %[[C]] : tensor<i32>
func.func @fold_div_int_min_by_minus_one() -> tensor<i32> {
  %a = kiln.constant dense<-2147483648> : tensor<i32>
  %b = kiln.constant dense<-1> : tensor<i32>
  %0 = kiln.div %a, %b : tensor<i32>
  return %0 : tensor<i32>
}

// -----

// CHECK-LABEL: func @fold_pow_f32(
// CHECK-NOT:     kiln.pow
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[8.000000e+00, 3.000000e+00, 4.000000e+00, 1.000000e-01]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func @fold_pow_f32() -> tensor<4xf32> {
  %a = kiln.constant dense<[2.0, 9.0, -2.0, 10.0]> : tensor<4xf32>
  %b = kiln.constant dense<[3.0, 0.5, 2.0, -1.0]> : tensor<4xf32>
  %0 = kiln.pow %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// max and min propagate NaN and order -0.0 below +0.0.
// CHECK-LABEL: func @fold_max_min_f32(
// CHECK-NOT:     kiln.max
// CHECK-NOT:     kiln.min
// CHECK-DAG:     %[[MAX:.+]] = kiln.constant dense<[2.000000e+00, -2.000000e+00, 0x7FC00000, 0.000000e+00]> : tensor<4xf32>
// CHECK-DAG:     %[[MIN:.+]] = kiln.constant dense<[1.000000e+00, -3.000000e+00, 0x7FC00000, -0.000000e+00]> : tensor<4xf32>
// CHECK:         return %[[MAX]], %[[MIN]] : tensor<4xf32>, tensor<4xf32>
func.func @fold_max_min_f32() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = kiln.constant dense<[1.0, -2.0, 0x7FC00000, -0.0]> : tensor<4xf32>
  %b = kiln.constant dense<[2.0, -3.0, 1.0, 0.0]> : tensor<4xf32>
  %0 = kiln.max %a, %b : tensor<4xf32>
  %1 = kiln.min %a, %b : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_max_min_int(
// CHECK-NOT:     kiln.max
// CHECK-NOT:     kiln.min
// CHECK-DAG:     %[[MAX:.+]] = kiln.constant dense<[2, -2, 5]> : tensor<3xi32>
// CHECK-DAG:     %[[MIN:.+]] = kiln.constant dense<[1, -3, 5]> : tensor<3xi64>
// CHECK:         return %[[MAX]], %[[MIN]] : tensor<3xi32>, tensor<3xi64>
func.func @fold_max_min_int() -> (tensor<3xi32>, tensor<3xi64>) {
  %a = kiln.constant dense<[1, -2, 5]> : tensor<3xi32>
  %b = kiln.constant dense<[2, -3, 5]> : tensor<3xi32>
  %c = kiln.constant dense<[1, -2, 5]> : tensor<3xi64>
  %d = kiln.constant dense<[2, -3, 5]> : tensor<3xi64>
  %0 = kiln.max %a, %b : tensor<3xi32>
  %1 = kiln.min %c, %d : tensor<3xi64>
  return %0, %1 : tensor<3xi32>, tensor<3xi64>
}

// -----

// A 0-d splat broadcast against a non-splat matrix.
// CHECK-LABEL: func @fold_add_broadcast_scalar(
// CHECK-NOT:     kiln.add
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[}}[1.500000e+00, 2.500000e+00, 3.500000e+00], [4.500000e+00, 5.500000e+00, 6.500000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2x3xf32>
func.func @fold_add_broadcast_scalar() -> tensor<2x3xf32> {
  %a = kiln.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = kiln.constant dense<0.5> : tensor<f32>
  %0 = kiln.add %a, %b : tensor<2x3xf32>, tensor<f32>
  return %0 : tensor<2x3xf32>
}

// -----

// Non-splat operands of different ranks: a column minus a row.
// CHECK-LABEL: func @fold_sub_broadcast_ranks(
// CHECK-NOT:     kiln.sub
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[}}[9, 8, 7], [19, 18, 17]]> : tensor<2x3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<2x3xi32>
func.func @fold_sub_broadcast_ranks() -> tensor<2x3xi32> {
  %a = kiln.constant dense<[[10], [20]]> : tensor<2x1xi32>
  %b = kiln.constant dense<[1, 2, 3]> : tensor<3xi32>
  %0 = kiln.sub %a, %b : tensor<2x1xi32>, tensor<3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Two splats broadcast to a splat of the larger shape.
// CHECK-LABEL: func @fold_mul_broadcast_splats(
// CHECK-NOT:     kiln.mul
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<6.000000e+00> : tensor<2x3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2x3xf32>
func.func @fold_mul_broadcast_splats() -> tensor<2x3xf32> {
  %a = kiln.constant dense<1.5> : tensor<3xf32>
  %b = kiln.constant dense<4.0> : tensor<2x1xf32>
  %0 = kiln.mul %a, %b : tensor<3xf32>, tensor<2x1xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// 2x1x3 against 2x1: both operands are stretched.
// CHECK-LABEL: func @fold_max_broadcast_rank3(
// CHECK-NOT:     kiln.max
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[\[}}[2.000000e+00, 5.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 4.000000e+00]], {{\[}}[2.000000e+00, 2.000000e+00, 7.000000e+00], [4.000000e+00, 4.000000e+00, 7.000000e+00]]]> : tensor<2x2x3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2x2x3xf32>
func.func @fold_max_broadcast_rank3() -> tensor<2x2x3xf32> {
  %a = kiln.constant dense<[[[1.0, 5.0, 3.0]], [[-1.0, 0.0, 7.0]]]> : tensor<2x1x3xf32>
  %b = kiln.constant dense<[[2.0], [4.0]]> : tensor<2x1xf32>
  %0 = kiln.max %a, %b : tensor<2x1x3xf32>, tensor<2x1xf32>
  return %0 : tensor<2x2x3xf32>
}

//===----------------------------------------------------------------------===//
// Constant folding: compare and select
//===----------------------------------------------------------------------===//

// -----

// Floats compare ordered: every predicate but ne is false on NaN.
// CHECK-LABEL: func @fold_compare_f32(
// CHECK-NOT:     kiln.compare
// CHECK-DAG:     %[[EQ:.+]] = kiln.constant dense<[false, true, false, false]> : tensor<4xi1>
// CHECK-DAG:     %[[NE:.+]] = kiln.constant dense<[true, false, true, true]> : tensor<4xi1>
// CHECK-DAG:     %[[LT:.+]] = kiln.constant dense<[true, false, false, false]> : tensor<4xi1>
// CHECK-DAG:     %[[LE:.+]] = kiln.constant dense<[true, true, false, false]> : tensor<4xi1>
// CHECK-DAG:     %[[GT:.+]] = kiln.constant dense<[false, false, true, false]> : tensor<4xi1>
// CHECK-DAG:     %[[GE:.+]] = kiln.constant dense<[false, true, true, false]> : tensor<4xi1>
// CHECK:         return %[[EQ]], %[[NE]], %[[LT]], %[[LE]], %[[GT]], %[[GE]] :
func.func @fold_compare_f32() -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %a = kiln.constant dense<[1.0, 2.0, 3.0, 0x7FC00000]> : tensor<4xf32>
  %b = kiln.constant dense<2.0> : tensor<4xf32>
  %eq = kiln.compare eq, %a, %b : tensor<4xf32>
  %ne = kiln.compare ne, %a, %b : tensor<4xf32>
  %lt = kiln.compare lt, %a, %b : tensor<4xf32>
  %le = kiln.compare le, %a, %b : tensor<4xf32>
  %gt = kiln.compare gt, %a, %b : tensor<4xf32>
  %ge = kiln.compare ge, %a, %b : tensor<4xf32>
  return %eq, %ne, %lt, %le, %gt, %ge : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func @fold_compare_nan_splat(
// CHECK-NOT:     kiln.compare
// CHECK-DAG:     %[[EQ:.+]] = kiln.constant dense<false> : tensor<2xi1>
// CHECK-DAG:     %[[NE:.+]] = kiln.constant dense<true> : tensor<2xi1>
// CHECK:         return %[[EQ]], %[[NE]] : tensor<2xi1>, tensor<2xi1>
func.func @fold_compare_nan_splat() -> (tensor<2xi1>, tensor<2xi1>) {
  %a = kiln.constant dense<0x7FC00000> : tensor<2xf32>
  %eq = kiln.compare eq, %a, %a : tensor<2xf32>
  %ne = kiln.compare ne, %a, %a : tensor<2xf32>
  return %eq, %ne : tensor<2xi1>, tensor<2xi1>
}

// -----

// Integers compare as signed; the operands broadcast to 2x3.
// CHECK-LABEL: func @fold_compare_i32_broadcast(
// CHECK-NOT:     kiln.compare
// CHECK-DAG:     %[[EQ:.+]] = kiln.constant dense<{{\[}}[true, false, false], [false, false, false]]> : tensor<2x3xi1>
// CHECK-DAG:     %[[NE:.+]] = kiln.constant dense<{{\[}}[false, true, true], [true, true, true]]> : tensor<2x3xi1>
// CHECK-DAG:     %[[LT:.+]] = kiln.constant dense<{{\[}}[false, true, true], [false, false, true]]> : tensor<2x3xi1>
// CHECK-DAG:     %[[LE:.+]] = kiln.constant dense<{{\[}}[true, true, true], [false, false, true]]> : tensor<2x3xi1>
// CHECK-DAG:     %[[GT:.+]] = kiln.constant dense<{{\[}}[false, false, false], [true, true, false]]> : tensor<2x3xi1>
// CHECK-DAG:     %[[GE:.+]] = kiln.constant dense<{{\[}}[true, false, false], [true, true, false]]> : tensor<2x3xi1>
// CHECK:         return %[[EQ]], %[[NE]], %[[LT]], %[[LE]], %[[GT]], %[[GE]] :
func.func @fold_compare_i32_broadcast() -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>) {
  %a = kiln.constant dense<[[-1], [2]]> : tensor<2x1xi32>
  %b = kiln.constant dense<[-1, 0, 3]> : tensor<3xi32>
  %eq = kiln.compare eq, %a, %b : tensor<2x1xi32>, tensor<3xi32>
  %ne = kiln.compare ne, %a, %b : tensor<2x1xi32>, tensor<3xi32>
  %lt = kiln.compare lt, %a, %b : tensor<2x1xi32>, tensor<3xi32>
  %le = kiln.compare le, %a, %b : tensor<2x1xi32>, tensor<3xi32>
  %gt = kiln.compare gt, %a, %b : tensor<2x1xi32>, tensor<3xi32>
  %ge = kiln.compare ge, %a, %b : tensor<2x1xi32>, tensor<3xi32>
  return %eq, %ne, %lt, %le, %gt, %ge : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
}

// -----

// CHECK-LABEL: func @no_fold_compare_non_constant(
// CHECK:         %[[R:.+]] = kiln.compare lt, %{{.+}}, %{{.+}} : tensor<4xf32>, tensor<f32>
// CHECK-NEXT:    return %[[R]]
func.func @no_fold_compare_non_constant(%x: tensor<4xf32>) -> tensor<4xi1> {
  %b = kiln.constant dense<2.0> : tensor<f32>
  %0 = kiln.compare lt, %x, %b : tensor<4xf32>, tensor<f32>
  return %0 : tensor<4xi1>
}

// -----

// CHECK-LABEL: func @fold_select_true_splat(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: tensor<3xf32>, %[[B:[a-z0-9]+]]: tensor<3xf32>
// CHECK-NOT:     kiln.select
// CHECK-NEXT:    return %[[A]] : tensor<3xf32>
func.func @fold_select_true_splat(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %c = kiln.constant dense<true> : tensor<3xi1>
  %0 = kiln.select %c, %a, %b : tensor<3xi1>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// A 0-d false condition picks the false branch.
// CHECK-LABEL: func @fold_select_false_scalar(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: tensor<3xf32>, %[[B:[a-z0-9]+]]: tensor<3xf32>
// CHECK-NOT:     kiln.select
// CHECK-NEXT:    return %[[B]] : tensor<3xf32>
func.func @fold_select_false_scalar(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %c = kiln.constant dense<false> : tensor<i1>
  %0 = kiln.select %c, %a, %b : tensor<i1>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// The chosen branch would need broadcasting to the result type: kept.
// CHECK-LABEL: func @no_fold_select_splat_branch_broadcasts(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: tensor<3xf32>, %[[B:[a-z0-9]+]]: tensor<2x3xf32>
// CHECK:         %[[C:.+]] = kiln.constant dense<true> : tensor<i1>
// CHECK:         %[[R:.+]] = kiln.select %[[C]], %[[A]], %[[B]] : tensor<i1>, tensor<3xf32>, tensor<2x3xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x3xf32>
func.func @no_fold_select_splat_branch_broadcasts(%a: tensor<3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = kiln.constant dense<true> : tensor<i1>
  %0 = kiln.select %c, %a, %b : tensor<i1>, tensor<3xf32>, tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Fully constant select with a non-splat condition broadcast over rows.
// CHECK-LABEL: func @fold_select_constants_i32(
// CHECK-NOT:     kiln.select
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[}}[1, -1, 3], [4, -1, 6]]> : tensor<2x3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<2x3xi32>
func.func @fold_select_constants_i32() -> tensor<2x3xi32> {
  %c = kiln.constant dense<[true, false, true]> : tensor<3xi1>
  %t = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %f = kiln.constant dense<-1> : tensor<i32>
  %0 = kiln.select %c, %t, %f : tensor<3xi1>, tensor<2x3xi32>, tensor<i32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func @fold_select_constants_f32(
// CHECK-NOT:     kiln.select
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-1.000000e+00, 2.000000e+00, -3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<3xf32>
func.func @fold_select_constants_f32() -> tensor<3xf32> {
  %c = kiln.constant dense<[false, true, false]> : tensor<3xi1>
  %t = kiln.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %f = kiln.constant dense<[-1.0, -2.0, -3.0]> : tensor<3xf32>
  %0 = kiln.select %c, %t, %f : tensor<3xi1>, tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_select_same_branches(
// CHECK-SAME:      %[[C:[a-z0-9]+]]: tensor<4xi1>, %[[X:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NOT:     kiln.select
// CHECK-NEXT:    return %[[X]] : tensor<4xf32>
func.func @fold_select_same_branches(%c: tensor<4xi1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.select %c, %x, %x : tensor<4xi1>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The condition broadcasts x to a larger shape: kept.
// CHECK-LABEL: func @no_fold_select_same_branches_broadcast(
// CHECK:         %[[R:.+]] = kiln.select %{{.+}}, %{{.+}}, %{{.+}} : tensor<2x4xi1>, tensor<4xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x4xf32>
func.func @no_fold_select_same_branches_broadcast(%c: tensor<2x4xi1>, %x: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = kiln.select %c, %x, %x : tensor<2x4xi1>, tensor<4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_select_non_constant(
// CHECK:         %[[R:.+]] = kiln.select
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @no_fold_select_non_constant(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.select %c, %a, %b : tensor<4xi1>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// Constant folding: cast
//===----------------------------------------------------------------------===//

// -----

// Float to integer truncates toward zero.
// CHECK-LABEL: func @fold_cast_f32_to_i32(
// CHECK-NOT:     kiln.cast
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[1, -1, 0, 0, 2147483520]> : tensor<5xi32>
// CHECK-NEXT:    return %[[C]] : tensor<5xi32>
func.func @fold_cast_f32_to_i32() -> tensor<5xi32> {
  %c = kiln.constant dense<[1.9, -1.9, 0.5, -0.0, 2147483520.0]> : tensor<5xf32>
  %0 = kiln.cast %c : tensor<5xf32> to tensor<5xi32>
  return %0 : tensor<5xi32>
}

// -----

// 16777217 is not representable in f32 and rounds to even (2^24 = 0x4B800000).
// CHECK-LABEL: func @fold_cast_i32_to_f32(
// CHECK-NOT:     kiln.cast
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[-3.000000e+00, 0.000000e+00, 0x4B800000]> : tensor<3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<3xf32>
func.func @fold_cast_i32_to_f32() -> tensor<3xf32> {
  %c = kiln.constant dense<[-3, 0, 16777217]> : tensor<3xi32>
  %0 = kiln.cast %c : tensor<3xi32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// i1 converts to 0 or 1 (not -1).
// CHECK-LABEL: func @fold_cast_i1_to_i32_and_f32(
// CHECK-NOT:     kiln.cast
// CHECK-DAG:     %[[I:.+]] = kiln.constant dense<[1, 0]> : tensor<2xi32>
// CHECK-DAG:     %[[F:.+]] = kiln.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK:         return %[[I]], %[[F]] : tensor<2xi32>, tensor<2xf32>
func.func @fold_cast_i1_to_i32_and_f32() -> (tensor<2xi32>, tensor<2xf32>) {
  %c = kiln.constant dense<[true, false]> : tensor<2xi1>
  %0 = kiln.cast %c : tensor<2xi1> to tensor<2xi32>
  %1 = kiln.cast %c : tensor<2xi1> to tensor<2xf32>
  return %0, %1 : tensor<2xi32>, tensor<2xf32>
}

// -----

// Float to i1 tests for non-zero (-0.0 is zero).
// CHECK-LABEL: func @fold_cast_f32_to_i1(
// CHECK-NOT:     kiln.cast
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[false, false, true, true]> : tensor<4xi1>
// CHECK-NEXT:    return %[[C]] : tensor<4xi1>
func.func @fold_cast_f32_to_i1() -> tensor<4xi1> {
  %c = kiln.constant dense<[0.0, -0.0, 2.5, -1.0e-30]> : tensor<4xf32>
  %0 = kiln.cast %c : tensor<4xf32> to tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Integer to i1 tests for non-zero, also when the low bits are zero.
// CHECK-LABEL: func @fold_cast_i64_to_i1(
// CHECK-NOT:     kiln.cast
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-NEXT:    return %[[C]] : tensor<3xi1>
func.func @fold_cast_i64_to_i1() -> tensor<3xi1> {
  %c = kiln.constant dense<[0, 2, -4294967296]> : tensor<3xi64>
  %0 = kiln.cast %c : tensor<3xi64> to tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// Integer widening sign-extends, narrowing truncates.
// CHECK-LABEL: func @fold_cast_int_widths(
// CHECK-NOT:     kiln.cast
// CHECK-DAG:     %[[W:.+]] = kiln.constant dense<[-1, 2147483647]> : tensor<2xi64>
// CHECK-DAG:     %[[N:.+]] = kiln.constant dense<[-1, 2]> : tensor<2xi32>
// CHECK:         return %[[W]], %[[N]] : tensor<2xi64>, tensor<2xi32>
func.func @fold_cast_int_widths() -> (tensor<2xi64>, tensor<2xi32>) {
  %a = kiln.constant dense<[-1, 2147483647]> : tensor<2xi32>
  %b = kiln.constant dense<[-1, 4294967298]> : tensor<2xi64>
  %0 = kiln.cast %a : tensor<2xi32> to tensor<2xi64>
  %1 = kiln.cast %b : tensor<2xi64> to tensor<2xi32>
  return %0, %1 : tensor<2xi64>, tensor<2xi32>
}

// -----

// Float narrowing rounds to nearest (overflowing to +inf).
// CHECK-LABEL: func @fold_cast_f32_to_f16(
// CHECK-NOT:     kiln.cast
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[9.997550e-02, 0x7C00]> : tensor<2xf16>
// CHECK-NEXT:    return %[[C]] : tensor<2xf16>
func.func @fold_cast_f32_to_f16() -> tensor<2xf16> {
  %c = kiln.constant dense<[0.1, 70000.0]> : tensor<2xf32>
  %0 = kiln.cast %c : tensor<2xf32> to tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// CHECK-LABEL: func @fold_cast_splat_f64_to_i64(
// CHECK-NOT:     kiln.cast
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<-7> : tensor<2x2xi64>
// CHECK-NEXT:    return %[[C]] : tensor<2x2xi64>
func.func @fold_cast_splat_f64_to_i64() -> tensor<2x2xi64> {
  %c = kiln.constant dense<-7.99> : tensor<2x2xf64>
  %0 = kiln.cast %c : tensor<2x2xf64> to tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func @fold_cast_same_type(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x4xf32>
// CHECK-NOT:     kiln.cast
// CHECK-NEXT:    return %[[X]] : tensor<?x4xf32>
func.func @fold_cast_same_type(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.cast %x : tensor<?x4xf32> to tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// 3.0e10 does not fit in i32: the whole cast is left to run time.
// CHECK-LABEL: func @no_fold_cast_out_of_range(
// CHECK:         %[[C:.+]] = kiln.constant dense<[1.000000e+00, 3.000000e+10]> : tensor<2xf32>
// CHECK-NEXT:    %[[R:.+]] = kiln.cast %[[C]] : tensor<2xf32> to tensor<2xi32>
// CHECK-NEXT:    return %[[R]] : tensor<2xi32>
func.func @no_fold_cast_out_of_range() -> tensor<2xi32> {
  %c = kiln.constant dense<[1.0, 3.0e10]> : tensor<2xf32>
  %0 = kiln.cast %c : tensor<2xf32> to tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// CHECK-LABEL: func @no_fold_cast_nan_to_int(
// CHECK:         %[[C:.+]] = kiln.constant dense<0x7FC00000> : tensor<f32>
// CHECK-NEXT:    %[[R:.+]] = kiln.cast %[[C]] : tensor<f32> to tensor<i64>
// CHECK-NEXT:    return %[[R]] : tensor<i64>
func.func @no_fold_cast_nan_to_int() -> tensor<i64> {
  %c = kiln.constant dense<0x7FC00000> : tensor<f32>
  %0 = kiln.cast %c : tensor<f32> to tensor<i64>
  return %0 : tensor<i64>
}

//===----------------------------------------------------------------------===//
// Constant folding: reductions and argmax
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func @fold_reduce_sum_axis0(
// CHECK-NOT:     kiln.reduce_sum
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[5.000000e+00, 7.000000e+00, 9.500000e+00]> : tensor<3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<3xf32>
func.func @fold_reduce_sum_axis0() -> tensor<3xf32> {
  %c = kiln.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]]> : tensor<2x3xf32>
  %0 = kiln.reduce_sum %c axes [0] : tensor<2x3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_reduce_sum_i32_negative_axis_keepdims(
// CHECK-NOT:     kiln.reduce_sum
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[}}[6], [3]]> : tensor<2x1xi32>
// CHECK-NEXT:    return %[[C]] : tensor<2x1xi32>
func.func @fold_reduce_sum_i32_negative_axis_keepdims() -> tensor<2x1xi32> {
  %c = kiln.constant dense<[[1, 2, 3], [4, 5, -6]]> : tensor<2x3xi32>
  %0 = kiln.reduce_sum %c axes [-1] keepdims : tensor<2x3xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// CHECK-LABEL: func @fold_reduce_mean_axis1(
// CHECK-NOT:     kiln.reduce_mean
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[2.33333325, 5.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2xf32>
func.func @fold_reduce_mean_axis1() -> tensor<2xf32> {
  %c = kiln.constant dense<[[1.0, 2.0, 4.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = kiln.reduce_mean %c axes [1] : tensor<2x3xf32>
  return %0 : tensor<2xf32>
}

// -----

// Two non-adjacent axes, given unsorted.
// CHECK-LABEL: func @fold_reduce_mean_two_axes(
// CHECK-NOT:     kiln.reduce_mean
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[3.500000e+00, 5.750000e+00]> : tensor<2xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2xf32>
func.func @fold_reduce_mean_two_axes() -> tensor<2xf32> {
  %c = kiln.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 9.0]]]> : tensor<2x2x2xf32>
  %0 = kiln.reduce_mean %c axes [2, 0] : tensor<2x2x2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func @fold_reduce_max_negative_axis(
// CHECK-NOT:     kiln.reduce_max
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[}}[7.000000e+00, 8.000000e+00, 3.000000e+00, 5.000000e-01], [0.000000e+00, 2.000000e+00, 1.000000e+00, -4.000000e+00]]> : tensor<2x4xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2x4xf32>
func.func @fold_reduce_max_negative_axis() -> tensor<2x4xf32> {
  %c = kiln.constant dense<[[[1.0, -2.0, 3.0, 0.0], [7.0, 8.0, -9.0, 0.5]], [[-1.0, -2.0, -3.0, -4.0], [0.0, 2.0, 1.0, -4.5]]]> : tensor<2x2x4xf32>
  %0 = kiln.reduce_max %c axes [-2] : tensor<2x2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// No axes: every axis is reduced.
// CHECK-LABEL: func @fold_reduce_min_all_axes(
// CHECK-NOT:     kiln.reduce_min
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<-2> : tensor<i64>
// CHECK-NEXT:    return %[[C]] : tensor<i64>
func.func @fold_reduce_min_all_axes() -> tensor<i64> {
  %c = kiln.constant dense<[[3, -2], [7, 1]]> : tensor<2x2xi64>
  %0 = kiln.reduce_min %c : tensor<2x2xi64>
  return %0 : tensor<i64>
}

// -----

// CHECK-LABEL: func @fold_reduce_sum_all_axes_keepdims(
// CHECK-NOT:     kiln.reduce_sum
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<2.150000e+01> : tensor<1x1xf32>
// CHECK-NEXT:    return %[[C]] : tensor<1x1xf32>
func.func @fold_reduce_sum_all_axes_keepdims() -> tensor<1x1xf32> {
  %c = kiln.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]]> : tensor<2x3xf32>
  %0 = kiln.reduce_sum %c keepdims : tensor<2x3xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func @fold_reduce_max_splat(
// CHECK-NOT:     kiln.reduce_max
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<5> : tensor<3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<3xi32>
func.func @fold_reduce_max_splat() -> tensor<3xi32> {
  %c = kiln.constant dense<5> : tensor<4x3xi32>
  %0 = kiln.reduce_max %c axes [0] : tensor<4x3xi32>
  return %0 : tensor<3xi32>
}

// -----

// argmax takes the first maximal element.
// CHECK-LABEL: func @fold_argmax_axis1(
// CHECK-NOT:     kiln.argmax
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<[1, 0, 2]> : tensor<3xi64>
// CHECK-NEXT:    return %[[C]] : tensor<3xi64>
func.func @fold_argmax_axis1() -> tensor<3xi64> {
  %c = kiln.constant dense<[[1.0, 5.0, 5.0], [9.0, 2.0, 3.0], [-1.0, -2.0, 0.0]]> : tensor<3x3xf32>
  %0 = kiln.argmax %c axis 1 : tensor<3x3xf32>
  return %0 : tensor<3xi64>
}

// -----

// CHECK-LABEL: func @fold_argmax_negative_axis_keepdims_i32(
// CHECK-NOT:     kiln.argmax
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[}}[1, 0, 0]]> : tensor<1x3xi64>
// CHECK-NEXT:    return %[[C]] : tensor<1x3xi64>
func.func @fold_argmax_negative_axis_keepdims_i32() -> tensor<1x3xi64> {
  %c = kiln.constant dense<[[1, 5, 7], [9, 5, 3]]> : tensor<2x3xi32>
  %0 = kiln.argmax %c axis -2 keepdims : tensor<2x3xi32>
  return %0 : tensor<1x3xi64>
}

// -----

// As in numpy, the first NaN is the maximum.
// CHECK-LABEL: func @fold_argmax_nan(
// CHECK-NOT:     kiln.argmax
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<1> : tensor<i64>
// CHECK-NEXT:    return %[[C]] : tensor<i64>
func.func @fold_argmax_nan() -> tensor<i64> {
  %c = kiln.constant dense<[1.0, 0x7FC00000, 5.0, 0x7FC00000]> : tensor<4xf32>
  %0 = kiln.argmax %c axis 0 : tensor<4xf32>
  return %0 : tensor<i64>
}

// -----

// Reducing only size-1 axes with keepdims is the identity, for every kind.
// CHECK-LABEL: func @fold_reduce_size_one_axes_keepdims(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4x1x?x1xf32>
// CHECK-NOT:     kiln.reduce
// CHECK-NEXT:    return %[[X]] : tensor<4x1x?x1xf32>
func.func @fold_reduce_size_one_axes_keepdims(%x: tensor<4x1x?x1xf32>) -> tensor<4x1x?x1xf32> {
  %0 = kiln.reduce_sum %x axes [1, -1] keepdims : tensor<4x1x?x1xf32>
  %1 = kiln.reduce_mean %0 axes [1] keepdims : tensor<4x1x?x1xf32>
  %2 = kiln.reduce_max %1 axes [3] keepdims : tensor<4x1x?x1xf32>
  %3 = kiln.reduce_min %2 axes [1, 3] keepdims : tensor<4x1x?x1xf32>
  return %3 : tensor<4x1x?x1xf32>
}

// -----

// Without keepdims the type changes; a size-4 or dynamic axis really reduces.
// CHECK-LABEL: func @no_fold_reduce_not_identity(
// CHECK:         kiln.reduce_sum %{{.+}} axes [1] : tensor<4x1xf32>
// CHECK:         kiln.reduce_sum %{{.+}} axes [0] keepdims : tensor<4x1xf32>
// CHECK:         kiln.reduce_max %{{.+}} axes [0] keepdims : tensor<?x3xf32>
func.func @no_fold_reduce_not_identity(%x: tensor<4x1xf32>, %y: tensor<?x3xf32>) -> (tensor<4xf32>, tensor<1x1xf32>, tensor<1x3xf32>) {
  %0 = kiln.reduce_sum %x axes [1] : tensor<4x1xf32>
  %1 = kiln.reduce_sum %x axes [0] keepdims : tensor<4x1xf32>
  %2 = kiln.reduce_max %y axes [0] keepdims : tensor<?x3xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<1x1xf32>, tensor<1x3xf32>
}

//===----------------------------------------------------------------------===//
// Algebraic identities
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func @fold_add_zero_f32(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>
// CHECK-NOT:     kiln.add
// CHECK-NEXT:    return %[[X]], %[[X]] : tensor<2x3xf32>, tensor<2x3xf32>
func.func @fold_add_zero_f32(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %z = kiln.constant dense<0.0> : tensor<2x3xf32>
  %s = kiln.constant dense<0.0> : tensor<f32>
  %0 = kiln.add %x, %z : tensor<2x3xf32>
  %1 = kiln.add %s, %x : tensor<f32>, tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// The zero broadcasts to x's (partly dynamic) shape: still x.
// CHECK-LABEL: func @fold_add_zero_i32(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x4xi32>
// CHECK-NOT:     kiln.add
// CHECK-NEXT:    return %[[X]], %[[X]] : tensor<?x4xi32>, tensor<?x4xi32>
func.func @fold_add_zero_i32(%x: tensor<?x4xi32>) -> (tensor<?x4xi32>, tensor<?x4xi32>) {
  %z = kiln.constant dense<0> : tensor<4xi32>
  %0 = kiln.add %x, %z : tensor<?x4xi32>, tensor<4xi32>
  %1 = kiln.add %z, %x : tensor<4xi32>, tensor<?x4xi32>
  return %0, %1 : tensor<?x4xi32>, tensor<?x4xi32>
}

// -----

// The zero broadcasts x to a larger shape: x + 0 is not x, nor 0 + x (which
// is only reordered to put the constant on the right).
// CHECK-LABEL: func @no_fold_add_zero_broadcasting_x(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<3xf32>
// CHECK:         %[[Z:.+]] = kiln.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK-NEXT:    %[[R0:.+]] = kiln.add %[[X]], %[[Z]] : tensor<3xf32>, tensor<2x3xf32>
// CHECK-NEXT:    %[[R1:.+]] = kiln.add %[[X]], %[[Z]] : tensor<3xf32>, tensor<2x3xf32>
// CHECK-NEXT:    return %[[R0]], %[[R1]] : tensor<2x3xf32>, tensor<2x3xf32>
func.func @no_fold_add_zero_broadcasting_x(%x: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %z = kiln.constant dense<0.0> : tensor<2x3xf32>
  %0 = kiln.add %x, %z : tensor<3xf32>, tensor<2x3xf32>
  %1 = kiln.add %z, %x : tensor<2x3xf32>, tensor<3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_add_not_all_zero(
// CHECK:         %[[R:.+]] = kiln.add
// CHECK-NEXT:    return %[[R]] : tensor<3xf32>
func.func @no_fold_add_not_all_zero(%x: tensor<3xf32>) -> tensor<3xf32> {
  %z = kiln.constant dense<[0.0, 1.0, 0.0]> : tensor<3xf32>
  %0 = kiln.add %x, %z : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_sub_zero(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<3xf32>, %[[Y:[a-z0-9]+]]: tensor<3xi64>
// CHECK-NOT:     kiln.sub
// CHECK-NEXT:    return %[[X]], %[[Y]] : tensor<3xf32>, tensor<3xi64>
func.func @fold_sub_zero(%x: tensor<3xf32>, %y: tensor<3xi64>) -> (tensor<3xf32>, tensor<3xi64>) {
  %zf = kiln.constant dense<0.0> : tensor<f32>
  %zi = kiln.constant dense<0> : tensor<3xi64>
  %0 = kiln.sub %x, %zf : tensor<3xf32>, tensor<f32>
  %1 = kiln.sub %y, %zi : tensor<3xi64>
  return %0, %1 : tensor<3xf32>, tensor<3xi64>
}

// -----

// 0 - x is a negation, not x.
// CHECK-LABEL: func @no_fold_zero_sub(
// CHECK:         %[[R:.+]] = kiln.sub
// CHECK-NEXT:    return %[[R]] : tensor<3xf32>
func.func @no_fold_zero_sub(%x: tensor<3xf32>) -> tensor<3xf32> {
  %z = kiln.constant dense<0.0> : tensor<3xf32>
  %0 = kiln.sub %z, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_mul_one(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>, %[[Y:[a-z0-9]+]]: tensor<4xi32>
// CHECK-NOT:     kiln.mul
// CHECK-NEXT:    return %[[X]], %[[X]], %[[Y]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>
func.func @fold_mul_one(%x: tensor<2x3xf32>, %y: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>) {
  %one = kiln.constant dense<1.0> : tensor<3xf32>
  %onei = kiln.constant dense<1> : tensor<i32>
  %0 = kiln.mul %x, %one : tensor<2x3xf32>, tensor<3xf32>
  %1 = kiln.mul %one, %x : tensor<3xf32>, tensor<2x3xf32>
  %2 = kiln.mul %onei, %y : tensor<i32>, tensor<4xi32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func @no_fold_mul_one_broadcasting_x(
// CHECK:         %[[R:.+]] = kiln.mul %{{.+}}, %{{.+}} : tensor<3xf32>, tensor<4x3xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4x3xf32>
func.func @no_fold_mul_one_broadcasting_x(%x: tensor<3xf32>) -> tensor<4x3xf32> {
  %one = kiln.constant dense<1.0> : tensor<4x3xf32>
  %0 = kiln.mul %x, %one : tensor<3xf32>, tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func @fold_div_one(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<3xf32>, %[[Y:[a-z0-9]+]]: tensor<3xi32>
// CHECK-NOT:     kiln.div
// CHECK-NEXT:    return %[[X]], %[[Y]] : tensor<3xf32>, tensor<3xi32>
func.func @fold_div_one(%x: tensor<3xf32>, %y: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>) {
  %one = kiln.constant dense<1.0> : tensor<f32>
  %onei = kiln.constant dense<1> : tensor<3xi32>
  %0 = kiln.div %x, %one : tensor<3xf32>, tensor<f32>
  %1 = kiln.div %y, %onei : tensor<3xi32>
  return %0, %1 : tensor<3xf32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func @no_fold_one_div(
// CHECK:         %[[R:.+]] = kiln.div
// CHECK-NEXT:    return %[[R]] : tensor<3xf32>
func.func @no_fold_one_div(%x: tensor<3xf32>) -> tensor<3xf32> {
  %one = kiln.constant dense<1.0> : tensor<3xf32>
  %0 = kiln.div %one, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_pow_one(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x?xf32>
// CHECK-NOT:     kiln.pow
// CHECK-NEXT:    return %[[X]] : tensor<2x?xf32>
func.func @fold_pow_one(%x: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %one = kiln.constant dense<1.0> : tensor<f32>
  %0 = kiln.pow %x, %one : tensor<2x?xf32>, tensor<f32>
  return %0 : tensor<2x?xf32>
}

// -----

// CHECK-LABEL: func @no_fold_one_pow(
// CHECK:         %[[R:.+]] = kiln.pow
// CHECK-NEXT:    return %[[R]] : tensor<3xf32>
func.func @no_fold_one_pow(%x: tensor<3xf32>) -> tensor<3xf32> {
  %one = kiln.constant dense<1.0> : tensor<3xf32>
  %0 = kiln.pow %one, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @fold_sub_self_int(
// CHECK-NOT:     kiln.sub
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<0> : tensor<2x3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<2x3xi32>
func.func @fold_sub_self_int(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %0 = kiln.sub %x, %x : tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// For floats x - x is NaN when x is NaN or infinite.
// CHECK-LABEL: func @no_fold_sub_self_float(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>
// CHECK-NEXT:    %[[R:.+]] = kiln.sub %[[X]], %[[X]] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x3xf32>
func.func @no_fold_sub_self_float(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.sub %x, %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A dynamic shape has no constant to fold to.
// CHECK-LABEL: func @no_fold_sub_self_int_dynamic(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x3xi64>
// CHECK-NEXT:    %[[R:.+]] = kiln.sub %[[X]], %[[X]] : tensor<?x3xi64>
// CHECK-NEXT:    return %[[R]] : tensor<?x3xi64>
func.func @no_fold_sub_self_int_dynamic(%x: tensor<?x3xi64>) -> tensor<?x3xi64> {
  %0 = kiln.sub %x, %x : tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

// CHECK-LABEL: func @fold_max_min_self(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x3xf32>, %[[Y:[a-z0-9]+]]: tensor<4xi32>
// CHECK-NOT:     kiln.max
// CHECK-NOT:     kiln.min
// CHECK-NEXT:    return %[[X]], %[[Y]] : tensor<?x3xf32>, tensor<4xi32>
func.func @fold_max_min_self(%x: tensor<?x3xf32>, %y: tensor<4xi32>) -> (tensor<?x3xf32>, tensor<4xi32>) {
  %0 = kiln.max %x, %x : tensor<?x3xf32>
  %1 = kiln.min %y, %y : tensor<4xi32>
  return %0, %1 : tensor<?x3xf32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func @fold_neg_neg(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?xf32>
// CHECK-NOT:     kiln.neg
// CHECK-NEXT:    return %[[X]] : tensor<?xf32>
func.func @fold_neg_neg(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = kiln.neg %x : tensor<?xf32>
  %1 = kiln.neg %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func @fold_abs_abs(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NEXT:    %[[A:.+]] = kiln.abs %[[X]] : tensor<4xf32>
// CHECK-NOT:     kiln.abs
// CHECK-NEXT:    return %[[A]] : tensor<4xf32>
func.func @fold_abs_abs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.abs %x : tensor<4xf32>
  %1 = kiln.abs %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_relu_relu(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xi32>
// CHECK-NEXT:    %[[R:.+]] = kiln.relu %[[X]] : tensor<4xi32>
// CHECK-NOT:     kiln.relu
// CHECK-NEXT:    return %[[R]] : tensor<4xi32>
func.func @fold_relu_relu(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.relu %x : tensor<4xi32>
  %1 = kiln.relu %0 : tensor<4xi32>
  %2 = kiln.relu %1 : tensor<4xi32>
  return %2 : tensor<4xi32>
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func @fold_transpose_identity(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x?x4xf32>
// CHECK-NOT:     kiln.transpose
// CHECK-NEXT:    return %[[X]] : tensor<2x?x4xf32>
func.func @fold_transpose_identity(%x: tensor<2x?x4xf32>) -> tensor<2x?x4xf32> {
  %0 = kiln.transpose %x [0, 1, 2] : tensor<2x?x4xf32>
  return %0 : tensor<2x?x4xf32>
}

// -----

// [1, 2, 0] followed by [2, 0, 1] is the identity.
// CHECK-LABEL: func @fold_transpose_transpose_to_identity(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3x4xf32>
// CHECK-NOT:     kiln.transpose
// CHECK-NEXT:    return %[[X]] : tensor<2x3x4xf32>
func.func @fold_transpose_transpose_to_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = kiln.transpose %x [1, 2, 0] : tensor<2x3x4xf32>
  %1 = kiln.transpose %0 [2, 0, 1] : tensor<3x4x2xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// [1, 2, 0] followed by [1, 0, 2] is [2, 1, 0].
// CHECK-LABEL: func @fold_transpose_transpose_compose(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3x4xf32>
// CHECK-NEXT:    %[[T:.+]] = kiln.transpose %[[X]] [2, 1, 0] : tensor<2x3x4xf32>
// CHECK-NOT:     kiln.transpose
// CHECK-NEXT:    return %[[T]] : tensor<4x3x2xf32>
func.func @fold_transpose_transpose_compose(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = kiln.transpose %x [1, 2, 0] : tensor<2x3x4xf32>
  %1 = kiln.transpose %0 [1, 0, 2] : tensor<3x4x2xf32>
  return %1 : tensor<4x3x2xf32>
}

// -----

// CHECK-LABEL: func @fold_transpose_constant(
// CHECK-NOT:     kiln.transpose
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
// CHECK-NEXT:    return %[[C]] : tensor<3x2xi32>
func.func @fold_transpose_constant() -> tensor<3x2xi32> {
  %c = kiln.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = kiln.transpose %c [1, 0] : tensor<2x3xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// CHECK-LABEL: func @fold_transpose_constant_3d(
// CHECK-NOT:     kiln.transpose
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00], [7.000000e+00, 9.000000e+00, 1.100000e+01]], {{\[}}[2.000000e+00, 4.000000e+00, 6.000000e+00], [8.000000e+00, 1.000000e+01, 1.200000e+01]]]> : tensor<2x2x3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2x2x3xf32>
func.func @fold_transpose_constant_3d() -> tensor<2x2x3xf32> {
  %c = kiln.constant dense<[[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]]> : tensor<2x3x2xf32>
  %0 = kiln.transpose %c [2, 0, 1] : tensor<2x3x2xf32>
  return %0 : tensor<2x2x3xf32>
}

// -----

// A chain of static reshapes becomes one reshape of the original input.
// CHECK-LABEL: func @fold_reshape_reshape(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3x4xf32>
// CHECK-NEXT:    %[[R:.+]] = kiln.reshape %[[X]] [4, -1] : tensor<2x3x4xf32>
// CHECK-NOT:     kiln.reshape
// CHECK-NEXT:    return %[[R]] : tensor<4x6xf32>
func.func @fold_reshape_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = kiln.reshape %x [6, 4] : tensor<2x3x4xf32>
  %1 = kiln.reshape %0 [24] : tensor<6x4xf32>
  %2 = kiln.reshape %1 [4, -1] : tensor<24xf32>
  return %2 : tensor<4x6xf32>
}

// -----

// Reshaping back to the input's type leaves the input.
// CHECK-LABEL: func @fold_reshape_reshape_back(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3x4xf32>
// CHECK-NOT:     kiln.reshape
// CHECK-NEXT:    return %[[X]] : tensor<2x3x4xf32>
func.func @fold_reshape_reshape_back(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = kiln.reshape %x [6, 4] : tensor<2x3x4xf32>
  %1 = kiln.reshape %0 [2, 3, 4] : tensor<6x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func @fold_reshape_same_type(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x4xf32>
// CHECK-NOT:     kiln.reshape
// CHECK-NEXT:    return %[[X]] : tensor<?x4xf32>
func.func @fold_reshape_same_type(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.reshape %x [-1, 4] : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func @fold_reshape_constant(
// CHECK-NOT:     kiln.reshape
// CHECK-DAG:     %[[A:.+]] = kiln.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG:     %[[B:.+]] = kiln.constant dense<7> : tensor<2x2xi64>
// CHECK:         return %[[A]], %[[B]] : tensor<3x2xf32>, tensor<2x2xi64>
func.func @fold_reshape_constant() -> (tensor<3x2xf32>, tensor<2x2xi64>) {
  %c = kiln.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %s = kiln.constant dense<7> : tensor<4xi64>
  %0 = kiln.reshape %c [3, 2] : tensor<2x3xf32>
  %1 = kiln.reshape %s [2, -1] : tensor<4xi64>
  return %0, %1 : tensor<3x2xf32>, tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func @fold_broadcast_to_same_type(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x3xf32>
// CHECK-NOT:     kiln.broadcast_to
// CHECK-NEXT:    return %[[X]] : tensor<2x3xf32>
func.func @fold_broadcast_to_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.broadcast_to %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @fold_broadcast_to_splat(
// CHECK-NOT:     kiln.broadcast_to
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<1.500000e+00> : tensor<2x3xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2x3xf32>
func.func @fold_broadcast_to_splat() -> tensor<2x3xf32> {
  %c = kiln.constant dense<1.5> : tensor<1xf32>
  %0 = kiln.broadcast_to %c : tensor<1xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @fold_broadcast_to_constant(
// CHECK-NOT:     kiln.broadcast_to
// CHECK-NEXT:    %[[C:.+]] = kiln.constant dense<{{\[\[}}[1, 1, 1], [2, 2, 2]], {{\[}}[1, 1, 1], [2, 2, 2]]]> : tensor<2x2x3xi32>
// CHECK-NEXT:    return %[[C]] : tensor<2x2x3xi32>
func.func @fold_broadcast_to_constant() -> tensor<2x2x3xi32> {
  %c = kiln.constant dense<[[1], [2]]> : tensor<2x1xi32>
  %0 = kiln.broadcast_to %c : tensor<2x1xi32> -> tensor<2x2x3xi32>
  return %0 : tensor<2x2x3xi32>
}

// -----

// CHECK-LABEL: func @no_fold_broadcast_to(
// CHECK:         %[[R:.+]] = kiln.broadcast_to %{{.+}} : tensor<3xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x3xf32>
func.func @no_fold_broadcast_to(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.broadcast_to %x : tensor<3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @fold_concat_single(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<2x?xf32>
// CHECK-NOT:     kiln.concat
// CHECK-NEXT:    return %[[X]] : tensor<2x?xf32>
func.func @fold_concat_single(%x: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %0 = kiln.concat %x axis 1 : tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// CHECK-LABEL: func @no_fold_concat_two(
// CHECK:         %[[R:.+]] = kiln.concat %{{.+}}, %{{.+}} axis 0 : tensor<2xf32>, tensor<2xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @no_fold_concat_two(%x: tensor<2xf32>) -> tensor<4xf32> {
  %0 = kiln.concat %x, %x axis 0 : tensor<2xf32>, tensor<2xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @fold_slice_whole(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4x8xf32>
// CHECK-NOT:     kiln.slice
// CHECK-NEXT:    return %[[X]] : tensor<4x8xf32>
func.func @fold_slice_whole(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.slice %x [0, 0] to [4, 8] : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func @no_fold_slice_part(
// CHECK:         kiln.slice %{{.+}} [0, 0] to [4, 8] stride [1, 2] : tensor<4x8xf32>
// CHECK:         kiln.slice %{{.+}} [1, 0] to [4, 8] : tensor<4x8xf32>
func.func @no_fold_slice_part(%x: tensor<4x8xf32>) -> (tensor<4x4xf32>, tensor<3x8xf32>) {
  %0 = kiln.slice %x [0, 0] to [4, 8] stride [1, 2] : tensor<4x8xf32>
  %1 = kiln.slice %x [1, 0] to [4, 8] : tensor<4x8xf32>
  return %0, %1 : tensor<4x4xf32>, tensor<3x8xf32>
}

// -----

// CHECK-LABEL: func @fold_pad_zero(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x3xf32>
// CHECK-NOT:     kiln.pad
// CHECK-NEXT:    return %[[X]] : tensor<?x3xf32>
func.func @fold_pad_zero(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = kiln.pad %x low [0, 0] high [0, 0] value 1.0 : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func @no_fold_pad(
// CHECK:         %[[R:.+]] = kiln.pad %{{.+}} low [0, 1] high [0, 1] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x5xf32>
func.func @no_fold_pad(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  %0 = kiln.pad %x low [0, 1] high [0, 1] : tensor<2x3xf32>
  return %0 : tensor<2x5xf32>
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func @fold_if_true(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NOT:     kiln.if
// CHECK-NEXT:    %[[E:.+]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NOT:     kiln.neg
// CHECK-NOT:     kiln.yield
// CHECK-NEXT:    return %[[E]] : tensor<4xf32>
func.func @fold_if_true(%a: tensor<4xf32>) -> tensor<4xf32> {
  %p = kiln.constant dense<true> : tensor<i1>
  %r = kiln.if %p -> (tensor<4xf32>) {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  } else {
    %n = kiln.neg %a : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// An arith.constant predicate works too; the else region may yield values
// from outside.
// CHECK-LABEL: func @fold_if_false(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NOT:     kiln.if
// CHECK-NOT:     kiln.exp
// CHECK-NEXT:    %[[N:.+]] = kiln.neg %[[A]] : tensor<4xf32>
// CHECK-NEXT:    %[[T:.+]] = kiln.tanh %[[N]] : tensor<4xf32>
// CHECK-NOT:     kiln.yield
// CHECK-NEXT:    return %[[A]], %[[T]] : tensor<4xf32>, tensor<4xf32>
func.func @fold_if_false(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %p = arith.constant dense<false> : tensor<i1>
  %r:2 = kiln.if %p -> (tensor<4xf32>, tensor<4xf32>) {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e, %a : tensor<4xf32>, tensor<4xf32>
  } else {
    %n = kiln.neg %a : tensor<4xf32>
    %t = kiln.tanh %n : tensor<4xf32>
    kiln.yield %a, %t : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// The predicate becomes constant by folding (1.0 > 2.0 is false).
// CHECK-LABEL: func @fold_if_folded_predicate(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NOT:     kiln.compare
// CHECK-NOT:     kiln.if
// CHECK-NEXT:    %[[N:.+]] = kiln.neg %[[A]] : tensor<4xf32>
// CHECK-NEXT:    return %[[N]] : tensor<4xf32>
func.func @fold_if_folded_predicate(%a: tensor<4xf32>) -> tensor<4xf32> {
  %x = kiln.constant dense<1.0> : tensor<f32>
  %y = kiln.constant dense<2.0> : tensor<f32>
  %p = kiln.compare gt, %x, %y : tensor<f32>
  %r = kiln.if %p -> (tensor<4xf32>) {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  } else {
    %n = kiln.neg %a : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @no_fold_if_non_constant_predicate(
// CHECK-SAME:      %[[P:[a-z0-9]+]]: tensor<i1>, %[[A:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NEXT:    %[[R:.+]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// CHECK-NEXT:      %[[E:.+]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[E]] : tensor<4xf32>
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %[[N:.+]] = kiln.neg %[[A]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[N]] : tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @no_fold_if_non_constant_predicate(%p: tensor<i1>, %a: tensor<4xf32>) -> tensor<4xf32> {
  %r = kiln.if %p -> (tensor<4xf32>) {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  } else {
    %n = kiln.neg %a : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// lb > ub with index bounds from arith.constant: zero trips.
// CHECK-LABEL: func @fold_for_zero_trips_index(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<i64>
// CHECK-NOT:     kiln.for
// CHECK-NOT:     kiln.exp
// CHECK-NEXT:    return %[[X]], %[[Y]] : tensor<4xf32>, tensor<i64>
func.func @fold_for_zero_trips_index(%x: tensor<4xf32>, %y: tensor<i64>) -> (tensor<4xf32>, tensor<i64>) {
  %lb = arith.constant 5 : index
  %ub = arith.constant 3 : index
  %s = arith.constant 1 : index
  %r:2 = kiln.for %i = %lb to %ub step %s iter_args(%a = %x, %b = %y) -> (tensor<4xf32>, tensor<i64>) : index {
    %e = kiln.exp %a : tensor<4xf32>
    %b1 = kiln.add %b, %b : tensor<i64>
    kiln.yield %e, %b1 : tensor<4xf32>, tensor<i64>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<i64>
}

// -----

// lb == ub with i64 bounds.
// CHECK-LABEL: func @fold_for_zero_trips_equal_bounds_i64(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NOT:     kiln.for
// CHECK:         return %[[X]] : tensor<4xf32>
func.func @fold_for_zero_trips_equal_bounds_i64(%x: tensor<4xf32>) -> tensor<4xf32> {
  %lb = arith.constant 7 : i64
  %s = arith.constant 2 : i64
  %r = kiln.for %i = %lb to %lb step %s iter_args(%a = %x) -> (tensor<4xf32>) : i64 {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// 0-d tensor<i64> bounds from kiln.constant.
// CHECK-LABEL: func @fold_for_zero_trips_tensor_bounds(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>
// CHECK-NOT:     kiln.for
// CHECK-NOT:     kiln.exp
// CHECK-NEXT:    return %[[X]] : tensor<4xf32>
func.func @fold_for_zero_trips_tensor_bounds(%x: tensor<4xf32>) -> tensor<4xf32> {
  %lb = kiln.constant dense<10> : tensor<i64>
  %ub = kiln.constant dense<0> : tensor<i64>
  %s = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %lb to %ub step %s iter_args(%a = %x) -> (tensor<4xf32>) : tensor<i64> {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// One trip, or an unknown trip count: the loop stays.
// CHECK-LABEL: func @no_fold_for_nonzero_trips(
// CHECK:         %[[R0:.+]] = kiln.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %{{.+}}) -> (tensor<4xf32>) : tensor<i64> {
// CHECK:           kiln.exp
// CHECK:         %[[R1:.+]] = kiln.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %[[R0]]) -> (tensor<4xf32>) : index {
// CHECK:           kiln.exp
// CHECK:         return %[[R1]] : tensor<4xf32>
func.func @no_fold_for_nonzero_trips(%x: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %lb = kiln.constant dense<0> : tensor<i64>
  %ub = kiln.constant dense<1> : tensor<i64>
  %s = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %lb to %ub step %s iter_args(%a = %x) -> (tensor<4xf32>) : tensor<i64> {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r2 = kiln.for %i = %c0 to %n step %c1 iter_args(%a = %r) -> (tensor<4xf32>) : index {
    %e = kiln.exp %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  }
  return %r2 : tensor<4xf32>
}

// -----

// %b's result is unused and %b only feeds its own next value: dropped, with
// the ops computing it.
// CHECK-LABEL: func @for_drop_unused_iter_arg(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: index
// CHECK:         %[[R:.+]] = kiln.for %{{.+}} = %{{.+}} to %[[N]] step %{{.+}} iter_args(%[[A:.+]] = %[[X]]) -> (tensor<4xf32>) : index {
// CHECK-NEXT:      %[[A1:.+]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[A1]] : tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NOT:     kiln.tanh
// CHECK-NOT:     kiln.mul
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @for_drop_unused_iter_arg(%x: tensor<4xf32>, %y: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r:2 = kiln.for %i = %lb to %n step %s iter_args(%a = %x, %b = %y) -> (tensor<4xf32>, tensor<4xf32>) : index {
    %a1 = kiln.exp %a : tensor<4xf32>
    %b1 = kiln.tanh %b : tensor<4xf32>
    %b2 = kiln.mul %b1, %b : tensor<4xf32>
    kiln.yield %a1, %b2 : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0 : tensor<4xf32>
}

// -----

// The middle of three values goes; the others keep their order.
// CHECK-LABEL: func @for_drop_middle_iter_arg(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<3xf32>, %[[Z:[a-z0-9]+]]: tensor<i64>
// CHECK:         %[[R:.+]]:2 = kiln.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[A:.+]] = %[[X]], %[[C:.+]] = %[[Z]]) -> (tensor<4xf32>, tensor<i64>) : tensor<i64> {
// CHECK-NEXT:      %[[A1:.+]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NEXT:      %[[C1:.+]] = kiln.add %[[C]], %[[I]] : tensor<i64>
// CHECK-NEXT:      kiln.yield %[[A1]], %[[C1]] : tensor<4xf32>, tensor<i64>
// CHECK-NEXT:    }
// CHECK-NOT:     kiln.neg
// CHECK-NEXT:    return %[[R]]#0, %[[R]]#1 : tensor<4xf32>, tensor<i64>
func.func @for_drop_middle_iter_arg(%x: tensor<4xf32>, %y: tensor<3xf32>, %z: tensor<i64>, %n: tensor<i64>) -> (tensor<4xf32>, tensor<i64>) {
  %lb = kiln.constant dense<0> : tensor<i64>
  %s = kiln.constant dense<1> : tensor<i64>
  %r:3 = kiln.for %i = %lb to %n step %s iter_args(%a = %x, %b = %y, %c = %z) -> (tensor<4xf32>, tensor<3xf32>, tensor<i64>) : tensor<i64> {
    %a1 = kiln.exp %a : tensor<4xf32>
    %b1 = kiln.neg %b : tensor<3xf32>
    %c1 = kiln.add %c, %i : tensor<i64>
    kiln.yield %a1, %b1, %c1 : tensor<4xf32>, tensor<3xf32>, tensor<i64>
  }
  return %r#0, %r#2 : tensor<4xf32>, tensor<i64>
}

// -----

// The value reaches its own yield through a nested kiln.if: still dropped.
// CHECK-LABEL: func @for_drop_iter_arg_through_nested_if(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<4xf32>
// CHECK:         %[[R:.+]] = kiln.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[A:.+]] = %[[X]]) -> (tensor<4xf32>) : index {
// CHECK-NEXT:      %[[A1:.+]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[A1]] : tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NOT:     kiln.if
// CHECK-NOT:     kiln.tanh
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @for_drop_iter_arg_through_nested_if(%x: tensor<4xf32>, %y: tensor<4xf32>, %p: tensor<i1>, %n: index) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r:2 = kiln.for %i = %lb to %n step %s iter_args(%a = %x, %b = %y) -> (tensor<4xf32>, tensor<4xf32>) : index {
    %a1 = kiln.exp %a : tensor<4xf32>
    %q = kiln.if %p -> (tensor<4xf32>) {
      kiln.yield %b : tensor<4xf32>
    } else {
      %t = kiln.tanh %b : tensor<4xf32>
      kiln.yield %t : tensor<4xf32>
    }
    kiln.yield %a1, %q : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0 : tensor<4xf32>
}

// -----

// No result is used: the loop disappears.
// CHECK-LABEL: func @for_all_results_unused(
// CHECK-NOT:     kiln.for
// CHECK-NOT:     kiln.exp
// CHECK:         return
func.func @for_all_results_unused(%x: tensor<4xf32>, %n: index) {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r = kiln.for %i = %lb to %n step %s iter_args(%a = %x) -> (tensor<4xf32>) : index {
    %a1 = kiln.exp %a : tensor<4xf32>
    kiln.yield %a1 : tensor<4xf32>
  }
  return
}

// -----

// %b's result is unused but %b feeds the used %a: kept.
// CHECK-LABEL: func @for_keep_iter_arg_feeding_used_value(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<4xf32>
// CHECK:         %[[R:.+]]:2 = kiln.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[A:.+]] = %[[X]], %[[B:.+]] = %[[Y]]) -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK-NEXT:      %[[A1:.+]] = kiln.add %[[A]], %[[B]] : tensor<4xf32>
// CHECK-NEXT:      %[[B1:.+]] = kiln.tanh %[[B]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[A1]], %[[B1]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]]#0 : tensor<4xf32>
func.func @for_keep_iter_arg_feeding_used_value(%x: tensor<4xf32>, %y: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r:2 = kiln.for %i = %lb to %n step %s iter_args(%a = %x, %b = %y) -> (tensor<4xf32>, tensor<4xf32>) : index {
    %a1 = kiln.add %a, %b : tensor<4xf32>
    %b1 = kiln.tanh %b : tensor<4xf32>
    kiln.yield %a1, %b1 : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0 : tensor<4xf32>
}

// -----

// Through a nested kiln.if the two values swap places every iteration, so the
// unused one reaches the used result: kept.
// CHECK-LABEL: func @for_keep_iter_arg_swapped_through_nested_if(
// CHECK:         %[[R:.+]]:2 = kiln.for {{.+}} -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK:           kiln.if
// CHECK:         return %[[R]]#0 : tensor<4xf32>
func.func @for_keep_iter_arg_swapped_through_nested_if(%x: tensor<4xf32>, %y: tensor<4xf32>, %p: tensor<i1>, %n: index) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r:2 = kiln.for %i = %lb to %n step %s iter_args(%a = %x, %b = %y) -> (tensor<4xf32>, tensor<4xf32>) : index {
    %q:2 = kiln.if %p -> (tensor<4xf32>, tensor<4xf32>) {
      kiln.yield %a, %b : tensor<4xf32>, tensor<4xf32>
    } else {
      kiln.yield %b, %a : tensor<4xf32>, tensor<4xf32>
    }
    kiln.yield %q#0, %q#1 : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0 : tensor<4xf32>
}

// -----

// %v's result is unused and it only flows to its own next value in both
// regions: dropped.
// CHECK-LABEL: func @while_drop_unused_value(
// CHECK-SAME:      %[[I0:[a-z0-9]+]]: tensor<i64>, %[[N:[a-z0-9]+]]: tensor<i64>, %[[X:[a-z0-9]+]]: tensor<4xf32>
// CHECK:         %[[ONE:.+]] = kiln.constant dense<1> : tensor<i64>
// CHECK-NEXT:    %[[R:.+]] = kiln.while (%[[I:.+]] = %[[I0]]) : tensor<i64> {
// CHECK-NEXT:      %[[GO:.+]] = kiln.compare lt, %[[I]], %[[N]] : tensor<i64>
// CHECK-NEXT:      kiln.condition %[[GO]], %[[I]] : tensor<i64>
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[J:.+]]: tensor<i64>):
// CHECK-NEXT:      %[[J1:.+]] = kiln.add %[[J]], %[[ONE]] : tensor<i64>
// CHECK-NEXT:      kiln.yield %[[J1]] : tensor<i64>
// CHECK-NEXT:    }
// CHECK-NOT:     kiln.exp
// CHECK-NEXT:    return %[[R]] : tensor<i64>
func.func @while_drop_unused_value(%i0: tensor<i64>, %n: tensor<i64>, %x: tensor<4xf32>) -> tensor<i64> {
  %one = kiln.constant dense<1> : tensor<i64>
  %r:2 = kiln.while (%i = %i0, %v = %x) : tensor<i64>, tensor<4xf32> {
    %go = kiln.compare lt, %i, %n : tensor<i64>
    kiln.condition %go, %i, %v : tensor<i64>, tensor<4xf32>
  } do {
  ^bb0(%j: tensor<i64>, %w: tensor<4xf32>):
    %j1 = kiln.add %j, %one : tensor<i64>
    %w1 = kiln.exp %w : tensor<4xf32>
    kiln.yield %j1, %w1 : tensor<i64>, tensor<4xf32>
  }
  return %r#0 : tensor<i64>
}

// -----

// The dropped value is computed in the 'before' region too.
// CHECK-LABEL: func @while_drop_middle_value(
// CHECK-SAME:      %[[I0:[a-z0-9]+]]: tensor<i64>, %[[N:[a-z0-9]+]]: tensor<i64>, %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<2xf32>
// CHECK:         %[[R:.+]]:2 = kiln.while (%[[I:.+]] = %[[I0]], %[[U:.+]] = %[[Y]]) : tensor<i64>, tensor<2xf32> {
// CHECK-NEXT:      %[[GO:.+]] = kiln.compare lt, %[[I]], %[[N]] : tensor<i64>
// CHECK-NEXT:      kiln.condition %[[GO]], %[[I]], %[[U]] : tensor<i64>, tensor<2xf32>
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[J:.+]]: tensor<i64>, %[[T:.+]]: tensor<2xf32>):
// CHECK-NEXT:      %[[J1:.+]] = kiln.add %[[J]], %{{.+}} : tensor<i64>
// CHECK-NEXT:      %[[T1:.+]] = kiln.sin %[[T]] : tensor<2xf32>
// CHECK-NEXT:      kiln.yield %[[J1]], %[[T1]] : tensor<i64>, tensor<2xf32>
// CHECK-NEXT:    }
// CHECK-NOT:     kiln.abs
// CHECK-NOT:     kiln.exp
// CHECK-NEXT:    return %[[R]]#0, %[[R]]#1 : tensor<i64>, tensor<2xf32>
func.func @while_drop_middle_value(%i0: tensor<i64>, %n: tensor<i64>, %x: tensor<4xf32>, %y: tensor<2xf32>) -> (tensor<i64>, tensor<2xf32>) {
  %one = kiln.constant dense<1> : tensor<i64>
  %r:3 = kiln.while (%i = %i0, %v = %x, %u = %y) : tensor<i64>, tensor<4xf32>, tensor<2xf32> {
    %go = kiln.compare lt, %i, %n : tensor<i64>
    %v0 = kiln.abs %v : tensor<4xf32>
    kiln.condition %go, %i, %v0, %u : tensor<i64>, tensor<4xf32>, tensor<2xf32>
  } do {
  ^bb0(%j: tensor<i64>, %w: tensor<4xf32>, %t: tensor<2xf32>):
    %j1 = kiln.add %j, %one : tensor<i64>
    %w1 = kiln.exp %w : tensor<4xf32>
    %t1 = kiln.sin %t : tensor<2xf32>
    kiln.yield %j1, %w1, %t1 : tensor<i64>, tensor<4xf32>, tensor<2xf32>
  }
  return %r#0, %r#2 : tensor<i64>, tensor<2xf32>
}

// -----

// %w's result is unused but it feeds the used %j: kept.
// CHECK-LABEL: func @while_keep_value_feeding_used_value(
// CHECK:         %[[R:.+]]:2 = kiln.while (%{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) : tensor<i64>, tensor<i64> {
// CHECK:           kiln.condition %{{.+}}, %{{.+}}, %{{.+}} : tensor<i64>, tensor<i64>
// CHECK:         } do {
// CHECK-NEXT:    ^bb0(%[[J:.+]]: tensor<i64>, %[[W:.+]]: tensor<i64>):
// CHECK-NEXT:      %[[J1:.+]] = kiln.add %[[J]], %[[W]] : tensor<i64>
// CHECK-NEXT:      %[[W1:.+]] = kiln.mul %[[W]], %[[W]] : tensor<i64>
// CHECK-NEXT:      kiln.yield %[[J1]], %[[W1]] : tensor<i64>, tensor<i64>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]]#0 : tensor<i64>
func.func @while_keep_value_feeding_used_value(%i0: tensor<i64>, %n: tensor<i64>, %x: tensor<i64>) -> tensor<i64> {
  %r:2 = kiln.while (%i = %i0, %v = %x) : tensor<i64>, tensor<i64> {
    %go = kiln.compare lt, %i, %n : tensor<i64>
    kiln.condition %go, %i, %v : tensor<i64>, tensor<i64>
  } do {
  ^bb0(%j: tensor<i64>, %w: tensor<i64>):
    %j1 = kiln.add %j, %w : tensor<i64>
    %w1 = kiln.mul %w, %w : tensor<i64>
    kiln.yield %j1, %w1 : tensor<i64>, tensor<i64>
  }
  return %r#0 : tensor<i64>
}

// -----

// %v's result is unused but it decides when the loop ends: kept.
// CHECK-LABEL: func @while_keep_value_feeding_condition(
// CHECK:         %[[R:.+]]:2 = kiln.while (%{{.+}} = %{{.+}}, %[[V:.+]] = %{{.+}}) : tensor<i64>, tensor<f32> {
// CHECK-NEXT:      %[[GO:.+]] = kiln.compare lt, %[[V]], %{{.+}} : tensor<f32>
// CHECK-NEXT:      kiln.condition %[[GO]], %{{.+}}, %[[V]] : tensor<i64>, tensor<f32>
// CHECK-NEXT:    } do {
// CHECK:           kiln.exp
// CHECK:         return %[[R]]#0 : tensor<i64>
func.func @while_keep_value_feeding_condition(%i0: tensor<i64>, %x: tensor<f32>) -> tensor<i64> {
  %one = kiln.constant dense<1> : tensor<i64>
  %lim = kiln.constant dense<1.0e3> : tensor<f32>
  %r:2 = kiln.while (%i = %i0, %v = %x) : tensor<i64>, tensor<f32> {
    %go = kiln.compare lt, %v, %lim : tensor<f32>
    kiln.condition %go, %i, %v : tensor<i64>, tensor<f32>
  } do {
  ^bb0(%j: tensor<i64>, %w: tensor<f32>):
    %j1 = kiln.add %j, %one : tensor<i64>
    %w1 = kiln.exp %w : tensor<f32>
    kiln.yield %j1, %w1 : tensor<i64>, tensor<f32>
  }
  return %r#0 : tensor<i64>
}

// -----

// Dynamic sizes may still broadcast at run time, so these identities only
// hold when the shapes prove it.

// CHECK-LABEL: func @no_fold_select_same_branches_dynamic(
// CHECK:         %[[R:.+]] = kiln.select
// CHECK-NEXT:    return %[[R]] : tensor<?xf32>
func.func @no_fold_select_same_branches_dynamic(%c: tensor<?xi1>, %x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = kiln.select %c, %x, %x : tensor<?xi1>, tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// A size-1 condition never broadcasts x.
// CHECK-LABEL: func @fold_select_same_branches_unit_condition(
// CHECK-SAME:      %[[C:[a-z0-9]+]]: tensor<1xi1>, %[[X:[a-z0-9]+]]: tensor<?xf32>
// CHECK-NEXT:    return %[[X]] : tensor<?xf32>
func.func @fold_select_same_branches_unit_condition(%c: tensor<1xi1>, %x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = kiln.select %c, %x, %x : tensor<1xi1>, tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func @no_fold_broadcast_to_same_dynamic_type(
// CHECK:         %[[R:.+]] = kiln.broadcast_to
// CHECK-NEXT:    return %[[R]] : tensor<?xf32>
func.func @no_fold_broadcast_to_same_dynamic_type(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %0 = kiln.broadcast_to %x [%n] : tensor<?xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Folding the inner reshape away would turn the -1 into a dynamic size.
// CHECK-LABEL: func @no_fold_reshape_chain_dynamic_inferred(
// CHECK:         %[[A:.+]] = kiln.reshape %{{.+}} [2, 2, 2] : tensor<?x4xf32>
// CHECK-NEXT:    %[[B:.+]] = kiln.reshape %[[A]] [-1] : tensor<2x2x2xf32>
// CHECK-NEXT:    return %[[B]] : tensor<8xf32>
func.func @no_fold_reshape_chain_dynamic_inferred(%x: tensor<?x4xf32>) -> tensor<8xf32> {
  %0 = kiln.reshape %x [2, 2, 2] : tensor<?x4xf32>
  %1 = kiln.reshape %0 [-1] : tensor<2x2x2xf32>
  return %1 : tensor<8xf32>
}

// -----

// Without a -1 the outer shape alone decides the result.
// CHECK-LABEL: func @fold_reshape_chain_dynamic_explicit(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x4xf32>
// CHECK-NEXT:    %[[R:.+]] = kiln.reshape %[[X]] [8] : tensor<?x4xf32>
// CHECK-NEXT:    return %[[R]] : tensor<8xf32>
func.func @fold_reshape_chain_dynamic_explicit(%x: tensor<?x4xf32>) -> tensor<8xf32> {
  %0 = kiln.reshape %x [2, 2, 2] : tensor<?x4xf32>
  %1 = kiln.reshape %0 [8] : tensor<2x2x2xf32>
  return %1 : tensor<8xf32>
}

// -----

// i1 compares as a bool: true > false.
// CHECK-LABEL: func @fold_compare_i1(
// CHECK-DAG:     %[[GT:.+]] = kiln.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG:     %[[LT:.+]] = kiln.constant dense<[false, true]> : tensor<2xi1>
// CHECK:         return %[[GT]], %[[LT]]
func.func @fold_compare_i1() -> (tensor<2xi1>, tensor<2xi1>) {
  %a = kiln.constant dense<[true, false]> : tensor<2xi1>
  %b = kiln.constant dense<[false, true]> : tensor<2xi1>
  %0 = kiln.compare gt, %a, %b : tensor<2xi1>
  %1 = kiln.compare lt, %a, %b : tensor<2xi1>
  return %0, %1 : tensor<2xi1>, tensor<2xi1>
}

// -----

// Zero-element constants fold to zero-element constants.
// CHECK-LABEL: func @fold_empty(
// CHECK-DAG:     %[[A:.+]] = kiln.constant dense<> : tensor<0xf32>
// CHECK-DAG:     %[[B:.+]] = kiln.constant dense<> : tensor<0x3xf32>
// CHECK:         return %[[A]], %[[B]]
func.func @fold_empty() -> (tensor<0xf32>, tensor<0x3xf32>) {
  %a = kiln.constant dense<1.0> : tensor<0xf32>
  %b = kiln.constant dense<2.0> : tensor<0xf32>
  %0 = kiln.add %a, %b : tensor<0xf32>
  %c = kiln.constant dense<1.0> : tensor<0x3xf32>
  %1 = kiln.exp %c : tensor<0x3xf32>
  return %0, %1 : tensor<0xf32>, tensor<0x3xf32>
}

// -----

// f16 and bf16 reductions accumulate in double precision.
// CHECK-LABEL: func @fold_reduce_f16_accumulates_wide(
// CHECK-DAG:     %[[S:.+]] = kiln.constant dense<4.096000e+03> : tensor<f16>
// CHECK-DAG:     %[[M:.+]] = kiln.constant dense<1.000000e+00> : tensor<f16>
// CHECK-DAG:     %[[B:.+]] = kiln.constant dense<1.024000e+03> : tensor<bf16>
// CHECK:         return %[[S]], %[[M]], %[[B]]
func.func @fold_reduce_f16_accumulates_wide() -> (tensor<f16>, tensor<f16>, tensor<bf16>) {
  %x = kiln.constant dense<1.0> : tensor<4096xf16>
  %0 = kiln.reduce_sum %x : tensor<4096xf16>
  %1 = kiln.reduce_mean %x : tensor<4096xf16>
  %y = kiln.constant dense<1.0> : tensor<1024xbf16>
  %2 = kiln.reduce_sum %y : tensor<1024xbf16>
  return %0, %1, %2 : tensor<f16>, tensor<f16>, tensor<bf16>
}

// -----

// A constant condition picks a branch only when the other branch cannot
// broadcast the result to more elements.
// CHECK-LABEL: func @no_fold_select_constant_condition_dynamic(
// CHECK:         %[[R:.+]] = kiln.select
// CHECK-NEXT:    return %[[R]] : tensor<?xf32>
func.func @no_fold_select_constant_condition_dynamic(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %c = kiln.constant dense<true> : tensor<i1>
  %0 = kiln.select %c, %x, %y : tensor<i1>, tensor<?xf32>
  return %0 : tensor<?xf32>
}
