// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -canonicalize -mlir-print-local-scope | FileCheck %s --check-prefix=CANON
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg | FileCheck %s --check-prefix=NOKILN

// Shape ops: reshape is tensor.collapse_shape to 1-D then tensor.expand_shape
// (the element count checked when the input is dynamic), transpose is
// linalg.transpose, concat tensor.concat (equal non-axis sizes checked),
// slice tensor.extract_slice (limits checked against dynamic sizes), pad
// tensor.pad, gather a linalg.generic reading with tensor.extract at a
// wrapped and clamped index. The CANON prefix reads the index arithmetic
// after -canonicalize.

// NOKILN-NOT: {{^ *(%[^ ]+ = )?kiln\.}}

// CHECK-LABEL: func.func @reshape_inferred_dynamic(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x28x28xf32>)
// CHECK:         %[[REM:.+]] = arith.remui %[[TOTAL:.+]], %[[KNOWN:.+]] : index
// CHECK:         %[[FITS:.+]] = arith.cmpi eq, %[[REM]], %{{.+}} : index
// CHECK:         cf.assert %[[FITS]], "{{.*}}shape.mlir:[[@LINE+19]]:8: 'kiln.reshape' input element count does not fit the shape"
// CHECK:         %[[FLAT:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<?x28x28xf32> into tensor<?xf32>
// CHECK:         %[[N:.+]] = arith.divui %[[TOTAL]], %[[KNOWN]] : index
// CHECK:         %[[R:.+]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [%[[N]], 784] : tensor<?xf32> into tensor<?x784xf32>
// CHECK:         return %[[R]] : tensor<?x784xf32>

// After -canonicalize the collapse / expand pair folds to one collapse.
// CANON-LABEL: func.func @reshape_inferred_dynamic(
// CANON-SAME:      %[[X:[^:]+]]: tensor<?x28x28xf32>)
// CANON-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CANON-DAG:     %[[C784:.+]] = arith.constant 784 : index
// CANON:         %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x28x28xf32>
// CANON:         %[[TOTAL:.+]] = arith.muli %[[D0]], %[[C784]] : index
// CANON:         %[[REM:.+]] = arith.remui %[[TOTAL]], %[[C784]] : index
// CANON:         %[[FITS:.+]] = arith.cmpi eq, %[[REM]], %[[C0]] : index
// CANON:         cf.assert %[[FITS]]
// CANON:         %[[R:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0], [1, 2]] : tensor<?x28x28xf32> into tensor<?x784xf32>
// CANON:         return %[[R]]
func.func @reshape_inferred_dynamic(%x: tensor<?x28x28xf32>) -> tensor<?x784xf32> {
  %0 = kiln.reshape %x [-1, 784] : tensor<?x28x28xf32>
  return %0 : tensor<?x784xf32>
}

// -----

// A dynamic input reshaped to a static 1-D shape: the count must equal 8.
// CANON-LABEL: func.func @reshape_dynamic_to_static_vector(
// CANON-SAME:      %[[X:[^:]+]]: tensor<?x4xf32>)
// CANON-DAG:     %[[C8:.+]] = arith.constant 8 : index
// CANON:         %[[TOTAL:.+]] = arith.muli %{{.+}}, %{{.+}} : index
// CANON:         %[[EQ:.+]] = arith.cmpi eq, %[[TOTAL]], %[[C8]] : index
// CANON:         cf.assert %[[EQ]], "{{.*}}shape.mlir:[[@LINE+5]]:8: 'kiln.reshape' input element count does not fit the shape"
// CANON:         %[[FLAT:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<?x4xf32> into tensor<?xf32>
// CANON:         %[[R:.+]] = tensor.cast %[[FLAT]] : tensor<?xf32> to tensor<8xf32>
// CANON:         return %[[R]] : tensor<8xf32>
func.func @reshape_dynamic_to_static_vector(%x: tensor<?x4xf32>) -> tensor<8xf32> {
  %0 = kiln.reshape %x [8] : tensor<?x4xf32>
  return %0 : tensor<8xf32>
}

