// RUN: kiln-opt %s -split-input-file | FileCheck %s
// RUN: kiln-opt %s -split-input-file -mlir-print-op-generic | kiln-opt -split-input-file | FileCheck %s

// Round trip of kiln.if, kiln.for, kiln.while, kiln.yield and kiln.condition
// in their custom forms, and through the generic form.

// CHECK-LABEL: func @if_results
// CHECK-SAME: (%[[P:[^:]+]]: tensor<i1>, %[[A:[^:]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[R:.*]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// CHECK-NEXT: kiln.yield %[[A]] : tensor<4xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[N:.*]] = kiln.neg %[[A]] : tensor<4xf32>
// CHECK-NEXT: kiln.yield %[[N]] : tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @if_results(%p: tensor<i1>, %a: tensor<4xf32>) -> tensor<4xf32> {
  %r = kiln.if %p -> (tensor<4xf32>) {
    kiln.yield %a : tensor<4xf32>
  } else {
    %n = kiln.neg %a : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @if_two_results
// CHECK-SAME: (%[[P:[^:]+]]: tensor<i1>, %[[A:[^:]+]]: tensor<4xf32>, %[[I:[^:]+]]: tensor<i64>) -> (tensor<4xf32>, tensor<i64>)
// CHECK: %[[R:.*]]:2 = kiln.if %[[P]] -> (tensor<4xf32>, tensor<i64>) {
// CHECK-NEXT: kiln.yield %[[A]], %[[I]] : tensor<4xf32>, tensor<i64>
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[E:.*]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NEXT: %[[J:.*]] = kiln.add %[[I]], %[[I]] : tensor<i64>
// CHECK-NEXT: kiln.yield %[[E]], %[[J]] : tensor<4xf32>, tensor<i64>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1 : tensor<4xf32>, tensor<i64>
func.func @if_two_results(%p: tensor<i1>, %a: tensor<4xf32>, %i: tensor<i64>) -> (tensor<4xf32>, tensor<i64>) {
  %r:2 = kiln.if %p -> (tensor<4xf32>, tensor<i64>) {
    kiln.yield %a, %i : tensor<4xf32>, tensor<i64>
  } else {
    %e = kiln.exp %a : tensor<4xf32>
    %j = kiln.add %i, %i : tensor<i64>
    kiln.yield %e, %j : tensor<4xf32>, tensor<i64>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<i64>
}

// -----

// The implicit kiln.yield of a region without results is not printed.
// CHECK-LABEL: func @if_no_results
// CHECK-SAME: (%[[P:[^:]+]]: tensor<i1>, %[[A:[^:]+]]: tensor<4xf32>)
// CHECK: kiln.if %[[P]] {
// CHECK-NEXT: kiln.neg %[[A]] : tensor<4xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @if_no_results(%p: tensor<i1>, %a: tensor<4xf32>) {
  kiln.if %p {
    %n = kiln.neg %a : tensor<4xf32>
  } else {
  }
  return
}

// -----

// CHECK-LABEL: func @if_nested
// CHECK-SAME: (%[[P:[^:]+]]: tensor<i1>, %[[Q:[^:]+]]: tensor<i1>, %[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: %[[R:.*]] = kiln.if %[[P]] -> (tensor<2x3xf32>) {
// CHECK-NEXT: %[[INNER:.*]] = kiln.if %[[Q]] -> (tensor<2x3xf32>) {
// CHECK-NEXT: %[[S:.*]] = kiln.add %[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>
// CHECK-NEXT: kiln.yield %[[S]] : tensor<2x3xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: kiln.yield %[[A]] : tensor<2x3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: kiln.yield %[[INNER]] : tensor<2x3xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[M:.*]] = kiln.mul %[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>
// CHECK-NEXT: kiln.yield %[[M]] : tensor<2x3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[U:.*]] = kiln.if %[[Q]] -> (tensor<2x3xf32>) {
// CHECK-NEXT: kiln.yield %[[R]] : tensor<2x3xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: kiln.yield %[[A]] : tensor<2x3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[U]] : tensor<2x3xf32>
func.func @if_nested(%p: tensor<i1>, %q: tensor<i1>, %a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = kiln.if %p -> (tensor<2x3xf32>) {
    %inner = kiln.if %q -> (tensor<2x3xf32>) {
      %s = kiln.add %a, %b : tensor<2x3xf32>, tensor<3xf32>
      kiln.yield %s : tensor<2x3xf32>
    } else {
      kiln.yield %a : tensor<2x3xf32>
    }
    kiln.yield %inner : tensor<2x3xf32>
  } else {
    %m = kiln.mul %a, %b : tensor<2x3xf32>, tensor<3xf32>
    kiln.yield %m : tensor<2x3xf32>
  }
  %u = kiln.if %q -> (tensor<2x3xf32>) {
    kiln.yield %r : tensor<2x3xf32>
  } else {
    kiln.yield %a : tensor<2x3xf32>
  }
  return %u : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @for_index_bounds
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-DAG: %[[LB:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[UB:.*]] = arith.constant 10 : index
// CHECK-DAG: %[[ST:.*]] = arith.constant 2 : index
// CHECK: %[[R:.*]] = kiln.for %[[I:.*]] = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%[[ACC:.*]] = %[[X]]) -> (tensor<4xf32>) : index {
// CHECK-NEXT: %[[Y:.*]] = kiln.add %[[ACC]], %[[ACC]] : tensor<4xf32>
// CHECK-NEXT: kiln.yield %[[Y]] : tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @for_index_bounds(%x: tensor<4xf32>) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %ub = arith.constant 10 : index
  %st = arith.constant 2 : index
  %r = kiln.for %i = %lb to %ub step %st iter_args(%acc = %x) -> (tensor<4xf32>) : index {
    %y = kiln.add %acc, %acc : tensor<4xf32>
    kiln.yield %y : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @for_i64_bounds
// CHECK-SAME: (%[[LB:[^:]+]]: i64, %[[UB:[^:]+]]: i64, %[[ST:[^:]+]]: i64, %[[X:[^:]+]]: tensor<4xf32>, %[[N:[^:]+]]: tensor<i64>) -> (tensor<4xf32>, tensor<i64>)
// CHECK: %[[R:.*]]:2 = kiln.for %[[I:.*]] = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%[[A:.*]] = %[[X]], %[[B:.*]] = %[[N]]) -> (tensor<4xf32>, tensor<i64>) : i64 {
// CHECK-NEXT: %[[Y:.*]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NEXT: %[[M:.*]] = kiln.add %[[B]], %[[B]] : tensor<i64>
// CHECK-NEXT: kiln.yield %[[Y]], %[[M]] : tensor<4xf32>, tensor<i64>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1 : tensor<4xf32>, tensor<i64>
func.func @for_i64_bounds(%lb: i64, %ub: i64, %st: i64, %x: tensor<4xf32>, %n: tensor<i64>) -> (tensor<4xf32>, tensor<i64>) {
  %r:2 = kiln.for %i = %lb to %ub step %st iter_args(%a = %x, %b = %n) -> (tensor<4xf32>, tensor<i64>) : i64 {
    %y = kiln.exp %a : tensor<4xf32>
    %m = kiln.add %b, %b : tensor<i64>
    kiln.yield %y, %m : tensor<4xf32>, tensor<i64>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<i64>
}

// -----

// The induction variable has the bound type, here a 0-d tensor<i64>.
// CHECK-LABEL: func @for_tensor_bounds
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[LB:.*]] = kiln.constant dense<0> : tensor<i64>
// CHECK-NEXT: %[[UB:.*]] = kiln.constant dense<8> : tensor<i64>
// CHECK-NEXT: %[[ST:.*]] = kiln.constant dense<1> : tensor<i64>
// CHECK-NEXT: %[[R:.*]] = kiln.for %[[I:.*]] = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%[[ACC:.*]] = %[[X]]) -> (tensor<4xf32>) : tensor<i64> {
// CHECK-NEXT: %[[F:.*]] = kiln.cast %[[I]] : tensor<i64> to tensor<f32>
// CHECK-NEXT: %[[Y:.*]] = kiln.add %[[ACC]], %[[F]] : tensor<4xf32>, tensor<f32>
// CHECK-NEXT: kiln.yield %[[Y]] : tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @for_tensor_bounds(%x: tensor<4xf32>) -> tensor<4xf32> {
  %lb = kiln.constant dense<0> : tensor<i64>
  %ub = kiln.constant dense<8> : tensor<i64>
  %st = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %lb to %ub step %st iter_args(%acc = %x) -> (tensor<4xf32>) : tensor<i64> {
    %f = kiln.cast %i : tensor<i64> to tensor<f32>
    %y = kiln.add %acc, %f : tensor<4xf32>, tensor<f32>
    kiln.yield %y : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Without loop-carried values the implicit kiln.yield is not printed.
// CHECK-LABEL: func @for_no_iter_args
// CHECK-SAME: (%[[LB:[^:]+]]: index, %[[UB:[^:]+]]: index, %[[ST:[^:]+]]: index, %[[X:[^:]+]]: tensor<4xf32>)
// CHECK: kiln.for %[[I:.*]] = %[[LB]] to %[[UB]] step %[[ST]] : index {
// CHECK-NEXT: kiln.neg %[[X]] : tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @for_no_iter_args(%lb: index, %ub: index, %st: index, %x: tensor<4xf32>) {
  kiln.for %i = %lb to %ub step %st : index {
    %y = kiln.neg %x : tensor<4xf32>
  }
  return
}

// -----

// CHECK-LABEL: func @while_several
// CHECK-SAME: (%[[I0:[^:]+]]: tensor<i64>, %[[X0:[^:]+]]: tensor<4xf32>, %[[N:[^:]+]]: tensor<i64>) -> (tensor<i64>, tensor<4xf32>)
// CHECK: %[[ONE:.*]] = kiln.constant dense<1> : tensor<i64>
// CHECK-NEXT: %[[R:.*]]:2 = kiln.while (%[[I:.*]] = %[[I0]], %[[X:.*]] = %[[X0]]) : tensor<i64>, tensor<4xf32> {
// CHECK-NEXT: %[[GO:.*]] = kiln.compare lt, %[[I]], %[[N]] : tensor<i64>
// CHECK-NEXT: kiln.condition %[[GO]], %[[I]], %[[X]] : tensor<i64>, tensor<4xf32>
// CHECK-NEXT: } do {
// CHECK-NEXT: ^bb0(%[[J:.*]]: tensor<i64>, %[[Y:.*]]: tensor<4xf32>):
// CHECK-NEXT: %[[J1:.*]] = kiln.add %[[J]], %[[ONE]] : tensor<i64>
// CHECK-NEXT: %[[Y1:.*]] = kiln.mul %[[Y]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: kiln.yield %[[J1]], %[[Y1]] : tensor<i64>, tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1 : tensor<i64>, tensor<4xf32>
func.func @while_several(%i0: tensor<i64>, %x0: tensor<4xf32>, %n: tensor<i64>) -> (tensor<i64>, tensor<4xf32>) {
  %one = kiln.constant dense<1> : tensor<i64>
  %r:2 = kiln.while (%i = %i0, %x = %x0) : tensor<i64>, tensor<4xf32> {
    %go = kiln.compare lt, %i, %n : tensor<i64>
    kiln.condition %go, %i, %x : tensor<i64>, tensor<4xf32>
  } do {
  ^bb0(%j: tensor<i64>, %y: tensor<4xf32>):
    %j1 = kiln.add %j, %one : tensor<i64>
    %y1 = kiln.mul %y, %y : tensor<4xf32>
    kiln.yield %j1, %y1 : tensor<i64>, tensor<4xf32>
  }
  return %r#0, %r#1 : tensor<i64>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func @while_no_values
// CHECK-SAME: (%[[P:[^:]+]]: tensor<i1>)
// CHECK: kiln.while () {
// CHECK-NEXT: kiln.condition %[[P]]
// CHECK-NEXT: } do {
// CHECK-NEXT: kiln.yield
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @while_no_values(%p: tensor<i1>) {
  kiln.while () {
    kiln.condition %p
  } do {
    kiln.yield
  }
  return
}
