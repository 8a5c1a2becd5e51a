// RUN: kiln-opt %s -split-input-file -kiln-autodiff -canonicalize -cse | FileCheck %s

// Reverse mode through kiln.for and kiln.while. The forward loop is rebuilt
// as a kiln.for that stores, at the start of each iteration, the
// loop-carried values its body reads on tapes (tensor.empty sized by the
// trip count, tensor.insert_slice at the iteration); the reverse loop is a
// kiln.for over the trip count with index bounds that loads entry
// `count - 1 - j` (tensor.extract_slice), recomputes the body and carries
// the gradients of the loop-carried values and the sums of the gradients of
// the float values the body reads from outside. Checked after -canonicalize
// -cse, which removes the pass's dead index arithmetic. The numbers are
// checked in test/Integration/gradient_loops.py.

// tensor<i64> bounds, a data-dependent trip count: the tape has max(n, 0)
// entries; the gradient of the captured weight %w is an iter_arg of the
// reverse loop, that of the initial state %x its first result.
// CHECK-LABEL: func.func private @rnn_grad_wrt_0_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[W:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: tensor<i64>)
// CHECK-DAG:     %[[ZEROS:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[SEED:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// CHECK:         %[[NE:[a-z0-9_]+]] = tensor.extract %[[N]][] : tensor<i64>
// CHECK-NEXT:    %[[NI:[a-z0-9_]+]] = arith.index_cast %[[NE]] : i64 to index
// CHECK-NEXT:    %[[COUNT:[a-z0-9_]+]] = arith.maxsi %[[NI]], %[[C0]] : index
// CHECK-NEXT:    %[[EMPTY:[a-z0-9_]+]] = tensor.empty(%[[COUNT]]) : tensor<?x4xf32>
// CHECK-NEXT:    %[[FWD:[a-z0-9_]+]]:2 = kiln.for %[[I:[a-z0-9_]+]] = %{{.+}} to %[[N]] step %{{.+}} iter_args(%[[A:[a-z0-9_]+]] = %[[X]], %[[TAPE:[a-z0-9_]+]] = %[[EMPTY]]) -> (tensor<4xf32>, tensor<?x4xf32>) : tensor<i64> {
// CHECK-NEXT:      %[[IE:[a-z0-9_]+]] = tensor.extract %[[I]][] : tensor<i64>
// CHECK-NEXT:      %[[K:[a-z0-9_]+]] = arith.index_cast %[[IE]] : i64 to index
// CHECK-NEXT:      %[[STORED:[a-z0-9_]+]] = tensor.insert_slice %[[A]] into %[[TAPE]][%[[K]], 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<?x4xf32>
// CHECK-NEXT:      %[[M:[a-z0-9_]+]] = kiln.mul %[[A]], %[[W]] : tensor<4xf32>
// CHECK-NEXT:      %[[T:[a-z0-9_]+]] = kiln.tanh %[[M]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[T]], %[[STORED]] : tensor<4xf32>, tensor<?x4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[REV:[a-z0-9_]+]]:2 = kiln.for %[[J:[a-z0-9_]+]] = %[[C0]] to %[[COUNT]] step %[[C1]] iter_args(%[[GA:[a-z0-9_]+]] = %[[SEED]], %[[GW:[a-z0-9_]+]] = %[[ZEROS]]) -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK-NEXT:      %[[LAST:[a-z0-9_]+]] = arith.subi %[[COUNT]], %[[C1]] : index
// CHECK-NEXT:      %[[E:[a-z0-9_]+]] = arith.subi %[[LAST]], %[[J]] : index
// CHECK-NEXT:      %[[A2:[a-z0-9_]+]] = tensor.extract_slice %[[FWD]]#1[%[[E]], 0] [1, 4] [1, 1] : tensor<?x4xf32> to tensor<4xf32>
// CHECK-NEXT:      %[[M2:[a-z0-9_]+]] = kiln.mul %[[A2]], %[[W]] : tensor<4xf32>
// CHECK-NEXT:      kiln.tanh %[[M2]] : tensor<4xf32>
// CHECK:           %[[GM:[a-z0-9_]+]] = kiln.mul %[[GA]], %{{.+}} : tensor<4xf32>
// CHECK-NEXT:      %[[DW:[a-z0-9_]+]] = kiln.mul %[[GM]], %[[A2]] : tensor<4xf32>
// CHECK-NEXT:      %[[DA:[a-z0-9_]+]] = kiln.mul %[[GM]], %[[W]] : tensor<4xf32>
// CHECK-NEXT:      %[[SUM:[a-z0-9_]+]] = kiln.add %[[GW]], %[[DW]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[DA]], %[[SUM]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[REV]]#0, %[[REV]]#1 : tensor<4xf32>, tensor<4xf32>
func.func @rnn(%x: tensor<4xf32>, %w: tensor<4xf32>, %n: tensor<i64>) -> tensor<f32> {
  %c0 = kiln.constant dense<0> : tensor<i64>
  %c1 = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (tensor<4xf32>) : tensor<i64> {
    %m = kiln.mul %a, %w : tensor<4xf32>
    %t = kiln.tanh %m : tensor<4xf32>
    kiln.yield %t : tensor<4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %w: tensor<4xf32>, %n: tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>) {
  %g:2 = kiln.grad @rnn(%x, %w, %n) wrt [0, 1] : (tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>)
  return %g#0, %g#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// index bounds 1 to 10 step 3 (iterations at 1, 4, 7): the tape has a
// constant 3 entries, iteration (i - 1) / 3 is stored and the reverse loop
// reads entries 2, 1, 0. Only %w is differentiated: no gradient of %x is
// returned, the reverse loop still carries that of the state.
// CHECK-LABEL: func.func private @stepped_grad_wrt_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[W:[a-z0-9]+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-DAG:     %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:[a-z0-9_]+]] = arith.constant 2 : index
// CHECK-DAG:     %[[C3:[a-z0-9_]+]] = arith.constant 3 : index
// CHECK-DAG:     %[[C10:[a-z0-9_]+]] = arith.constant 10 : index
// CHECK-DAG:     %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-DAG:     %[[EMPTY:[a-z0-9_]+]] = tensor.empty() : tensor<3x4xf32>
// CHECK:         %[[CAST:[a-z0-9_]+]] = tensor.cast %[[EMPTY]] : tensor<3x4xf32> to tensor<?x4xf32>
// CHECK-NEXT:    %[[FWD:[a-z0-9_]+]]:2 = kiln.for %[[I:[a-z0-9_]+]] = %[[C1]] to %[[C10]] step %[[C3]] iter_args(%[[A:[a-z0-9_]+]] = %[[X]], %[[TAPE:[a-z0-9_]+]] = %[[CAST]]) -> (tensor<4xf32>, tensor<?x4xf32>) : index {
// CHECK-NEXT:      %[[OFF:[a-z0-9_]+]] = arith.subi %[[I]], %[[C1]] : index
// CHECK-NEXT:      %[[K:[a-z0-9_]+]] = arith.divsi %[[OFF]], %[[C3]] : index
// CHECK-NEXT:      tensor.insert_slice %[[A]] into %[[TAPE]][%[[K]], 0] [1, 4] [1, 1]
// CHECK:         %[[REV:[a-z0-9_]+]]:2 = kiln.for %[[J:[a-z0-9_]+]] = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK-NEXT:      %[[E:[a-z0-9_]+]] = arith.subi %[[C2]], %[[J]] : index
// CHECK-NEXT:      tensor.extract_slice %[[FWD]]#1[%[[E]], 0] [1, 4] [1, 1] : tensor<?x4xf32> to tensor<4xf32>
// CHECK:           kiln.cos
// CHECK:         return %[[REV]]#1 : tensor<4xf32>
func.func @stepped(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<f32> {
  %lb = arith.constant 1 : index
  %ub = arith.constant 10 : index
  %st = arith.constant 3 : index
  %r = kiln.for %i = %lb to %ub step %st iter_args(%a = %x) -> (tensor<4xf32>) : index {
    %m = kiln.mul %a, %w : tensor<4xf32>
    %t = kiln.sin %m : tensor<4xf32>
    kiln.yield %t : tensor<4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {
  %g = kiln.grad @stepped(%x, %w) wrt [1] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// i64 bounds from the arguments: the trip count is ceildiv(max(ub - lb, 0),
// step) and the stored iteration (i - lb) / step.
// CHECK-LABEL: func.func private @ranged_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[W:[a-z0-9]+]]: tensor<4xf32>, %[[LB:[a-z0-9]+]]: i64, %[[UB:[a-z0-9]+]]: i64, %[[ST:[a-z0-9]+]]: i64)
// CHECK-DAG:     %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-DAG:     %[[L:[a-z0-9_]+]] = arith.index_cast %[[LB]] : i64 to index
// CHECK-DAG:     %[[S:[a-z0-9_]+]] = arith.index_cast %[[ST]] : i64 to index
// CHECK-DAG:     %[[U:[a-z0-9_]+]] = arith.index_cast %[[UB]] : i64 to index
// CHECK:         %[[SPAN:[a-z0-9_]+]] = arith.subi %[[U]], %[[L]] : index
// CHECK-NEXT:    %[[POS:[a-z0-9_]+]] = arith.maxsi %[[SPAN]], %[[C0]] : index
// CHECK-NEXT:    %[[COUNT:[a-z0-9_]+]] = arith.ceildivsi %[[POS]], %[[S]] : index
// CHECK-NEXT:    %[[EMPTY:[a-z0-9_]+]] = tensor.empty(%[[COUNT]]) : tensor<?x4xf32>
// CHECK-NEXT:    %[[FWD:[a-z0-9_]+]]:2 = kiln.for %[[I:[a-z0-9_]+]] = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%[[A:[a-z0-9_]+]] = %[[X]], %[[TAPE:[a-z0-9_]+]] = %[[EMPTY]]) -> (tensor<4xf32>, tensor<?x4xf32>) : i64 {
// CHECK-NEXT:      %[[II:[a-z0-9_]+]] = arith.index_cast %[[I]] : i64 to index
// CHECK-NEXT:      %[[OFF:[a-z0-9_]+]] = arith.subi %[[II]], %[[L]] : index
// CHECK-NEXT:      %[[K:[a-z0-9_]+]] = arith.divsi %[[OFF]], %[[S]] : index
// CHECK-NEXT:      tensor.insert_slice %[[A]] into %[[TAPE]][%[[K]], 0] [1, 4] [1, 1]
// CHECK:         %[[REV:[a-z0-9_]+]] = kiln.for %{{.+}} = %[[C0]] to %[[COUNT]] step %{{.+}} iter_args(%{{.+}} = %{{.+}}) -> (tensor<4xf32>) : index {
// CHECK:           tensor.extract_slice %[[FWD]]#1
// CHECK:         return %[[REV]] : tensor<4xf32>
func.func @ranged(%x: tensor<4xf32>, %w: tensor<4xf32>, %lb: i64, %ub: i64, %st: i64) -> tensor<f32> {
  %r = kiln.for %i = %lb to %ub step %st iter_args(%a = %x) -> (tensor<4xf32>) : i64 {
    %m = kiln.mul %a, %w : tensor<4xf32>
    %t = kiln.sin %m : tensor<4xf32>
    kiln.yield %t : tensor<4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %w: tensor<4xf32>, %lb: i64, %ub: i64, %st: i64) -> tensor<4xf32> {
  %g = kiln.grad @ranged(%x, %w, %lb, %ub, %st) wrt [0] : (tensor<4xf32>, tensor<4xf32>, i64, i64, i64) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// kiln.while: the loop runs first with an index counter added; a kiln.for
// over that count runs the test and the body again, taping the state; the
// last test (the forwarded exp) is recomputed on the final state and
// differentiated before the reverse loop, which recomputes test and body.
// CHECK-LABEL: func.func private @decay_grad_wrt_0_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[W:[a-z0-9]+]]: tensor<4xf32>)
// CHECK-DAG:     %[[ZEROS:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// CHECK:         %[[CNT:[a-z0-9_]+]]:2 = kiln.while (%[[Y:[a-z0-9_]+]] = %[[X]], %[[K:[a-z0-9_]+]] = %[[C0]]) : tensor<4xf32>, index {
// CHECK:           %[[GO:[a-z0-9_]+]] = kiln.compare gt
// CHECK-NEXT:      %[[EY:[a-z0-9_]+]] = kiln.exp %[[Y]] : tensor<4xf32>
// CHECK-NEXT:      kiln.condition %[[GO]], %[[EY]], %[[K]] : tensor<4xf32>, index
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[Z:[a-z0-9_]+]]: tensor<4xf32>, %[[K2:[a-z0-9_]+]]: index):
// CHECK-NEXT:      %[[H:[a-z0-9_]+]] = kiln.mul %[[Z]], %[[W]] : tensor<4xf32>
// CHECK-NEXT:      %[[K3:[a-z0-9_]+]] = arith.addi %[[K2]], %[[C1]] : index
// CHECK-NEXT:      kiln.yield %[[H]], %[[K3]] : tensor<4xf32>, index
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[EMPTY:[a-z0-9_]+]] = tensor.empty(%[[CNT]]#1) : tensor<?x4xf32>
// CHECK-NEXT:    %[[FWD:[a-z0-9_]+]]:2 = kiln.for %[[I:[a-z0-9_]+]] = %[[C0]] to %[[CNT]]#1 step %[[C1]] iter_args(%[[A:[a-z0-9_]+]] = %[[X]], %[[TAPE:[a-z0-9_]+]] = %[[EMPTY]]) -> (tensor<4xf32>, tensor<?x4xf32>) : index {
// CHECK-NEXT:      %[[STORED:[a-z0-9_]+]] = tensor.insert_slice %[[A]] into %[[TAPE]][%[[I]], 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<?x4xf32>
// CHECK-NEXT:      %[[EA:[a-z0-9_]+]] = kiln.exp %[[A]] : tensor<4xf32>
// CHECK-NEXT:      %[[NEXT:[a-z0-9_]+]] = kiln.mul %[[EA]], %[[W]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[NEXT]], %[[STORED]] : tensor<4xf32>, tensor<?x4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[LASTTEST:[a-z0-9_]+]] = kiln.exp %[[FWD]]#0 : tensor<4xf32>
// CHECK-NEXT:    %[[REV:[a-z0-9_]+]]:2 = kiln.for %[[J:[a-z0-9_]+]] = %[[C0]] to %[[CNT]]#1 step %[[C1]] iter_args(%[[GA:[a-z0-9_]+]] = %[[LASTTEST]], %[[GW:[a-z0-9_]+]] = %[[ZEROS]]) -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK-NEXT:      %[[LAST:[a-z0-9_]+]] = arith.subi %[[CNT]]#1, %[[C1]] : index
// CHECK-NEXT:      %[[E:[a-z0-9_]+]] = arith.subi %[[LAST]], %[[J]] : index
// CHECK-NEXT:      %[[A2:[a-z0-9_]+]] = tensor.extract_slice %[[FWD]]#1[%[[E]], 0] [1, 4] [1, 1] : tensor<?x4xf32> to tensor<4xf32>
// CHECK-NEXT:      %[[EA2:[a-z0-9_]+]] = kiln.exp %[[A2]] : tensor<4xf32>
// CHECK-NEXT:      %[[DW:[a-z0-9_]+]] = kiln.mul %[[GA]], %[[EA2]] : tensor<4xf32>
// CHECK-NEXT:      %[[GE:[a-z0-9_]+]] = kiln.mul %[[GA]], %[[W]] : tensor<4xf32>
// CHECK-NEXT:      %[[DA:[a-z0-9_]+]] = kiln.mul %[[GE]], %[[EA2]] : tensor<4xf32>
// CHECK-NEXT:      %[[SUM:[a-z0-9_]+]] = kiln.add %[[GW]], %[[DW]] : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[DA]], %[[SUM]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[REV]]#0, %[[REV]]#1 : tensor<4xf32>, tensor<4xf32>
func.func @decay(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<f32> {
  %limit = kiln.constant dense<1.0> : tensor<f32>
  %r = kiln.while (%y = %x) : tensor<4xf32> {
    %s = kiln.reduce_sum %y : tensor<4xf32>
    %go = kiln.compare gt, %s, %limit : tensor<f32>, tensor<f32>
    %e = kiln.exp %y : tensor<4xf32>
    kiln.condition %go, %e : tensor<4xf32>
  } do {
  ^bb0(%z: tensor<4xf32>):
    %h = kiln.mul %z, %w : tensor<4xf32>
    kiln.yield %h : tensor<4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %w: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %g:2 = kiln.grad @decay(%x, %w) wrt [0, 1] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %g#0, %g#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// A loop-carried value with a dynamic dim: the tape takes the dim from the
// init, and every store asserts that the dim has not changed.
// CHECK-LABEL: func.func private @batched_grad_wrt_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x4xf32>, %[[W:[a-z0-9]+]]: tensor<4x4xf32>, %[[N:[a-z0-9]+]]: tensor<i64>)
// CHECK-DAG:     %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// CHECK:         %[[COUNT:[a-z0-9_]+]] = arith.maxsi
// CHECK-NEXT:    %[[B:[a-z0-9_]+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x4xf32>
// CHECK-NEXT:    %[[EMPTY:[a-z0-9_]+]] = tensor.empty(%[[COUNT]], %[[B]]) : tensor<?x?x4xf32>
// CHECK-NEXT:    %[[FWD:[a-z0-9_]+]]:2 = kiln.for %{{.+}} = %{{.+}} to %[[N]] step %{{.+}} iter_args(%[[A:[a-z0-9_]+]] = %[[X]], %[[TAPE:[a-z0-9_]+]] = %[[EMPTY]]) -> (tensor<?x4xf32>, tensor<?x?x4xf32>) : tensor<i64> {
// CHECK:           %[[TB:[a-z0-9_]+]] = tensor.dim %[[TAPE]], %[[C1]] : tensor<?x?x4xf32>
// CHECK-NEXT:      %[[AB:[a-z0-9_]+]] = tensor.dim %[[A]], %[[C0]] : tensor<?x4xf32>
// CHECK-NEXT:      %[[SAME:[a-z0-9_]+]] = arith.cmpi eq, %[[AB]], %[[TB]] : index
// CHECK-NEXT:      cf.assert %[[SAME]], "{{.+}}autodiff-loops.mlir:{{[0-9]+}}:{{[0-9]+}}: dimension 0 of a loop-carried value changes between iterations; reverse-mode differentiation of this loop needs it constant"
// CHECK-NEXT:      tensor.insert_slice %[[A]] into %[[TAPE]][%{{.+}}, 0, 0] [1, %[[TB]], 4] [1, 1, 1] : tensor<?x4xf32> into tensor<?x?x4xf32>
// CHECK:         kiln.for %{{.+}} = %[[C0]] to %[[COUNT]] step %[[C1]] iter_args(%{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) -> (tensor<?x4xf32>, tensor<4x4xf32>) : index {
// CHECK:           %[[TB2:[a-z0-9_]+]] = tensor.dim %[[FWD]]#1, %[[C1]] : tensor<?x?x4xf32>
// CHECK-NEXT:      tensor.extract_slice %[[FWD]]#1[%{{.+}}, 0, 0] [1, %[[TB2]], 4] [1, 1, 1] : tensor<?x?x4xf32> to tensor<?x4xf32>
func.func @batched(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>, %n: tensor<i64>) -> tensor<f32> {
  %c0 = kiln.constant dense<0> : tensor<i64>
  %c1 = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (tensor<?x4xf32>) : tensor<i64> {
    %m = kiln.matmul %a, %w : tensor<?x4xf32>, tensor<4x4xf32>
    %t = kiln.tanh %m : tensor<?x4xf32>
    kiln.yield %t : tensor<?x4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<?x4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>, %n: tensor<i64>) -> tensor<4x4xf32> {
  %g = kiln.grad @batched(%x, %w, %n) wrt [1] : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<i64>) -> tensor<4x4xf32>
  return %g : tensor<4x4xf32>
}

// -----

// A loop-carried i64 counter the body reads: taped like the floats (a
// tensor<?xi64> tape), loaded in the reverse loop, which carries no gradient
// for it.
// CHECK-LABEL: func.func private @counted_grad_wrt_0(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: tensor<i64>) -> tensor<4xf32>
// CHECK-DAG:     %[[SEED:[a-z0-9_]+]] = kiln.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[I0:[a-z0-9_]+]] = kiln.constant dense<0> : tensor<i64>
// CHECK:         %[[KTAPE0:[a-z0-9_]+]] = tensor.empty(%[[COUNT:[a-z0-9_]+]]) : tensor<?xi64>
// CHECK-NEXT:    %[[ATAPE0:[a-z0-9_]+]] = tensor.empty(%[[COUNT]]) : tensor<?x4xf32>
// CHECK-NEXT:    %[[FWD:[a-z0-9_]+]]:4 = kiln.for %{{.+}} = %[[I0]] to %[[N]] step %{{.+}} iter_args(%[[K:[a-z0-9_]+]] = %[[I0]], %[[A:[a-z0-9_]+]] = %[[X]], %[[KTAPE:[a-z0-9_]+]] = %[[KTAPE0]], %[[ATAPE:[a-z0-9_]+]] = %[[ATAPE0]]) -> (tensor<i64>, tensor<4xf32>, tensor<?xi64>, tensor<?x4xf32>) : tensor<i64> {
// CHECK:           tensor.insert_slice %[[K]] into %[[KTAPE]][%{{.+}}] [1] [1] : tensor<i64> into tensor<?xi64>
// CHECK-NEXT:      tensor.insert_slice %[[A]] into %[[ATAPE]][%{{.+}}, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<?x4xf32>
// CHECK:         %[[REV:[a-z0-9_]+]] = kiln.for %{{.+}} = %{{.+}} to %[[COUNT]] step %{{.+}} iter_args(%[[GA:[a-z0-9_]+]] = %[[SEED]]) -> (tensor<4xf32>) : index {
// CHECK:           %[[K2:[a-z0-9_]+]] = tensor.extract_slice %[[FWD]]#2[%[[E:[a-z0-9_]+]]] [1] [1] : tensor<?xi64> to tensor<i64>
// CHECK-NEXT:      %[[A2:[a-z0-9_]+]] = tensor.extract_slice %[[FWD]]#3[%[[E]], 0] [1, 4] [1, 1] : tensor<?x4xf32> to tensor<4xf32>
// CHECK-NEXT:      %[[KF:[a-z0-9_]+]] = kiln.cast %[[K2]] : tensor<i64> to tensor<f32>
// CHECK-NEXT:      kiln.mul %[[A2]], %[[KF]] : tensor<4xf32>, tensor<f32>
// CHECK:           kiln.yield %{{.+}} : tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[REV]] : tensor<4xf32>
func.func @counted(%x: tensor<4xf32>, %n: tensor<i64>) -> tensor<f32> {
  %c0 = kiln.constant dense<0> : tensor<i64>
  %c1 = kiln.constant dense<1> : tensor<i64>
  %r:2 = kiln.for %i = %c0 to %n step %c1 iter_args(%k = %c0, %a = %x) -> (tensor<i64>, tensor<4xf32>) : tensor<i64> {
    %kf = kiln.cast %k : tensor<i64> to tensor<f32>
    %m = kiln.mul %a, %kf : tensor<4xf32>, tensor<f32>
    %t = kiln.sin %m : tensor<4xf32>
    %k1 = kiln.add %k, %c1 : tensor<i64>
    kiln.yield %k1, %t : tensor<i64>, tensor<4xf32>
  }
  %s = kiln.reduce_sum %r#1 : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %n: tensor<i64>) -> tensor<4xf32> {
  %g = kiln.grad @counted(%x, %n) wrt [0] : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}

// -----

// A for inside a for: the outer forward loop tapes its state and runs the
// inner loop as it was; each outer reverse iteration recomputes the inner
// loop as a taping loop from the loaded state and runs its reverse loop,
// whose weight gradient is added to the outer sum.
// CHECK-LABEL: func.func private @nested_grad_wrt_0_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[W:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: tensor<i64>, %[[M:[a-z0-9]+]]: tensor<i64>)
// CHECK:         %[[FWD:[a-z0-9_]+]]:2 = kiln.for %{{.+}} = %{{.+}} to %[[N]] step %{{.+}} iter_args(%[[A:[a-z0-9_]+]] = %[[X]], %{{.+}} = %{{.+}}) -> (tensor<4xf32>, tensor<?x4xf32>) : tensor<i64> {
// CHECK:           tensor.insert_slice %[[A]]
// CHECK-NEXT:      %[[INNER:[a-z0-9_]+]] = kiln.for %{{.+}} = %{{.+}} to %[[M]] step %{{.+}} iter_args(%{{.+}} = %[[A]]) -> (tensor<4xf32>) : tensor<i64> {
// CHECK-NOT:         tensor.insert_slice
// CHECK:           kiln.add %[[INNER]], %[[A]] : tensor<4xf32>
// CHECK:         %[[REV:[a-z0-9_]+]]:2 = kiln.for %{{.+}} iter_args(%[[GA:[a-z0-9_]+]] = %{{.+}}, %[[GW:[a-z0-9_]+]] = %{{.+}}) -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK:           %[[A2:[a-z0-9_]+]] = tensor.extract_slice %[[FWD]]#1
// CHECK:           %[[FWD2:[a-z0-9_]+]]:2 = kiln.for %{{.+}} = %{{.+}} to %[[M]] step %{{.+}} iter_args(%[[B:[a-z0-9_]+]] = %[[A2]], %{{.+}} = %{{.+}}) -> (tensor<4xf32>, tensor<?x4xf32>) : tensor<i64> {
// CHECK:             tensor.insert_slice %[[B]]
// CHECK:           %[[REV2:[a-z0-9_]+]]:2 = kiln.for %{{.+}} iter_args(%{{.+}} = %[[GA]], %{{.+}} = %{{.+}}) -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK:             tensor.extract_slice %[[FWD2]]#1
// CHECK:             kiln.tanh
// CHECK:           }
// CHECK-NEXT:      %[[DA:[a-z0-9_]+]] = kiln.add %[[GA]], %[[REV2]]#0 : tensor<4xf32>
// CHECK-NEXT:      %[[SUM:[a-z0-9_]+]] = kiln.add %[[GW]], %[[REV2]]#1 : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[DA]], %[[SUM]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[REV]]#0, %[[REV]]#1 : tensor<4xf32>, tensor<4xf32>
func.func @nested(%x: tensor<4xf32>, %w: tensor<4xf32>, %n: tensor<i64>, %m: tensor<i64>) -> tensor<f32> {
  %c0 = kiln.constant dense<0> : tensor<i64>
  %c1 = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (tensor<4xf32>) : tensor<i64> {
    %inner = kiln.for %j = %c0 to %m step %c1 iter_args(%b = %a) -> (tensor<4xf32>) : tensor<i64> {
      %p = kiln.mul %b, %w : tensor<4xf32>
      %t = kiln.tanh %p : tensor<4xf32>
      kiln.yield %t : tensor<4xf32>
    }
    %e = kiln.add %inner, %a : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %w: tensor<4xf32>, %n: tensor<i64>, %m: tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>) {
  %g:2 = kiln.grad @nested(%x, %w, %n, %m) wrt [0, 1] : (tensor<4xf32>, tensor<4xf32>, tensor<i64>, tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>)
  return %g#0, %g#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// A kiln.if in the body on a predicate of the induction variable: the
// reverse loop rebuilds the induction variable (a tensor<i64>) from the
// entry index and differentiates each branch in a reverse kiln.if on the
// recomputed predicate.
// CHECK-LABEL: func.func private @branchy_grad_wrt_0_1(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4xf32>, %[[W:[a-z0-9]+]]: tensor<4xf32>, %[[N:[a-z0-9]+]]: tensor<i64>, %[[K:[a-z0-9]+]]: tensor<i64>)
// CHECK-DAG:     %[[ZEROS:[a-z0-9_]+]] = kiln.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK:         %[[FWD:[a-z0-9_]+]]:2 = kiln.for %[[I:[a-z0-9_]+]] = %{{.+}} to %[[N]] step %{{.+}} iter_args(%{{.+}}) -> (tensor<4xf32>, tensor<?x4xf32>) : tensor<i64> {
// CHECK:           %[[P:[a-z0-9_]+]] = kiln.compare lt, %[[I]], %[[K]] : tensor<i64>
// CHECK-NEXT:      kiln.if %[[P]] -> (tensor<4xf32>) {
// CHECK:         kiln.for %[[J:[a-z0-9_]+]] = {{.+}} iter_args(%[[GA:[a-z0-9_]+]] = %{{.+}}, %[[GW:[a-z0-9_]+]] = %[[ZEROS]]) -> (tensor<4xf32>, tensor<4xf32>) : index {
// CHECK:           %[[E:[a-z0-9_]+]] = arith.subi %{{.+}}, %[[J]] : index
// CHECK-NEXT:      %[[E64:[a-z0-9_]+]] = arith.index_cast %[[E]] : index to i64
// CHECK-NEXT:      %[[IV:[a-z0-9_]+]] = tensor.from_elements %[[E64]] : tensor<i64>
// CHECK-NEXT:      %[[A2:[a-z0-9_]+]] = tensor.extract_slice %[[FWD]]#1[%[[E]], 0] [1, 4] [1, 1]
// CHECK-NEXT:      %[[P2:[a-z0-9_]+]] = kiln.compare lt, %[[IV]], %[[K]] : tensor<i64>
// CHECK-NEXT:      %[[G:[a-z0-9_]+]]:2 = kiln.if %[[P2]] -> (tensor<4xf32>, tensor<4xf32>) {
// CHECK:             kiln.tanh
// CHECK:             kiln.yield %{{.+}}, %{{.+}} : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:      } else {
// CHECK-NEXT:        %[[COS:[a-z0-9_]+]] = kiln.cos %[[A2]] : tensor<4xf32>
// CHECK-NEXT:        %[[DA:[a-z0-9_]+]] = kiln.mul %[[GA]], %[[COS]] : tensor<4xf32>
// CHECK-NEXT:        kiln.yield %[[DA]], %[[ZEROS]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[SUM:[a-z0-9_]+]] = kiln.add %[[GW]], %[[G]]#1 : tensor<4xf32>
// CHECK-NEXT:      kiln.yield %[[G]]#0, %[[SUM]] : tensor<4xf32>, tensor<4xf32>
func.func @branchy(%x: tensor<4xf32>, %w: tensor<4xf32>, %n: tensor<i64>, %k: tensor<i64>) -> tensor<f32> {
  %c0 = kiln.constant dense<0> : tensor<i64>
  %c1 = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (tensor<4xf32>) : tensor<i64> {
    %p = kiln.compare lt, %i, %k : tensor<i64>
    %z = kiln.if %p -> (tensor<4xf32>) {
      %t = kiln.mul %a, %w : tensor<4xf32>
      %u = kiln.tanh %t : tensor<4xf32>
      kiln.yield %u : tensor<4xf32>
    } else {
      %t = kiln.sin %a : tensor<4xf32>
      kiln.yield %t : tensor<4xf32>
    }
    kiln.yield %z : tensor<4xf32>
  }
  %s = kiln.reduce_sum %r : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %w: tensor<4xf32>, %n: tensor<i64>, %k: tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>) {
  %g:2 = kiln.grad @branchy(%x, %w, %n, %k) wrt [0, 1] : (tensor<4xf32>, tensor<4xf32>, tensor<i64>, tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>)
  return %g#0, %g#1 : tensor<4xf32>, tensor<4xf32>
}
