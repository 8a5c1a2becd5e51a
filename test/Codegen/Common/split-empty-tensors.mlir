// RUN: kiln-opt %s --kiln-split-empty-tensors | FileCheck %s

// One tensor.empty shared by two destinations (as CSE leaves it) becomes one
// per use, with the same dynamic size.
// CHECK-LABEL: func.func @shared
// CHECK-SAME:  (%[[X:.*]]: tensor<?xf32>, %[[N:.*]]: index)
// CHECK-DAG:   %[[E1:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK-DAG:   %[[E2:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK-DAG:   linalg.copy ins(%[[X]] : tensor<?xf32>) outs(%[[E1]] : tensor<?xf32>)
// CHECK-DAG:   linalg.copy ins(%[[X]] : tensor<?xf32>) outs(%[[E2]] : tensor<?xf32>)
func.func @shared(%x: tensor<?xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %e = tensor.empty(%n) : tensor<?xf32>
  %a = linalg.copy ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %b = linalg.copy ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  return %a, %b : tensor<?xf32>, tensor<?xf32>
}

// An unused tensor.empty (kernel formation may leave one) is left alone.
// CHECK-LABEL: func.func @unused
// CHECK:         tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK-NEXT:    return
func.func @unused(%n: index) {
  %e = tensor.empty(%n) : tensor<?xf32>
  return
}
