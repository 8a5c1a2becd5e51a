// RUN: kiln-opt %s -split-input-file -kiln-outline-kernels -kiln-deduplicate-kernels | FileCheck %s

// Two loop nests doing the same thing on buffers of the same types become
// one kernel: the second call goes to the first, whose copy is gone. The
// kernels' numbers (a discardable attribute) and locations do not count.
// A kernel that differs by a constant stays apart.

// CHECK-LABEL: func.func private @graph_kernel1(
// CHECK:         arith.constant 2.000000e+00 : f32
// CHECK-NOT:   func.func private @graph_kernel2(
// CHECK-LABEL: func.func private @graph_kernel3(
// CHECK:         arith.constant 3.000000e+00 : f32
// CHECK-LABEL: func.func @graph(
// CHECK-SAME:      %[[A:.+]]: memref<64xf32>, %[[B:.+]]: memref<64xf32>, %[[C:.+]]: memref<64xf32>)
// CHECK:         call @graph_kernel1(%[[A]], %[[B]])
// CHECK-NEXT:    call @graph_kernel1(%[[B]], %[[C]])
// CHECK-NEXT:    call @graph_kernel3(%[[C]], %[[A]])
func.func @graph(%a: memref<64xf32>, %b: memref<64xf32>, %c: memref<64xf32>) {
  %two = arith.constant 2.0 : f32
  %three = arith.constant 3.0 : f32
  scf.forall (%i) in (64) {
    %x = memref.load %a[%i] : memref<64xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %b[%i] : memref<64xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  scf.forall (%i) in (64) {
    %x = memref.load %b[%i] : memref<64xf32> loc("elsewhere")
    %y = arith.mulf %x, %two : f32
    memref.store %y, %c[%i] : memref<64xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  scf.forall (%i) in (64) {
    %x = memref.load %c[%i] : memref<64xf32>
    %y = arith.mulf %x, %three : f32
    memref.store %y, %a[%i] : memref<64xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  return
}

// -----

// Same bodies on different buffer types are different kernels.

// CHECK-LABEL: func.func private @shapes_kernel1(
// CHECK-SAME:      memref<64xf32>
// CHECK-LABEL: func.func private @shapes_kernel2(
// CHECK-SAME:      memref<32xf32>
// CHECK-LABEL: func.func @shapes(
// CHECK:         call @shapes_kernel1(
// CHECK-NEXT:    call @shapes_kernel2(
func.func @shapes(%a: memref<64xf32>, %b: memref<32xf32>) {
  %two = arith.constant 2.0 : f32
  scf.forall (%i) in (16) {
    %x = memref.load %a[%i] : memref<64xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %a[%i] : memref<64xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  scf.forall (%i) in (16) {
    %x = memref.load %b[%i] : memref<32xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %b[%i] : memref<32xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  return
}

// -----

// Of a kernel's #kiln_codegen.kernel, only the number does not count: the
// same body tiled differently (before vectorization) is another kernel.

// CHECK-LABEL: func.func private @tiles_kernel1(
// CHECK-LABEL: func.func private @tiles_kernel3(
// CHECK:         tile_sizes = [16]
// CHECK-LABEL: func.func @tiles(
// CHECK-SAME:      %[[A:[^:]+]]: memref<64xf32>, %[[B:[^:]+]]: memref<64xf32>)
// CHECK:         call @tiles_kernel1(%[[A]], %[[B]])
// CHECK-NEXT:    call @tiles_kernel1(%[[B]], %[[A]])
// CHECK-NEXT:    call @tiles_kernel3(%[[A]], %[[B]])
func.func @tiles(%a: memref<64xf32>, %b: memref<64xf32>) {
  scf.forall (%i) in (8) {
    %x = memref.load %a[%i] : memref<64xf32>
    memref.store %x, %b[%i] : memref<64xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  scf.forall (%i) in (8) {
    %x = memref.load %b[%i] : memref<64xf32>
    memref.store %x, %a[%i] : memref<64xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  scf.forall (%i) in (8) {
    %x = memref.load %a[%i] : memref<64xf32>
    memref.store %x, %b[%i] : memref<64xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = elementwise, tile_sizes = [16], register_tile = [16]>}
  return
}
