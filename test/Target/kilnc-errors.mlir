// kilnc's errors: bad options, unreadable input, parse errors, signatures
// the C interface cannot express, ops the lowering refuses and unwritable
// outputs. Each exits with a failure and a diagnostic; the located ones name
// the input file, line and column. Nothing is written on failure.

// RUN: rm -rf %t && split-file --leading-lines %s %t

// RUN: not kilnc %t/good.mlir --emit=asm --target-cpu=pentium-9000 -o - 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: kilnc: error: unknown CPU 'pentium-9000'
// RUN: not kilnc %t/good.mlir --target-cpu=pentium-9000 -o %t/cpu.o
// RUN: not test -e %t/cpu.o
// RUN: not kilnc %t/good.mlir --emit=asm --mcpu=pentium-9000 -o - 2>&1 | FileCheck %s --check-prefix=CPU

// RUN: not kilnc %t/good.mlir --emit=asm --mattr=+avx1024 -o - 2>&1 | FileCheck %s --check-prefix=FEATURE
// FEATURE: kilnc: error: unknown CPU feature 'avx1024' (in '+avx1024')
// RUN: not kilnc %t/good.mlir --emit=asm --mattr=avx2 -o - 2>&1 | FileCheck %s --check-prefix=SIGN
// SIGN: kilnc: error: feature 'avx2' must start with '+' or '-'
// RUN: not kilnc %t/good.mlir --emit=asm --target=aarch64-linux-gnu -o - 2>&1 | FileCheck %s --check-prefix=TRIPLE
// TRIPLE: kilnc: error: unsupported target 'aarch64-linux-gnu': Kiln's CPU back end generates x86-64 code

// GPU targets: unknown architectures and options that need --target=cuda.
// RUN: not kilnc %t/good.mlir --target=cuda --gpu-arch=sm_99x --emit=ptx -o - 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: kilnc: error: unknown GPU architecture 'sm_99x' (try sm_80 or sm_90)
// RUN: not kilnc %t/good.mlir --gpu-arch=sm_80 -o %t/arch.o 2>&1 | FileCheck %s --check-prefix=NEEDCUDA
// NEEDCUDA: kilnc: error: --gpu-arch needs --target=cuda
// RUN: not kilnc %t/good.mlir --emit=ptx -o - 2>&1 | FileCheck %s --check-prefix=PTXCPU
// PTXCPU: kilnc: error: --emit=ptx needs --target=cuda
// RUN: not kilnc %t/good.mlir --target=cuda --gpu-arch=sm_80,sm_90 --emit=ptx -o - 2>&1 | FileCheck %s --check-prefix=PTXTWO
// PTXTWO: kilnc: error: --emit=ptx writes one architecture's PTX; give one --gpu-arch

// RUN: not kilnc %t/good.mlir -O7 -o %t/o7.o 2>&1 | FileCheck %s --check-prefix=OPT
// OPT: kilnc: error: -O7 is not an optimisation level (use -O0 to -O3)
// RUN: not test -e %t/o7.o

// RUN: not kilnc %t/does-not-exist.mlir -o %t/missing.o 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: kilnc: error: cannot read '{{.*}}does-not-exist.mlir': No such file or directory

// RUN: not kilnc %t/parse.mlir --emit=header -o - 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: parse.mlir:[[#@LINE+5]]:8: error: custom op 'kiln.bogus' is unknown
// PARSE-NEXT: %0 = kiln.bogus %x : tensor<4xf32>

//--- parse.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.bogus %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// RUN: not kilnc %t/index.mlir --emit=header -o %t/index.h 2>&1 | FileCheck %s --check-prefix=INDEX
// RUN: not kilnc %t/index.mlir -o %t/index.o
// RUN: not test -e %t/index.o
// RUN: not test -e %t/index.h
// INDEX: index.mlir:[[#@LINE+3]]:1: error: kilnc: the C interface of 'takes_index' cannot pass 'index': arguments and results must be ranked tensors of f16, bf16, f32, f64, i1, i8, i16, i32 or i64

