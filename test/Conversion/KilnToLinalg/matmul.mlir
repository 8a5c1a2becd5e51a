// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg | FileCheck %s --check-prefix=NOKILN

// kiln.matmul: 2-D products become linalg.matmul on a zero-filled init;
// batched ones a contraction linalg.generic whose maps broadcast size-1 batch
// dimensions; 1-D operands are expanded to a row / column and the added
// dimension collapsed away; dynamic contraction sizes are checked.

// NOKILN-NOT: {{^ *(%[^ ]+ = )?kiln\.}}

// CHECK-LABEL: func.func @matmul_2d(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x784xf32>, %[[W:[^:]+]]: tensor<784x128xf32>)
// CHECK:         %[[M:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x784xf32>
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[EMPTY:.+]] = tensor.empty(%[[M]]) : tensor<?x128xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<?x128xf32>) -> tensor<?x128xf32>
// CHECK:         %[[R:.+]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x784xf32>, tensor<784x128xf32>) outs(%[[INIT]] : tensor<?x128xf32>) -> tensor<?x128xf32>
// CHECK-NOT:     cf.assert
// CHECK:         return %[[R]] : tensor<?x128xf32>
func.func @matmul_2d(%x: tensor<?x784xf32>, %w: tensor<784x128xf32>) -> tensor<?x128xf32> {
  %0 = kiln.matmul %x, %w : tensor<?x784xf32>, tensor<784x128xf32>
  return %0 : tensor<?x128xf32>
}

// -----

// Dynamic contracting sizes must agree at run time.
// CHECK-LABEL: func.func @matmul_dynamic_k(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<4x?xf32>, %[[B:[^:]+]]: tensor<?x8xf32>)
// CHECK:         %[[KA:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<4x?xf32>
// CHECK:         %[[KB:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?x8xf32>
// CHECK:         %[[EQ:.+]] = arith.cmpi eq, %[[KA]], %[[KB]] : index
// CHECK:         cf.assert %[[EQ]], "{{.*}}matmul.mlir:[[@LINE+5]]:8: 'kiln.matmul' contracting dimensions differ"
// CHECK:         %[[INIT:.+]] = linalg.fill
// CHECK:         %[[R:.+]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x?xf32>, tensor<?x8xf32>) outs(%[[INIT]] : tensor<4x8xf32>)
// CHECK:         return %[[R]] : tensor<4x8xf32>
func.func @matmul_dynamic_k(%a: tensor<4x?xf32>, %b: tensor<?x8xf32>) -> tensor<4x8xf32> {
  %0 = kiln.matmul %a, %b : tensor<4x?xf32>, tensor<?x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Batched with broadcast batch dimensions: lhs 8x1 against rhs 3 gives 8x3;
// lhs reads batch dimension 1 at 0, rhs has no leading batch dimension. The
// loops are (batch0, batch1, m, n, k), k the reduction.
// CHECK-LABEL: func.func @matmul_batched_broadcast(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<8x1x4x5xf32>, %[[B:[^:]+]]: tensor<3x5x6xf32>)
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<8x3x4x6xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<8x3x4x6xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[A]], %[[B]] : tensor<8x1x4x5xf32>, tensor<3x5x6xf32>) outs(%[[INIT]] : tensor<8x3x4x6xf32>)
// CHECK-NEXT:    ^bb0(%[[L:.+]]: f32, %[[RR:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:      %[[P:.+]] = arith.mulf %[[L]], %[[RR]] : f32
// CHECK-NEXT:      %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT:      linalg.yield %[[S]] : f32
// CHECK:         return %[[R]] : tensor<8x3x4x6xf32>
func.func @matmul_batched_broadcast(%a: tensor<8x1x4x5xf32>, %b: tensor<3x5x6xf32>) -> tensor<8x3x4x6xf32> {
  %0 = kiln.matmul %a, %b : tensor<8x1x4x5xf32>, tensor<3x5x6xf32>
  return %0 : tensor<8x3x4x6xf32>
}

// -----

// Integer batched product: muli / addi.
// CHECK-LABEL: func.func @matmul_batched_int(
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK:         linalg.fill ins(%[[ZERO]] : i32)
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-NEXT:    ^bb0(%[[L:.+]]: i32, %[[R:.+]]: i32, %[[ACC:.+]]: i32):
// CHECK-NEXT:      %[[P:.+]] = arith.muli %[[L]], %[[R]] : i32
// CHECK-NEXT:      %[[S:.+]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK-NEXT:      linalg.yield %[[S]] : i32
func.func @matmul_batched_int(%a: tensor<2x4x5xi32>, %b: tensor<2x5x6xi32>) -> tensor<2x4x6xi32> {
  %0 = kiln.matmul %a, %b : tensor<2x4x5xi32>, tensor<2x5x6xi32>
  return %0 : tensor<2x4x6xi32>
}

// -----