// -----

// Static shapes: no check.
// CHECK-LABEL: func.func @reshape_static(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<2x3x4xf32>)
// CHECK-NOT:     cf.assert
// CHECK:         %[[FLAT:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK-NOT:     cf.assert
// CHECK:         %[[R:.+]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
// CHECK-NEXT:    return %[[R]] : tensor<6x4xf32>
func.func @reshape_static(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = kiln.reshape %x [6, 4] : tensor<2x3x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// To 1-D: the collapse alone.
// CANON-LABEL: func.func @reshape_flatten(
// CANON-SAME:      %[[X:[^:]+]]: tensor<2x3xf32>)
// CANON-NEXT:    %[[R:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CANON-NEXT:    return %[[R]] : tensor<6xf32>
func.func @reshape_flatten(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %0 = kiln.reshape %x [6] : tensor<2x3xf32>
  return %0 : tensor<6xf32>
}

// -----

// 0-d results collapse with no reassociation; 0-d inputs are expanded to
// tensor<1x...> first.
// CHECK-LABEL: func.func @reshape_0d(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<1x1xf32>, %[[B:[^:]+]]: tensor<f32>)
// CHECK:         %[[S:.+]] = tensor.collapse_shape %[[A]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         %[[V:.+]] = tensor.expand_shape %[[B]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK:         %[[M:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
// CHECK:         return %[[S]], %[[M]] : tensor<f32>, tensor<1x1xf32>
func.func @reshape_0d(%a: tensor<1x1xf32>, %b: tensor<f32>) -> (tensor<f32>, tensor<1x1xf32>) {
  %0 = kiln.reshape %a [] : tensor<1x1xf32>
  %1 = kiln.reshape %b [1, 1] : tensor<f32>
  return %0, %1 : tensor<f32>, tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<2x?x4xf32>)
// CHECK:         %[[D:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<2x?x4xf32>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[D]]) : tensor<4x2x?xf32>
// CHECK:         %[[R:.+]] = linalg.transpose ins(%[[X]] : tensor<2x?x4xf32>) outs(%[[INIT]] : tensor<4x2x?xf32>) permutation = [2, 0, 1]
// CHECK-NEXT:    return %[[R]] : tensor<4x2x?xf32>
func.func @transpose(%x: tensor<2x?x4xf32>) -> tensor<4x2x?xf32> {
  %0 = kiln.transpose %x [2, 0, 1] : tensor<2x?x4xf32>
  return %0 : tensor<4x2x?xf32>
}

// -----

// Static sizes off the axis: no check.
// CHECK-LABEL: func.func @concat(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<2x?xf32>)
// CHECK-NOT:     cf.assert
// CHECK:         %[[R:.+]] = tensor.concat dim(1) %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<2x?xf32>) -> tensor<2x?xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x?xf32>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %0 = kiln.concat %a, %b axis 1 : tensor<2x3xf32>, tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Dynamic sizes off the (negative) axis must agree; three inputs give two
// checks.
// CHECK-LABEL: func.func @concat_dynamic(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<?x3xf32>, %[[B:[^:]+]]: tensor<?x3xf32>, %[[C:[^:]+]]: tensor<?x2xf32>)
// CHECK:         %[[DA:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x3xf32>
// CHECK:         %[[DB:.+]] = tensor.dim %[[B]], %{{.+}} : tensor<?x3xf32>
// CHECK:         %[[EQB:.+]] = arith.cmpi eq, %[[DB]], %[[DA]] : index
// CHECK:         cf.assert %[[EQB]], "{{.*}}shape.mlir:[[@LINE+7]]:8: 'kiln.concat' inputs differ in dimension 0"
// CHECK:         %[[DC:.+]] = tensor.dim %[[C]], %{{.+}} : tensor<?x2xf32>
// CHECK:         %[[EQC:.+]] = arith.cmpi eq, %[[DC]], %[[DA]] : index
// CHECK:         cf.assert %[[EQC]], "{{.*}}shape.mlir:[[@LINE+4]]:8: 'kiln.concat' inputs differ in dimension 0"
// CHECK:         %[[R:.+]] = tensor.concat dim(1) %[[A]], %[[B]], %[[C]] : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x8xf32>
// CHECK-NEXT:    return %[[R]] : tensor<?x8xf32>
func.func @concat_dynamic(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>, %c: tensor<?x2xf32>) -> tensor<?x8xf32> {
  %0 = kiln.concat %a, %b, %c axis -1 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x2xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @slice_strided(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<4x8xf32>)
// CHECK-NEXT:    %[[R:.+]] = tensor.extract_slice %[[X]][0, 2] [4, 3] [1, 2] : tensor<4x8xf32> to tensor<4x3xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4x3xf32>
func.func @slice_strided(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  %0 = kiln.slice %x [0, 2] to [4, 8] stride [1, 2] : tensor<4x8xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// An empty slice reads nothing, even when it starts at the input's end
// (which tensor.extract_slice refuses).
// CHECK-LABEL: func.func @slice_empty(
// CHECK-NEXT:    %[[R:.+]] = tensor.empty() : tensor<4x0xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4x0xf32>
func.func @slice_empty(%x: tensor<4x8xf32>) -> tensor<4x0xf32> {
  %0 = kiln.slice %x [0, 8] to [4, 8] : tensor<4x8xf32>
  return %0 : tensor<4x0xf32>
}

// -----

// A limit in a dynamic dimension is checked against its size.
// CHECK-LABEL: func.func @slice_dynamic(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x8xf32>)
// CHECK:         %[[D:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x8xf32>
// CHECK:         %[[LIMIT:.+]] = arith.constant 3 : index
// CHECK:         %[[OK:.+]] = arith.cmpi ule, %[[LIMIT]], %[[D]] : index
// CHECK:         cf.assert %[[OK]], "{{.*}}shape.mlir:[[@LINE+4]]:8: 'kiln.slice' limit of dimension 0 is past the input's end"
// CHECK:         %[[R:.+]] = tensor.extract_slice %[[X]][1, 0] [2, 8] [1, 1] : tensor<?x8xf32> to tensor<2x8xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x8xf32>
func.func @slice_dynamic(%x: tensor<?x8xf32>) -> tensor<2x8xf32> {
  %0 = kiln.slice %x [1, 0] to [3, 8] : tensor<?x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @pad(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<2x3xf32>)
// CHECK:         %[[V:.+]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[R:.+]] = tensor.pad %[[X]] low[0, 1] high[0, 1] {
// CHECK-NEXT:    ^bb0(%{{.+}}: index, %{{.+}}: index):
// CHECK-NEXT:      tensor.yield %[[V]] : f32
// CHECK-NEXT:    } : tensor<2x3xf32> to tensor<2x5xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x5xf32>
func.func @pad(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
  %0 = kiln.pad %x low [0, 1] high [0, 1] value 1.0 : tensor<2x3xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// The pad value is converted to the element type; dynamic sizes stay
// dynamic.
// CHECK-LABEL: func.func @pad_int_dynamic(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x3xi32>)
// CHECK:         %[[V:.+]] = arith.constant 7 : i32
// CHECK:         %[[R:.+]] = tensor.pad %[[X]] low[1, 0] high[2, 1] {
// CHECK:           tensor.yield %[[V]] : i32
// CHECK:         } : tensor<?x3xi32> to tensor<?x4xi32>
func.func @pad_int_dynamic(%x: tensor<?x3xi32>) -> tensor<?x4xi32> {
  %0 = kiln.pad %x low [1, 0] high [2, 1] value 7.0 : tensor<?x3xi32>
  return %0 : tensor<?x4xi32>
}

// -----

// An embedding lookup: the indices tensor is the only input of the generic;
// each index is wrapped (negative counts from the end) and clamped into
// [0, size - 1] before tensor.extract.
// CHECK-LABEL: func.func @gather(
// CHECK-SAME:      %[[T:[^:]+]]: tensor<1000x64xf32>, %[[IDS:[^:]+]]: tensor<?x16xi64>)
// CHECK:         %[[N:.+]] = tensor.dim %[[IDS]], %{{.+}} : tensor<?x16xi64>
// CHECK:         %[[SIZE:.+]] = arith.constant 1000 : index
// CHECK:         cf.assert %{{.+}}, "{{.*}}'kiln.gather' takes indices from an empty axis"
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : index
// CHECK:         %[[LAST:.+]] = arith.subi %[[SIZE]], %{{.+}} : index
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[N]]) : tensor<?x16x64xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS]] : tensor<?x16xi64>) outs(%[[INIT]] : tensor<?x16x64xf32>)
// CHECK-NEXT:    ^bb0(%[[I:.+]]: i64, %{{.+}}: f32):
// CHECK-NEXT:      %[[IDX:.+]] = arith.index_cast %[[I]] : i64 to index
// CHECK-NEXT:      %[[NEG:.+]] = arith.cmpi slt, %[[IDX]], %[[ZERO]] : index
// CHECK-NEXT:      %[[PLUS:.+]] = arith.addi %[[IDX]], %[[SIZE]] : index
// CHECK-NEXT:      %[[WRAP:.+]] = arith.select %[[NEG]], %[[PLUS]], %[[IDX]] : index
// CHECK-NEXT:      %[[LO:.+]] = arith.maxsi %[[WRAP]], %[[ZERO]] : index
// CHECK-NEXT:      %[[CL:.+]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK-NEXT:      %[[COL:.+]] = linalg.index 2 : index
// CHECK-NEXT:      %[[E:.+]] = tensor.extract %[[T]][%[[CL]], %[[COL]]] : tensor<1000x64xf32>
// CHECK-NEXT:      linalg.yield %[[E]] : f32
// CHECK:         return %[[R]] : tensor<?x16x64xf32>
func.func @gather(%t: tensor<1000x64xf32>, %ids: tensor<?x16xi64>) -> tensor<?x16x64xf32> {
  %0 = kiln.gather %t, %ids axis 0 : tensor<1000x64xf32>, tensor<?x16xi64>
  return %0 : tensor<?x16x64xf32>
}

