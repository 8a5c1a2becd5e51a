// RUN: kiln-opt %s -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s

// Round trip of every kiln data op in its custom form. Each function returns
// the op results under the types it expects inference to give, so a wrong
// inferred type fails verification of the `return`; the CHECK lines then pin
// the printed form. The second RUN line goes through the generic form.
//
// conv2d, max_pool2d, avg_pool2d and gather may leave out their
// default-valued attributes, which the printer also leaves out.

// CHECK-LABEL: func @constant_dense
// CHECK-SAME: () -> (tensor<2x2xf32>, tensor<3xi64>, tensor<2xi1>)
// CHECK: %[[R0:.*]] = kiln.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: %[[R1:.*]] = kiln.constant dense<[1, -2, 3]> : tensor<3xi64>
// CHECK: %[[R2:.*]] = kiln.constant dense<[true, false]> : tensor<2xi1>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<2x2xf32>, tensor<3xi64>, tensor<2xi1>
func.func @constant_dense() -> (tensor<2x2xf32>, tensor<3xi64>, tensor<2xi1>) {
  %0 = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %1 = kiln.constant dense<[1, -2, 3]> : tensor<3xi64>
  %2 = kiln.constant dense<[true, false]> : tensor<2xi1>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<3xi64>, tensor<2xi1>
}

// -----

// CHECK-LABEL: func @constant_splat_and_0d
// CHECK-SAME: () -> (tensor<4x8xf32>, tensor<f32>, tensor<i32>, tensor<i1>, tensor<3xbf16>, tensor<2xf16>, tensor<f64>)
// CHECK: %[[R0:.*]] = kiln.constant dense<5.000000e-01> : tensor<4x8xf32>
// CHECK: %[[R1:.*]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[R2:.*]] = kiln.constant dense<7> : tensor<i32>
// CHECK: %[[R3:.*]] = kiln.constant dense<true> : tensor<i1>
// CHECK: %[[R4:.*]] = kiln.constant dense<1.000000e+00> : tensor<3xbf16>
// CHECK: %[[R5:.*]] = kiln.constant dense<[1.500000e+00, 2.500000e+00]> : tensor<2xf16>
// CHECK: %[[R6:.*]] = kiln.constant dense<-3.000000e+00> : tensor<f64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]] : tensor<4x8xf32>, tensor<f32>, tensor<i32>, tensor<i1>, tensor<3xbf16>, tensor<2xf16>, tensor<f64>
func.func @constant_splat_and_0d() -> (tensor<4x8xf32>, tensor<f32>, tensor<i32>, tensor<i1>, tensor<3xbf16>, tensor<2xf16>, tensor<f64>) {
  %0 = kiln.constant dense<0.5> : tensor<4x8xf32>
  %1 = kiln.constant dense<0.0> : tensor<f32>
  %2 = kiln.constant dense<7> : tensor<i32>
  %3 = kiln.constant dense<true> : tensor<i1>
  %4 = kiln.constant dense<1.0> : tensor<3xbf16>
  %5 = kiln.constant dense<[1.5, 2.5]> : tensor<2xf16>
  %6 = kiln.constant dense<-3.0> : tensor<f64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4x8xf32>, tensor<f32>, tensor<i32>, tensor<i1>, tensor<3xbf16>, tensor<2xf16>, tensor<f64>
}

// -----

// CHECK-LABEL: func @unary_float
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4x?xf32>) -> (tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>)
// CHECK: %[[R0:.*]] = kiln.exp %[[X]] : tensor<4x?xf32>
// CHECK: %[[R1:.*]] = kiln.log %[[R0]] : tensor<4x?xf32>
// CHECK: %[[R2:.*]] = kiln.sqrt %[[R1]] : tensor<4x?xf32>
// CHECK: %[[R3:.*]] = kiln.rsqrt %[[R2]] : tensor<4x?xf32>
// CHECK: %[[R4:.*]] = kiln.tanh %[[R3]] : tensor<4x?xf32>
// CHECK: %[[R5:.*]] = kiln.sigmoid %[[R4]] : tensor<4x?xf32>
// CHECK: %[[R6:.*]] = kiln.gelu %[[R5]] : tensor<4x?xf32>
// CHECK: %[[R7:.*]] = kiln.sin %[[R6]] : tensor<4x?xf32>
// CHECK: %[[R8:.*]] = kiln.cos %[[R7]] : tensor<4x?xf32>
// CHECK: %[[R9:.*]] = kiln.erf %[[R8]] : tensor<4x?xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]], %[[R7]], %[[R8]], %[[R9]] : tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>
func.func @unary_float(%x: tensor<4x?xf32>) -> (tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>) {
  %0 = kiln.exp %x : tensor<4x?xf32>
  %1 = kiln.log %0 : tensor<4x?xf32>
  %2 = kiln.sqrt %1 : tensor<4x?xf32>
  %3 = kiln.rsqrt %2 : tensor<4x?xf32>
  %4 = kiln.tanh %3 : tensor<4x?xf32>
  %5 = kiln.sigmoid %4 : tensor<4x?xf32>
  %6 = kiln.gelu %5 : tensor<4x?xf32>
  %7 = kiln.sin %6 : tensor<4x?xf32>
  %8 = kiln.cos %7 : tensor<4x?xf32>
  %9 = kiln.erf %8 : tensor<4x?xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>
}

// -----

// CHECK-LABEL: func @unary_numeric
// CHECK-SAME: (%[[F:[^:]+]]: tensor<2x3xf32>, %[[I:[^:]+]]: tensor<5xi32>, %[[L:[^:]+]]: tensor<i64>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<i64>, tensor<i64>, tensor<i64>)
// CHECK: %[[R0:.*]] = kiln.neg %[[F]] : tensor<2x3xf32>
// CHECK: %[[R1:.*]] = kiln.abs %[[F]] : tensor<2x3xf32>
// CHECK: %[[R2:.*]] = kiln.relu %[[F]] : tensor<2x3xf32>
// CHECK: %[[R3:.*]] = kiln.neg %[[I]] : tensor<5xi32>
// CHECK: %[[R4:.*]] = kiln.abs %[[I]] : tensor<5xi32>
// CHECK: %[[R5:.*]] = kiln.relu %[[I]] : tensor<5xi32>
// CHECK: %[[R6:.*]] = kiln.neg %[[L]] : tensor<i64>
// CHECK: %[[R7:.*]] = kiln.abs %[[L]] : tensor<i64>
// CHECK: %[[R8:.*]] = kiln.relu %[[L]] : tensor<i64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]], %[[R7]], %[[R8]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<i64>, tensor<i64>, tensor<i64>
func.func @unary_numeric(%f: tensor<2x3xf32>, %i: tensor<5xi32>, %l: tensor<i64>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<i64>, tensor<i64>, tensor<i64>) {
  %0 = kiln.neg %f : tensor<2x3xf32>
  %1 = kiln.abs %f : tensor<2x3xf32>
  %2 = kiln.relu %f : tensor<2x3xf32>
  %3 = kiln.neg %i : tensor<5xi32>
  %4 = kiln.abs %i : tensor<5xi32>
  %5 = kiln.relu %i : tensor<5xi32>
  %6 = kiln.neg %l : tensor<i64>
  %7 = kiln.abs %l : tensor<i64>
  %8 = kiln.relu %l : tensor<i64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<i64>, tensor<i64>, tensor<i64>
}

// -----

