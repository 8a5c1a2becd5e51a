// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg | FileCheck %s --check-prefix=NOKILN

// Reductions become one linalg.generic with reduction iterators over the
// reduced axes on an init filled with the identity (0, -inf / INT_MIN,
// +inf / INT_MAX); keepdims maps the reduced axes to 0 in the output map.
// reduce_mean divides by the element count; argmax carries (value, index).
// The composites softmax, log_softmax and cross_entropy are decomposed into
// these first.

// NOKILN-NOT: {{^ *(%[^ ]+ = )?kiln\.}}

// CHECK-LABEL: func.func @reduce_sum_keepdims(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<8x16xf32>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<8x1xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<8x1xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<8x16xf32>) outs(%[[INIT]] : tensor<8x1xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:      %[[S:.+]] = arith.addf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT:      linalg.yield %[[S]] : f32
// CHECK:         return %[[R]] : tensor<8x1xf32>
func.func @reduce_sum_keepdims(%x: tensor<8x16xf32>) -> tensor<8x1xf32> {
  %0 = kiln.reduce_sum %x axes [-1] keepdims : tensor<8x16xf32>
  return %0 : tensor<8x1xf32>
}

// -----

// No axes: every axis is reduced into a 0-d tensor.
// CHECK-LABEL: func.func @reduce_sum_all_int(
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<i32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[EMPTY]] : tensor<i32>)
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>], iterator_types = ["reduction", "reduction"]} ins(%{{.+}} : tensor<8x16xi32>) outs(%[[INIT]] : tensor<i32>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: i32, %[[ACC:.+]]: i32):
// CHECK-NEXT:      %[[S:.+]] = arith.addi %[[ACC]], %[[IN]] : i32
func.func @reduce_sum_all_int(%x: tensor<8x16xi32>) -> tensor<i32> {
  %0 = kiln.reduce_sum %x : tensor<8x16xi32>
  return %0 : tensor<i32>
}

// -----

// mean over a dynamic axis: the sum divided by the run-time element count.
// CHECK-LABEL: func.func @reduce_mean_dynamic(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x16xf32>)
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x16xf32>
// CHECK:         %[[COUNT:.+]] = arith.muli %{{.+}}, %[[N]] : index
// CHECK:         %[[SUM:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<?x16xf32>) outs(%{{.+}} : tensor<16xf32>)
// CHECK:           arith.addf
// CHECK:         %[[I:.+]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK:         %[[F:.+]] = arith.sitofp %[[I]] : i64 to f32
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%[[SUM]] : tensor<16xf32>)
// CHECK-NEXT:    ^bb0(%[[S:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[Q:.+]] = arith.divf %[[S]], %[[F]] : f32
// CHECK:         return %[[R]] : tensor<16xf32>
func.func @reduce_mean_dynamic(%x: tensor<?x16xf32>) -> tensor<16xf32> {
  %0 = kiln.reduce_mean %x axes [0] : tensor<?x16xf32>
  return %0 : tensor<16xf32>
}

// -----