//--- index.mlir
func.func @takes_index(%x: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// RUN: not kilnc %t/i4.mlir --emit=header -o - 2>&1 | FileCheck %s --check-prefix=I4
// I4: i4.mlir:[[#@LINE+3]]:1: error: kilnc: the C interface of 'nibbles' cannot pass 'tensor<4xi4>'

//--- i4.mlir
func.func @nibbles(%x: tensor<4xi4>) -> tensor<4xi4> {
  return %x : tensor<4xi4>
}

// RUN: not kilnc %t/rank9.mlir --emit=header -o - 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: rank9.mlir:[[#@LINE+3]]:1: error: kilnc: 'tensor<1x1x1x1x1x1x1x1x2xf32>' has rank 9; the C interface supports rank 8 at most

//--- rank9.mlir
func.func @deep(%x: tensor<1x1x1x1x1x1x1x1x2xf32>) -> tensor<1x1x1x1x1x1x1x1x2xf32> {
  return %x : tensor<1x1x1x1x1x1x1x1x2xf32>
}

// RUN: not kilnc %t/name.mlir --emit=header -o - 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: name.mlir:[[#@LINE+3]]:1: error: kilnc: function name 'my-model' is not a C identifier

//--- name.mlir
func.func @"my-model"(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// RUN: not kilnc %t/conv.mlir -o %t/conv.o 2>&1 | FileCheck %s --check-prefix=CONV
// RUN: not test -e %t/conv.o
// RUN: not test -e %t/conv.h
// CONV: conv.mlir:[[#@LINE+5]]:8: error: 'kiln.conv2d' op lowering needs static spatial dimensions, but 'input' is 'tensor<1x3x?x?xf32>'
// CONV: conv.mlir:[[#@LINE+4]]:8: error: failed to legalize operation 'kiln.conv2d'

//--- conv.mlir
func.func @conv(%x: tensor<1x3x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x?x?xf32> {
  %0 = kiln.conv2d %x, %w : tensor<1x3x?x?xf32>, tensor<4x3x3x3xf32>
  return %0 : tensor<1x4x?x?xf32>
}

// An op of a dialect Kiln does not lower is named, with what Kiln compiles.
// RUN: not kilnc %t/tosa.mlir -o %t/tosa.o 2>&1 | FileCheck %s --check-prefix=TOSA
// RUN: not test -e %t/tosa.o
// TOSA: tosa.mlir:[[#@LINE+4]]:8: error: 'tosa.abs' op has no lowering in Kiln: Kiln compiles kiln ops (and the linalg, tensor, arith, math and scf ops they lower to), so import this model into kiln ops first

//--- tosa.mlir
func.func @abs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// Unwritable outputs, for every kind of output.
// RUN: not kilnc %t/good.mlir --emit=header -o %t/no/such/dir/model.h 2>&1 | FileCheck %s --check-prefix=WRITE-H
// WRITE-H: kilnc: error: cannot write '{{.*}}no/such/dir/model.h': No such file or directory
// RUN: not kilnc %t/good.mlir --emit=mlir -o %t/no/such/dir/model.mlir 2>&1 | FileCheck %s --check-prefix=WRITE-MLIR
// WRITE-MLIR: kilnc: error: cannot write '{{.*}}no/such/dir/model.mlir': No such file or directory
// RUN: not kilnc %t/good.mlir --emit=llvm -o %t/no/such/dir/model.ll 2>&1 | FileCheck %s --check-prefix=WRITE-LL
// WRITE-LL: kilnc: error: cannot write '{{.*}}no/such/dir/model.ll': No such file or directory
// RUN: not kilnc %t/good.mlir -o %t/no/such/dir/model.o 2>&1 | FileCheck %s --check-prefix=WRITE-O
// WRITE-O: kilnc: error: cannot write '{{.*}}no/such/dir/model.o': No such file or directory
// RUN: not test -e %t/no

// The input the option errors use compiles.
// RUN: kilnc %t/good.mlir --emit=header -o - | FileCheck %s --check-prefix=GOOD
// GOOD: static inline int kiln_good(

//--- good.mlir
func.func @good(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