// CHECK-LABEL: func @unary_other_float_types
// CHECK-SAME: (%[[H:[^:]+]]: tensor<8xf16>, %[[B:[^:]+]]: tensor<8xbf16>, %[[D:[^:]+]]: tensor<?xf64>) -> (tensor<8xf16>, tensor<8xbf16>, tensor<?xf64>)
// CHECK: %[[R0:.*]] = kiln.exp %[[H]] : tensor<8xf16>
// CHECK: %[[R1:.*]] = kiln.tanh %[[B]] : tensor<8xbf16>
// CHECK: %[[R2:.*]] = kiln.sqrt %[[D]] : tensor<?xf64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<8xf16>, tensor<8xbf16>, tensor<?xf64>
func.func @unary_other_float_types(%h: tensor<8xf16>, %b: tensor<8xbf16>, %d: tensor<?xf64>) -> (tensor<8xf16>, tensor<8xbf16>, tensor<?xf64>) {
  %0 = kiln.exp %h : tensor<8xf16>
  %1 = kiln.tanh %b : tensor<8xbf16>
  %2 = kiln.sqrt %d : tensor<?xf64>
  return %0, %1, %2 : tensor<8xf16>, tensor<8xbf16>, tensor<?xf64>
}

// -----

// CHECK-LABEL: func @binary_same_type
// CHECK-SAME: (%[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: %[[R0:.*]] = kiln.add %[[A]], %[[B]] : tensor<2x3xf32>
// CHECK: %[[R1:.*]] = kiln.sub %[[A]], %[[B]] : tensor<2x3xf32>
// CHECK: %[[R2:.*]] = kiln.mul %[[A]], %[[B]] : tensor<2x3xf32>
// CHECK: %[[R3:.*]] = kiln.div %[[A]], %[[B]] : tensor<2x3xf32>
// CHECK: %[[R4:.*]] = kiln.pow %[[A]], %[[B]] : tensor<2x3xf32>
// CHECK: %[[R5:.*]] = kiln.max %[[A]], %[[B]] : tensor<2x3xf32>
// CHECK: %[[R6:.*]] = kiln.min %[[A]], %[[B]] : tensor<2x3xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
func.func @binary_same_type(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = kiln.add %a, %b : tensor<2x3xf32>
  %1 = kiln.sub %a, %b : tensor<2x3xf32>
  %2 = kiln.mul %a, %b : tensor<2x3xf32>
  %3 = kiln.div %a, %b : tensor<2x3xf32>
  %4 = kiln.pow %a, %b : tensor<2x3xf32>
  %5 = kiln.max %a, %b : tensor<2x3xf32>
  %6 = kiln.min %a, %b : tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @binary_integer
// CHECK-SAME: (%[[A:[^:]+]]: tensor<4xi32>, %[[B:[^:]+]]: tensor<4xi32>, %[[C:[^:]+]]: tensor<2x1xi64>, %[[D:[^:]+]]: tensor<3xi64>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<2x3xi64>, tensor<2x3xi64>)
// CHECK: %[[R0:.*]] = kiln.add %[[A]], %[[B]] : tensor<4xi32>
// CHECK: %[[R1:.*]] = kiln.sub %[[A]], %[[B]] : tensor<4xi32>
// CHECK: %[[R2:.*]] = kiln.mul %[[A]], %[[B]] : tensor<4xi32>
// CHECK: %[[R3:.*]] = kiln.div %[[A]], %[[B]] : tensor<4xi32>
// CHECK: %[[R4:.*]] = kiln.max %[[C]], %[[D]] : tensor<2x1xi64>, tensor<3xi64>
// CHECK: %[[R5:.*]] = kiln.min %[[C]], %[[D]] : tensor<2x1xi64>, tensor<3xi64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]] : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<2x3xi64>, tensor<2x3xi64>
func.func @binary_integer(%a: tensor<4xi32>, %b: tensor<4xi32>, %c: tensor<2x1xi64>, %d: tensor<3xi64>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<2x3xi64>, tensor<2x3xi64>) {
  %0 = kiln.add %a, %b : tensor<4xi32>
  %1 = kiln.sub %a, %b : tensor<4xi32>
  %2 = kiln.mul %a, %b : tensor<4xi32>
  %3 = kiln.div %a, %b : tensor<4xi32>
  %4 = kiln.max %c, %d : tensor<2x1xi64>, tensor<3xi64>
  %5 = kiln.min %c, %d : tensor<2x1xi64>, tensor<3xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<2x3xi64>, tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func @binary_broadcast
// CHECK-SAME: (%[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<3xf32>, %[[C:[^:]+]]: tensor<4x1x3xf32>, %[[D:[^:]+]]: tensor<5x1xf32>, %[[E:[^:]+]]: tensor<1xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>, tensor<4x5x3xf32>, tensor<2x3xf32>)
// CHECK: %[[R0:.*]] = kiln.add %[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>
// CHECK: %[[R1:.*]] = kiln.sub %[[B]], %[[A]] : tensor<3xf32>, tensor<2x3xf32>
// CHECK: %[[R2:.*]] = kiln.mul %[[C]], %[[D]] : tensor<4x1x3xf32>, tensor<5x1xf32>
// CHECK: %[[R3:.*]] = kiln.pow %[[D]], %[[C]] : tensor<5x1xf32>, tensor<4x1x3xf32>
// CHECK: %[[R4:.*]] = kiln.div %[[A]], %[[E]] : tensor<2x3xf32>, tensor<1xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>, tensor<4x5x3xf32>, tensor<2x3xf32>
func.func @binary_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<4x1x3xf32>, %d: tensor<5x1xf32>, %e: tensor<1xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>, tensor<4x5x3xf32>, tensor<2x3xf32>) {
  %0 = kiln.add %a, %b : tensor<2x3xf32>, tensor<3xf32>
  %1 = kiln.sub %b, %a : tensor<3xf32>, tensor<2x3xf32>
  %2 = kiln.mul %c, %d : tensor<4x1x3xf32>, tensor<5x1xf32>
  %3 = kiln.pow %d, %c : tensor<5x1xf32>, tensor<4x1x3xf32>
  %4 = kiln.div %a, %e : tensor<2x3xf32>, tensor<1xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>, tensor<4x5x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @binary_dynamic
// CHECK-SAME: (%[[A:[^:]+]]: tensor<?x1xf32>, %[[B:[^:]+]]: tensor<3xf32>, %[[C:[^:]+]]: tensor<?x?xf32>, %[[D:[^:]+]]: tensor<1x4xf32>, %[[E:[^:]+]]: tensor<?xf32>) -> (tensor<?x3xf32>, tensor<?x4xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf32>)
// CHECK: %[[R0:.*]] = kiln.add %[[A]], %[[B]] : tensor<?x1xf32>, tensor<3xf32>
// CHECK: %[[R1:.*]] = kiln.max %[[C]], %[[D]] : tensor<?x?xf32>, tensor<1x4xf32>
// CHECK: %[[R2:.*]] = kiln.min %[[C]], %[[C]] : tensor<?x?xf32>
// CHECK: %[[R3:.*]] = kiln.sub %[[E]], %[[E]] : tensor<?xf32>
// CHECK: %[[R4:.*]] = kiln.mul %[[A]], %[[E]] : tensor<?x1xf32>, tensor<?xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]] : tensor<?x3xf32>, tensor<?x4xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf32>
func.func @binary_dynamic(%a: tensor<?x1xf32>, %b: tensor<3xf32>, %c: tensor<?x?xf32>, %d: tensor<1x4xf32>, %e: tensor<?xf32>) -> (tensor<?x3xf32>, tensor<?x4xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf32>) {
  %0 = kiln.add %a, %b : tensor<?x1xf32>, tensor<3xf32>
  %1 = kiln.max %c, %d : tensor<?x?xf32>, tensor<1x4xf32>
  %2 = kiln.min %c, %c : tensor<?x?xf32>
  %3 = kiln.sub %e, %e : tensor<?xf32>
  %4 = kiln.mul %a, %e : tensor<?x1xf32>, tensor<?xf32>
  return %0, %1, %2, %3, %4 : tensor<?x3xf32>, tensor<?x4xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @binary_0d
// CHECK-SAME: (%[[S:[^:]+]]: tensor<f32>, %[[T:[^:]+]]: tensor<f32>, %[[X:[^:]+]]: tensor<2x3xf32>) -> (tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: %[[R0:.*]] = kiln.add %[[S]], %[[T]] : tensor<f32>
// CHECK: %[[R1:.*]] = kiln.mul %[[S]], %[[X]] : tensor<f32>, tensor<2x3xf32>
// CHECK: %[[R2:.*]] = kiln.pow %[[X]], %[[S]] : tensor<2x3xf32>, tensor<f32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>
func.func @binary_0d(%s: tensor<f32>, %t: tensor<f32>, %x: tensor<2x3xf32>) -> (tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = kiln.add %s, %t : tensor<f32>
  %1 = kiln.mul %s, %x : tensor<f32>, tensor<2x3xf32>
  %2 = kiln.pow %x, %s : tensor<2x3xf32>, tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @compare_predicates
// CHECK-SAME: (%[[A:[^:]+]]: tensor<4xf32>, %[[B:[^:]+]]: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>)
// CHECK: %[[R0:.*]] = kiln.compare eq, %[[A]], %[[B]] : tensor<4xf32>
// CHECK: %[[R1:.*]] = kiln.compare ne, %[[A]], %[[B]] : tensor<4xf32>
// CHECK: %[[R2:.*]] = kiln.compare lt, %[[A]], %[[B]] : tensor<4xf32>
// CHECK: %[[R3:.*]] = kiln.compare le, %[[A]], %[[B]] : tensor<4xf32>
// CHECK: %[[R4:.*]] = kiln.compare gt, %[[A]], %[[B]] : tensor<4xf32>
// CHECK: %[[R5:.*]] = kiln.compare ge, %[[A]], %[[B]] : tensor<4xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]] : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
func.func @compare_predicates(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.compare eq, %a, %b : tensor<4xf32>
  %1 = kiln.compare ne, %a, %b : tensor<4xf32>
  %2 = kiln.compare lt, %a, %b : tensor<4xf32>
  %3 = kiln.compare le, %a, %b : tensor<4xf32>
  %4 = kiln.compare gt, %a, %b : tensor<4xf32>
  %5 = kiln.compare ge, %a, %b : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func @compare_broadcast
// CHECK-SAME: (%[[A:[^:]+]]: tensor<?x3xi64>, %[[B:[^:]+]]: tensor<i64>, %[[P:[^:]+]]: tensor<3xi1>, %[[Q:[^:]+]]: tensor<2x1xi1>) -> (tensor<?x3xi1>, tensor<2x3xi1>)
// CHECK: %[[R0:.*]] = kiln.compare lt, %[[A]], %[[B]] : tensor<?x3xi64>, tensor<i64>
// CHECK: %[[R1:.*]] = kiln.compare eq, %[[P]], %[[Q]] : tensor<3xi1>, tensor<2x1xi1>
// CHECK: return %[[R0]], %[[R1]] : tensor<?x3xi1>, tensor<2x3xi1>
func.func @compare_broadcast(%a: tensor<?x3xi64>, %b: tensor<i64>, %p: tensor<3xi1>, %q: tensor<2x1xi1>) -> (tensor<?x3xi1>, tensor<2x3xi1>) {
  %0 = kiln.compare lt, %a, %b : tensor<?x3xi64>, tensor<i64>
  %1 = kiln.compare eq, %p, %q : tensor<3xi1>, tensor<2x1xi1>
  return %0, %1 : tensor<?x3xi1>, tensor<2x3xi1>
}

// -----

// CHECK-LABEL: func @select
// CHECK-SAME: (%[[C:[^:]+]]: tensor<4xi1>, %[[A:[^:]+]]: tensor<4xf32>, %[[B:[^:]+]]: tensor<4xf32>, %[[D:[^:]+]]: tensor<2x1xi1>, %[[S:[^:]+]]: tensor<i32>, %[[T:[^:]+]]: tensor<?xi32>) -> (tensor<4xf32>, tensor<2x?xi32>)
// CHECK: %[[R0:.*]] = kiln.select %[[C]], %[[A]], %[[B]] : tensor<4xi1>, tensor<4xf32>
// CHECK: %[[R1:.*]] = kiln.select %[[D]], %[[S]], %[[T]] : tensor<2x1xi1>, tensor<i32>, tensor<?xi32>
// CHECK: return %[[R0]], %[[R1]] : tensor<4xf32>, tensor<2x?xi32>
func.func @select(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>, %d: tensor<2x1xi1>, %s: tensor<i32>, %t: tensor<?xi32>) -> (tensor<4xf32>, tensor<2x?xi32>) {
  %0 = kiln.select %c, %a, %b : tensor<4xi1>, tensor<4xf32>
  %1 = kiln.select %d, %s, %t : tensor<2x1xi1>, tensor<i32>, tensor<?xi32>
  return %0, %1 : tensor<4xf32>, tensor<2x?xi32>
}

// -----

// CHECK-LABEL: func @cast
// CHECK-SAME: (%[[F:[^:]+]]: tensor<2x?xf32>, %[[I:[^:]+]]: tensor<3xi32>, %[[P:[^:]+]]: tensor<i1>, %[[H:[^:]+]]: tensor<4xbf16>) -> (tensor<2x?xi32>, tensor<3xf32>, tensor<2x?xi1>, tensor<f32>, tensor<i64>, tensor<4xf64>, tensor<3xi64>, tensor<2x?xf16>)
// CHECK: %[[R0:.*]] = kiln.cast %[[F]] : tensor<2x?xf32> to tensor<2x?xi32>
// CHECK: %[[R1:.*]] = kiln.cast %[[I]] : tensor<3xi32> to tensor<3xf32>
// CHECK: %[[R2:.*]] = kiln.cast %[[F]] : tensor<2x?xf32> to tensor<2x?xi1>
// CHECK: %[[R3:.*]] = kiln.cast %[[P]] : tensor<i1> to tensor<f32>
// CHECK: %[[R4:.*]] = kiln.cast %[[P]] : tensor<i1> to tensor<i64>
// CHECK: %[[R5:.*]] = kiln.cast %[[H]] : tensor<4xbf16> to tensor<4xf64>
// CHECK: %[[R6:.*]] = kiln.cast %[[I]] : tensor<3xi32> to tensor<3xi64>
// CHECK: %[[R7:.*]] = kiln.cast %[[F]] : tensor<2x?xf32> to tensor<2x?xf16>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]], %[[R7]] : tensor<2x?xi32>, tensor<3xf32>, tensor<2x?xi1>, tensor<f32>, tensor<i64>, tensor<4xf64>, tensor<3xi64>, tensor<2x?xf16>
func.func @cast(%f: tensor<2x?xf32>, %i: tensor<3xi32>, %p: tensor<i1>, %h: tensor<4xbf16>) -> (tensor<2x?xi32>, tensor<3xf32>, tensor<2x?xi1>, tensor<f32>, tensor<i64>, tensor<4xf64>, tensor<3xi64>, tensor<2x?xf16>) {
  %0 = kiln.cast %f : tensor<2x?xf32> to tensor<2x?xi32>
  %1 = kiln.cast %i : tensor<3xi32> to tensor<3xf32>
  %2 = kiln.cast %f : tensor<2x?xf32> to tensor<2x?xi1>
  %3 = kiln.cast %p : tensor<i1> to tensor<f32>
  %4 = kiln.cast %p : tensor<i1> to tensor<i64>
  %5 = kiln.cast %h : tensor<4xbf16> to tensor<4xf64>
  %6 = kiln.cast %i : tensor<3xi32> to tensor<3xi64>
  %7 = kiln.cast %f : tensor<2x?xf32> to tensor<2x?xf16>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x?xi32>, tensor<3xf32>, tensor<2x?xi1>, tensor<f32>, tensor<i64>, tensor<4xf64>, tensor<3xi64>, tensor<2x?xf16>
}

// -----

// CHECK-LABEL: func @matmul_2d
// CHECK-SAME: (%[[A:[^:]+]]: tensor<4x5xf32>, %[[B:[^:]+]]: tensor<5x6xf32>, %[[I:[^:]+]]: tensor<2x3xi32>, %[[J:[^:]+]]: tensor<3x7xi32>) -> (tensor<4x6xf32>, tensor<2x7xi32>)
// CHECK: %[[R0:.*]] = kiln.matmul %[[A]], %[[B]] : tensor<4x5xf32>, tensor<5x6xf32>
// CHECK: %[[R1:.*]] = kiln.matmul %[[I]], %[[J]] : tensor<2x3xi32>, tensor<3x7xi32>
// CHECK: return %[[R0]], %[[R1]] : tensor<4x6xf32>, tensor<2x7xi32>
func.func @matmul_2d(%a: tensor<4x5xf32>, %b: tensor<5x6xf32>, %i: tensor<2x3xi32>, %j: tensor<3x7xi32>) -> (tensor<4x6xf32>, tensor<2x7xi32>) {
  %0 = kiln.matmul %a, %b : tensor<4x5xf32>, tensor<5x6xf32>
  %1 = kiln.matmul %i, %j : tensor<2x3xi32>, tensor<3x7xi32>
  return %0, %1 : tensor<4x6xf32>, tensor<2x7xi32>
}

// -----

// CHECK-LABEL: func @matmul_batched
// CHECK-SAME: (%[[A:[^:]+]]: tensor<8x1x4x5xf32>, %[[B:[^:]+]]: tensor<3x5x6xf32>, %[[C:[^:]+]]: tensor<4x5xf32>, %[[D:[^:]+]]: tensor<2x5x6xf32>) -> (tensor<8x3x4x6xf32>, tensor<2x4x6xf32>, tensor<3x4x6xf32>)
// CHECK: %[[R0:.*]] = kiln.matmul %[[A]], %[[B]] : tensor<8x1x4x5xf32>, tensor<3x5x6xf32>
// CHECK: %[[R1:.*]] = kiln.matmul %[[C]], %[[D]] : tensor<4x5xf32>, tensor<2x5x6xf32>
// CHECK: %[[R2:.*]] = kiln.matmul %[[C]], %[[B]] : tensor<4x5xf32>, tensor<3x5x6xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<8x3x4x6xf32>, tensor<2x4x6xf32>, tensor<3x4x6xf32>
func.func @matmul_batched(%a: tensor<8x1x4x5xf32>, %b: tensor<3x5x6xf32>, %c: tensor<4x5xf32>, %d: tensor<2x5x6xf32>) -> (tensor<8x3x4x6xf32>, tensor<2x4x6xf32>, tensor<3x4x6xf32>) {
  %0 = kiln.matmul %a, %b : tensor<8x1x4x5xf32>, tensor<3x5x6xf32>
  %1 = kiln.matmul %c, %d : tensor<4x5xf32>, tensor<2x5x6xf32>
  %2 = kiln.matmul %c, %b : tensor<4x5xf32>, tensor<3x5x6xf32>
  return %0, %1, %2 : tensor<8x3x4x6xf32>, tensor<2x4x6xf32>, tensor<3x4x6xf32>
}

// -----

// CHECK-LABEL: func @matmul_vectors
// CHECK-SAME: (%[[V:[^:]+]]: tensor<5xf32>, %[[M:[^:]+]]: tensor<5x6xf32>, %[[N:[^:]+]]: tensor<4x5xf32>, %[[B:[^:]+]]: tensor<2x5x6xf32>, %[[C:[^:]+]]: tensor<2x4x5xf32>) -> (tensor<6xf32>, tensor<4xf32>, tensor<f32>, tensor<2x6xf32>, tensor<2x4xf32>)
// CHECK: %[[R0:.*]] = kiln.matmul %[[V]], %[[M]] : tensor<5xf32>, tensor<5x6xf32>
// CHECK: %[[R1:.*]] = kiln.matmul %[[N]], %[[V]] : tensor<4x5xf32>, tensor<5xf32>
// CHECK: %[[R2:.*]] = kiln.matmul %[[V]], %[[V]] : tensor<5xf32>, tensor<5xf32>
// CHECK: %[[R3:.*]] = kiln.matmul %[[V]], %[[B]] : tensor<5xf32>, tensor<2x5x6xf32>
// CHECK: %[[R4:.*]] = kiln.matmul %[[C]], %[[V]] : tensor<2x4x5xf32>, tensor<5xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]] : tensor<6xf32>, tensor<4xf32>, tensor<f32>, tensor<2x6xf32>, tensor<2x4xf32>
func.func @matmul_vectors(%v: tensor<5xf32>, %m: tensor<5x6xf32>, %n: tensor<4x5xf32>, %b: tensor<2x5x6xf32>, %c: tensor<2x4x5xf32>) -> (tensor<6xf32>, tensor<4xf32>, tensor<f32>, tensor<2x6xf32>, tensor<2x4xf32>) {
  %0 = kiln.matmul %v, %m : tensor<5xf32>, tensor<5x6xf32>
  %1 = kiln.matmul %n, %v : tensor<4x5xf32>, tensor<5xf32>
  %2 = kiln.matmul %v, %v : tensor<5xf32>, tensor<5xf32>
  %3 = kiln.matmul %v, %b : tensor<5xf32>, tensor<2x5x6xf32>
  %4 = kiln.matmul %c, %v : tensor<2x4x5xf32>, tensor<5xf32>
  return %0, %1, %2, %3, %4 : tensor<6xf32>, tensor<4xf32>, tensor<f32>, tensor<2x6xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @matmul_dynamic
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x784xf32>, %[[W:[^:]+]]: tensor<784x128xf32>, %[[A:[^:]+]]: tensor<4x?xf32>, %[[B:[^:]+]]: tensor<?x6xf32>, %[[C:[^:]+]]: tensor<?x4x5xf32>, %[[D:[^:]+]]: tensor<3x5x?xf32>) -> (tensor<?x128xf32>, tensor<4x6xf32>, tensor<3x4x?xf32>)
// CHECK: %[[R0:.*]] = kiln.matmul %[[X]], %[[W]] : tensor<?x784xf32>, tensor<784x128xf32>
// CHECK: %[[R1:.*]] = kiln.matmul %[[A]], %[[B]] : tensor<4x?xf32>, tensor<?x6xf32>
// CHECK: %[[R2:.*]] = kiln.matmul %[[C]], %[[D]] : tensor<?x4x5xf32>, tensor<3x5x?xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<?x128xf32>, tensor<4x6xf32>, tensor<3x4x?xf32>
func.func @matmul_dynamic(%x: tensor<?x784xf32>, %w: tensor<784x128xf32>, %a: tensor<4x?xf32>, %b: tensor<?x6xf32>, %c: tensor<?x4x5xf32>, %d: tensor<3x5x?xf32>) -> (tensor<?x128xf32>, tensor<4x6xf32>, tensor<3x4x?xf32>) {
  %0 = kiln.matmul %x, %w : tensor<?x784xf32>, tensor<784x128xf32>
  %1 = kiln.matmul %a, %b : tensor<4x?xf32>, tensor<?x6xf32>
  %2 = kiln.matmul %c, %d : tensor<?x4x5xf32>, tensor<3x5x?xf32>
  return %0, %1, %2 : tensor<?x128xf32>, tensor<4x6xf32>, tensor<3x4x?xf32>
}

// -----

// CHECK-LABEL: func @conv2d_no_bias
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x32x32xf32>, %[[W:[^:]+]]: tensor<16x3x3x3xf32>) -> tensor<1x16x30x30xf32>
// CHECK: %[[R0:.*]] = kiln.conv2d %[[X]], %[[W]] : tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>
// CHECK: return %[[R0]] : tensor<1x16x30x30xf32>
func.func @conv2d_no_bias(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x30x30xf32> {
  %0 = kiln.conv2d %x, %w : tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>
  return %0 : tensor<1x16x30x30xf32>
}

// -----

// CHECK-LABEL: func @conv2d_bias
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3x32x32xf32>, %[[W:[^:]+]]: tensor<16x3x3x3xf32>, %[[B:[^:]+]]: tensor<16xf32>) -> tensor<?x16x16x16xf32>
// CHECK: %[[R0:.*]] = kiln.conv2d %[[X]], %[[W]], %[[B]] strides [2, 2] padding [1, 1, 1, 1] : tensor<?x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>
// CHECK: return %[[R0]] : tensor<?x16x16x16xf32>
func.func @conv2d_bias(%x: tensor<?x3x32x32xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<?x16x16x16xf32> {
  %0 = kiln.conv2d %x, %w, %b strides [2, 2] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<?x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>
  return %0 : tensor<?x16x16x16xf32>
}

// -----

// CHECK-LABEL: func @conv2d_attributes
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4x10x12xf32>, %[[W:[^:]+]]: tensor<8x2x3x3xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[Y:[^:]+]]: tensor<1x4x?x9xf64>, %[[V:[^:]+]]: tensor<6x4x2x2xf64>) -> (tensor<2x8x6x11xf32>, tensor<2x8x3x3xf32>, tensor<1x6x?x9xf64>)
// CHECK: %[[R0:.*]] = kiln.conv2d %[[X]], %[[W]], %[[B]] padding [0, 1, 0, 2] dilations [2, 2] groups 2 : tensor<2x4x10x12xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>
// CHECK: %[[R1:.*]] = kiln.conv2d %[[X]], %[[W]] strides [3, 3] padding [0, 0, 1, 1] dilations [1, 2] groups 2 : tensor<2x4x10x12xf32>, tensor<8x2x3x3xf32>
// CHECK: %[[R2:.*]] = kiln.conv2d %[[Y]], %[[V]] padding [0, 0, 0, 1] : tensor<1x4x?x9xf64>, tensor<6x4x2x2xf64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<2x8x6x11xf32>, tensor<2x8x3x3xf32>, tensor<1x6x?x9xf64>
func.func @conv2d_attributes(%x: tensor<2x4x10x12xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>, %y: tensor<1x4x?x9xf64>, %v: tensor<6x4x2x2xf64>) -> (tensor<2x8x6x11xf32>, tensor<2x8x3x3xf32>, tensor<1x6x?x9xf64>) {
  %0 = kiln.conv2d %x, %w, %b strides [1, 1] padding [0, 1, 0, 2] dilations [2, 2] groups 2 : tensor<2x4x10x12xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>
  %1 = kiln.conv2d %x, %w strides [3, 3] padding [0, 0, 1, 1] dilations [1, 2] groups 2 : tensor<2x4x10x12xf32>, tensor<8x2x3x3xf32>
  %2 = kiln.conv2d %y, %v strides [1, 1] padding [0, 0, 0, 1] dilations [1, 1] groups 1 : tensor<1x4x?x9xf64>, tensor<6x4x2x2xf64>
  return %0, %1, %2 : tensor<2x8x6x11xf32>, tensor<2x8x3x3xf32>, tensor<1x6x?x9xf64>
}

// -----

// CHECK-LABEL: func @max_pool2d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16x32x32xf32>, %[[Y:[^:]+]]: tensor<1x8x16x16xf32>, %[[Z:[^:]+]]: tensor<1x2x9x8xf16>) -> (tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x2x7x4xf16>)
// CHECK: %[[R0:.*]] = kiln.max_pool2d %[[X]] kernel [2, 2] : tensor<?x16x32x32xf32>
// CHECK: %[[R1:.*]] = kiln.max_pool2d %[[Y]] kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] : tensor<1x8x16x16xf32>
// CHECK: %[[R2:.*]] = kiln.max_pool2d %[[Z]] kernel [2, 3] strides [1, 2] padding [0, 1, 0, 0] dilations [2, 1] : tensor<1x2x9x8xf16>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x2x7x4xf16>
func.func @max_pool2d(%x: tensor<?x16x32x32xf32>, %y: tensor<1x8x16x16xf32>, %z: tensor<1x2x9x8xf16>) -> (tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x2x7x4xf16>) {
  %0 = kiln.max_pool2d %x kernel [2, 2] : tensor<?x16x32x32xf32>
  %1 = kiln.max_pool2d %y kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] : tensor<1x8x16x16xf32>
  %2 = kiln.max_pool2d %z kernel [2, 3] strides [1, 2] padding [0, 1, 0, 0] dilations [2, 1] : tensor<1x2x9x8xf16>
  return %0, %1, %2 : tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x2x7x4xf16>
}

// -----

// CHECK-LABEL: func @avg_pool2d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16x32x32xf32>, %[[Y:[^:]+]]: tensor<1x8x16x16xf32>) -> (tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x8x8x8xf32>)
// CHECK: %[[R0:.*]] = kiln.avg_pool2d %[[X]] kernel [2, 2] : tensor<?x16x32x32xf32>
// CHECK: %[[R1:.*]] = kiln.avg_pool2d %[[Y]] kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] {count_include_pad = false} : tensor<1x8x16x16xf32>
// CHECK: %[[R2:.*]] = kiln.avg_pool2d %[[Y]] kernel [3, 3] strides [2, 2] padding [1, 1, 0, 0] {count_include_pad = false} : tensor<1x8x16x16xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x8x8x8xf32>
func.func @avg_pool2d(%x: tensor<?x16x32x32xf32>, %y: tensor<1x8x16x16xf32>) -> (tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x8x8x8xf32>) {
  %0 = kiln.avg_pool2d %x kernel [2, 2] : tensor<?x16x32x32xf32>
  %1 = kiln.avg_pool2d %y kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] {count_include_pad = false} : tensor<1x8x16x16xf32>
  %2 = kiln.avg_pool2d %y kernel [3, 3] strides [2, 2] padding [1, 1, 0, 0] {count_include_pad = false} : tensor<1x8x16x16xf32>
  return %0, %1, %2 : tensor<?x16x16x16xf32>, tensor<1x8x16x16xf32>, tensor<1x8x8x8xf32>
}

// -----

// CHECK-LABEL: func @reduce_all
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x?x4xf32>, %[[I:[^:]+]]: tensor<3x5xi32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<i32>, tensor<1x1xi32>)
// CHECK: %[[R0:.*]] = kiln.reduce_sum %[[X]] : tensor<2x?x4xf32>
// CHECK: %[[R1:.*]] = kiln.reduce_mean %[[X]] : tensor<2x?x4xf32>
// CHECK: %[[R2:.*]] = kiln.reduce_max %[[X]] : tensor<2x?x4xf32>
// CHECK: %[[R3:.*]] = kiln.reduce_min %[[X]] : tensor<2x?x4xf32>
// CHECK: %[[R4:.*]] = kiln.reduce_sum %[[I]] : tensor<3x5xi32>
// CHECK: %[[R5:.*]] = kiln.reduce_max %[[I]] keepdims : tensor<3x5xi32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]] : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<i32>, tensor<1x1xi32>
func.func @reduce_all(%x: tensor<2x?x4xf32>, %i: tensor<3x5xi32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<i32>, tensor<1x1xi32>) {
  %0 = kiln.reduce_sum %x : tensor<2x?x4xf32>
  %1 = kiln.reduce_mean %x : tensor<2x?x4xf32>
  %2 = kiln.reduce_max %x : tensor<2x?x4xf32>
  %3 = kiln.reduce_min %x : tensor<2x?x4xf32>
  %4 = kiln.reduce_sum %i : tensor<3x5xi32>
  %5 = kiln.reduce_max %i keepdims : tensor<3x5xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<i32>, tensor<1x1xi32>
}

