// RUN: kiln-opt %s -split-input-file -cse | FileCheck %s --check-prefix=CSE
// RUN: kiln-opt %s -split-input-file -inline | FileCheck %s --check-prefix=INLINE
// RUN: kiln-opt %s -split-input-file -symbol-dce | FileCheck %s --check-prefix=SYMDCE
// RUN: kiln-opt %s -split-input-file -loop-invariant-code-motion | FileCheck %s --check-prefix=LICM
// RUN: kiln-opt %s -split-input-file -canonicalize | FileCheck %s --check-prefix=CANON

// Upstream passes working on kiln ops through their traits (Pure,
// Commutative, ConstantLike) and the interfaces of kiln control flow
// (RegionBranchOpInterface, LoopLikeOpInterface, the inliner interface).

//===----------------------------------------------------------------------===//
// -cse
//===----------------------------------------------------------------------===//

// CSE-LABEL: func @cse_kiln_ops(
// CSE-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<4xf32>
// CSE-NEXT:    %[[A:.+]] = kiln.add %[[X]], %[[Y]] : tensor<4xf32>
// CSE-NEXT:    %[[E:.+]] = kiln.exp %[[A]] : tensor<4xf32>
// CSE-NOT:     kiln.add
// CSE-NOT:     kiln.exp
// CSE-NEXT:    return %[[E]], %[[E]] : tensor<4xf32>, tensor<4xf32>
func.func @cse_kiln_ops(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = kiln.add %x, %y : tensor<4xf32>
  %1 = kiln.add %x, %y : tensor<4xf32>
  %2 = kiln.exp %0 : tensor<4xf32>
  %3 = kiln.exp %1 : tensor<4xf32>
  return %2, %3 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Inside the regions of kiln.if, and with a value of the enclosing block.
// CSE-LABEL: func @cse_in_if(
// CSE-SAME:      %[[P:[a-z0-9]+]]: tensor<i1>, %[[X:[a-z0-9]+]]: tensor<4xf32>
// CSE-NEXT:    %[[E:.+]] = kiln.exp %[[X]] : tensor<4xf32>
// CSE-NEXT:    %[[R:.+]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// CSE-NEXT:      %[[T:.+]] = kiln.tanh %[[E]] : tensor<4xf32>
// CSE-NEXT:      %[[S:.+]] = kiln.add %[[T]], %[[T]] : tensor<4xf32>
// CSE-NEXT:      kiln.yield %[[S]] : tensor<4xf32>
// CSE-NEXT:    } else {
// CSE-NEXT:      %[[N:.+]] = kiln.neg %[[X]] : tensor<4xf32>
// CSE-NEXT:      %[[M:.+]] = kiln.mul %[[N]], %[[N]] : tensor<4xf32>
// CSE-NEXT:      kiln.yield %[[M]] : tensor<4xf32>
// CSE-NEXT:    }
// CSE-NEXT:    %[[O:.+]] = kiln.add %[[R]], %[[E]] : tensor<4xf32>
// CSE-NEXT:    return %[[O]] : tensor<4xf32>
func.func @cse_in_if(%p: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %x : tensor<4xf32>
  %r = kiln.if %p -> (tensor<4xf32>) {
    %1 = kiln.exp %x : tensor<4xf32>
    %2 = kiln.tanh %1 : tensor<4xf32>
    %3 = kiln.tanh %1 : tensor<4xf32>
    %4 = kiln.add %2, %3 : tensor<4xf32>
    kiln.yield %4 : tensor<4xf32>
  } else {
    %5 = kiln.neg %x : tensor<4xf32>
    %6 = kiln.neg %x : tensor<4xf32>
    %7 = kiln.mul %5, %6 : tensor<4xf32>
    kiln.yield %7 : tensor<4xf32>
  }
  %8 = kiln.add %r, %0 : tensor<4xf32>
  return %8 : tensor<4xf32>
}

// -----

// In the bodies of kiln.for and kiln.while; the constant in the while body
// merges with the one outside.
// CSE-LABEL: func @cse_in_loops(
// CSE:         kiln.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[A:.+]] = %{{.+}}) -> (tensor<4xf32>) : index {
// CSE-NEXT:      %[[S:.+]] = kiln.sin %[[A]] : tensor<4xf32>
// CSE-NEXT:      %[[S2:.+]] = kiln.add %[[S]], %[[S]] : tensor<4xf32>
// CSE-NEXT:      kiln.yield %[[S2]] : tensor<4xf32>
// CSE-NEXT:    }
// CSE-NEXT:    %[[ONE:.+]] = kiln.constant dense<1> : tensor<i64>
// CSE-NEXT:    kiln.while
// CSE:         } do {
// CSE-NEXT:    ^bb0(%[[K:.+]]: tensor<i64>):
// CSE-NEXT:      %[[K1:.+]] = kiln.add %[[K]], %[[ONE]] : tensor<i64>
// CSE-NEXT:      %[[K2:.+]] = kiln.mul %[[K1]], %[[K1]] : tensor<i64>
// CSE-NEXT:      kiln.yield %[[K2]] : tensor<i64>
// CSE-NEXT:    }
func.func @cse_in_loops(%x: tensor<4xf32>, %n: index, %i0: tensor<i64>, %m: tensor<i64>) -> (tensor<4xf32>, tensor<i64>) {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r = kiln.for %i = %lb to %n step %s iter_args(%a = %x) -> (tensor<4xf32>) : index {
    %1 = kiln.sin %a : tensor<4xf32>
    %2 = kiln.sin %a : tensor<4xf32>
    %3 = kiln.add %1, %2 : tensor<4xf32>
    kiln.yield %3 : tensor<4xf32>
  }
  %one = kiln.constant dense<1> : tensor<i64>
  %w = kiln.while (%j = %i0) : tensor<i64> {
    %c1 = kiln.compare lt, %j, %m : tensor<i64>
    kiln.condition %c1, %j : tensor<i64>
  } do {
  ^bb0(%k: tensor<i64>):
    %one2 = kiln.constant dense<1> : tensor<i64>
    %k1 = kiln.add %k, %one2 : tensor<i64>
    %k2 = kiln.add %k, %one : tensor<i64>
    %k3 = kiln.mul %k1, %k2 : tensor<i64>
    kiln.yield %k3 : tensor<i64>
  }
  return %r, %w : tensor<4xf32>, tensor<i64>
}

// -----

// Different attributes or operands are not merged.
// CSE-LABEL: func @cse_keeps_distinct_ops(
// CSE:         kiln.reduce_sum %{{.+}} axes [0] : tensor<2x3xf32>
// CSE:         kiln.reduce_sum %{{.+}} axes [1] : tensor<2x3xf32>
// CSE:         kiln.compare lt,
// CSE:         kiln.compare gt,
func.func @cse_keeps_distinct_ops(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> (tensor<3xf32>, tensor<2xf32>, tensor<2x3xi1>, tensor<2x3xi1>) {
  %0 = kiln.reduce_sum %x axes [0] : tensor<2x3xf32>
  %1 = kiln.reduce_sum %x axes [1] : tensor<2x3xf32>
  %2 = kiln.compare lt, %x, %y : tensor<2x3xf32>
  %3 = kiln.compare gt, %x, %y : tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<2xf32>, tensor<2x3xi1>, tensor<2x3xi1>
}

//===----------------------------------------------------------------------===//
// -inline
//===----------------------------------------------------------------------===//

// -----

// INLINE-LABEL: func @inline_kiln_call(
// INLINE-SAME:      %[[P:[a-z0-9]+]]: tensor<i1>, %[[X:[a-z0-9]+]]: tensor<4xf32>
// INLINE-NOT:     call
// INLINE:         %[[E:.+]] = kiln.exp %[[X]] : tensor<4xf32>
// INLINE-NEXT:    %[[R:.+]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// INLINE-NEXT:      %[[T:.+]] = kiln.tanh %[[E]] : tensor<4xf32>
// INLINE-NEXT:      kiln.yield %[[T]] : tensor<4xf32>
// INLINE-NEXT:    } else {
// INLINE-NEXT:      %[[N:.+]] = kiln.neg %[[E]] : tensor<4xf32>
// INLINE-NEXT:      kiln.yield %[[N]] : tensor<4xf32>
// INLINE-NEXT:    }
// INLINE-NEXT:    return %[[R]] : tensor<4xf32>
// The private callee, defined below, is gone once inlined.
// INLINE-NOT:     @callee
func.func @inline_kiln_call(%p: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = func.call @callee(%p, %x) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @callee(%p: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %x : tensor<4xf32>
  %r = kiln.if %p -> (tensor<4xf32>) {
    %1 = kiln.tanh %0 : tensor<4xf32>
    kiln.yield %1 : tensor<4xf32>
  } else {
    %2 = kiln.neg %0 : tensor<4xf32>
    kiln.yield %2 : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// A call inside a kiln.if region, to a function holding a kiln.for.
// INLINE-LABEL: func @inline_into_if_region(
// INLINE-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: index, %[[P:[a-z0-9]+]]: tensor<i1>
// INLINE-NOT:     call
// INLINE:         %[[R:.+]] = kiln.if %[[P]] -> (tensor<4xf32>) {
// INLINE-NEXT:      %[[F:.+]] = kiln.for %{{.+}} = %{{.+}} to %[[N]] step %{{.+}} iter_args(%[[A:.+]] = %[[X]]) -> (tensor<4xf32>) : index {
// INLINE-NEXT:        %[[S:.+]] = kiln.sin %[[A]] : tensor<4xf32>
// INLINE-NEXT:        kiln.yield %[[S]] : tensor<4xf32>
// INLINE-NEXT:      }
// INLINE-NEXT:      kiln.yield %[[F]] : tensor<4xf32>
// INLINE-NEXT:    } else {
// INLINE-NEXT:      kiln.yield %[[X]] : tensor<4xf32>
// INLINE-NEXT:    }
// INLINE-NEXT:    return %[[R]] : tensor<4xf32>
// INLINE-NOT:     @loop_callee
func.func @inline_into_if_region(%x: tensor<4xf32>, %n: index, %p: tensor<i1>) -> tensor<4xf32> {
  %r = kiln.if %p -> (tensor<4xf32>) {
    %0 = func.call @loop_callee(%x, %n) : (tensor<4xf32>, index) -> tensor<4xf32>
    kiln.yield %0 : tensor<4xf32>
  } else {
    kiln.yield %x : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
func.func private @loop_callee(%x: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r = kiln.for %i = %lb to %n step %s iter_args(%a = %x) -> (tensor<4xf32>) : index {
    %1 = kiln.sin %a : tensor<4xf32>
    kiln.yield %1 : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// -symbol-dce
//===----------------------------------------------------------------------===//

// -----

// SYMDCE-NOT:   func.func private @unused_kiln_func
// SYMDCE-LABEL: func.func private @used_kiln_func(
// SYMDCE-NEXT:    kiln.neg
// SYMDCE-LABEL: func.func @entry(
// SYMDCE-NEXT:    call @used_kiln_func
// SYMDCE-NOT:   func.func private @unused_kiln_func
func.func private @unused_kiln_func(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %x : tensor<4xf32>
  %p = kiln.constant dense<true> : tensor<i1>
  %r = kiln.if %p -> (tensor<4xf32>) {
    kiln.yield %0 : tensor<4xf32>
  } else {
    kiln.yield %x : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
func.func private @used_kiln_func(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @entry(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = func.call @used_kiln_func(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// -loop-invariant-code-motion
//===----------------------------------------------------------------------===//

// -----

// A chain of invariant kiln ops leaves the kiln.for body.
// LICM-LABEL: func @licm_for(
// LICM-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: index
// LICM:         %[[E:.+]] = kiln.exp %[[Y]] : tensor<4xf32>
// LICM-NEXT:    %[[M:.+]] = kiln.mul %[[E]], %[[Y]] : tensor<4xf32>
// LICM-NEXT:    %[[R:.+]] = kiln.for %{{.+}} = %{{.+}} to %[[N]] step %{{.+}} iter_args(%[[A:.+]] = %[[X]]) -> (tensor<4xf32>) : index {
// LICM-NEXT:      %[[V:.+]] = kiln.add %[[A]], %[[M]] : tensor<4xf32>
// LICM-NEXT:      kiln.yield %[[V]] : tensor<4xf32>
// LICM-NEXT:    }
// LICM-NEXT:    return %[[R]] : tensor<4xf32>
func.func @licm_for(%x: tensor<4xf32>, %y: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %s = arith.constant 1 : index
  %r = kiln.for %i = %lb to %n step %s iter_args(%a = %x) -> (tensor<4xf32>) : index {
    %inv = kiln.exp %y : tensor<4xf32>
    %inv2 = kiln.mul %inv, %y : tensor<4xf32>
    %var = kiln.add %a, %inv2 : tensor<4xf32>
    kiln.yield %var : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// What uses the induction variable stays in the loop.
// LICM-LABEL: func @licm_for_induction_var(
// LICM-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[Y:[a-z0-9]+]]: tensor<i64>
// LICM:         %[[INV:.+]] = kiln.mul %[[Y]], %[[Y]] : tensor<i64>
// LICM-NEXT:    kiln.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[A:.+]] = %[[X]]) -> (tensor<4xf32>) : tensor<i64> {
// LICM-NEXT:      %[[IV:.+]] = kiln.add %[[I]], %[[INV]] : tensor<i64>
// LICM-NEXT:      %[[F:.+]] = kiln.cast %[[IV]] : tensor<i64> to tensor<f32>
// LICM-NEXT:      %[[V:.+]] = kiln.add %[[A]], %[[F]] : tensor<4xf32>, tensor<f32>
// LICM-NEXT:      kiln.yield %[[V]] : tensor<4xf32>
// LICM-NEXT:    }
func.func @licm_for_induction_var(%x: tensor<4xf32>, %y: tensor<i64>, %n: tensor<i64>) -> tensor<4xf32> {
  %lb = kiln.constant dense<0> : tensor<i64>
  %s = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %lb to %n step %s iter_args(%a = %x) -> (tensor<4xf32>) : tensor<i64> {
    %inv = kiln.mul %y, %y : tensor<i64>
    %iv = kiln.add %i, %inv : tensor<i64>
    %f = kiln.cast %iv : tensor<i64> to tensor<f32>
    %var = kiln.add %a, %f : tensor<4xf32>, tensor<f32>
    kiln.yield %var : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Invariant ops of both regions of kiln.while are hoisted; the ones using the
// loop-carried values stay.
// LICM-LABEL: func @licm_while(
// LICM-SAME:      %[[I0:[a-z0-9]+]]: tensor<i64>, %[[N:[a-z0-9]+]]: tensor<i64>, %[[Y:[a-z0-9]+]]: tensor<4xf32>
// LICM-DAG:     %[[LIM:.+]] = kiln.add %[[N]], %[[N]] : tensor<i64>
// LICM-DAG:     %[[ONE:.+]] = kiln.constant dense<1> : tensor<i64>
// LICM-DAG:     %[[SQ:.+]] = kiln.sqrt %[[Y]] : tensor<4xf32>
// LICM:         kiln.while (%[[I:.+]] = %[[I0]], %[[ACC:.+]] = %{{.+}}) : tensor<i64>, tensor<4xf32> {
// LICM-NEXT:      %[[GO:.+]] = kiln.compare lt, %[[I]], %[[LIM]] : tensor<i64>
// LICM-NEXT:      kiln.condition %[[GO]], %[[I]], %[[ACC]] : tensor<i64>, tensor<4xf32>
// LICM-NEXT:    } do {
// LICM-NEXT:    ^bb0(%[[J:.+]]: tensor<i64>, %[[B:.+]]: tensor<4xf32>):
// LICM-NEXT:      %[[J1:.+]] = kiln.add %[[J]], %[[ONE]] : tensor<i64>
// LICM-NEXT:      %[[B1:.+]] = kiln.add %[[B]], %[[SQ]] : tensor<4xf32>
// LICM-NEXT:      kiln.yield %[[J1]], %[[B1]] : tensor<i64>, tensor<4xf32>
// LICM-NEXT:    }
func.func @licm_while(%i0: tensor<i64>, %n: tensor<i64>, %y: tensor<4xf32>) -> (tensor<i64>, tensor<4xf32>) {
  %zero = kiln.constant dense<0.0> : tensor<4xf32>
  %r:2 = kiln.while (%i = %i0, %acc = %zero) : tensor<i64>, tensor<4xf32> {
    %lim = kiln.add %n, %n : tensor<i64>
    %go = kiln.compare lt, %i, %lim : tensor<i64>
    kiln.condition %go, %i, %acc : tensor<i64>, tensor<4xf32>
  } do {
  ^bb0(%j: tensor<i64>, %b: tensor<4xf32>):
    %one = kiln.constant dense<1> : tensor<i64>
    %inv = kiln.sqrt %y : tensor<4xf32>
    %j1 = kiln.add %j, %one : tensor<i64>
    %b1 = kiln.add %b, %inv : tensor<4xf32>
    kiln.yield %j1, %b1 : tensor<i64>, tensor<4xf32>
  }
  return %r#0, %r#1 : tensor<i64>, tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// -canonicalize: dead code elimination
//===----------------------------------------------------------------------===//

// -----

// Unused kiln ops (Pure) and an unused kiln.if with pure regions are erased.
// CANON-LABEL: func @dce_dead_kiln_ops(
// CANON-SAME:      %[[P:[a-z0-9]+]]: tensor<i1>, %[[X:[a-z0-9]+]]: tensor<4xf32>
// CANON-NEXT:    %[[USED:.+]] = kiln.tanh %[[X]] : tensor<4xf32>
// CANON-NOT:     kiln.exp
// CANON-NOT:     kiln.matmul
// CANON-NOT:     kiln.if
// CANON-NEXT:    return %[[USED]] : tensor<4xf32>
func.func @dce_dead_kiln_ops(%p: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %dead = kiln.exp %x : tensor<4xf32>
  %m = kiln.reshape %x [2, 2] : tensor<4xf32>
  %dead2 = kiln.matmul %m, %m : tensor<2x2xf32>, tensor<2x2xf32>
  %dead3 = kiln.if %p -> (tensor<4xf32>) {
    %n = kiln.neg %x : tensor<4xf32>
    kiln.yield %n : tensor<4xf32>
  } else {
    kiln.yield %x : tensor<4xf32>
  }
  %used = kiln.tanh %x : tensor<4xf32>
  return %used : tensor<4xf32>
}
