// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -canonicalize -mlir-print-local-scope | FileCheck %s --check-prefix=CANON
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg | FileCheck %s --check-prefix=NOKILN

// convert-kiln-to-linalg on the elementwise ops: constants, unary and binary
// arithmetic, compare, select, cast and broadcast_to each become one
// linalg.generic (the maps are printed inline by -mlir-print-local-scope).
// numpy broadcasting uses constant-0 map results for static size-1
// dimensions; a dynamic dimension that may be 1 at run time is checked with a
// cf.assert naming the source location and broadcast behind an scf.if. The
// CANON prefix checks that path after -canonicalize, which is easier to read.

// No kiln op survives the lowering (only in assert messages, as a quoted name).
// NOKILN-NOT: {{^ *(%[^ ]+ = )?kiln\.}}

// CHECK-LABEL: func.func @constant()
// CHECK-NEXT:    %[[C:.+]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2xf32>
func.func @constant() -> tensor<2xf32> {
  %0 = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// A unary op on a dynamic shape: the init tensor takes the input's dynamic
// size, no check is needed.
// CHECK-LABEL: func.func @exp(
// CHECK-SAME:      %[[X:.+]]: tensor<4x?xf32>) -> tensor<4x?xf32>
// CHECK:         %[[C1:.+]] = arith.constant 1 : index
// CHECK:         %[[D:.+]] = tensor.dim %[[X]], %[[C1]] : tensor<4x?xf32>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[D]]) : tensor<4x?xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]] : tensor<4x?xf32>) outs(%[[INIT]] : tensor<4x?xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[E:.+]] = math.exp %[[IN]] : f32
// CHECK-NEXT:      linalg.yield %[[E]] : f32
// CHECK-NEXT:    } -> tensor<4x?xf32>
// CHECK-NOT:     cf.assert
// CHECK:         return %[[R]] : tensor<4x?xf32>
func.func @exp(%x: tensor<4x?xf32>) -> tensor<4x?xf32> {
  %0 = kiln.exp %x : tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}

// -----

// The other float unary ops map to one math op each.
// CHECK-LABEL: func.func @math_unary(
// CHECK:         linalg.generic
// CHECK:           math.log %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           math.sqrt %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           math.rsqrt %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           math.tanh %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           math.sin %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           math.cos %{{.+}} : f32
// CHECK:         linalg.generic
// CHECK:           math.erf %{{.+}} : f32
// CHECK:         return
func.func @math_unary(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %0 = kiln.log %x : tensor<8xf32>
  %1 = kiln.sqrt %x : tensor<8xf32>
  %2 = kiln.rsqrt %x : tensor<8xf32>
  %3 = kiln.tanh %x : tensor<8xf32>
  %4 = kiln.sin %x : tensor<8xf32>
  %5 = kiln.cos %x : tensor<8xf32>
  %6 = kiln.erf %x : tensor<8xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// -----

// neg, abs and relu on floats.
// CHECK-LABEL: func.func @unary_float(
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[A:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[N:.+]] = arith.negf %[[A]] : f32
// CHECK-NEXT:      linalg.yield %[[N]] : f32
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[B:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[ABS:.+]] = math.absf %[[B]] : f32
// CHECK-NEXT:      linalg.yield %[[ABS]] : f32
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[C:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[RELU:.+]] = arith.maximumf %[[C]], %[[ZERO]] : f32
// CHECK-NEXT:      linalg.yield %[[RELU]] : f32
func.func @unary_float(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = kiln.neg %x : tensor<4xf32>
  %1 = kiln.abs %x : tensor<4xf32>
  %2 = kiln.relu %x : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// neg, abs and relu on integers.
// CHECK-LABEL: func.func @unary_int(
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[A:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[N:.+]] = arith.subi %[[ZERO]], %[[A]] : i32
// CHECK-NEXT:      linalg.yield %[[N]] : i32
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[B:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ABS:.+]] = math.absi %[[B]] : i32
// CHECK-NEXT:      linalg.yield %[[ABS]] : i32
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[C:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ZERO2:.+]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[RELU:.+]] = arith.maxsi %[[C]], %[[ZERO2]] : i32
// CHECK-NEXT:      linalg.yield %[[RELU]] : i32
func.func @unary_int(%x: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = kiln.neg %x : tensor<4xi32>
  %1 = kiln.abs %x : tensor<4xi32>
  %2 = kiln.relu %x : tensor<4xi32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)) in one region.