// -----

// Gather along a middle axis with i32 indices: the outer and inner
// positions come from linalg.index.
// CHECK-LABEL: func.func @gather_axis1(
// CHECK-SAME:      %[[T:[^:]+]]: tensor<3x5x7xf32>, %[[IDS:[^:]+]]: tensor<2xi32>)
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS]] : tensor<2xi32>) outs(%{{.+}} : tensor<3x2x7xf32>)
// CHECK-NEXT:    ^bb0(%[[I:.+]]: i32, %{{.+}}: f32):
// CHECK-NEXT:      arith.index_cast %[[I]] : i32 to index
// CHECK:           %[[CL:.+]] = arith.minsi
// CHECK-NEXT:      %[[D0:.+]] = linalg.index 0 : index
// CHECK-NEXT:      %[[D2:.+]] = linalg.index 2 : index
// CHECK-NEXT:      %[[E:.+]] = tensor.extract %[[T]][%[[D0]], %[[CL]], %[[D2]]] : tensor<3x5x7xf32>
// CHECK-NEXT:      linalg.yield %[[E]] : f32
func.func @gather_axis1(%t: tensor<3x5x7xf32>, %ids: tensor<2xi32>) -> tensor<3x2x7xf32> {
  %0 = kiln.gather %t, %ids axis 1 : tensor<3x5x7xf32>, tensor<2xi32>
  return %0 : tensor<3x2x7xf32>
}
