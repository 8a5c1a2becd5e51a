// RUN: kiln-opt %s -split-input-file -canonicalize | FileCheck %s

// With the kiln dialect loaded, canonicalize folds a pair of scalar integer
// compares of the same operands with inverse predicates: `and` is false,
// `or` is true. (kiln.constant below only loads the dialect.)

// CHECK-LABEL: func.func @complementary(
// CHECK-DAG:     %[[FALSE:.+]] = arith.constant false
// CHECK-DAG:     %[[TRUE:.+]] = arith.constant true
// CHECK-NOT:     arith.andi
// CHECK-NOT:     arith.ori
// CHECK:         return %[[FALSE]], %[[TRUE]], %[[FALSE]] : i1, i1, i1
func.func @complementary(%a: index, %b: index) -> (i1, i1, i1) {
  %k = kiln.constant dense<0.0> : tensor<f32>
  %eq = arith.cmpi eq, %a, %b : index
  %ne = arith.cmpi ne, %a, %b : index
  %and = arith.andi %eq, %ne : i1
  %or = arith.ori %eq, %ne : i1
  %lt = arith.cmpi slt, %a, %b : index
  %ge = arith.cmpi sge, %a, %b : index
  %and2 = arith.andi %lt, %ge : i1
  return %and, %or, %and2 : i1, i1, i1
}

// -----

// Left alone: different operands, predicates that are not inverse, swapped
// operands, and vectors of compares.
// CHECK-LABEL: func.func @not_complementary(
// CHECK-COUNT-4: arith.andi
func.func @not_complementary(%a: index, %b: index, %c: index,
                             %v: vector<4xi32>, %w: vector<4xi32>)
    -> (i1, i1, i1, vector<4xi1>) {
  %k = kiln.constant dense<0.0> : tensor<f32>
  %eq = arith.cmpi eq, %a, %b : index
  %ne_c = arith.cmpi ne, %a, %c : index
  %0 = arith.andi %eq, %ne_c : i1
  %lt = arith.cmpi slt, %a, %b : index
  %gt = arith.cmpi sgt, %a, %b : index
  %1 = arith.andi %lt, %gt : i1
  %ne_swapped = arith.cmpi ne, %b, %a : index
  %2 = arith.andi %eq, %ne_swapped : i1
  %veq = arith.cmpi eq, %v, %w : vector<4xi32>
  %vne = arith.cmpi ne, %v, %w : vector<4xi32>
  %3 = arith.andi %veq, %vne : vector<4xi1>
  return %0, %1, %2, %3 : i1, i1, i1, vector<4xi1>
}