// max over two axes of three, the kept one dynamic; -inf identity, NaN
// propagating maximumf.
// CHECK-LABEL: func.func @reduce_max_two_axes(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<4x?x6xf32>)
// CHECK:         %[[D:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<4x?x6xf32>
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[EMPTY:.+]] = tensor.empty(%[[D]]) : tensor<?xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[EMPTY]] : tensor<?xf32>)
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>], iterator_types = ["reduction", "parallel", "reduction"]} ins(%[[X]] : tensor<4x?x6xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT:      %[[M:.+]] = arith.maximumf %[[ACC]], %[[IN]] : f32
func.func @reduce_max_two_axes(%x: tensor<4x?x6xf32>) -> tensor<?xf32> {
  %0 = kiln.reduce_max %x axes [0, 2] : tensor<4x?x6xf32>
  return %0 : tensor<?xf32>
}

// -----

// Integer max / min start from INT_MIN / INT_MAX and compare signed; float
// min starts from +inf.
// CHECK-LABEL: func.func @reduce_max_min(
// CHECK:         %[[IMIN:.+]] = arith.constant -2147483648 : i32
// CHECK:         linalg.fill ins(%[[IMIN]] : i32)
// CHECK:         linalg.generic
// CHECK:           arith.maxsi %{{.+}}, %{{.+}} : i32
// CHECK:         %[[IMAX:.+]] = arith.constant 9223372036854775807 : i64
// CHECK:         linalg.fill ins(%[[IMAX]] : i64)
// CHECK:         linalg.generic
// CHECK:           arith.minsi %{{.+}}, %{{.+}} : i64
// CHECK:         %[[INF:.+]] = arith.constant 0x7F800000 : f32
// CHECK:         linalg.fill ins(%[[INF]] : f32)
// CHECK:         linalg.generic
// CHECK:           arith.minimumf %{{.+}}, %{{.+}} : f32
func.func @reduce_max_min(%a: tensor<4x6xi32>, %b: tensor<4x6xi64>, %c: tensor<4x6xf32>) -> (tensor<4xi32>, tensor<4xi64>, tensor<4xf32>) {
  %0 = kiln.reduce_max %a axes [1] : tensor<4x6xi32>
  %1 = kiln.reduce_min %b axes [1] : tensor<4x6xi64>
  %2 = kiln.reduce_min %c axes [1] : tensor<4x6xf32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi64>, tensor<4xf32>
}

// -----

// argmax: two outputs (best value from -inf, its i64 index from 0); an
// element wins when it is greater, or the first NaN after numbers.
// CHECK-LABEL: func.func @argmax(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x10xf32>)
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x10xf32>
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[VALS:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<?xf32>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK:         %[[IDXS:.+]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.+}} : tensor<?xi64>)
// CHECK:         %[[R:.+]]:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x10xf32>) outs(%[[VALS]], %[[IDXS]] : tensor<?xf32>, tensor<?xi64>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: f32, %[[BEST:.+]]: f32, %[[BESTI:.+]]: i64):
// CHECK-NEXT:      %[[POS:.+]] = linalg.index 1 : index
// CHECK-NEXT:      %[[POSI:.+]] = arith.index_cast %[[POS]] : index to i64
// CHECK-NEXT:      %[[GT:.+]] = arith.cmpf ogt, %[[IN]], %[[BEST]] : f32
// CHECK-NEXT:      %[[NAN:.+]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK-NEXT:      %[[NUM:.+]] = arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
// CHECK-NEXT:      %[[FIRSTNAN:.+]] = arith.andi %[[NAN]], %[[NUM]] : i1
// CHECK-NEXT:      %[[BETTER:.+]] = arith.ori %[[GT]], %[[FIRSTNAN]] : i1
// CHECK-NEXT:      %[[NV:.+]] = arith.select %[[BETTER]], %[[IN]], %[[BEST]] : f32
// CHECK-NEXT:      %[[NI:.+]] = arith.select %[[BETTER]], %[[POSI]], %[[BESTI]] : i64
// CHECK-NEXT:      linalg.yield %[[NV]], %[[NI]] : f32, i64
// CHECK:         return %[[R]]#1 : tensor<?xi64>
func.func @argmax(%x: tensor<?x10xf32>) -> tensor<?xi64> {
  %0 = kiln.argmax %x axis 1 : tensor<?x10xf32>
  return %0 : tensor<?xi64>
}

// -----

