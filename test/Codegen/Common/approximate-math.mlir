// RUN: kiln-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(kiln-approximate-math))" | FileCheck %s

// f32 transcendentals, vector or scalar, become polynomial arithmetic: no
// math op (and so no libm call per lane) is left.
// CHECK-LABEL: func.func @f32_ops
// CHECK-NOT:   math.exp
// CHECK-NOT:   math.tanh
// CHECK-NOT:   math.log
// CHECK-NOT:   math.erf
// CHECK:       math.fma
// CHECK:       return
func.func @f32_ops(%v: vector<1x16xf32>, %s: f32) -> (vector<1x16xf32>, f32, vector<8xf32>, f32) {
  %0 = math.exp %v : vector<1x16xf32>
  %1 = math.tanh %s : f32
  %2 = math.log %0 : vector<1x16xf32>
  %3 = math.erf %1 : f32
  %4 = vector.extract %2[0] : vector<16xf32> from vector<1x16xf32>
  %5 = vector.extract_strided_slice %4 {offsets = [0], sizes = [8], strides = [1]} : vector<16xf32> to vector<8xf32>
  return %2, %3, %5, %1 : vector<1x16xf32>, f32, vector<8xf32>, f32
}

// -----

// f64 keeps the exact library functions.
// CHECK-LABEL: func.func @f64_ops
// CHECK:       math.exp %{{.*}} : vector<8xf64>
// CHECK:       math.tanh %{{.*}} : f64
func.func @f64_ops(%v: vector<8xf64>, %s: f64) -> (vector<8xf64>, f64) {
  %0 = math.exp %v : vector<8xf64>
  %1 = math.tanh %s : f64
  return %0, %1 : vector<8xf64>, f64
}