// -----

// CHECK-LABEL: func @reduce_axes
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x?x4xf32>, %[[I:[^:]+]]: tensor<3x5xi64>) -> (tensor<2x?xf32>, tensor<2x?x1xf32>, tensor<?xf32>, tensor<1x?x1xf32>, tensor<5xi64>, tensor<3x1xi64>)
// CHECK: %[[R0:.*]] = kiln.reduce_sum %[[X]] axes [-1] : tensor<2x?x4xf32>
// CHECK: %[[R1:.*]] = kiln.reduce_mean %[[X]] axes [2] keepdims : tensor<2x?x4xf32>
// CHECK: %[[R2:.*]] = kiln.reduce_max %[[X]] axes [-1, 0] : tensor<2x?x4xf32>
// CHECK: %[[R3:.*]] = kiln.reduce_min %[[X]] axes [0, -1] keepdims : tensor<2x?x4xf32>
// CHECK: %[[R4:.*]] = kiln.reduce_sum %[[I]] axes [0] : tensor<3x5xi64>
// CHECK: %[[R5:.*]] = kiln.reduce_min %[[I]] axes [-1] keepdims : tensor<3x5xi64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]] : tensor<2x?xf32>, tensor<2x?x1xf32>, tensor<?xf32>, tensor<1x?x1xf32>, tensor<5xi64>, tensor<3x1xi64>
func.func @reduce_axes(%x: tensor<2x?x4xf32>, %i: tensor<3x5xi64>) -> (tensor<2x?xf32>, tensor<2x?x1xf32>, tensor<?xf32>, tensor<1x?x1xf32>, tensor<5xi64>, tensor<3x1xi64>) {
  %0 = kiln.reduce_sum %x axes [-1] : tensor<2x?x4xf32>
  %1 = kiln.reduce_mean %x axes [2] keepdims : tensor<2x?x4xf32>
  %2 = kiln.reduce_max %x axes [-1, 0] : tensor<2x?x4xf32>
  %3 = kiln.reduce_min %x axes [0, -1] keepdims : tensor<2x?x4xf32>
  %4 = kiln.reduce_sum %i axes [0] : tensor<3x5xi64>
  %5 = kiln.reduce_min %i axes [-1] keepdims : tensor<3x5xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<2x?xf32>, tensor<2x?x1xf32>, tensor<?xf32>, tensor<1x?x1xf32>, tensor<5xi64>, tensor<3x1xi64>
}

