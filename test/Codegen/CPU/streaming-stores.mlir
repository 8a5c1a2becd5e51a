// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(kiln-streaming-stores{min-bytes=16384})' | FileCheck %s

// A kernel that only writes an aligned output of at least min-bytes: its row
// writes become aligned non-temporal stores, and an sfence follows it.

// CHECK-LABEL: func.func @rows
// CHECK:         scf.forall
// CHECK:           scf.for
// CHECK:             %[[ROW:.+]] = vector.shape_cast %{{.+}} : vector<1x16xf32> to vector<16xf32>
// CHECK:             vector.store %[[ROW]], %{{.+}} {alignment = 64 : i64, nontemporal = true}
// CHECK-NOT:         vector.transfer_write
// CHECK:         } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, {{.+}}>}
// CHECK-NEXT:    llvm.call_intrinsic "llvm.x86.sse.sfence"()
func.func @rows(%in: memref<64x256xf32>) -> memref<64x256xf32> {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c256 = arith.constant 256 : index
  %pad = arith.constant 0.0 : f32
  %out = memref.alloc() {alignment = 64 : i64} : memref<64x256xf32>
  scf.forall (%i) in (64) {
    %src = memref.subview %in[%i, 0] [1, 256] [1, 1] : memref<64x256xf32> to memref<1x256xf32, strided<[256, 1], offset: ?>>
    %dst = memref.subview %out[%i, 0] [1, 256] [1, 1] : memref<64x256xf32> to memref<1x256xf32, strided<[256, 1], offset: ?>>
    scf.for %j = %c0 to %c256 step %c16 {
      %v = vector.transfer_read %src[%c0, %j], %pad {in_bounds = [true, true]} : memref<1x256xf32, strided<[256, 1], offset: ?>>, vector<1x16xf32>
      %w = arith.addf %v, %v : vector<1x16xf32>
      vector.transfer_write %w, %dst[%c0, %j] {in_bounds = [true, true]} : vector<1x16xf32>, memref<1x256xf32, strided<[256, 1], offset: ?>>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  return %out : memref<64x256xf32>
}

// -----

// 1-D chunks of an arena view at a multiple of 64 bytes.

// CHECK-LABEL: func.func @arena_chunks
// CHECK:         vector.store %{{.+}} {alignment = 64 : i64, nontemporal = true} : memref<16xf32, strided<[1], offset: ?>>, vector<16xf32>
// CHECK:         llvm.call_intrinsic "llvm.x86.sse.sfence"()
func.func @arena_chunks(%in: memref<8192xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c1024 = arith.constant 1024 : index
  %c128 = arith.constant 128 : index
  %pad = arith.constant 0.0 : f32
  %arena = memref.alloc() {alignment = 64 : i64} : memref<40000xi8>
  %out = memref.view %arena[%c128][] : memref<40000xi8> to memref<8192xf32>
  scf.forall (%i) = (0) to (8192) step (1024) {
    %src = memref.subview %in[%i] [1024] [1] : memref<8192xf32> to memref<1024xf32, strided<[1], offset: ?>>
    %dst = memref.subview %out[%i] [1024] [1] : memref<8192xf32> to memref<1024xf32, strided<[1], offset: ?>>
    scf.for %j = %c0 to %c1024 step %c16 {
      %s = memref.subview %src[%j] [16] [1] : memref<1024xf32, strided<[1], offset: ?>> to memref<16xf32, strided<[1], offset: ?>>
      %d = memref.subview %dst[%j] [16] [1] : memref<1024xf32, strided<[1], offset: ?>> to memref<16xf32, strided<[1], offset: ?>>
      %v = vector.transfer_read %s[%c0], %pad {in_bounds = [true]} : memref<16xf32, strided<[1], offset: ?>>, vector<16xf32>
      vector.transfer_write %v, %d[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32, strided<[1], offset: ?>>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  return
}

// -----

// Left alone: an output smaller than min-bytes, one the kernel also reads
// (an in-place update), an allocation not known to be 64-byte aligned, an
// arena view at 32 bytes, a loop that is not a kernel.

// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     nontemporal
// CHECK-NOT:     llvm.call_intrinsic
// CHECK:         return
func.func @left_alone(%in: memref<64x256xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c256 = arith.constant 256 : index
  %pad = arith.constant 0.0 : f32
  %small = memref.alloc() {alignment = 64 : i64} : memref<8x256xf32>
  scf.forall (%i) in (8) {
    %v = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true, true]} : memref<64x256xf32>, vector<1x16xf32>
    vector.transfer_write %v, %small[%i, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<8x256xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %updated = memref.alloc() {alignment = 64 : i64} : memref<64x256xf32>
  scf.forall (%i) in (64) {
    %v = vector.transfer_read %updated[%i, %c0], %pad {in_bounds = [true, true]} : memref<64x256xf32>, vector<1x16xf32>
    vector.transfer_write %v, %updated[%i, %c16] {in_bounds = [true, true]} : vector<1x16xf32>, memref<64x256xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %unaligned = memref.alloc() : memref<64x256xf32>
  scf.forall (%i) in (64) {
    %v = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true, true]} : memref<64x256xf32>, vector<1x16xf32>
    vector.transfer_write %v, %unaligned[%i, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<64x256xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %arena = memref.alloc() {alignment = 64 : i64} : memref<70000xi8>
  %view = memref.view %arena[%c32][] : memref<70000xi8> to memref<64x256xf32>
  scf.forall (%i) in (64) {
    %v = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true, true]} : memref<64x256xf32>, vector<1x16xf32>
    vector.transfer_write %v, %view[%i, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<64x256xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  %plain = memref.alloc() {alignment = 64 : i64} : memref<64x256xf32>
  scf.forall (%i) in (64) {
    %v = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true, true]} : memref<64x256xf32>, vector<1x16xf32>
    vector.transfer_write %v, %plain[%i, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<64x256xf32>
  }
  return
}

// -----

// A store must be aligned to its size (x86's non-temporal vector stores
// are): 64 bytes for 16 floats, 32 for 8 (AVX2). Others stay ordinary.

// CHECK-LABEL: func.func @alignment_per_width
// CHECK:         vector.store %{{.+}}[%{{.+}}, %c0] {alignment = 64 : i64, nontemporal = true} {{.+}} vector<16xf32>
// CHECK:         vector.transfer_write %{{.+}}[%{{.+}}, %c8] {{.+}} : vector<1x16xf32>
// CHECK:         vector.store %{{.+}}[%{{.+}}, %c8] {alignment = 32 : i64, nontemporal = true} {{.+}} vector<8xf32>
// CHECK:         vector.transfer_write %{{.+}}[%{{.+}}, %c4] {{.+}} : vector<1x8xf32>
func.func @alignment_per_width(%in: memref<64x256xf32>) -> memref<64x256xf32> {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %pad = arith.constant 0.0 : f32
  %out = memref.alloc() {alignment = 64 : i64} : memref<64x256xf32>
  scf.forall (%i) in (64) {
    %v = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true, true]} : memref<64x256xf32>, vector<1x16xf32>
    %h = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true, true]} : memref<64x256xf32>, vector<1x8xf32>
    vector.transfer_write %v, %out[%i, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<64x256xf32>
    vector.transfer_write %v, %out[%i, %c8] {in_bounds = [true, true]} : vector<1x16xf32>, memref<64x256xf32>
    vector.transfer_write %h, %out[%i, %c8] {in_bounds = [true, true]} : vector<1x8xf32>, memref<64x256xf32>
    vector.transfer_write %h, %out[%i, %c4] {in_bounds = [true, true]} : vector<1x8xf32>, memref<64x256xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, 0], register_tile = [1, 16]>}
  return %out : memref<64x256xf32>
}

// -----

// In a kernel outlined on tensors, an output argument is aligned when every
// call passes an aligned buffer (here an arena view at a multiple of 64
// bytes); an argument one call passes unaligned is not.

// CHECK-LABEL: func.func private @outlined_kernel0(
// CHECK:         vector.store %{{.+}} {alignment = 64 : i64, nontemporal = true}
// CHECK:         llvm.call_intrinsic "llvm.x86.sse.sfence"()
// CHECK-LABEL: func.func private @outlined_kernel1(
// CHECK-NOT:     nontemporal
// CHECK:         vector.transfer_write
// CHECK-NOT:     llvm.call_intrinsic
// CHECK-LABEL: func.func @outlined_graph
func.func private @outlined_kernel0(%in: memref<8192xf32>, %out: memref<8192xf32>) attributes {kiln_codegen.outlined} {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  scf.forall (%i) = (0) to (8192) step (16) {
    %v = vector.transfer_read %in[%i], %pad {in_bounds = [true]} : memref<8192xf32>, vector<16xf32>
    vector.transfer_write %v, %out[%i] {in_bounds = [true]} : vector<16xf32>, memref<8192xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [16], register_tile = [16]>}
  return
}
func.func private @outlined_kernel1(%in: memref<8192xf32>, %out: memref<8192xf32>) attributes {kiln_codegen.outlined} {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  scf.forall (%i) = (0) to (8192) step (16) {
    %v = vector.transfer_read %in[%i], %pad {in_bounds = [true]} : memref<8192xf32>, vector<16xf32>
    vector.transfer_write %v, %out[%i] {in_bounds = [true]} : vector<16xf32>, memref<8192xf32>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = elementwise, tile_sizes = [16], register_tile = [16]>}
  return
}
func.func @outlined_graph(%in: memref<8192xf32>) {
  %c0 = arith.constant 0 : index
  %c32768 = arith.constant 32768 : index
  %arena = memref.alloc() {alignment = 64 : i64} : memref<65536xi8>
  %a = memref.view %arena[%c0][] : memref<65536xi8> to memref<8192xf32>
  %b = memref.view %arena[%c32768][] : memref<65536xi8> to memref<8192xf32>
  call @outlined_kernel0(%in, %a) : (memref<8192xf32>, memref<8192xf32>) -> ()
  call @outlined_kernel0(%a, %b) : (memref<8192xf32>, memref<8192xf32>) -> ()
  call @outlined_kernel1(%a, %b) : (memref<8192xf32>, memref<8192xf32>) -> ()
  call @outlined_kernel1(%b, %in) : (memref<8192xf32>, memref<8192xf32>) -> ()
  return
}
