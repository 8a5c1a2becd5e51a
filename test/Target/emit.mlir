// kilnc's output kinds: the LLVM dialect after kiln-cpu-pipeline, optimised
// LLVM IR, assembly for the target CPU (x86-64-v3 by default, so AVX2) and,
// by default, an object file with its C header next to it.

// RUN: kilnc %s --emit=mlir -o - | FileCheck %s --check-prefix=MLIR
// RUN: kilnc %s --emit=llvm -o - | FileCheck %s --check-prefix=LLVM
// RUN: kilnc %s --emit=llvm -O0 -o - | FileCheck %s --check-prefix=LLVM
// RUN: kilnc %s --emit=asm -o - | FileCheck %s --check-prefixes=ASM,AVX2
// RUN: kilnc %s --emit=asm -O0 -o - | FileCheck %s --check-prefix=ASM
// RUN: kilnc %s --emit=asm --target-cpu=x86-64 -o - | FileCheck %s --check-prefixes=ASM,NOYMM
// RUN: kilnc %s --emit=asm --target-cpu=native -O2 -o - | FileCheck %s --check-prefix=ASM

// Vectors as wide as the target's registers: 8 f32 lanes for AVX2, 16 for
// AVX-512.
// RUN: kilnc %s --emit=mlir -o - | FileCheck %s --check-prefix=WIDTH8
// RUN: kilnc %s --emit=mlir --target-cpu=skylake-avx512 -o - | FileCheck %s --check-prefix=WIDTH16
// WIDTH8-NOT:   vector<16xf32>
// WIDTH8:       vector<8xf32>
// WIDTH16-NOT:  vector<8xf32>
// WIDTH16:      vector<16xf32>

// RUN: kilnc %s --emit=asm -o %t.s
// RUN: FileCheck %s --check-prefixes=ASM,AVX2 < %t.s

// --time-phases: where compile time goes, phase by phase and pass by pass.
// RUN: kilnc %s -o %t.timed.o --time-phases 2>&1 | FileCheck %s --check-prefix=TIME
// TIME:      Execution time report
// TIME:      read the model
// TIME:      pipeline
// TIME:        ConvertKilnToLinalg
// TIME:      LLVM translation + optimisation
// TIME:      machine code
// TIME:      Total

// The default: FILE.o and FILE.h.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: kilnc %s -o %t.dir/model.o
// RUN: test -f %t.dir/model.o
// RUN: test -f %t.dir/model.h
// RUN: llvm-nm %t.dir/model.o | FileCheck %s --check-prefix=NM
// RUN: FileCheck %s --check-prefix=HEADER < %t.dir/model.h
// RUN: kilnc %s -O1 --target-cpu=native -o %t.dir/native.o
// RUN: test -f %t.dir/native.o
// RUN: test -f %t.dir/native.h

// MLIR-NOT:     func.func
// MLIR-NOT:     kiln.
// MLIR-LABEL:   llvm.func internal @scale_op0(
// MLIR-SAME:        passthrough = ["noinline"]
// MLIR:         llvm.fmul
// MLIR:         llvm.fadd
// MLIR-LABEL:   llvm.func internal @scale(
// MLIR-SAME:        attributes {llvm.emit_c_interface}
// MLIR:         llvm.call @scale_op0(
// MLIR-LABEL:   llvm.func @_mlir_ciface_scale(%{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr)
// MLIR:         llvm.call @scale(

// LLVM:         target triple = "x86_64
// The graph function is internal (inlined into its C interface here); only
// the C interface is exported.
// LLVM-NOT:     define { ptr
// LLVM:         define void @_mlir_ciface_scale(ptr

// The loop nest (kiln-outline-kernels; too small for a parallel kernel)
// comes first and holds the vector code.
// ASM-NOT:      .globl scale
// AVX2:         ymm
// ASM:          .globl _mlir_ciface_scale
// ASM:          _mlir_ciface_scale:
// NOYMM-NOT:    ymm

// NM:           T _mlir_ciface_scale
// NM-NOT:       T scale

// HEADER:       #ifndef KILN_MODEL_MODEL_H
// HEADER:       static inline int kiln_scale(const float *arg0, const float *arg1, kiln_result *result0) {

func.func @scale(%x: tensor<1024xf32>, %y: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = kiln.mul %x, %y : tensor<1024xf32>
  %1 = kiln.add %0, %x : tensor<1024xf32>
  return %1 : tensor<1024xf32>
}