// -----

// CHECK-LABEL: func @argmax
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x10xf32>, %[[I:[^:]+]]: tensor<3x4x5xi32>) -> (tensor<?xi64>, tensor<?x1xi64>, tensor<4x5xi64>, tensor<3x1x5xi64>)
// CHECK: %[[R0:.*]] = kiln.argmax %[[X]] axis 1 : tensor<?x10xf32>
// CHECK: %[[R1:.*]] = kiln.argmax %[[X]] axis -1 keepdims : tensor<?x10xf32>
// CHECK: %[[R2:.*]] = kiln.argmax %[[I]] axis 0 : tensor<3x4x5xi32>
// CHECK: %[[R3:.*]] = kiln.argmax %[[I]] axis -2 keepdims : tensor<3x4x5xi32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]] : tensor<?xi64>, tensor<?x1xi64>, tensor<4x5xi64>, tensor<3x1x5xi64>
func.func @argmax(%x: tensor<?x10xf32>, %i: tensor<3x4x5xi32>) -> (tensor<?xi64>, tensor<?x1xi64>, tensor<4x5xi64>, tensor<3x1x5xi64>) {
  %0 = kiln.argmax %x axis 1 : tensor<?x10xf32>
  %1 = kiln.argmax %x axis -1 keepdims : tensor<?x10xf32>
  %2 = kiln.argmax %i axis 0 : tensor<3x4x5xi32>
  %3 = kiln.argmax %i axis -2 keepdims : tensor<3x4x5xi32>
  return %0, %1, %2, %3 : tensor<?xi64>, tensor<?x1xi64>, tensor<4x5xi64>, tensor<3x1x5xi64>
}

