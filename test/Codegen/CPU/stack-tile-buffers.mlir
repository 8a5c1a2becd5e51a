// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-stack-tile-buffers))' | FileCheck %s
// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-stack-tile-buffers{max-bytes=1024}))' | FileCheck %s --check-prefix=SMALL

// A softmax kernel over 16-row tiles after convert-scf-to-openmp: its row
// maxima, exponentials and sums are allocated and freed in every iteration.
// Each becomes one stack buffer per thread, made at the start of the
// parallel region; the result buffer, allocated outside, stays on the heap.
// CHECK-LABEL: func.func @softmax(
// CHECK:         memref.alloc() {alignment = 64 : i64} : memref<256x256xf32>
// CHECK:         omp.parallel {
// CHECK-NEXT:      memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// CHECK-NEXT:      memref.alloca() {alignment = 64 : i64} : memref<16x256xf32>
// CHECK-NEXT:      memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// CHECK-NEXT:      omp.wsloop {
// CHECK-NOT:         memref.alloc(
// CHECK-NOT:         memref.dealloc
// CHECK:           omp.terminator
// With a 1 KiB limit the 16 KiB exponentials stay on the heap.
// SMALL-LABEL: func.func @softmax(
// SMALL:         omp.parallel {
// SMALL-NEXT:      memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// SMALL-NEXT:      memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// SMALL:           memref.alloc() {alignment = 64 : i64} : memref<16x256xf32>
// SMALL:           memref.dealloc %{{.+}} : memref<16x256xf32>

func.func @softmax(%arg0: memref<256x256xf32>) -> memref<256x256xf32> {
  %c256 = arith.constant 256 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c0 = arith.constant 0 : index
  %cst = arith.constant 1.000000e+00 : f32
  %cst_0 = arith.constant 0.000000e+00 : f32
  %cst_1 = arith.constant 0xFF800000 : f32
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<256x256xf32>
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%arg1) : index = (%c0) to (%c256) step (%c16) {
        %subview = memref.subview %arg0[%arg1, 0] [16, 256] [1, 1] : memref<256x256xf32> to memref<16x256xf32, strided<[256, 1], offset: ?>>
        %alloc_2 = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
        scf.for %arg2 = %c0 to %c16 step %c1 {
          memref.store %cst_1, %alloc_2[%arg2] : memref<16xf32>
        }
        scf.for %arg2 = %c0 to %c16 step %c1 {
          scf.for %arg3 = %c0 to %c256 step %c1 {
            %0 = memref.load %subview[%arg2, %arg3] : memref<16x256xf32, strided<[256, 1], offset: ?>>
            %1 = memref.load %alloc_2[%arg2] : memref<16xf32>
            %2 = arith.maximumf %1, %0 : f32
            memref.store %2, %alloc_2[%arg2] : memref<16xf32>
          }
        }
        %alloc_3 = memref.alloc() {alignment = 64 : i64} : memref<16x256xf32>
        scf.for %arg2 = %c0 to %c16 step %c1 {
          scf.for %arg3 = %c0 to %c256 step %c1 {
            %0 = memref.load %subview[%arg2, %arg3] : memref<16x256xf32, strided<[256, 1], offset: ?>>
            %1 = memref.load %alloc_2[%arg2] : memref<16xf32>
            %2 = arith.subf %0, %1 : f32
            %3 = math.exp %2 : f32
            memref.store %3, %alloc_3[%arg2, %arg3] : memref<16x256xf32>
          }
        }
        %alloc_4 = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
        scf.for %arg2 = %c0 to %c16 step %c1 {
          memref.store %cst_0, %alloc_4[%arg2] : memref<16xf32>
        }
        scf.for %arg2 = %c0 to %c16 step %c1 {
          scf.for %arg3 = %c0 to %c256 step %c1 {
            %0 = memref.load %alloc_3[%arg2, %arg3] : memref<16x256xf32>
            %1 = memref.load %alloc_4[%arg2] : memref<16xf32>
            %2 = arith.addf %1, %0 : f32
            memref.store %2, %alloc_4[%arg2] : memref<16xf32>
          }
        }
        %subview_5 = memref.subview %alloc[%arg1, 0] [16, 256] [1, 1] : memref<256x256xf32> to memref<16x256xf32, strided<[256, 1], offset: ?>>
        scf.for %arg2 = %c0 to %c16 step %c1 {
          scf.for %arg3 = %c0 to %c256 step %c1 {
            %0 = memref.load %alloc_3[%arg2, %arg3] : memref<16x256xf32>
            %1 = memref.load %alloc_4[%arg2] : memref<16xf32>
            %2 = arith.divf %cst, %1 : f32
            %3 = arith.mulf %0, %2 : f32
            memref.store %3, %subview_5[%arg2, %arg3] : memref<16x256xf32, strided<[256, 1], offset: ?>>
          }
        }
        memref.dealloc %alloc_2 : memref<16xf32>
        memref.dealloc %alloc_3 : memref<16x256xf32>
        memref.dealloc %alloc_4 : memref<16xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return %alloc : memref<256x256xf32>
}

// -----

// A buffer not freed in the block that allocates it stays on the heap.
// CHECK-LABEL: func.func @freed_elsewhere(
// CHECK:         omp.loop_nest
// CHECK:           memref.alloc()
// CHECK:           scf.if
// CHECK-NEXT:        memref.dealloc
func.func @freed_elsewhere(%n: index, %p: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        %a = memref.alloc() : memref<16xf32>
        scf.if %p {
          memref.dealloc %a : memref<16xf32>
        }
        omp.yield
      }
    }
    omp.terminator
  }
  return
}
