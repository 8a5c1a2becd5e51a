// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: kiln-opt %s -split-input-file -convert-kiln-to-linalg | FileCheck %s --check-prefix=NOKILN

// kiln.if / kiln.for / kiln.while become scf.if / scf.for / scf.while with
// their regions moved over (and lowered); 0-d predicates and bounds are read
// with tensor.extract, a tensor<i64> induction variable is rebuilt with
// tensor.from_elements, kiln.yield / kiln.condition become scf.yield /
// scf.condition.

// NOKILN-NOT: {{^ *(%[^ ]+ = )?kiln\.}}

// CHECK-LABEL: func.func @if(
// CHECK-SAME:      %[[P:[^:]+]]: tensor<i1>, %[[A:[^:]+]]: tensor<4xf32>)
// CHECK-NEXT:    %[[C:.+]] = tensor.extract %[[P]][] : tensor<i1>
// CHECK-NEXT:    %[[R:.+]] = scf.if %[[C]] -> (tensor<4xf32>) {
// CHECK-NEXT:      scf.yield %[[A]] : tensor<4xf32>
// CHECK-NEXT:    } else {
// CHECK:           %[[N:.+]] = linalg.generic {{.+}} ins(%[[A]] : tensor<4xf32>)
// CHECK:             arith.negf
// CHECK:           scf.yield %[[N]] : tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @if(%p: tensor<i1>, %a: tensor<4xf32>) -> tensor<4xf32> {
  %r = kiln.if %p -> (tensor<4xf32>) {
    kiln.yield %a : tensor<4xf32>
  } else {
    %n = kiln.neg %a : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Nested ifs, several results of different types.
// CHECK-LABEL: func.func @if_nested(
// CHECK-SAME:      %[[P:[^:]+]]: tensor<i1>, %[[Q:[^:]+]]: tensor<i1>, %[[A:[^:]+]]: tensor<f32>, %[[N:[^:]+]]: tensor<i64>)
// CHECK:         %[[C:.+]] = tensor.extract %[[P]][] : tensor<i1>
// CHECK:         %[[R:.+]]:2 = scf.if %[[C]] -> (tensor<f32>, tensor<i64>) {
// CHECK:           %[[D:.+]] = tensor.extract %[[Q]][] : tensor<i1>
// CHECK:           %[[S:.+]] = scf.if %[[D]] -> (tensor<f32>) {
// CHECK:             scf.yield %[[A]] : tensor<f32>
// CHECK:           } else {
// CHECK:             math.exp
// CHECK:             scf.yield %{{.+}} : tensor<f32>
// CHECK:           }
// CHECK:           scf.yield %[[S]], %[[N]] : tensor<f32>, tensor<i64>
// CHECK:         } else {
// CHECK:           scf.yield %[[A]], %[[N]] : tensor<f32>, tensor<i64>
// CHECK:         }
// CHECK:         return %[[R]]#0, %[[R]]#1 : tensor<f32>, tensor<i64>
func.func @if_nested(%p: tensor<i1>, %q: tensor<i1>, %a: tensor<f32>, %n: tensor<i64>) -> (tensor<f32>, tensor<i64>) {
  %r:2 = kiln.if %p -> (tensor<f32>, tensor<i64>) {
    %s = kiln.if %q -> (tensor<f32>) {
      kiln.yield %a : tensor<f32>
    } else {
      %e = kiln.exp %a : tensor<f32>
      kiln.yield %e : tensor<f32>
    }
    kiln.yield %s, %n : tensor<f32>, tensor<i64>
  } else {
    kiln.yield %a, %n : tensor<f32>, tensor<i64>
  }
  return %r#0, %r#1 : tensor<f32>, tensor<i64>
}

// -----

// tensor<i64> bounds: extracted scalars, an i64 scf.for; the induction
// variable is turned back into a 0-d tensor for the body.
// CHECK-LABEL: func.func @for_tensor_bounds(
// CHECK-SAME:      %[[UB:[^:]+]]: tensor<i64>, %[[X:[^:]+]]: tensor<i64>)
// CHECK-DAG:     %[[LBT:.+]] = arith.constant dense<0> : tensor<i64>
// CHECK-DAG:     %[[STEPT:.+]] = arith.constant dense<1> : tensor<i64>
// CHECK:         %[[LB:.+]] = tensor.extract %[[LBT]][] : tensor<i64>
// CHECK:         %[[UBS:.+]] = tensor.extract %[[UB]][] : tensor<i64>
// CHECK:         %[[STEP:.+]] = tensor.extract %[[STEPT]][] : tensor<i64>
// CHECK:         %[[R:.+]] = scf.for %[[IV:.+]] = %[[LB]] to %[[UBS]] step %[[STEP]] iter_args(%[[ACC:.+]] = %[[X]]) -> (tensor<i64>) : i64 {
// CHECK-NEXT:      %[[IVT:.+]] = tensor.from_elements %[[IV]] : tensor<i64>
// CHECK-NEXT:      %[[E:.+]] = tensor.empty() : tensor<i64>
// CHECK-NEXT:      %[[SUM:.+]] = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%[[ACC]], %[[IVT]] : tensor<i64>, tensor<i64>) outs(%[[E]] : tensor<i64>)
// CHECK:             arith.addi
// CHECK:           scf.yield %[[SUM]] : tensor<i64>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]] : tensor<i64>
func.func @for_tensor_bounds(%ub: tensor<i64>, %x: tensor<i64>) -> tensor<i64> {
  %lb = kiln.constant dense<0> : tensor<i64>
  %s = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %lb to %ub step %s iter_args(%acc = %x) -> (tensor<i64>) : tensor<i64> {
    %y = kiln.add %acc, %i : tensor<i64>
    kiln.yield %y : tensor<i64>
  }
  return %r : tensor<i64>
}

// -----

// index bounds are used directly, no extraction and no from_elements.
// CHECK-LABEL: func.func @for_index_bounds(
// CHECK-SAME:      %[[LB:[^:]+]]: index, %[[UB:[^:]+]]: index, %[[S:[^:]+]]: index, %[[X:[^:]+]]: tensor<4xf32>)
// CHECK-NEXT:    %[[R:.+]] = scf.for %{{.+}} = %[[LB]] to %[[UB]] step %[[S]] iter_args(%[[ACC:.+]] = %[[X]]) -> (tensor<4xf32>) {
// CHECK-NOT:       tensor.from_elements
// CHECK:           %[[Y:.+]] = linalg.generic {{.+}} ins(%[[ACC]], %[[ACC]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:             arith.addf
// CHECK:           scf.yield %[[Y]] : tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @for_index_bounds(%lb: index, %ub: index, %s: index, %x: tensor<4xf32>) -> tensor<4xf32> {
  %r = kiln.for %i = %lb to %ub step %s iter_args(%acc = %x) -> (tensor<4xf32>) : index {
    %y = kiln.add %acc, %acc : tensor<4xf32>
    kiln.yield %y : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// i64 scalar bounds and a dynamically shaped loop-carried tensor.
// CHECK-LABEL: func.func @for_i64_bounds(
// CHECK-SAME:      %[[LB:[^:]+]]: i64, %[[UB:[^:]+]]: i64, %[[X:[^:]+]]: tensor<?xf32>)
// CHECK:         %[[S:.+]] = arith.constant 2 : i64
// CHECK-NEXT:    %[[R:.+]] = scf.for %{{.+}} = %[[LB]] to %[[UB]] step %[[S]] iter_args(%[[ACC:.+]] = %[[X]]) -> (tensor<?xf32>) : i64 {
// CHECK:           %[[D:.+]] = tensor.dim %[[ACC]], %{{.+}} : tensor<?xf32>
// CHECK:           %[[E:.+]] = tensor.empty(%[[D]]) : tensor<?xf32>
// CHECK:           %[[Y:.+]] = linalg.generic {{.+}} ins(%[[ACC]] : tensor<?xf32>) outs(%[[E]] : tensor<?xf32>)
// CHECK:             math.exp
// CHECK:           scf.yield %[[Y]] : tensor<?xf32>
// CHECK:         return %[[R]] : tensor<?xf32>
func.func @for_i64_bounds(%lb: i64, %ub: i64, %x: tensor<?xf32>) -> tensor<?xf32> {
  %s = arith.constant 2 : i64
  %r = kiln.for %i = %lb to %ub step %s iter_args(%acc = %x) -> (tensor<?xf32>) : i64 {
    %y = kiln.exp %acc : tensor<?xf32>
    kiln.yield %y : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// kiln.while: the condition region computes a 0-d i1 tensor whose element
// becomes the scf.condition operand.
// CHECK-LABEL: func.func @while(
// CHECK-SAME:      %[[I0:[^:]+]]: tensor<i64>, %[[X0:[^:]+]]: tensor<4xf32>, %[[N:[^:]+]]: tensor<i64>)
// CHECK:         %[[ONE:.+]] = arith.constant dense<1> : tensor<i64>
// CHECK:         %[[R:.+]]:2 = scf.while (%[[I:.+]] = %[[I0]], %[[X:.+]] = %[[X0]]) : (tensor<i64>, tensor<4xf32>) -> (tensor<i64>, tensor<4xf32>) {
// CHECK:           %[[GO:.+]] = linalg.generic {{.+}} ins(%[[I]], %[[N]] : tensor<i64>, tensor<i64>) outs(%{{.+}} : tensor<i1>)
// CHECK:             arith.cmpi slt
// CHECK:           %[[C:.+]] = tensor.extract %[[GO]][] : tensor<i1>
// CHECK-NEXT:      scf.condition(%[[C]]) %[[I]], %[[X]] : tensor<i64>, tensor<4xf32>
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[J:.+]]: tensor<i64>, %[[Y:.+]]: tensor<4xf32>):
// CHECK:           %[[J1:.+]] = linalg.generic {{.+}} ins(%[[J]], %[[ONE]] : tensor<i64>, tensor<i64>)
// CHECK:             arith.addi
// CHECK:           %[[Y1:.+]] = linalg.generic {{.+}} ins(%[[Y]], %[[Y]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:             arith.mulf
// CHECK:           scf.yield %[[J1]], %[[Y1]] : tensor<i64>, tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]]#0, %[[R]]#1 : tensor<i64>, tensor<4xf32>
func.func @while(%i0: tensor<i64>, %x0: tensor<4xf32>, %n: tensor<i64>) -> (tensor<i64>, tensor<4xf32>) {
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