// -----

// CHECK-LABEL: func @reshape
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x28x28xf32>, %[[Y:[^:]+]]: tensor<2x3x4xf32>, %[[S:[^:]+]]: tensor<1xi64>, %[[Z:[^:]+]]: tensor<f32>) -> (tensor<?x784xf32>, tensor<6x4xf32>, tensor<4x6xf32>, tensor<24xf32>, tensor<i64>, tensor<1x1xf32>, tensor<28x28x?xf32>)
// CHECK: %[[R0:.*]] = kiln.reshape %[[X]] [-1, 784] : tensor<?x28x28xf32>
// CHECK: %[[R1:.*]] = kiln.reshape %[[Y]] [6, -1] : tensor<2x3x4xf32>
// CHECK: %[[R2:.*]] = kiln.reshape %[[Y]] [4, 6] : tensor<2x3x4xf32>
// CHECK: %[[R3:.*]] = kiln.reshape %[[Y]] [-1] : tensor<2x3x4xf32>
// CHECK: %[[R4:.*]] = kiln.reshape %[[S]] [] : tensor<1xi64>
// CHECK: %[[R5:.*]] = kiln.reshape %[[Z]] [1, 1] : tensor<f32>
// CHECK: %[[R6:.*]] = kiln.reshape %[[X]] [28, 28, -1] : tensor<?x28x28xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]] : tensor<?x784xf32>, tensor<6x4xf32>, tensor<4x6xf32>, tensor<24xf32>, tensor<i64>, tensor<1x1xf32>, tensor<28x28x?xf32>
func.func @reshape(%x: tensor<?x28x28xf32>, %y: tensor<2x3x4xf32>, %s: tensor<1xi64>, %z: tensor<f32>) -> (tensor<?x784xf32>, tensor<6x4xf32>, tensor<4x6xf32>, tensor<24xf32>, tensor<i64>, tensor<1x1xf32>, tensor<28x28x?xf32>) {
  %0 = kiln.reshape %x [-1, 784] : tensor<?x28x28xf32>
  %1 = kiln.reshape %y [6, -1] : tensor<2x3x4xf32>
  %2 = kiln.reshape %y [4, 6] : tensor<2x3x4xf32>
  %3 = kiln.reshape %y [-1] : tensor<2x3x4xf32>
  %4 = kiln.reshape %s [] : tensor<1xi64>
  %5 = kiln.reshape %z [1, 1] : tensor<f32>
  %6 = kiln.reshape %x [28, 28, -1] : tensor<?x28x28xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x784xf32>, tensor<6x4xf32>, tensor<4x6xf32>, tensor<24xf32>, tensor<i64>, tensor<1x1xf32>, tensor<28x28x?xf32>
}

