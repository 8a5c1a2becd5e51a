// RUN: kiln-opt %s -split-input-file -int-range-optimizations | FileCheck %s

// Integer range analysis sees kiln.for's induction variable and bounds
// through LoopLikeOpInterface: inside 0..8 the test `i < 8` is always true,
// so the select folds away.

// CHECK-LABEL: func @index_bounds
// CHECK:         kiln.for %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}})
// CHECK-NOT:       arith.cmpi
// CHECK-NOT:       kiln.select
// CHECK:           kiln.yield %[[ACC]] : tensor<4xf32>
func.func @index_bounds(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %r = kiln.for %i = %c0 to %c8 step %c1 iter_args(%acc = %x) -> (tensor<4xf32>) : index {
    %in = arith.cmpi ult, %i, %c8 : index
    %p = tensor.from_elements %in : tensor<i1>
    %s = kiln.select %p, %acc, %y : tensor<i1>, tensor<4xf32>
    kiln.yield %s : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @i64_bounds
// CHECK:         kiln.for %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}})
// CHECK-NOT:       kiln.select
// CHECK:           kiln.yield %[[ACC]] : tensor<4xf32>
func.func @i64_bounds(%x: tensor<4xf32>) -> tensor<4xf32> {
  %lb = arith.constant 2 : i64
  %ub = arith.constant 10 : i64
  %st = arith.constant 3 : i64
  %r = kiln.for %i = %lb to %ub step %st iter_args(%acc = %x) -> (tensor<4xf32>) : i64 {
    %ge = arith.cmpi sge, %i, %lb : i64
    %p = tensor.from_elements %ge : tensor<i1>
    %s = kiln.select %p, %acc, %x : tensor<i1>, tensor<4xf32>
    kiln.yield %s : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// 0-d tensor bounds are not integers to the analysis; it leaves them alone.
// CHECK-LABEL: func @tensor_bounds
// CHECK:         kiln.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args
func.func @tensor_bounds(%x: tensor<4xf32>, %n: tensor<i64>) -> tensor<4xf32> {
  %lb = kiln.constant dense<0> : tensor<i64>
  %st = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %lb to %n step %st iter_args(%acc = %x) -> (tensor<4xf32>) : tensor<i64> {
    %y = kiln.add %acc, %acc : tensor<4xf32>
    kiln.yield %y : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