// Integer argmax along a negative axis with keepdims.
// CHECK-LABEL: func.func @argmax_int_keepdims(
// CHECK:         %[[R:.+]]:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (0, d1)>], iterator_types = ["reduction", "parallel"]} ins(%{{.+}} : tensor<3x5xi32>) outs(%{{.+}}, %{{.+}} : tensor<1x5xi32>, tensor<1x5xi64>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: i32, %[[BEST:.+]]: i32, %{{.+}}: i64):
// CHECK-NEXT:      linalg.index 0 : index
// CHECK-NEXT:      arith.index_cast
// CHECK-NEXT:      %[[GT:.+]] = arith.cmpi sgt, %[[IN]], %[[BEST]] : i32
// CHECK-NEXT:      arith.select %[[GT]]
// CHECK-NEXT:      arith.select %[[GT]]
// CHECK:         return %[[R]]#1 : tensor<1x5xi64>
func.func @argmax_int_keepdims(%x: tensor<3x5xi32>) -> tensor<1x5xi64> {
  %0 = kiln.argmax %x axis -2 keepdims : tensor<3x5xi32>
  return %0 : tensor<1x5xi64>
}

// -----

// softmax: max-reduce, subtract (broadcast of the kept axis), exp, sum,
// one reciprocal per row, multiply.
// CHECK-LABEL: func.func @softmax(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<2x5xf32>)
// CHECK:         %[[MAX:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x5xf32>)
// CHECK:           arith.maximumf
// CHECK:         %[[SH:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<2x5xf32>, tensor<2x1xf32>)
// CHECK:           arith.subf
// CHECK:         %[[E:.+]] = linalg.generic {{.+}} ins(%[[SH]] : tensor<2x5xf32>)
// CHECK:           math.exp
// CHECK:         %[[SUM:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%[[E]] : tensor<2x5xf32>)
// CHECK:           arith.addf
// CHECK:         %[[INV:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[SUM]] : tensor<f32>, tensor<2x1xf32>)
// CHECK:           arith.divf
// CHECK:         %[[R:.+]] = linalg.generic {{.+}} ins(%[[E]], %[[INV]] : tensor<2x5xf32>, tensor<2x1xf32>)
// CHECK:           arith.mulf
// CHECK:         return %[[R]] : tensor<2x5xf32>
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = kiln.softmax %x : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// log_softmax along axis 0: (x - m) - log(sum(exp(x - m))).
// CHECK-LABEL: func.func @log_softmax(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<2x5xf32>)
// CHECK:         %[[MAX:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>], iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<2x5xf32>)
// CHECK:           arith.maximumf
// CHECK:         %[[SH:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<2x5xf32>, tensor<1x5xf32>)
// CHECK:           arith.subf
// CHECK:         %[[E:.+]] = linalg.generic {{.+}} ins(%[[SH]] : tensor<2x5xf32>)
// CHECK:           math.exp
// CHECK:         %[[SUM:.+]] = linalg.generic {{.+}} ins(%[[E]] : tensor<2x5xf32>)
// CHECK:           arith.addf
// CHECK:         %[[LOG:.+]] = linalg.generic {{.+}} ins(%[[SUM]] : tensor<1x5xf32>)
// CHECK:           math.log
// CHECK:         %[[R:.+]] = linalg.generic {{.+}} ins(%[[SH]], %[[LOG]] : tensor<2x5xf32>, tensor<1x5xf32>)
// CHECK:           arith.subf
// CHECK:         return %[[R]] : tensor<2x5xf32>
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = kiln.log_softmax %x axis 0 : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// cross_entropy with a static class count: a one-hot mask (labels compared
// with the class indices), a select of log_softmax, sums, the batch mean and
// a negation.
// CHECK-LABEL: func.func @cross_entropy_static(
// CHECK-SAME:      %[[L:[^:]+]]: tensor<4x10xf32>, %[[Y:[^:]+]]: tensor<4xi64>)
// CHECK:         %[[CLASSES:.+]] = arith.constant dense<{{\[\[}}0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]> : tensor<1x10xi64>
// CHECK:         %[[COL:.+]] = tensor.expand_shape %[[Y]] {{\[\[}}0, 1]] output_shape [4, 1] : tensor<4xi64> into tensor<4x1xi64>
// CHECK:         %[[HOT:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[COL]], %[[CLASSES]] : tensor<4x1xi64>, tensor<1x10xi64>) outs(%{{.+}} : tensor<4x10xi1>)
// CHECK:           arith.cmpi eq
// CHECK:           math.exp
// CHECK:           math.log
// CHECK:         %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[PICK:.+]] = linalg.generic {{.+}} ins(%[[HOT]], %{{.+}}, %[[ZERO]] : tensor<4x10xi1>, tensor<4x10xf32>, tensor<f32>)
// CHECK:           arith.select
// CHECK:         %[[ROWS:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%[[PICK]] : tensor<4x10xf32>) outs(%{{.+}} : tensor<4xf32>)
// CHECK:         %[[TOTAL:.+]] = linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[ROWS]] : tensor<4xf32>) outs(%{{.+}} : tensor<f32>)
// CHECK:         %[[MEAN:.+]] = linalg.generic {{.+}} ins(%[[TOTAL]] : tensor<f32>)
// CHECK:           arith.divf
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%[[MEAN]] : tensor<f32>)
// CHECK:           arith.negf
// CHECK:         return %[[R]] : tensor<f32>
func.func @cross_entropy_static(%l: tensor<4x10xf32>, %y: tensor<4xi64>) -> tensor<f32> {
  %0 = kiln.cross_entropy %l, %y : tensor<4x10xf32>, tensor<4xi64>
  return %0 : tensor<f32>
}

