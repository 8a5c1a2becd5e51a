// kilnc and kiln-run build kiln-cpu-pipeline from one target description
// (kiln::resolveTarget): forcing an AVX2-only target through either gives
// 8-lane vectors and the 6 x 16 register tiles, AVX-512 gives 16 lanes and
// 8 x 32 tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: kilnc %t/scale.mlir --mcpu=x86-64-v3 --emit=mlir -o - | FileCheck %s --check-prefix=LANES8
// RUN: kiln-run %t/scale.mlir --mcpu=skylake-avx512 --mattr=-avx512f --print-mlir | FileCheck %s --check-prefix=LANES8
// RUN: kilnc %t/scale.mlir --mcpu=skylake-avx512 --emit=mlir -o - | FileCheck %s --check-prefix=LANES16
// RUN: kiln-run %t/scale.mlir --mcpu=skylake-avx512 --print-mlir | FileCheck %s --check-prefix=LANES16
// LANES8-NOT:  vector<16xf32>
// LANES8:      vector<8xf32>
// LANES16-NOT: vector<8xf32>
// LANES16:     vector<16xf32>

// The kernel decision is the same in both: stop kilnc after the kernel
// phase to see it.
// RUN: kilnc %t/dense.mlir --mcpu=x86-64-v3 --emit=mlir --stop-after-phase=kernel -o - | FileCheck %s --check-prefix=TILE8
// RUN: kilnc %t/dense.mlir --mcpu=skylake-avx512 --emit=mlir --stop-after-phase=kernel -o - | FileCheck %s --check-prefix=TILE16
// TILE8:  #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [{{.*}}], register_tile = [6, 16]>
// TILE16: #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [{{.*}}], register_tile = [8, 32]>

// Each phase can end kilnc's pipeline.
// RUN: kilnc %t/dense.mlir --emit=mlir --stop-after-phase=graph -o - | FileCheck %s --check-prefix=GRAPH
// RUN: kilnc %t/dense.mlir --emit=mlir --stop-after-phase=vector -o - | FileCheck %s --check-prefix=VECTOR
// RUN: kilnc %t/dense.mlir --emit=mlir --stop-after-phase=buffer -o - | FileCheck %s --check-prefix=BUFFER
// GRAPH:  kiln.matmul
// VECTOR: vector.contract
// VECTOR-NOT: memref<
// BUFFER: memref<
// BUFFER-NOT: llvm.func
// RUN: not kilnc %t/dense.mlir --stop-after-phase=kernel -o %t.o 2>&1 | FileCheck %s --check-prefix=NEEDMLIR
// NEEDMLIR: kilnc: error: --stop-after-phase needs --emit=mlir

//--- scale.mlir
func.func @scale(%x: tensor<1024xf32>, %y: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = kiln.mul %x, %y : tensor<1024xf32>
  %1 = kiln.add %0, %x : tensor<1024xf32>
  return %1 : tensor<1024xf32>
}

//--- dense.mlir
func.func @dense(%x: tensor<96x128xf32>, %w: tensor<128x256xf32>) -> tensor<96x256xf32> {
  %0 = kiln.matmul %x, %w : tensor<96x128xf32>, tensor<128x256xf32>
  %1 = kiln.relu %0 : tensor<96x256xf32>
  return %1 : tensor<96x256xf32>
}
