// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// Every error of #kiln_codegen.kernel and of where it may appear.

func.func @negative_id() {
  // expected-error @+2 {{kernel id must be non-negative, got -1}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = -1, strategy = elementwise, tile_sizes = [8], register_tile = [16]>}
  return
}

// -----

func.func @negative_tile() {
  // expected-error @+2 {{tile sizes must be non-negative (0 leaves a loop untiled), got [8, -4]}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, -4], register_tile = []>}
  return
}

// -----

func.func @nothing_tiled() {
  // expected-error @+2 {{a kernel must tile at least one loop, got tile sizes [0, 0]}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [0, 0], register_tile = []>}
  return
}

// -----

func.func @register_tile_rank() {
  // expected-error @+2 {{register tile [8, 32] has 2 sizes, the tile sizes [0, 256, 0] 3 (one per loop of the root)}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [0, 256, 0], register_tile = [8, 32]>}
  return
}

// -----

func.func @register_tile_zero() {
  // expected-error @+2 {{register tile sizes must be positive, got [0, 16]}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8, 0], register_tile = [0, 16]>}
  return
}

// -----

func.func @unknown_strategy() {
  // expected-error @+3 {{expected ::mlir::kiln::KernelStrategy to be one of: elementwise, reduction, matmul, convolution, pooling, transpose}}
  // expected-error @+2 {{failed to parse KilnCodegen_KernelAttr parameter 'strategy'}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = gemm, tile_sizes = [8], register_tile = []>}
  return
}

// -----

func.func @loop_count(%n: index) {
  // expected-error @+1 {{kernel 2 tiles 2 loops (tile sizes [1, 8, 0]) but its scf.forall has 1}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = elementwise, tile_sizes = [1, 8, 0], register_tile = []>}
  return
}

// -----

func.func @not_a_loop() -> i32 {
  // expected-error @+1 {{'kiln_codegen.kernel' marks a kernel's scf.forall, not 'arith.constant'}}
  %0 = arith.constant {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [8], register_tile = []>} 0 : i32
  return %0 : i32
}

// -----

func.func @not_a_kernel_attr() {
  // expected-error @+1 {{'kiln_codegen.kernel' must be a #kiln_codegen.kernel, got 0 : i64}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernel = 0 : i64}
  return
}

// -----

func.func @unknown_attribute() {
  // expected-error @+1 {{unknown kiln_codegen attribute 'kiln_codegen.kernels'}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.kernels = 0 : i64}
  return
}

// -----

func.func @outlined_loop() {
  // expected-error @+1 {{'kiln_codegen.outlined' is a unit attribute of a function}}
  scf.forall (%i) in (4) {
  } {kiln_codegen.outlined}
  return
}

// -----

// expected-error @+1 {{'kiln_codegen.outlined' is a unit attribute of a function}}
func.func private @outlined_value() attributes {kiln_codegen.outlined = 1 : i64} {
  return
}