// -----

// CHECK-LABEL: func @transpose
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3xf32>, %[[Y:[^:]+]]: tensor<?x4x5xi1>) -> (tensor<3x2xf32>, tensor<?x5x4xi1>, tensor<5x?x4xi1>, tensor<2x3xf32>)
// CHECK: %[[R0:.*]] = kiln.transpose %[[X]] [1, 0] : tensor<2x3xf32>
// CHECK: %[[R1:.*]] = kiln.transpose %[[Y]] [0, 2, 1] : tensor<?x4x5xi1>
// CHECK: %[[R2:.*]] = kiln.transpose %[[Y]] [2, 0, 1] : tensor<?x4x5xi1>
// CHECK: %[[R3:.*]] = kiln.transpose %[[X]] [0, 1] : tensor<2x3xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]] : tensor<3x2xf32>, tensor<?x5x4xi1>, tensor<5x?x4xi1>, tensor<2x3xf32>
func.func @transpose(%x: tensor<2x3xf32>, %y: tensor<?x4x5xi1>) -> (tensor<3x2xf32>, tensor<?x5x4xi1>, tensor<5x?x4xi1>, tensor<2x3xf32>) {
  %0 = kiln.transpose %x [1, 0] : tensor<2x3xf32>
  %1 = kiln.transpose %y [0, 2, 1] : tensor<?x4x5xi1>
  %2 = kiln.transpose %y [2, 0, 1] : tensor<?x4x5xi1>
  %3 = kiln.transpose %x [0, 1] : tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<3x2xf32>, tensor<?x5x4xi1>, tensor<5x?x4xi1>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @broadcast_to_static
// CHECK-SAME: (%[[X:[^:]+]]: tensor<3xf32>, %[[Y:[^:]+]]: tensor<2x1xi32>, %[[S:[^:]+]]: tensor<f32>) -> (tensor<2x3xf32>, tensor<4x2x5xi32>, tensor<3x3xf32>)
// CHECK: %[[R0:.*]] = kiln.broadcast_to %[[X]] : tensor<3xf32> -> tensor<2x3xf32>
// CHECK: %[[R1:.*]] = kiln.broadcast_to %[[Y]] : tensor<2x1xi32> -> tensor<4x2x5xi32>
// CHECK: %[[R2:.*]] = kiln.broadcast_to %[[S]] : tensor<f32> -> tensor<3x3xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<2x3xf32>, tensor<4x2x5xi32>, tensor<3x3xf32>
func.func @broadcast_to_static(%x: tensor<3xf32>, %y: tensor<2x1xi32>, %s: tensor<f32>) -> (tensor<2x3xf32>, tensor<4x2x5xi32>, tensor<3x3xf32>) {
  %0 = kiln.broadcast_to %x : tensor<3xf32> -> tensor<2x3xf32>
  %1 = kiln.broadcast_to %y : tensor<2x1xi32> -> tensor<4x2x5xi32>
  %2 = kiln.broadcast_to %s : tensor<f32> -> tensor<3x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4x2x5xi32>, tensor<3x3xf32>
}

// -----

// CHECK-LABEL: func @broadcast_to_dynamic
// CHECK-SAME: (%[[X:[^:]+]]: tensor<3xf32>, %[[Y:[^:]+]]: tensor<?x1xf32>) -> (tensor<?x3xf32>, tensor<?x?x3xf32>, tensor<?x8xf32>)
// CHECK: %[[N:.*]] = arith.constant 4 : index
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D:.*]] = tensor.dim %[[Y]], %[[C0]] : tensor<?x1xf32>
// CHECK: %[[R0:.*]] = kiln.broadcast_to %[[X]][%[[N]]] : tensor<3xf32> -> tensor<?x3xf32>
// CHECK: %[[R1:.*]] = kiln.broadcast_to %[[X]][%[[N]], %[[D]]] : tensor<3xf32> -> tensor<?x?x3xf32>
// CHECK: %[[R2:.*]] = kiln.broadcast_to %[[Y]][%[[D]]] : tensor<?x1xf32> -> tensor<?x8xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<?x3xf32>, tensor<?x?x3xf32>, tensor<?x8xf32>
func.func @broadcast_to_dynamic(%x: tensor<3xf32>, %y: tensor<?x1xf32>) -> (tensor<?x3xf32>, tensor<?x?x3xf32>, tensor<?x8xf32>) {
  %n = arith.constant 4 : index
  %c0 = arith.constant 0 : index
  %d = tensor.dim %y, %c0 : tensor<?x1xf32>
  %0 = kiln.broadcast_to %x [%n] : tensor<3xf32> -> tensor<?x3xf32>
  %1 = kiln.broadcast_to %x [%n, %d] : tensor<3xf32> -> tensor<?x?x3xf32>
  %2 = kiln.broadcast_to %y [%d] : tensor<?x1xf32> -> tensor<?x8xf32>
  return %0, %1, %2 : tensor<?x3xf32>, tensor<?x?x3xf32>, tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x?xf32>, %[[C:[^:]+]]: tensor<4x3xf32>, %[[D:[^:]+]]: tensor<?x3xf32>, %[[E:[^:]+]]: tensor<5xi64>) -> (tensor<2x?xf32>, tensor<2x6xf32>, tensor<8x3xf32>, tensor<?x3xf32>, tensor<5xi64>, tensor<10xi64>)
