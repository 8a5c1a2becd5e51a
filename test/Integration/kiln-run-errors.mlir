// kiln-run's diagnostics: each bad invocation prints one `kiln-run: error:`
// line (or the parser's diagnostic) and exits non-zero. Two good runs check
// the printed text form of results and the --benchmark line.

// Results print in the input syntax, one line per result.
// RUN: kiln-run %s --entry=add --input=2x2xf32=1,2,3,4 --input=2x2xf32=10,20,30,0.5 \
// RUN:   | FileCheck %s --check-prefix=ADD
// ADD: {{^}}2x2xf32=11,22,33,4.5{{$}}

// One value fills a tensor; several results, 0-d and i64/i1 results.
// RUN: kiln-run %s --entry=stats --input=3xf32=2 | FileCheck %s --check-prefix=STATS
// STATS:      {{^}}f32=6{{$}}
// STATS-NEXT: {{^}}i64=0{{$}}
// STATS-NEXT: {{^}}3xi1=1,1,1{{$}}

// The JIT compiles for the host unless told otherwise; a feature taken away
// (AVX-512: 8-lane vectors and register tiles) gives the same results, and a
// bad CPU or feature name is an error before any work.
// RUN: kiln-run %s --entry=add --mattr=-avx512f --input=2x2xf32=1,2,3,4 --input=2x2xf32=10,20,30,0.5 \
// RUN:   | FileCheck %s --check-prefix=ADD
// RUN: not kiln-run %s --entry=add --mcpu=pentium-9000 --input=2x2xf32=1 --input=2x2xf32=2 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CPU
// CPU: kiln-run: error: unknown CPU 'pentium-9000'
// RUN: not kiln-run %s --entry=add --mattr=+avx1024 --input=2x2xf32=1 --input=2x2xf32=2 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FEATURE
// FEATURE: kiln-run: error: unknown CPU feature 'avx1024'

// RUN: kiln-run %s --entry=add --benchmark=3 --input=2x2xf32=1 --input=2x2xf32=2 \
// RUN:   | FileCheck %s --check-prefix=BENCH
// BENCH:      {{^}}benchmark: add, 3 runs, min {{[0-9]+\.[0-9][0-9][0-9][0-9]}} ms, median {{[0-9]+\.[0-9][0-9][0-9][0-9]}} ms per call{{$}}
// BENCH-NEXT: {{^}}2x2xf32=3,3,3,3{{$}}

// RUN: not kiln-run %s --entry=nope 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: kiln-run: error: no function named 'nope' in {{.*}}kiln-run-errors.mlir (functions: add, stats, dyn_add, index_arg, private_helper)

// RUN: not kiln-run %s --input=f32=1 2>&1 | FileCheck %s --check-prefix=NOENTRY
// NOENTRY: kiln-run: error: --entry is required: {{.*}}kiln-run-errors.mlir has 4 public functions

// RUN: not kiln-run %s --entry=add --input=2x2xf32=1 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: kiln-run: error: 'add' takes 2 arguments, got 1 --input

// RUN: not kiln-run %s --entry=add --input=2x2xi32=1 --input=2x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DTYPE
// DTYPE: kiln-run: error: input #0 (2x2xi32) does not match argument type tensor<2x2xf32>: element type differs

// RUN: not kiln-run %s --entry=add --input=2x2xf32=1 --input=4xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RANK
// RANK: kiln-run: error: input #1 (4xf32) does not match argument type tensor<2x2xf32>: rank 1 instead of 2

// RUN: not kiln-run %s --entry=add --input=2x3xf32=1 --input=2x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIM
// DIM: kiln-run: error: input #0 (2x3xf32) does not match argument type tensor<2x2xf32>: dimension 1 is 3 instead of 2

// RUN: not kiln-run %s --entry=add --input=2x2xf32=1,2,x,4 --input=2x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NUMBER
// NUMBER: kiln-run: error: 'x' is not a valid f32 value

// RUN: not kiln-run %s --entry=add --input=2x2xf32=1,2,3 --input=2x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VALUES
// VALUES: kiln-run: error: 2x2xf32 needs 4 values, got 3

