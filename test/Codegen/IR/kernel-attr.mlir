// RUN: kiln-opt %s -split-input-file | kiln-opt -split-input-file | FileCheck %s

// #kiln_codegen.kernel round-trips: every strategy, an empty register tile.

// CHECK-LABEL: func @matmul_kernel
// CHECK: {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = matmul, tile_sizes = [0, 256, 0], register_tile = [8, 32, 1]>}
func.func @matmul_kernel() {
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = matmul, tile_sizes = [0, 256, 0], register_tile = [8, 32, 1]>}
  return
}

// -----

// CHECK-LABEL: func @strategies
// CHECK: strategy = elementwise, tile_sizes = [1, 0], register_tile = [1, 16]
// CHECK: strategy = reduction, tile_sizes = [8, 0], register_tile = [1, 16]
// CHECK: strategy = convolution, tile_sizes = [1, 32, 0, 0], register_tile = []
// CHECK: strategy = pooling, tile_sizes = [1, 1, 0, 0], register_tile = [1, 1, 1, 16]
// CHECK: strategy = transpose, tile_sizes = [64, 0], register_tile = [16, 16]
func.func @strategies() {
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [1, 0], register_tile = [1, 16]>}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = reduction, tile_sizes = [8, 0], register_tile = [1, 16]>}
  scf.forall (%i, %j) in (4, 2) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = convolution, tile_sizes = [1, 32, 0, 0], register_tile = []>}
  scf.forall (%i, %j) in (4, 2) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 3, strategy = pooling, tile_sizes = [1, 1, 0, 0], register_tile = [1, 1, 1, 16]>}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 4, strategy = transpose, tile_sizes = [64, 0], register_tile = [16, 16]>}
  return
}
