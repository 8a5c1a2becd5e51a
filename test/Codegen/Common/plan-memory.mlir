// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-plan-memory{report=true}))' -verify-diagnostics | FileCheck %s

// Three buffers in a chain: the first is dead when the third is written, so
// they share bytes; the arena is the lower bound, two buffers.

// CHECK-LABEL: func.func @chain
// CHECK: %[[ARENA:.+]] = memref.alloc() {alignment = 64 : i64} : memref<2048xi8>
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[A:.+]] = memref.view %[[ARENA]][%[[C0]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: %[[C1024:.+]] = arith.constant 1024 : index
// CHECK: %[[B:.+]] = memref.view %[[ARENA]][%[[C1024]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: %[[C:.+]] = memref.view %[[ARENA]][%{{.+}}][] : memref<2048xi8> to memref<256xf32>
// CHECK-NOT: memref.alloc
// CHECK: memref.copy %[[C]], %{{.+}}
// expected-remark @below {{@chain: 3 buffers in an arena of 2048 bytes; naive sum 3072 bytes, lower bound 2048 bytes (most bytes live at once)}}
func.func @chain(%in: memref<256xf32>, %out: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %a, %b : memref<256xf32> to memref<256xf32>
  %c = memref.alloc() : memref<256xf32>
  memref.copy %b, %c : memref<256xf32> to memref<256xf32>
  memref.copy %c, %out : memref<256xf32> to memref<256xf32>
  return
}

// -----

// Sizes are rounded up to 64 bytes; a returned buffer, a dynamic one and a
// buffer allocated inside a loop keep the allocator. A view of a buffer
// keeps it alive.

// CHECK-LABEL: func.func @kept
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: %[[RESULT:.+]] = memref.alloc() : memref<4xf32>
// CHECK: memref.alloc(%{{.+}}) : memref<?xf32>
// CHECK: scf.for
// CHECK:   memref.alloc() : memref<8xf32>
// CHECK: return %[[RESULT]]
// expected-remark @below {{@kept: 2 buffers in an arena of 128 bytes; naive sum 128 bytes, lower bound 128 bytes (most bytes live at once)}}
func.func @kept(%in: memref<4xf32>, %n: index) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %small = memref.alloc() : memref<3xf32>
  %pair = memref.alloc() : memref<2xf32>
  %result = memref.alloc() : memref<4xf32>
  %dynamic = memref.alloc(%n) : memref<?xf32>
  %view = memref.subview %small[0] [2] [1] : memref<3xf32> to memref<2xf32, strided<[1]>>
  memref.copy %pair, %view : memref<2xf32> to memref<2xf32, strided<[1]>>
  scf.for %i = %c0 to %c2 step %c1 {
    %inner = memref.alloc() : memref<8xf32>
    %x = memref.load %small[%i] : memref<3xf32>
    memref.store %x, %inner[%i] : memref<8xf32>
    memref.dealloc %inner : memref<8xf32>
  }
  %y = memref.load %view[%c0] : memref<2xf32, strided<[1]>>
  memref.store %y, %result[%c0] : memref<4xf32>
  memref.store %y, %dynamic[%c0] : memref<?xf32>
  return %result : memref<4xf32>
}

// -----

// A buffer passed through a loop's iteration arguments is live until the
// last use of the loop's result.

// CHECK-LABEL: func.func @through_loop
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<2048xi8>
// expected-remark @below {{@through_loop: 2 buffers in an arena of 2048 bytes; naive sum 2048 bytes, lower bound 2048 bytes (most bytes live at once)}}
func.func @through_loop(%in: memref<256xf32>, %out: memref<256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%t = %a) -> (memref<256xf32>) {
    scf.yield %t : memref<256xf32>
  }
  %b = memref.alloc() : memref<256xf32>
  memref.copy %in, %b : memref<256xf32> to memref<256xf32>
  memref.copy %r, %out : memref<256xf32> to memref<256xf32>
  memref.copy %b, %out : memref<256xf32> to memref<256xf32>
  return
}

// -----

// One buffer is left alone: there is nothing to share.

// CHECK-LABEL: func.func @single
// CHECK: memref.alloc() : memref<256xf32>
// CHECK-NOT: memref.view
func.func @single(%in: memref<256xf32>, %out: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  memref.copy %a, %out : memref<256xf32> to memref<256xf32>
  return
}

// -----

// Buffers that may escape, or whose size or alignment the arena cannot
// honour, keep the allocator (nothing is planned here).
// Not planned: a tensor made of the buffer (to_tensor, then to_buffer) is an alias this pass cannot follow.
// CHECK-LABEL: func.func @tensor_alias(
// CHECK-NOT:     memref.view
func.func @tensor_alias(%in: memref<256xf32>, %out: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  %t = bufferization.to_tensor %a : memref<256xf32> to tensor<256xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %in, %b : memref<256xf32> to memref<256xf32>
  %m = bufferization.to_buffer %t : tensor<256xf32> to memref<256xf32>
  memref.copy %m, %out : memref<256xf32> to memref<256xf32>
  memref.copy %b, %out : memref<256xf32> to memref<256xf32>
  return
}

// -----

// Not planned: its address taken as an index.
// CHECK-LABEL: func.func @ptr_alias(
// CHECK-NOT:     memref.view
func.func @ptr_alias(%in: memref<256xf32>) -> index {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  %p = memref.extract_aligned_pointer_as_index %a : memref<256xf32> -> index
  %b = memref.alloc() : memref<256xf32>
  memref.copy %in, %b : memref<256xf32> to memref<256xf32>
  return %p : index
}

// -----

// Not planned: elements that are not a power-of-two number of bytes (i24 takes 4 in memory).
// CHECK-LABEL: func.func @i24(
// CHECK-NOT:     memref.view
func.func @i24(%in: memref<20xi24>, %out: memref<20xi24>) {
  %a = memref.alloc() : memref<20xi24>
  %b = memref.alloc() : memref<20xi24>
  memref.copy %in, %a : memref<20xi24> to memref<20xi24>
  memref.copy %in, %b : memref<20xi24> to memref<20xi24>
  memref.copy %a, %out : memref<20xi24> to memref<20xi24>
  memref.copy %b, %out : memref<20xi24> to memref<20xi24>
  return
}

// -----

// Not planned: an alignment above the arena's 64 bytes.
// CHECK-LABEL: func.func @align(
// CHECK-NOT:     memref.view
func.func @align(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
  %b = memref.alloc() {alignment = 4096 : i64} : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Not planned: the buffer stored into memory as a value.
// CHECK-LABEL: func.func @affine_store(
// CHECK-NOT:     memref.view
func.func @affine_store(%in: memref<16xf32>, %slot: memref<1xmemref<16xf32>>) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  affine.store %a, %slot[0] : memref<1xmemref<16xf32>>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  return
}
