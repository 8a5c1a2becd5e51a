// RUN: kiln-opt %s -split-input-file -kiln-outline-kernels | FileCheck %s

// Each top-level loop nest moves into a private, noinline function: a
// kernel (an scf.forall with a #kiln_codegen.kernel) keeps kiln-form-kernels' number,
// other loops are numbered apart. Constants the loop reads are copied into
// it rather than passed in; other captured values become arguments.

// CHECK-LABEL: func.func private @graph_kernel3(
// CHECK-SAME:      %{{.+}}: memref<64x16xf32>, %{{.+}}: memref<64x16xf32>)
// CHECK-SAME:      attributes {passthrough = ["noinline"]}
// CHECK:         arith.constant 2.000000e+00 : f32
// CHECK:         scf.forall
// CHECK:         } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, {{.+}}>}
// CHECK-LABEL: func.func private @graph_loop0(
// CHECK-SAME:      %{{.+}}: memref<64x16xf32>) -> f32
// CHECK-SAME:      attributes {passthrough = ["noinline"]}
// CHECK:         scf.for
// CHECK:           memref.load
// CHECK-LABEL: func.func @graph(
// CHECK-SAME:      %[[IN:.+]]: memref<64x16xf32>, %[[OUT:.+]]: memref<64x16xf32>) -> f32
// CHECK-NOT:     scf.
// CHECK:         call @graph_kernel3(%[[IN]], %[[OUT]]) : (memref<64x16xf32>, memref<64x16xf32>) -> ()
// CHECK-NEXT:    %[[SUM:.+]] = call @graph_loop0(%[[OUT]]) : (memref<64x16xf32>) -> f32
// CHECK-NEXT:    return %[[SUM]] : f32
func.func @graph(%in: memref<64x16xf32>, %out: memref<64x16xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %two = arith.constant 2.0 : f32
  %zero = arith.constant 0.0 : f32
  scf.forall (%i) in (64) {
    %x = memref.load %in[%i, %c0] : memref<64x16xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %out[%i, %c0] : memref<64x16xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %sum = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %zero) -> (f32) {
    %x = memref.load %out[%i, %c0] : memref<64x16xf32>
    %next = arith.addf %acc, %x : f32
    scf.yield %next : f32
  }
  return %sum : f32
}

// -----

// A name already taken moves the loop to the next free one; loops nested
// in other ops (here an scf.if) stay where they are.

// CHECK-LABEL: func.func @f_loop0(
// CHECK-LABEL: func.func private @f_loop1(
// CHECK-LABEL: func.func @f(
// CHECK:         call @f_loop1(
// CHECK:         scf.if
// CHECK-NEXT:      scf.for
func.func @f_loop0() {
  return
}
func.func @f(%m: memref<4xf32>, %p: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %v = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %v, %m[%i] : memref<4xf32>
  }
  scf.if %p {
    scf.for %i = %c0 to %c4 step %c1 {
      memref.store %v, %m[%i] : memref<4xf32>
    }
  }
  return
}

// -----

// A function outlined on tensors is a kernel already: its loops stay.

// CHECK-LABEL: func.func private @k(
// CHECK-NEXT:    arith.constant
// CHECK-NEXT:    scf.forall
// CHECK-NOT:   func.func private
func.func private @k(%m: memref<4xf32>) attributes {kiln_codegen.outlined} {
  %zero = arith.constant 0.0 : f32
  scf.forall (%i) in (4) {
    memref.store %zero, %m[%i] : memref<4xf32>
  }
  return
}
