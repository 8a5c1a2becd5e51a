// RUN: kiln-opt %s --pass-pipeline="builtin.module(kiln-autodiff,canonicalize,cse,convert-kiln-to-linalg,canonicalize,cse,kiln-split-empty-tensors,one-shot-bufferize{bufferize-function-boundaries allow-return-allocs-from-loops function-boundary-type-conversion=identity-layout-map})" | FileCheck %s

// The tape of a differentiated kiln.while is one buffer sized by the counted
// trip count, allocated before the taping loop and written in place (one
// entry per iteration, never copied whole): memory and time stay linear in
// the trip count.
// CHECK-LABEL: func.func private @loss_grad_wrt_0
// CHECK:       %[[COUNT:.*]]:2 = scf.while
// CHECK:       %[[TAPE:.*]] = memref.alloc(%[[COUNT]]#1) {{.*}} : memref<?x4xf32>
// CHECK:       scf.for %[[I:.*]] = %{{.*}} to %[[COUNT]]#1 step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %[[T:.*]] = %[[TAPE]]) -> (memref<4xf32>, memref<?x4xf32>)
// CHECK-NOT:     memref.alloc({{.*}}) {{.*}} : memref<?x4xf32>
// CHECK:         %[[ENTRY:.*]] = memref.subview %[[T]][%[[I]], 0] [1, 4] [1, 1]
// CHECK:         memref.copy %{{.*}}, %[[ENTRY]] : memref<4xf32, {{.*}}> to memref<4xf32, strided<[1], offset: ?>>
// CHECK-NOT:     memref.copy %[[T]]
// CHECK:         scf.yield %{{.*}}, %[[T]] : memref<4xf32>, memref<?x4xf32>
func.func @loss(%x: tensor<4xf32>, %n: tensor<i64>) -> tensor<f32> {
  %zero = kiln.constant dense<0> : tensor<i64>
  %r:2 = kiln.while (%i = %zero, %h = %x) : tensor<i64>, tensor<4xf32> {
    %go = kiln.compare lt, %i, %n : tensor<i64>
    kiln.condition %go, %i, %h : tensor<i64>, tensor<4xf32>
  } do {
  ^bb0(%j: tensor<i64>, %y: tensor<4xf32>):
    %one = kiln.constant dense<1> : tensor<i64>
    %j1 = kiln.add %j, %one : tensor<i64>
    %t = kiln.tanh %y : tensor<4xf32>
    kiln.yield %j1, %t : tensor<i64>, tensor<4xf32>
  }
  %s = kiln.reduce_sum %r#1 : tensor<4xf32>
  return %s : tensor<f32>
}
func.func @main(%x: tensor<4xf32>, %n: tensor<i64>) -> tensor<4xf32> {
  %g = kiln.grad @loss(%x, %n) wrt [0] : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return %g : tensor<4xf32>
}