// CHECK: %[[R0:.*]] = kiln.concat %[[A]], %[[B]] axis 1 : tensor<2x3xf32>, tensor<2x?xf32>
// CHECK: %[[R1:.*]] = kiln.concat %[[A]], %[[A]] axis -1 : tensor<2x3xf32>, tensor<2x3xf32>
// CHECK: %[[R2:.*]] = kiln.concat %[[A]], %[[A]], %[[C]] axis 0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x3xf32>
// CHECK: %[[R3:.*]] = kiln.concat %[[D]], %[[A]] axis 0 : tensor<?x3xf32>, tensor<2x3xf32>
// CHECK: %[[R4:.*]] = kiln.concat %[[E]] axis 0 : tensor<5xi64>
// CHECK: %[[R5:.*]] = kiln.concat %[[E]], %[[E]] axis -1 : tensor<5xi64>, tensor<5xi64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]] : tensor<2x?xf32>, tensor<2x6xf32>, tensor<8x3xf32>, tensor<?x3xf32>, tensor<5xi64>, tensor<10xi64>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x?xf32>, %c: tensor<4x3xf32>, %d: tensor<?x3xf32>, %e: tensor<5xi64>) -> (tensor<2x?xf32>, tensor<2x6xf32>, tensor<8x3xf32>, tensor<?x3xf32>, tensor<5xi64>, tensor<10xi64>) {
  %0 = kiln.concat %a, %b axis 1 : tensor<2x3xf32>, tensor<2x?xf32>
  %1 = kiln.concat %a, %a axis -1 : tensor<2x3xf32>, tensor<2x3xf32>
  %2 = kiln.concat %a, %a, %c axis 0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x3xf32>
  %3 = kiln.concat %d, %a axis 0 : tensor<?x3xf32>, tensor<2x3xf32>
  %4 = kiln.concat %e axis 0 : tensor<5xi64>
  %5 = kiln.concat %e, %e axis -1 : tensor<5xi64>, tensor<5xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<2x?xf32>, tensor<2x6xf32>, tensor<8x3xf32>, tensor<?x3xf32>, tensor<5xi64>, tensor<10xi64>
}

// -----

// CHECK-LABEL: func @slice
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4x8xf32>, %[[Y:[^:]+]]: tensor<?x10xi32>) -> (tensor<4x3xf32>, tensor<2x6xf32>, tensor<3x3xi32>, tensor<0x8xf32>, tensor<1x1xf32>)
// CHECK: %[[R0:.*]] = kiln.slice %[[X]] [0, 2] to [4, 8] stride [1, 2] : tensor<4x8xf32>
// CHECK: %[[R1:.*]] = kiln.slice %[[X]] [1, 2] to [3, 8] : tensor<4x8xf32>
// CHECK: %[[R2:.*]] = kiln.slice %[[Y]] [0, 1] to [3, 10] stride [1, 3] : tensor<?x10xi32>
// CHECK: %[[R3:.*]] = kiln.slice %[[X]] [2, 0] to [2, 8] : tensor<4x8xf32>
// CHECK: %[[R4:.*]] = kiln.slice %[[X]] [3, 7] to [4, 8] stride [5, 5] : tensor<4x8xf32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]] : tensor<4x3xf32>, tensor<2x6xf32>, tensor<3x3xi32>, tensor<0x8xf32>, tensor<1x1xf32>
func.func @slice(%x: tensor<4x8xf32>, %y: tensor<?x10xi32>) -> (tensor<4x3xf32>, tensor<2x6xf32>, tensor<3x3xi32>, tensor<0x8xf32>, tensor<1x1xf32>) {
  %0 = kiln.slice %x [0, 2] to [4, 8] stride [1, 2] : tensor<4x8xf32>
  %1 = kiln.slice %x [1, 2] to [3, 8] : tensor<4x8xf32>
  %2 = kiln.slice %y [0, 1] to [3, 10] stride [1, 3] : tensor<?x10xi32>
  %3 = kiln.slice %x [2, 0] to [2, 8] : tensor<4x8xf32>
  %4 = kiln.slice %x [3, 7] to [4, 8] stride [5, 5] : tensor<4x8xf32>
  return %0, %1, %2, %3, %4 : tensor<4x3xf32>, tensor<2x6xf32>, tensor<3x3xi32>, tensor<0x8xf32>, tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func @pad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3xf32>, %[[Y:[^:]+]]: tensor<?x4xi32>, %[[S:[^:]+]]: tensor<f32>) -> (tensor<2x5xf32>, tensor<5x6xf32>, tensor<?x7xi32>, tensor<f32>)
