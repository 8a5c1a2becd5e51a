// Failures found while running: each stops the call with a message (the
// runtime frees what the call had allocated) and kiln-run exits 1.

// An allocation that cannot be satisfied (a 10^6 x 10^6 f32 outer product).
// RUN: not kiln-run %s --entry=outer --input=1000000x1xf32=1 --input=1x1000000xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OOM
// OOM: kiln-run: error: 'outer' failed: out of memory allocating 4000000000064 bytes

// Indices into an empty axis.
// RUN: not kiln-run %s --entry=take --input=0x3xf32=0 --input=2xi64=0,1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EMPTY
// EMPTY: kiln-run: error: 'take' failed: {{.*}}kiln-run-runtime-errors.mlir:{{[0-9]+}}:8: 'kiln.gather' takes indices from an empty axis
// ...but no indices from an empty axis is fine.
// RUN: kiln-run %s --entry=take --input=0x3xf32=0 --input=0xi64=0 | FileCheck %s --check-prefix=NONE
// NONE: {{^}}0x3xf32={{$}}

// A cross-entropy over zero classes.
// RUN: not kiln-run %s --entry=ce --input=2x0xf32=0 --input=2xi64=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CLASSES
// CLASSES: kiln-run: error: 'ce' failed: {{.*}}'kiln.cross_entropy' needs at least one class

// Inputs whose size overflows are refused before anything runs.
// RUN: not kiln-run %s --entry=take --input=4611686018427387904x3xf32=1 --input=2xi64=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HUGE
// HUGE: kiln-run: error: tensor too large (more than 2^40 bytes)
// A literal within that bound that would still exhaust memory (found by
// kiln-fuzz-inputs: 161 GB from a few characters).
// RUN: not kiln-run %s --entry=take --input=200000x200000xf32=1 --input=2xi64=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BIGLITERAL
// BIGLITERAL: kiln-run: error: literal tensor '200000x200000xf32' is larger than 4 GiB: pass it as a .npy file

// The gradient of a loop whose loop-carried value grows: its tape needs one
// size per iteration, which the second iteration breaks.
// RUN: not kiln-run %s --entry=grow_grad --input=2xf64=1,2 --input=i64=2 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GROW
// GROW: kiln-run: error: 'grow_grad' failed: {{.*}}kiln-run-runtime-errors.mlir:{{[0-9]+}}:8: dimension 0 of a loop-carried value changes between iterations; reverse-mode differentiation of this loop needs it constant
// ...one iteration stores one entry and is fine: d/dx sum(concat(tanh x, x)).
// RUN: kiln-run %s --entry=grow_grad --input=2xf64=0,0 --input=i64=1 | FileCheck %s --check-prefix=ONCE
// ONCE: {{^}}2xf64=2,2{{$}}

// A private function can be the entry (symbol-dce keeps it).
// RUN: kiln-run %s --entry=hidden --input=2xf32=1,2 | FileCheck %s --check-prefix=PRIVATE
// PRIVATE: {{^}}2xf32=-1,-2{{$}}

func.func @outer(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.mul %a, %b : tensor<?x1xf32>, tensor<1x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @take(%t: tensor<?x3xf32>, %i: tensor<?xi64>) -> tensor<?x3xf32> {
  %0 = kiln.gather %t, %i : tensor<?x3xf32>, tensor<?xi64>
  return %0 : tensor<?x3xf32>
}

func.func @ce(%l: tensor<?x?xf32>, %y: tensor<?xi64>) -> tensor<f32> {
  %0 = kiln.cross_entropy %l, %y : tensor<?x?xf32>, tensor<?xi64>
  return %0 : tensor<f32>
}

func.func private @hidden(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = kiln.neg %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func private @grow(%x: tensor<?xf64>, %n: tensor<i64>) -> tensor<f64> {
  %c0 = kiln.constant dense<0> : tensor<i64>
  %c1 = kiln.constant dense<1> : tensor<i64>
  %r = kiln.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (tensor<?xf64>) : tensor<i64> {
    %t = kiln.tanh %a : tensor<?xf64>
    %c = kiln.concat %t, %a axis 0 : tensor<?xf64>, tensor<?xf64>
    kiln.yield %c : tensor<?xf64>
  }
  %s = kiln.reduce_sum %r : tensor<?xf64>
  return %s : tensor<f64>
}
func.func @grow_grad(%x: tensor<?xf64>, %n: tensor<i64>) -> tensor<?xf64> {
  %g = kiln.grad @grow(%x, %n) wrt [0] : (tensor<?xf64>, tensor<i64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}
