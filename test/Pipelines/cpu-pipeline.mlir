// RUN: kiln-opt %s --kiln-cpu-pipeline | FileCheck %s
// RUN: kiln-opt %s --kiln-cpu-pipeline | FileCheck %s --check-prefix=LLVMONLY

// kiln-cpu-pipeline lowers a kiln graph all the way to the LLVM dialect:
// only llvm ops remain, every function is an llvm.func, failed run-time shape
// checks call the runtime's kiln_shape_error, and strided copies are loops
// rather than calls of MLIR's memrefCopy utility.

// Nothing but the LLVM dialect (and the builtin module) is left.
// LLVMONLY-NOT: {{^ *(%[^ ]+ = )?"?(kiln|linalg|memref|tensor|scf|arith|cf|math|bufferization|affine|func|builtin)\.}}
// LLVMONLY-NOT: unrealized_conversion_cast
// LLVMONLY-NOT: memrefCopy

// One internal message per shape check, with the source location, and the
// runtime entry point.
// CHECK-DAG:   llvm.mlir.global internal constant @[[BCAST_A:kiln_check_[0-9]+]]("{{.*}}cpu-pipeline.mlir:[[#@LINE+46]]:8: dimension 0 of an operand neither matches the broadcast shape nor is 1\00")
// CHECK-DAG:   llvm.mlir.global internal constant @[[BCAST_B:kiln_check_[0-9]+]]("{{.*}}cpu-pipeline.mlir:[[#@LINE+45]]:8: dimension 0 of an operand neither matches the broadcast shape nor is 1\00")
// CHECK-DAG:   llvm.mlir.global internal constant @[[SLICE:kiln_check_[0-9]+]]("{{.*}}cpu-pipeline.mlir:[[#@LINE+88]]:8: 'kiln.slice' limit of dimension 0 is past the input's end\00")
// CHECK-DAG:   llvm.func @kiln_shape_error(!llvm.ptr)

// A small MLP with a dynamic batch: matmul, bias add, relu and a row sum.
// No size has to be checked at run time. Each kernel (the matmul with its
// bias-add + relu epilogue, the row sum) is a function of its own
// (kiln-outline-kernels, named by kiln-form-kernels' numbering, which
// counts from the last op), never inlined.
// CHECK-LABEL: llvm.func @mlp_kernel1(
// CHECK-SAME:      passthrough = ["noinline"]
// CHECK-NOT:     kiln_shape_error
// CHECK:         {{llvm.fmul|llvm.intr.fmuladd|llvm.intr.fma}}
// CHECK:         llvm.select
// CHECK-LABEL: llvm.func @mlp_kernel0(
// CHECK:         llvm.fadd
// CHECK-LABEL: llvm.func @mlp(
// CHECK-SAME:      -> !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK-NOT:     kiln_shape_error
// CHECK:         llvm.call @mlp_kernel1(
// CHECK-NOT:     kiln_shape_error
// CHECK:         llvm.call @mlp_kernel0(
// CHECK-NOT:     kiln_shape_error
// CHECK:         llvm.return
func.func @mlp(%x: tensor<?x16xf32>, %w: tensor<16x8xf32>, %b: tensor<8xf32>) -> (tensor<?x8xf32>, tensor<?xf32>) {
  %0 = kiln.matmul %x, %w : tensor<?x16xf32>, tensor<16x8xf32>
  %1 = kiln.add %0, %b : tensor<?x8xf32>, tensor<8xf32>
  %2 = kiln.relu %1 : tensor<?x8xf32>
  %3 = kiln.reduce_sum %2 axes [1] : tensor<?x8xf32>
  return %2, %3 : tensor<?x8xf32>, tensor<?xf32>
}

// Two dynamic sizes broadcast together: both operands are checked; a
// failure passes its message to kiln_shape_error and ends in unreachable.
// CHECK-LABEL: llvm.func @broadcast_check_kernel0(
// CHECK:         llvm.fadd
// CHECK-LABEL: llvm.func @broadcast_check(
// CHECK-DAG:     llvm.mlir.addressof @[[BCAST_A]] : !llvm.ptr
// CHECK-DAG:     llvm.mlir.addressof @[[BCAST_B]] : !llvm.ptr
// CHECK-DAG:     llvm.select
// CHECK:         llvm.call @kiln_shape_error(%{{.+}}) : (!llvm.ptr) -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK:         llvm.call @broadcast_check_kernel0(
// CHECK:         llvm.return
func.func @broadcast_check(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %0 = kiln.add %a, %b : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// kiln.if becomes branches; an f32 exp becomes a polynomial
// (kiln-approximate-math), not a libm call per lane.
// CHECK-LABEL: llvm.func @conditional(
// CHECK-NOT:     kiln_shape_error
// CHECK:         llvm.cond_br
// CHECK-NOT:     llvm.intr.exp
// CHECK-DAG:     llvm.intr.fma
// CHECK-DAG:     llvm.intr.fabs
// CHECK:         llvm.return
func.func @conditional(%p: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %r = kiln.if %p -> (tensor<4xf32>) {
    %e = kiln.exp %x : tensor<4xf32>
    kiln.yield %e : tensor<4xf32>
  } else {
    %a = kiln.abs %x : tensor<4xf32>
    kiln.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// On AVX-512 a vector exp scales by 2^k with vscalefps (kiln-avx512-exp).
// CHECK-LABEL: llvm.func @exp_rows_op0(
// CHECK:         llvm.intr.roundeven
// CHECK:         llvm.call_intrinsic "llvm.x86.avx512.mask.scalef.ps.512"
// CHECK-NOT:     llvm.shl
// CHECK:         llvm.return
func.func @exp_rows(%x: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %e = kiln.exp %x : tensor<4x64xf32>
  return %e : tensor<4x64xf32>
}

// A strided slice returned from the function is copied out of a strided
// view: the copy is a loop of loads and stores, not a memrefCopy call.
// CHECK-LABEL: llvm.func @strided_result(
// CHECK:         llvm.mlir.addressof @[[SLICE]] : !llvm.ptr
// CHECK:         llvm.call @kiln_shape_error(
// CHECK:         llvm.load
// CHECK:         llvm.store
// CHECK:         llvm.return
func.func @strided_result(%x: tensor<?x8xf32>) -> tensor<2x4xf32> {
  %0 = kiln.slice %x [1, 0] to [3, 8] stride [1, 2] : tensor<?x8xf32>
  return %0 : tensor<2x4xf32>
}
