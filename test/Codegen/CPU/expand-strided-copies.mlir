// RUN: kiln-opt %s -split-input-file -kiln-expand-strided-copies | FileCheck %s

// kiln-expand-strided-copies: a memref.copy that finalize-memref-to-llvm would
// lower to a call of memrefCopy (source or target not contiguous) becomes a
// linalg.copy; copies between identity layouts, or static row-major
// contiguous layouts, stay memref.copy (memcpy).

// CHECK-LABEL: func.func @strided_source(
// CHECK-SAME:      %[[A:[^:]+]]: memref<4x8xf32, strided<[16, 1], offset: ?>>, %[[B:[^:]+]]: memref<4x8xf32>)
// CHECK-NEXT:    linalg.copy ins(%[[A]] : memref<4x8xf32, strided<[16, 1], offset: ?>>) outs(%[[B]] : memref<4x8xf32>)
// CHECK-NEXT:    return
func.func @strided_source(%a: memref<4x8xf32, strided<[16, 1], offset: ?>>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32, strided<[16, 1], offset: ?>> to memref<4x8xf32>
  return
}

// -----

// CHECK-LABEL: func.func @strided_target(
// CHECK-SAME:      %[[A:[^:]+]]: memref<?xf32>, %[[B:[^:]+]]: memref<?xf32, strided<[2]>>)
// CHECK-NEXT:    linalg.copy ins(%[[A]] : memref<?xf32>) outs(%[[B]] : memref<?xf32, strided<[2]>>)
// CHECK-NEXT:    return
func.func @strided_target(%a: memref<?xf32>, %b: memref<?xf32, strided<[2]>>) {
  memref.copy %a, %b : memref<?xf32> to memref<?xf32, strided<[2]>>
  return
}

// -----

// Row-major strides with a dynamic size are not known to be contiguous.
// CHECK-LABEL: func.func @dynamic_row_major_layout(
// CHECK-SAME:      %[[A:[^:]+]]: memref<?x8xf32, strided<[8, 1], offset: ?>>, %[[B:[^:]+]]: memref<?x8xf32>)
// CHECK-NEXT:    linalg.copy ins(%[[A]] : memref<?x8xf32, strided<[8, 1], offset: ?>>) outs(%[[B]] : memref<?x8xf32>)
func.func @dynamic_row_major_layout(%a: memref<?x8xf32, strided<[8, 1], offset: ?>>, %b: memref<?x8xf32>) {
  memref.copy %a, %b : memref<?x8xf32, strided<[8, 1], offset: ?>> to memref<?x8xf32>
  return
}

// -----

// Copies nested in regions are rewritten too.
// CHECK-LABEL: func.func @nested(
// CHECK:         scf.for
// CHECK-NEXT:      linalg.copy ins(%{{.+}} : memref<4x8xf32, strided<[16, 1]>>) outs(%{{.+}} : memref<4x8xf32>)
// CHECK-NEXT:    }
func.func @nested(%a: memref<4x8xf32, strided<[16, 1]>>, %b: memref<4x8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    memref.copy %a, %b : memref<4x8xf32, strided<[16, 1]>> to memref<4x8xf32>
  }
  return
}

// -----

// Identity layouts, static or dynamic: unchanged.
// CHECK-LABEL: func.func @contiguous(
// CHECK-SAME:      %[[A:[^:]+]]: memref<4x8xf32>, %[[B:[^:]+]]: memref<4x8xf32>, %[[C:[^:]+]]: memref<?x8xf32>, %[[D:[^:]+]]: memref<?x8xf32>)
// CHECK-NOT:     linalg.copy
// CHECK-NEXT:    memref.copy %[[A]], %[[B]] : memref<4x8xf32> to memref<4x8xf32>
// CHECK-NEXT:    memref.copy %[[C]], %[[D]] : memref<?x8xf32> to memref<?x8xf32>
// CHECK-NEXT:    return
func.func @contiguous(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %c: memref<?x8xf32>, %d: memref<?x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  memref.copy %c, %d : memref<?x8xf32> to memref<?x8xf32>
  return
}

// -----

// A static shape with contiguous row-major strides and an offset is still
// contiguous: unchanged.
// CHECK-LABEL: func.func @static_contiguous_layout(
// CHECK-SAME:      %[[A:[^:]+]]: memref<4x8xf32, strided<[8, 1], offset: 3>>, %[[B:[^:]+]]: memref<4x8xf32>)
// CHECK-NEXT:    memref.copy %[[A]], %[[B]] : memref<4x8xf32, strided<[8, 1], offset: 3>> to memref<4x8xf32>
// CHECK-NEXT:    return
func.func @static_contiguous_layout(%a: memref<4x8xf32, strided<[8, 1], offset: 3>>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32, strided<[8, 1], offset: 3>> to memref<4x8xf32>
  return
}