// RUN: not kiln-run %s --entry=add --input=2x2xf12=1 --input=2x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ELEMENT
// ELEMENT: kiln-run: error: unknown element type 'f12' (expected f16, bf16, f32, f64, i1, i8, i16, i32 or i64)

// RUN: not kiln-run %s --entry=add --input=2x2xf32 --input=2x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOVALUES
// NOVALUES: kiln-run: error: expected TYPE=VALUES such as 2x3xf32=1,2,3,4,5,6, got '2x2xf32'

// RUN: not kiln-run %s --entry=stats --input=3xi32=1,2,99999999999 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RANGE
// RANGE: kiln-run: error: '99999999999' is not a valid i32 value

// RUN: rm -f %t.missing.npy
// RUN: not kiln-run %s --entry=stats --input=@%t.missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: kiln-run: error: cannot read '{{.*}}.missing.npy': {{[Nn]}}o such file or directory

// RUN: printf 'not an npy file' > %t.text.npy
// RUN: not kiln-run %s --entry=stats --input=@%t.text.npy 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: kiln-run: error: '{{.*}}.text.npy' is not a valid .npy file: missing the \x93NUMPY magic

// A well-formed v1 header for a 2x2 f32 array followed by 8 bytes, not 16.
// RUN: printf "\x93NUMPY\x01\x00\x3b\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }abcdefgh" > %t.short.npy
// RUN: not kiln-run %s --entry=add --input=@%t.short.npy --input=2x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHORT
// SHORT: kiln-run: error: '{{.*}}.short.npy' is not a valid .npy file: expected 16 bytes of data, found 8

// RUN: printf "\x93NUMPY\x01\x00\x39\x00{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }abcdef" > %t.c8.npy
// RUN: not kiln-run %s --entry=stats --input=@%t.c8.npy 2>&1 | FileCheck %s --check-prefix=NPYDTYPE
// NPYDTYPE: kiln-run: error: '{{.*}}.c8.npy' is not a valid .npy file: unsupported dtype '<c8'

// A failed run-time shape check ends the run with the op's location.
// RUN: not kiln-run %s --entry=dyn_add --input=3xf32=1 --input=4xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: kiln-run: error: 'dyn_add' failed: {{.*}}kiln-run-errors.mlir:{{[0-9]+}}:{{[0-9]+}}: dimension 0 of an operand neither matches the broadcast shape nor is 1

// RUN: not kiln-run %s --entry=index_arg --input=f32=1 2>&1 | FileCheck %s --check-prefix=NONTENSOR
// NONTENSOR: kiln-run: error: function 'index_arg' has an argument or result of type index; kiln-run supports ranked tensors of f16, bf16, f32, f64, i1, i8, i16, i32 and i64

// RUN: echo 'func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> { %b = kiln.frobnicate %a : tensor<2xf32> }' > %t.bad.mlir
// RUN: not kiln-run %t.bad.mlir --input=2xf32=1 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: bad.mlir:1:{{[0-9]+}}: error: custom op 'kiln.frobnicate' is unknown
// PARSE-NOT: kiln-run: error

// RUN: not kiln-run %t.no-such-file.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: kiln-run: error: cannot read '{{.*}}no-such-file.mlir': {{[Nn]}}o such file or directory

func.func @add(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %r = kiln.add %a, %b : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

func.func @stats(%x: tensor<3xf32>) -> (tensor<f32>, tensor<i64>, tensor<3xi1>) {
  %s = kiln.reduce_sum %x : tensor<3xf32>
  %i = kiln.argmax %x axis 0 : tensor<3xf32>
  %z = kiln.constant dense<0.0> : tensor<f32>
  %p = kiln.compare gt, %x, %z : tensor<3xf32>, tensor<f32>
  return %s, %i, %p : tensor<f32>, tensor<i64>, tensor<3xi1>
}

func.func @dyn_add(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %r = kiln.add %a, %b : tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @index_arg(%i: index, %x: tensor<f32>) -> tensor<f32> {
  %n = kiln.neg %x : tensor<f32>
  return %n : tensor<f32>
}

func.func private @private_helper(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
