// RUN: kiln-opt %s --kiln-gpu-device-memory --split-input-file --verify-diagnostics | FileCheck %s

// The host side's buffers are device buffers: allocations, frees and
// contiguous copies become gpu ops; a constant is copied to the device
// where it is named and freed at the end of its block.

memref.global "private" constant @weights : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// CHECK-LABEL: func.func @host_side
// CHECK:         %[[BUF:.+]] = gpu.alloc (%{{.+}}) : memref<?xf32>
// CHECK:         %[[HOSTW:.+]] = memref.get_global @weights : memref<4xf32>
// CHECK:         %[[W:.+]] = gpu.alloc () : memref<4xf32>
// CHECK:         gpu.memcpy %[[W]], %[[HOSTW]] : memref<4xf32>, memref<4xf32>
// CHECK:         gpu.launch
// CHECK:           memref.alloc
// CHECK:         gpu.memcpy %[[BUF]], %{{.+}} : memref<?xf32>, memref<?xf32>
// CHECK:         gpu.dealloc %[[W]] : memref<4xf32>
// CHECK:         return %[[BUF]]
func.func @host_side(%x: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %buf = memref.alloc(%n) : memref<?xf32>
  %w = memref.get_global @weights : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    // Device code is left alone.
    %t = memref.alloc() : memref<4xf32>
    memref.copy %w, %t : memref<4xf32> to memref<4xf32>
    gpu.terminator
  }
  memref.copy %x, %buf : memref<?xf32> to memref<?xf32>
  return %buf : memref<?xf32>
}

// -----

// Bufferization's run-time deallocation keeps its pointer and ownership
// lists in host memory; its helper stays host code.

// CHECK-LABEL: func.func @bookkeeping
// CHECK:         gpu.alloc
// CHECK:         %[[LIST:.+]] = memref.alloc() : memref<1xindex>
// CHECK:         memref.store %{{.+}}, %[[LIST]]
// CHECK:         call @dealloc_helper
// CHECK:         gpu.dealloc
// CHECK:         memref.dealloc %[[LIST]]
// CHECK-LABEL: func.func private @dealloc_helper
// CHECK-NOT:     gpu.
func.func @bookkeeping(%n: index) {
  %c0 = arith.constant 0 : index
  %buf = memref.alloc(%n) : memref<?xf32>
  %list = memref.alloc() : memref<1xindex>
  %p = memref.extract_aligned_pointer_as_index %buf : memref<?xf32> -> index
  memref.store %p, %list[%c0] : memref<1xindex>
  %cast = memref.cast %list : memref<1xindex> to memref<?xindex>
  call @dealloc_helper(%cast) : (memref<?xindex>) -> ()
  memref.dealloc %buf : memref<?xf32>
  memref.dealloc %list : memref<1xindex>
  return
}
func.func private @dealloc_helper(%list: memref<?xindex>) {
  %c0 = arith.constant 0 : index
  %tmp = memref.alloc() : memref<1xindex>
  %v = memref.load %list[%c0] : memref<?xindex>
  memref.store %v, %tmp[%c0] : memref<1xindex>
  memref.dealloc %tmp : memref<1xindex>
  return
}

// -----

memref.global "private" constant @table : memref<2xf32> = dense<[1.0, 2.0]>

// A constant yielded out of a branch is copied to the device once, at the
// start of the function, and freed at its end.
// CHECK-LABEL: func.func @yielded(
// CHECK:         %[[HOST:.+]] = memref.get_global @table : memref<2xf32>
// CHECK:         %[[DEVICE:.+]] = gpu.alloc () : memref<2xf32>
// CHECK:         gpu.memcpy %[[DEVICE]], %[[HOST]]
// CHECK:         scf.if
// CHECK:           scf.yield %[[DEVICE]]
// CHECK:         gpu.dealloc %[[DEVICE]]
// CHECK-NEXT:    return
func.func @yielded(%c: i1, %out: memref<2xf32>) {
  %r = scf.if %c -> memref<2xf32> {
    %t = memref.get_global @table : memref<2xf32>
    scf.yield %t : memref<2xf32>
  } else {
    scf.yield %out : memref<2xf32>
  }
  memref.copy %r, %out : memref<2xf32> to memref<2xf32>
  return
}

// -----

memref.global "private" constant @table : memref<2xf32> = dense<[1.0, 2.0]>

func.func @returned() -> memref<2xf32> {
  // expected-error @below {{kiln-gpu-device-memory: a constant buffer is returned; expected it to be copied first}}
  %t = memref.get_global @table : memref<2xf32>
  return %t : memref<2xf32>
}