// CHECK: %[[R0:.*]] = kiln.pad %[[X]] low [0, 1] high [0, 1] : tensor<2x3xf32>
// CHECK: %[[R1:.*]] = kiln.pad %[[X]] low [1, 2] high [2, 1] value 1.500000e+00 : tensor<2x3xf32>
// CHECK: %[[R2:.*]] = kiln.pad %[[Y]] low [1, 0] high [0, 3] value -1.000000e+00 : tensor<?x4xi32>
// CHECK: %[[R3:.*]] = kiln.pad %[[S]] low [] high [] : tensor<f32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]] : tensor<2x5xf32>, tensor<5x6xf32>, tensor<?x7xi32>, tensor<f32>
func.func @pad(%x: tensor<2x3xf32>, %y: tensor<?x4xi32>, %s: tensor<f32>) -> (tensor<2x5xf32>, tensor<5x6xf32>, tensor<?x7xi32>, tensor<f32>) {
  %0 = kiln.pad %x low [0, 1] high [0, 1] : tensor<2x3xf32>
  %1 = kiln.pad %x low [1, 2] high [2, 1] value 1.5 : tensor<2x3xf32>
  %2 = kiln.pad %y low [1, 0] high [0, 3] value -1.0 : tensor<?x4xi32>
  %3 = kiln.pad %s low [] high [] : tensor<f32>
  return %0, %1, %2, %3 : tensor<2x5xf32>, tensor<5x6xf32>, tensor<?x7xi32>, tensor<f32>
}

// -----

// CHECK-LABEL: func @gather
// CHECK-SAME: (%[[TABLE:[^:]+]]: tensor<1000x64xf32>, %[[IDS:[^:]+]]: tensor<?x16xi64>, %[[X:[^:]+]]: tensor<3x4x5xf32>, %[[J:[^:]+]]: tensor<2xi32>, %[[K:[^:]+]]: tensor<i64>) -> (tensor<?x16x64xf32>, tensor<3x2x5xf32>, tensor<3x4x2xf32>, tensor<64xf32>, tensor<3x5xf32>)
// CHECK: %[[R0:.*]] = kiln.gather %[[TABLE]], %[[IDS]] : tensor<1000x64xf32>, tensor<?x16xi64>
// CHECK: %[[R1:.*]] = kiln.gather %[[X]], %[[J]] axis 1 : tensor<3x4x5xf32>, tensor<2xi32>
// CHECK: %[[R2:.*]] = kiln.gather %[[X]], %[[J]] axis -1 : tensor<3x4x5xf32>, tensor<2xi32>
// CHECK: %[[R3:.*]] = kiln.gather %[[TABLE]], %[[K]] : tensor<1000x64xf32>, tensor<i64>
// CHECK: %[[R4:.*]] = kiln.gather %[[X]], %[[K]] axis -2 : tensor<3x4x5xf32>, tensor<i64>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]] : tensor<?x16x64xf32>, tensor<3x2x5xf32>, tensor<3x4x2xf32>, tensor<64xf32>, tensor<3x5xf32>
func.func @gather(%table: tensor<1000x64xf32>, %ids: tensor<?x16xi64>, %x: tensor<3x4x5xf32>, %j: tensor<2xi32>, %k: tensor<i64>) -> (tensor<?x16x64xf32>, tensor<3x2x5xf32>, tensor<3x4x2xf32>, tensor<64xf32>, tensor<3x5xf32>) {
  %0 = kiln.gather %table, %ids : tensor<1000x64xf32>, tensor<?x16xi64>
  %1 = kiln.gather %x, %j axis 1 : tensor<3x4x5xf32>, tensor<2xi32>
  %2 = kiln.gather %x, %j axis -1 : tensor<3x4x5xf32>, tensor<2xi32>
  %3 = kiln.gather %table, %k axis 0 : tensor<1000x64xf32>, tensor<i64>
  %4 = kiln.gather %x, %k axis -2 : tensor<3x4x5xf32>, tensor<i64>
  return %0, %1, %2, %3, %4 : tensor<?x16x64xf32>, tensor<3x2x5xf32>, tensor<3x4x2xf32>, tensor<64xf32>, tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func @softmax
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x10xf32>, %[[Y:[^:]+]]: tensor<2x3x4xf16>) -> (tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>, tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>)
// CHECK: %[[R0:.*]] = kiln.softmax %[[X]] : tensor<?x10xf32>
// CHECK: %[[R1:.*]] = kiln.softmax %[[X]] axis 0 : tensor<?x10xf32>
// CHECK: %[[R2:.*]] = kiln.softmax %[[Y]] axis -2 : tensor<2x3x4xf16>
// CHECK: %[[R3:.*]] = kiln.log_softmax %[[X]] : tensor<?x10xf32>
// CHECK: %[[R4:.*]] = kiln.log_softmax %[[X]] axis 1 : tensor<?x10xf32>
// CHECK: %[[R5:.*]] = kiln.log_softmax %[[Y]] axis -3 : tensor<2x3x4xf16>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]] : tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>, tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>
func.func @softmax(%x: tensor<?x10xf32>, %y: tensor<2x3x4xf16>) -> (tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>, tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>) {
  %0 = kiln.softmax %x : tensor<?x10xf32>
  %1 = kiln.softmax %x axis 0 : tensor<?x10xf32>
  %2 = kiln.softmax %y axis -2 : tensor<2x3x4xf16>
  %3 = kiln.log_softmax %x : tensor<?x10xf32>
  %4 = kiln.log_softmax %x axis 1 : tensor<?x10xf32>
  %5 = kiln.log_softmax %y axis -3 : tensor<2x3x4xf16>
  return %0, %1, %2, %3, %4, %5 : tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>, tensor<?x10xf32>, tensor<?x10xf32>, tensor<2x3x4xf16>
}

// -----

// CHECK-LABEL: func @cross_entropy
// CHECK-SAME: (%[[LOGITS:[^:]+]]: tensor<?x10xf32>, %[[LABELS:[^:]+]]: tensor<?xi64>, %[[L:[^:]+]]: tensor<4x3xbf16>, %[[M:[^:]+]]: tensor<4xi32>, %[[N:[^:]+]]: tensor<?xi32>) -> (tensor<f32>, tensor<bf16>, tensor<bf16>)
// CHECK: %[[R0:.*]] = kiln.cross_entropy %[[LOGITS]], %[[LABELS]] : tensor<?x10xf32>, tensor<?xi64>
// CHECK: %[[R1:.*]] = kiln.cross_entropy %[[L]], %[[M]] : tensor<4x3xbf16>, tensor<4xi32>
// CHECK: %[[R2:.*]] = kiln.cross_entropy %[[L]], %[[N]] : tensor<4x3xbf16>, tensor<?xi32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]] : tensor<f32>, tensor<bf16>, tensor<bf16>
func.func @cross_entropy(%logits: tensor<?x10xf32>, %labels: tensor<?xi64>, %l: tensor<4x3xbf16>, %m: tensor<4xi32>, %n: tensor<?xi32>) -> (tensor<f32>, tensor<bf16>, tensor<bf16>) {
  %0 = kiln.cross_entropy %logits, %labels : tensor<?x10xf32>, tensor<?xi64>
  %1 = kiln.cross_entropy %l, %m : tensor<4x3xbf16>, tensor<4xi32>
  %2 = kiln.cross_entropy %l, %n : tensor<4x3xbf16>, tensor<?xi32>
  return %0, %1, %2 : tensor<f32>, tensor<bf16>, tensor<bf16>
}