// -----

// cross_entropy with a dynamic class count: log_softmax, then each row's
// label picked by tensor.extract with the label clamped into [0, C - 1]; the
// batch sizes of logits and labels are checked.
// CHECK-LABEL: func.func @cross_entropy_dynamic(
// CHECK-SAME:      %[[L:[^:]+]]: tensor<?x?xf32>, %[[Y:[^:]+]]: tensor<?xi32>)
// CHECK:         linalg.generic
// CHECK:           math.log
// CHECK:         %[[LOGSM:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<?x?xf32>, tensor<?x1xf32>)
// CHECK:           arith.subf
// CHECK:         %[[NL:.+]] = tensor.dim %[[L]], %{{.+}} : tensor<?x?xf32>
// CHECK:         %[[NY:.+]] = tensor.dim %[[Y]], %{{.+}} : tensor<?xi32>
// CHECK:         %[[EQ:.+]] = arith.cmpi eq, %[[NL]], %[[NY]] : index
// CHECK:         cf.assert %[[EQ]], "{{.*}}reduction.mlir:[[@LINE+16]]:8: 'kiln.cross_entropy' logits and labels differ in batch size"
// CHECK:         %[[C:.+]] = tensor.dim %[[L]], %{{.+}} : tensor<?x?xf32>
// CHECK:         %[[LAST:.+]] = arith.subi %[[C]], %{{.+}} : index
// CHECK:         %[[PICKED:.+]] = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%[[Y]] : tensor<?xi32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[LABEL:.+]]: i32, %{{.+}}: f32):
// CHECK-NEXT:      %[[IDX:.+]] = arith.index_cast %[[LABEL]] : i32 to index
// CHECK-NEXT:      %[[LO:.+]] = arith.maxsi %[[IDX]], %{{.+}} : index
// CHECK-NEXT:      %[[CL:.+]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK-NEXT:      %[[ROW:.+]] = linalg.index 0 : index
// CHECK-NEXT:      %[[E:.+]] = tensor.extract %[[LOGSM]][%[[ROW]], %[[CL]]] : tensor<?x?xf32>
// CHECK-NEXT:      linalg.yield %[[E]] : f32
// CHECK:         linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[PICKED]] : tensor<?xf32>)
// CHECK:           arith.divf
// CHECK:           arith.negf
// CHECK:         return
func.func @cross_entropy_dynamic(%l: tensor<?x?xf32>, %y: tensor<?xi32>) -> tensor<f32> {
  %0 = kiln.cross_entropy %l, %y : tensor<?x?xf32>, tensor<?xi32>
  return %0 : tensor<f32>
}