// CHECK-LABEL: func.func @sigmoid(
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[X:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[NEG:.+]] = arith.negf %[[X]] : f32
// CHECK-NEXT:      %[[E:.+]] = math.exp %[[NEG]] : f32
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[DEN:.+]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// gelu is decomposed first: x * 0.5 * (1 + erf(x * 1/sqrt(2))), the
// constants being 0-d tensors broadcast with an empty map.
// CHECK-LABEL: func.func @gelu(
// CHECK-SAME:      %[[X:.+]]: tensor<?x8xf32>)
// CHECK:         %[[RSQRT2:.+]] = arith.constant dense<0.707106769> : tensor<f32>
// CHECK:         %[[SCALED:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[RSQRT2]] : tensor<?x8xf32>, tensor<f32>)
// CHECK:           arith.mulf
// CHECK:         %[[ERF:.+]] = linalg.generic {{.+}} ins(%[[SCALED]] : tensor<?x8xf32>)
// CHECK:           math.erf
// CHECK:         %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         linalg.generic {{.+}} ins(%[[ERF]], %[[ONE]] : tensor<?x8xf32>, tensor<f32>)
// CHECK:           arith.addf
// CHECK:         %[[HALF:.+]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK:         linalg.generic {{.+}} ins(%[[X]], %[[HALF]] : tensor<?x8xf32>, tensor<f32>)
// CHECK:           arith.mulf
// CHECK:         %[[R:.+]] = linalg.generic
// CHECK:           arith.mulf
// CHECK:         return %[[R]] : tensor<?x8xf32>
func.func @gelu(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = kiln.gelu %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// Float binary ops, same shapes: identity maps.
// CHECK-LABEL: func.func @binary_float(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<4xf32>, %[[B:[^:]+]]: tensor<4xf32>)
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%[[A]], %[[B]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NEXT:    ^bb0(%[[L0:.+]]: f32, %[[R0:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      arith.addf %[[L0]], %[[R0]] : f32
// CHECK:           arith.subf
// CHECK:           arith.mulf
// CHECK:           arith.divf
// CHECK:           math.powf
// CHECK:           arith.maximumf
// CHECK:           arith.minimumf
// CHECK:         return
func.func @binary_float(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = kiln.add %a, %b : tensor<4xf32>
  %1 = kiln.sub %a, %b : tensor<4xf32>
  %2 = kiln.mul %a, %b : tensor<4xf32>
  %3 = kiln.div %a, %b : tensor<4xf32>
  %4 = kiln.pow %a, %b : tensor<4xf32>
  %5 = kiln.max %a, %b : tensor<4xf32>
  %6 = kiln.min %a, %b : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Integer binary ops (signed max/min).
// CHECK-LABEL: func.func @binary_int(
// CHECK:           arith.addi %{{.+}}, %{{.+}} : i64
// CHECK:           arith.subi %{{.+}}, %{{.+}} : i64
// CHECK:           arith.muli %{{.+}}, %{{.+}} : i64
// CHECK:           arith.maxsi %{{.+}}, %{{.+}} : i64
// CHECK:           arith.minsi %{{.+}}, %{{.+}} : i64
// CHECK:         return
func.func @binary_int(%a: tensor<4xi64>, %b: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>) {
  %0 = kiln.add %a, %b : tensor<4xi64>
  %1 = kiln.sub %a, %b : tensor<4xi64>
  %2 = kiln.mul %a, %b : tensor<4xi64>
  %3 = kiln.max %a, %b : tensor<4xi64>
  %4 = kiln.min %a, %b : tensor<4xi64>
  return %0, %1, %2, %3, %4 : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}

// -----

// Integer division is total: x / 0 = 0 and INT_MIN / -1 = INT_MIN; the
// divisor is replaced by 1 in both cases so arith.divsi never traps.
// CHECK-LABEL: func.func @div_int(
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[X:.+]]: i32, %[[Y:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[ONE:.+]] = arith.constant 1 : i32
// CHECK-NEXT:      %[[MINUS1:.+]] = arith.constant -1 : i32
// CHECK-NEXT:      %[[MIN:.+]] = arith.constant -2147483648 : i32
// CHECK-NEXT:      %[[BYZERO:.+]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : i32
// CHECK-NEXT:      %[[YM1:.+]] = arith.cmpi eq, %[[Y]], %[[MINUS1]] : i32
// CHECK-NEXT:      %[[XMIN:.+]] = arith.cmpi eq, %[[X]], %[[MIN]] : i32
// CHECK-NEXT:      %[[OVF:.+]] = arith.andi %[[XMIN]], %[[YM1]] : i1
// CHECK-NEXT:      %[[UNSAFE:.+]] = arith.ori %[[BYZERO]], %[[OVF]] : i1
// CHECK-NEXT:      %[[DIVISOR:.+]] = arith.select %[[UNSAFE]], %[[ONE]], %[[Y]] : i32
// CHECK-NEXT:      %[[Q:.+]] = arith.divsi %[[X]], %[[DIVISOR]] : i32
// CHECK-NEXT:      %[[R:.+]] = arith.select %[[BYZERO]], %[[ZERO]], %[[Q]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
func.func @div_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.div %a, %b : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Static broadcasting: size-1 dimensions read index 0 through a constant map
// result, missing leading dimensions are dropped from the map.
// CHECK-LABEL: func.func @broadcast_static(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<8x1xf32>, %[[B:[^:]+]]: tensor<1x4xf32>, %[[C:[^:]+]]: tensor<4xf32>)
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<8x4xf32>
// CHECK:         %[[AB:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<8x1xf32>, tensor<1x4xf32>) outs(%[[INIT]] : tensor<8x4xf32>)
// CHECK:           arith.addf
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[AB]], %[[C]] : tensor<8x4xf32>, tensor<4xf32>)
// CHECK:           arith.mulf
// CHECK-NOT:     scf.if
// CHECK-NOT:     cf.assert
// CHECK:         return
func.func @broadcast_static(%a: tensor<8x1xf32>, %b: tensor<1x4xf32>, %c: tensor<4xf32>) -> tensor<8x4xf32> {
  %0 = kiln.add %a, %b : tensor<8x1xf32>, tensor<1x4xf32>
  %1 = kiln.mul %0, %c : tensor<8x4xf32>, tensor<4xf32>
  return %1 : tensor<8x4xf32>
}

// -----

// A dynamic dimension that is the only source of the result's size needs no
// check and no run-time broadcast.
// CHECK-LABEL: func.func @broadcast_sole_dynamic_source(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<?x4xf32>, %[[B:[^:]+]]: tensor<4xf32>)
// CHECK-NOT:     cf.assert
// CHECK-NOT:     scf.if
// CHECK:         %[[D:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x4xf32>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[D]]) : tensor<?x4xf32>
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<?x4xf32>, tensor<4xf32>) outs(%[[INIT]] : tensor<?x4xf32>)
// CHECK:           arith.subf
func.func @broadcast_sole_dynamic_source(%a: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = kiln.sub %a, %b : tensor<?x4xf32>, tensor<4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Two dynamic sizes meet: the result size is the one that is not 1 (numpy:
// 0 against 1 is 0); each operand is
// checked to be 1 or that size (cf.assert with the op's location) and, when
// it is 1 while the result's is not, copied to the full size by a
// tensor.generate behind an scf.if; otherwise it is used as is.
// CHECK-LABEL: func.func @broadcast_dynamic(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<?xf32>, %[[B:[^:]+]]: tensor<?xf32>)
// CHECK:         %[[DA:.+]] = tensor.dim %[[A]]
// CHECK:         %[[DB:.+]] = tensor.dim %[[B]]
// CHECK:         %[[DAONE:.+]] = arith.cmpi eq, %[[DA]], %{{.+}} : index
// CHECK:         %[[N:.+]] = arith.select %[[DAONE]], %[[DB]], %[[DA]] : index
// CHECK:         %[[A1:.+]] = arith.cmpi eq, %[[DA2:.+]], %[[ONE:.+]] : index
// CHECK:         %[[AN:.+]] = arith.cmpi eq, %[[DA2]], %[[N]] : index
// CHECK:         %[[AOK:.+]] = arith.ori %[[A1]], %[[AN]] : i1
// CHECK:         cf.assert %[[AOK]], "{{.*}}elementwise.mlir:[[@LINE+45]]:8: dimension 0 of an operand neither matches the broadcast shape nor is 1"
// CHECK:         %[[GROWS:.+]] = arith.cmpi ne, %[[N]], %[[ONE]] : index
// CHECK:         %[[COPYA:.+]] = arith.andi %[[A1]], %[[GROWS]] : i1
// CHECK:         %[[AB:.+]] = scf.if %[[COPYA]] -> (tensor<?xf32>) {
// CHECK:           %[[GEN:.+]] = tensor.generate %[[N]] {
// CHECK-NEXT:      ^bb0(%[[I:.+]]: index):
// CHECK:             %[[ISONE:.+]] = arith.cmpi eq, %[[DA2]], %[[ONE]] : index
// CHECK:             %[[IDX:.+]] = arith.select %[[ISONE]], %{{.+}}, %[[I]] : index
// CHECK:             %[[E:.+]] = tensor.extract %[[A]][%[[IDX]]] : tensor<?xf32>
// CHECK:             tensor.yield %[[E]] : f32
// CHECK:           } : tensor<?xf32>
// CHECK:           scf.yield %{{.+}} : tensor<?xf32>
// CHECK:         } else {
// CHECK:           scf.yield %[[A]] : tensor<?xf32>
// CHECK:         }
// CHECK:         cf.assert %{{.+}}, "{{.*}}elementwise.mlir:[[@LINE+30]]:8: dimension 0 of an operand neither matches the broadcast shape nor is 1"
// CHECK:         %[[BB:.+]] = scf.if
// CHECK:           tensor.generate %[[N]]
// CHECK:             tensor.extract %[[B]]
// CHECK:         } else {
// CHECK:           scf.yield %[[B]] : tensor<?xf32>
// CHECK:         }
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%[[AB]], %[[BB]] : tensor<?xf32>, tensor<?xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK:           arith.addf
// CHECK:         return %[[R]] : tensor<?xf32>

// CANON-LABEL: func.func @broadcast_dynamic(
// CANON-SAME:      %[[A:[^:]+]]: tensor<?xf32>, %[[B:[^:]+]]: tensor<?xf32>)
// CANON-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CANON-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CANON:         %[[DA:.+]] = tensor.dim %[[A]], %[[C0]]
// CANON:         %[[DB:.+]] = tensor.dim %[[B]], %[[C0]]
// CANON:         %[[DAONE:.+]] = arith.cmpi eq, %[[DA]], %[[C1]] : index
// CANON:         %[[N:.+]] = arith.select %[[DAONE]], %[[DB]], %[[DA]] : index
// CANON:         cf.assert
// CANON:         scf.if
// CANON:           tensor.generate %[[N]]
// CANON:         cf.assert
// CANON:         scf.if
// CANON:           tensor.generate %[[N]]
// CANON:         %[[INIT:.+]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CANON:         linalg.generic
// CANON-SAME:        outs(%[[INIT]] : tensor<?xf32>)
func.func @broadcast_dynamic(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %0 = kiln.add %a, %b : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// A static 1 against a dynamic size: only the dynamic operand is checked; the
// static one broadcasts through its map.
// CHECK-LABEL: func.func @broadcast_static_one_dynamic(
// CHECK-SAME:      %[[A:[^:]+]]: tensor<1x?xf32>, %[[B:[^:]+]]: tensor<?x?xf32>)
// CHECK:         cf.assert %{{.+}}, "{{.*}}elementwise.mlir:[[@LINE+6]]:8: dimension 1 of an operand neither matches the broadcast shape nor is 1"
// CHECK:         scf.if
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK:           arith.mulf
// CHECK:         return
func.func @broadcast_static_one_dynamic(%a: tensor<1x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.mul %a, %b : tensor<1x?xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Float comparisons are ordered except ne (unordered, NaN != x holds).
// CHECK-LABEL: func.func @compare_float(
// CHECK:           arith.cmpf oeq, %{{.+}}, %{{.+}} : f32
// CHECK:           arith.cmpf une, %{{.+}}, %{{.+}} : f32
// CHECK:           arith.cmpf olt, %{{.+}}, %{{.+}} : f32
// CHECK:           arith.cmpf ole, %{{.+}}, %{{.+}} : f32
// CHECK:           arith.cmpf ogt, %{{.+}}, %{{.+}} : f32
// CHECK:           arith.cmpf oge, %{{.+}}, %{{.+}} : f32
// CHECK:         return %{{.+}} : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
func.func @compare_float(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.compare eq, %a, %b : tensor<4xf32>
  %1 = kiln.compare ne, %a, %b : tensor<4xf32>
  %2 = kiln.compare lt, %a, %b : tensor<4xf32>
  %3 = kiln.compare le, %a, %b : tensor<4xf32>
  %4 = kiln.compare gt, %a, %b : tensor<4xf32>
  %5 = kiln.compare ge, %a, %b : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Integers compare as signed, i1 as unsigned (false < true); the result is
// an i1 tensor, broadcast like the arithmetic ops.
// CHECK-LABEL: func.func @compare_int(
// CHECK:         %[[I:.+]] = tensor.empty() : tensor<2x4xi1>
// CHECK:         linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} {{.+}} outs(%[[I]] : tensor<2x4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.+]]: i64, %[[Y:.+]]: i64, %{{.+}}: i1):
// CHECK-NEXT:      %[[C:.+]] = arith.cmpi slt, %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[C]] : i1
// CHECK:           arith.cmpi sge, %{{.+}}, %{{.+}} : i64
// CHECK:           arith.cmpi ne, %{{.+}}, %{{.+}} : i64
// CHECK:           arith.cmpi ult, %{{.+}}, %{{.+}} : i1
// CHECK:           arith.cmpi ugt, %{{.+}}, %{{.+}} : i1
func.func @compare_int(%a: tensor<2x4xi64>, %b: tensor<4xi64>, %p: tensor<4xi1>, %q: tensor<4xi1>) -> (tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.compare lt, %a, %b : tensor<2x4xi64>, tensor<4xi64>
  %1 = kiln.compare ge, %a, %b : tensor<2x4xi64>, tensor<4xi64>
  %2 = kiln.compare ne, %a, %b : tensor<2x4xi64>, tensor<4xi64>
  %3 = kiln.compare lt, %p, %q : tensor<4xi1>
  %4 = kiln.compare gt, %p, %q : tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// select broadcasts its three operands: a column mask, a row and a 0-d value.
// CHECK-LABEL: func.func @select(
// CHECK-SAME:      %[[M:[^:]+]]: tensor<4x1xi1>, %[[A:[^:]+]]: tensor<4xf32>, %[[B:[^:]+]]: tensor<f32>)
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<4x4xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[M]], %[[A]], %[[B]] : tensor<4x1xi1>, tensor<4xf32>, tensor<f32>) outs(%[[INIT]] : tensor<4x4xf32>)
// CHECK-NEXT:    ^bb0(%[[C:.+]]: i1, %[[T:.+]]: f32, %[[F:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[S:.+]] = arith.select %[[C]], %[[T]], %[[F]] : f32
// CHECK-NEXT:      linalg.yield %[[S]] : f32
// CHECK:         return %[[R]] : tensor<4x4xf32>
func.func @select(%m: tensor<4x1xi1>, %a: tensor<4xf32>, %b: tensor<f32>) -> tensor<4x4xf32> {
  %0 = kiln.select %m, %a, %b : tensor<4x1xi1>, tensor<4xf32>, tensor<f32>
  return %0 : tensor<4x4xf32>
}

// -----

// cast: float to integer rounds toward zero (fptosi), i1 is unsigned (0 or
// 1), conversions to i1 test for non-zero, f16 <-> bf16 goes through f32.
// CHECK-LABEL: func.func @cast(
// CHECK:           arith.fptosi %{{.+}} : f32 to i32
// CHECK:           arith.sitofp %{{.+}} : i32 to f32
// CHECK:           arith.extf %{{.+}} : f16 to f32
// CHECK:           arith.truncf %{{.+}} : f32 to f16
// CHECK:           arith.uitofp %{{.+}} : i1 to f32
// CHECK:         ^bb0(%[[I:.+]]: i32, %{{.+}}: i1):
// CHECK-NEXT:      %[[Z:.+]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[NZ:.+]] = arith.cmpi ne, %[[I]], %[[Z]] : i32
// CHECK-NEXT:      linalg.yield %[[NZ]] : i1
// CHECK:         ^bb0(%[[F:.+]]: f32, %{{.+}}: i1):
// CHECK-NEXT:      %[[FZ:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[FNZ:.+]] = arith.cmpf une, %[[F]], %[[FZ]] : f32
// CHECK-NEXT:      linalg.yield %[[FNZ]] : i1
// CHECK:           arith.extsi %{{.+}} : i32 to i64
// CHECK:           arith.extui %{{.+}} : i1 to i32
// CHECK:           arith.trunci %{{.+}} : i64 to i32
// CHECK:         ^bb0(%[[H:.+]]: f16, %{{.+}}: bf16):
// CHECK-NEXT:      %[[H32:.+]] = arith.extf %[[H]] : f16 to f32
// CHECK-NEXT:      %[[BF:.+]] = arith.truncf %[[H32]] : f32 to bf16
// CHECK-NEXT:      linalg.yield %[[BF]] : bf16
func.func @cast(%f: tensor<4xf32>, %i: tensor<4xi32>, %h: tensor<4xf16>, %p: tensor<4xi1>, %l: tensor<4xi64>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf16>, tensor<4xf32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi64>, tensor<4xi32>, tensor<4xi32>, tensor<4xbf16>) {
  %0 = kiln.cast %f : tensor<4xf32> to tensor<4xi32>
  %1 = kiln.cast %i : tensor<4xi32> to tensor<4xf32>
  %2 = kiln.cast %h : tensor<4xf16> to tensor<4xf32>
  %3 = kiln.cast %f : tensor<4xf32> to tensor<4xf16>
  %4 = kiln.cast %p : tensor<4xi1> to tensor<4xf32>
  %5 = kiln.cast %i : tensor<4xi32> to tensor<4xi1>
  %6 = kiln.cast %f : tensor<4xf32> to tensor<4xi1>
  %7 = kiln.cast %i : tensor<4xi32> to tensor<4xi64>
  %8 = kiln.cast %p : tensor<4xi1> to tensor<4xi32>
  %9 = kiln.cast %l : tensor<4xi64> to tensor<4xi32>
  %10 = kiln.cast %h : tensor<4xf16> to tensor<4xbf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 : tensor<4xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf16>, tensor<4xf32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi64>, tensor<4xi32>, tensor<4xi32>, tensor<4xbf16>
}

// -----

// broadcast_to is a copy through a broadcasting map; a dynamic result size
// comes from the index operand.
// CHECK-LABEL: func.func @broadcast_to(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<3xf32>, %[[N:[^:]+]]: index)
// CHECK:         %[[I0:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %[[R0:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<3xf32>) outs(%[[I0]] : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      linalg.yield %[[IN]] : f32
// CHECK:         %[[I1:.+]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK:         %[[R1:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<3xf32>) outs(%[[I1]] : tensor<?x3xf32>)
// CHECK:         return %[[R0]], %[[R1]] : tensor<2x3xf32>, tensor<?x3xf32>
func.func @broadcast_to(%x: tensor<3xf32>, %n: index) -> (tensor<2x3xf32>, tensor<?x3xf32>) {
  %0 = kiln.broadcast_to %x : tensor<3xf32> -> tensor<2x3xf32>
  %1 = kiln.broadcast_to %x [%n] : tensor<3xf32> -> tensor<?x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<?x3xf32>
}

// -----

// broadcast_to from a dynamic size: checked against the requested size
// (1 or equal) and broadcast at run time when it is 1.
// CHECK-LABEL: func.func @broadcast_to_dynamic(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?xf32>, %[[N:[^:]+]]: index)
// CHECK:         %[[D:.+]] = tensor.dim %[[X]]
// CHECK:         %[[ISONE:.+]] = arith.cmpi eq, %[[D]], %{{.+}} : index
// CHECK:         %[[SAME:.+]] = arith.cmpi eq, %[[D]], %[[N]] : index
// CHECK:         %[[OK:.+]] = arith.ori %[[ISONE]], %[[SAME]] : i1
// CHECK:         cf.assert %[[OK]], "{{.*}}elementwise.mlir:[[@LINE+7]]:8: dimension 0 of an operand neither matches the broadcast shape nor is 1"
// CHECK:         %[[B:.+]] = scf.if %{{.+}} -> (tensor<?xf32>) {
// CHECK:           tensor.generate %[[N]]
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[R:.+]] = linalg.generic {{.+}} ins(%[[B]] : tensor<?xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK:         return %[[R]] : tensor<?xf32>
func.func @broadcast_to_dynamic(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %0 = kiln.broadcast_to %x [%n] : tensor<?xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