// Dynamic batch sizes may be 1 at run time: each operand is checked and
// given the full batch shape (a copy only when it really broadcasts) before
// the contraction.
// CHECK-LABEL: func.func @matmul_dynamic_batch(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<?x4x5xf32>, %[[B:[^:]+]]: tensor<?x5x6xf32>)
// CHECK:         %[[N:.+]] = arith.select %{{.+}}, %{{.+}}, %{{.+}} : index
// CHECK:         cf.assert %{{.+}}, "{{.*}}matmul.mlir:[[@LINE+17]]:8: dimension 0 of an operand neither matches the broadcast shape nor is 1"
// CHECK:         %[[AIF:.+]] = scf.if %{{.+}} -> (tensor<?x4x5xf32>) {
// CHECK:           tensor.generate %[[N]]
// CHECK:         } else {
// CHECK:           scf.yield %[[A]] : tensor<?x4x5xf32>
// CHECK:         %[[AB:.+]] = linalg.generic {{.+}} ins(%[[AIF]] : tensor<?x4x5xf32>)
// CHECK:         cf.assert %{{.+}}, "{{.*}}matmul.mlir:[[@LINE+11]]:8: dimension 0 of an operand neither matches the broadcast shape nor is 1"
// CHECK:         %[[BIF:.+]] = scf.if %{{.+}} -> (tensor<?x5x6xf32>) {
// CHECK:           tensor.generate %[[N]]
// CHECK:         } else {
// CHECK:           scf.yield %[[B]] : tensor<?x5x6xf32>
// CHECK:         %[[BB:.+]] = linalg.generic {{.+}} ins(%[[BIF]] : tensor<?x5x6xf32>)
// CHECK:         %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x4x6xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[EMPTY]] : tensor<?x4x6xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[AB]], %[[BB]] : tensor<?x4x5xf32>, tensor<?x5x6xf32>) outs(%[[INIT]] : tensor<?x4x6xf32>)
// CHECK:         return %[[R]] : tensor<?x4x6xf32>
func.func @matmul_dynamic_batch(%a: tensor<?x4x5xf32>, %b: tensor<?x5x6xf32>) -> tensor<?x4x6xf32> {
  %0 = kiln.matmul %a, %b : tensor<?x4x5xf32>, tensor<?x5x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// -----

// A 1-D lhs is a row vector: expanded to 1 x K, the 1 collapsed away.
// CHECK-LABEL: func.func @vector_matrix(
// CHECK-SAME:      %[[V:[^:]+]]: tensor<5xf32>, %[[M:[^:]+]]: tensor<5x6xf32>)
// CHECK:         %[[ROW:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [1, 5] : tensor<5xf32> into tensor<1x5xf32>
// CHECK:         %[[P:.+]] = linalg.matmul ins(%[[ROW]], %[[M]] : tensor<1x5xf32>, tensor<5x6xf32>) outs(%{{.+}} : tensor<1x6xf32>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[P]] {{\[\[}}0, 1]] : tensor<1x6xf32> into tensor<6xf32>
// CHECK:         return %[[R]] : tensor<6xf32>
func.func @vector_matrix(%a: tensor<5xf32>, %b: tensor<5x6xf32>) -> tensor<6xf32> {
  %0 = kiln.matmul %a, %b : tensor<5xf32>, tensor<5x6xf32>
  return %0 : tensor<6xf32>
}

// -----

// A 1-D rhs is a column vector: K x 1.
// CHECK-LABEL: func.func @matrix_vector(
// CHECK-SAME:      %[[M:[^:]+]]: tensor<4x5xf32>, %[[V:[^:]+]]: tensor<5xf32>)
// CHECK:         %[[COL:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [5, 1] : tensor<5xf32> into tensor<5x1xf32>
// CHECK:         %[[P:.+]] = linalg.matmul ins(%[[M]], %[[COL]] : tensor<4x5xf32>, tensor<5x1xf32>) outs(%{{.+}} : tensor<4x1xf32>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[P]] {{\[\[}}0, 1]] : tensor<4x1xf32> into tensor<4xf32>
// CHECK:         return %[[R]] : tensor<4xf32>
func.func @matrix_vector(%a: tensor<4x5xf32>, %b: tensor<5xf32>) -> tensor<4xf32> {
  %0 = kiln.matmul %a, %b : tensor<4x5xf32>, tensor<5xf32>
  return %0 : tensor<4xf32>
}

// -----

// Two vectors: a dot product, 1 x 1 collapsed to 0-d.
// CHECK-LABEL: func.func @dot(
// CHECK:         %[[ROW:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [1, 5] : tensor<5xf32> into tensor<1x5xf32>
// CHECK:         %[[COL:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [5, 1] : tensor<5xf32> into tensor<5x1xf32>
// CHECK:         %[[P:.+]] = linalg.matmul ins(%[[ROW]], %[[COL]] : tensor<1x5xf32>, tensor<5x1xf32>) outs(%{{.+}} : tensor<1x1xf32>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[P]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         return %[[R]] : tensor<f32>
func.func @dot(%a: tensor<5xf32>, %b: tensor<5xf32>) -> tensor<f32> {
  %0 = kiln.matmul %a, %b : tensor<5xf32>, tensor<5xf32>
  return %0 : tensor<f32>
}
