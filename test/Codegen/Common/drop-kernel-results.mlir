// RUN: kiln-opt %s -split-input-file -kiln-drop-kernel-results | FileCheck %s

// A bufferized outlined kernel returns the buffer it was given, directly,
// through a cast or through the loops that carry it: the result goes and
// the callers use the argument. A result that is a new buffer stays, and
// so do the results of functions not outlined.

// CHECK-LABEL: func.func private @k(
// CHECK-SAME:      %[[IN:.+]]: memref<4xf32>, %[[OUT:.+]]: memref<4xf32>) -> memref<4xf32>
// CHECK:         %[[NEW:.+]] = memref.alloc
// CHECK:         return %[[NEW]] : memref<4xf32>
// CHECK-LABEL: func.func private @plain(
// CHECK-SAME:      -> memref<4xf32>
// CHECK-LABEL: func.func @graph(
// CHECK-SAME:      %[[A:.+]]: memref<4xf32>, %[[B:.+]]: memref<4xf32>)
// CHECK:         %[[NEW:.+]] = call @k(%[[A]], %[[B]]) : (memref<4xf32>, memref<4xf32>) -> memref<4xf32>
// CHECK-NEXT:    %[[P:.+]] = call @plain(%[[B]])
// CHECK-NEXT:    return %[[B]], %[[NEW]], %[[P]]
func.func private @k(%in: memref<4xf32>, %out: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>) attributes {kiln_codegen.outlined} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %loop = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %out) -> (memref<4xf32>) {
    %x = memref.load %in[%i] : memref<4xf32>
    memref.store %x, %acc[%i] : memref<4xf32>
    scf.yield %acc : memref<4xf32>
  }
  %cast = memref.cast %loop : memref<4xf32> to memref<4xf32>
  %new = memref.alloc() : memref<4xf32>
  return %cast, %new, %out : memref<4xf32>, memref<4xf32>, memref<4xf32>
}
func.func private @plain(%a: memref<4xf32>) -> memref<4xf32> {
  return %a : memref<4xf32>
}
func.func @graph(%a: memref<4xf32>, %b: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>) {
  %r:3 = call @k(%a, %b) : (memref<4xf32>, memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>)
  %p = call @plain(%r#2) : (memref<4xf32>) -> memref<4xf32>
  return %r#0, %r#1, %p : memref<4xf32>, memref<4xf32>, memref<4xf32>
}

// -----

// A loop that yields another buffer than the one it carries does not
// return its init.

// CHECK-LABEL: func.func private @swap(
// CHECK-SAME:      -> memref<4xf32>
// CHECK-LABEL: func.func @caller(
// CHECK:         %[[R:.+]] = call @swap(
// CHECK-NEXT:    return %[[R]]
func.func private @swap(%a: memref<4xf32>, %b: memref<4xf32>) -> memref<4xf32> attributes {kiln_codegen.outlined} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %loop = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %a) -> (memref<4xf32>) {
    scf.yield %b : memref<4xf32>
  }
  return %loop : memref<4xf32>
}
func.func @caller(%a: memref<4xf32>, %b: memref<4xf32>) -> memref<4xf32> {
  %r = call @swap(%a, %b) : (memref<4xf32>, memref<4xf32>) -> memref<4xf32>
  return %r : memref<4xf32>
}
