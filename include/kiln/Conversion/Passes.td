//===- Passes.td - Kiln conversions ------------------------*- tablegen -*-===//

#ifndef KILN_CONVERSION_PASSES_TD
#define KILN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKilnToLinalg : Pass<"convert-kiln-to-linalg"> {
  let summary = "Lower the kiln dialect to linalg, tensor, arith, math and scf";
  let description = [{
    Lowers every kiln op (except the autodiff ops) on tensors:

    - elementwise ops, `compare`, `select`, `cast` and `broadcast_to` become
      one `linalg.generic` each. numpy broadcasting uses constant indexing
      maps for static size-1 dimensions; a dynamic dimension that turns out
      to be 1 at run time while the result's is not is broadcast explicitly
      behind an `scf.if`, so the common case stays a plain generic;
    - `matmul` becomes `linalg.matmul` (2-D) or a batched contraction
      `linalg.generic` (batch broadcasting, 1-D operands reshaped);
    - `conv2d` becomes `linalg.conv_2d_nchw_fchw` (or `_ngchw_gfchw` with
      groups) on a `tensor.pad`ded input, pooling `linalg.pooling_nchw_max`
      / `_sum`; they need static spatial dimensions;
    - reductions and `argmax` become reduction `linalg.generic`s;
    - shape ops become `linalg.transpose`, `tensor.collapse_shape` +
      `tensor.expand_shape`, `tensor.concat`, `tensor.extract_slice`,
      `tensor.pad`, and a gathering `linalg.generic`;
    - composites are decomposed first (`kiln-decompose`'s patterns);
    - `kiln.if`, `kiln.for`, `kiln.while` become `scf.if`, `scf.for`,
      `scf.while`, extracting 0-d predicates and bounds as scalars.

    Gather indices are clamped into range (negative ones count from the end),
    so a bad index never reads out of bounds. Where dynamic sizes must agree
    (broadcasting, contraction, concatenation, reshape, convolution
    channels, slice bounds) the lowering emits a `cf.assert` whose message
    names the source location, so a mismatch never reads out of bounds.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertAssertToKilnRuntime
    : Pass<"convert-assert-to-kiln-runtime", "::mlir::ModuleOp"> {
  let summary = "Route failed cf.assert checks to the Kiln runtime";
  let description = [{
    Replaces every `cf.assert` with a branch that, when the condition is
    false, calls the runtime's `kiln_shape_error(message)`, which makes the
    generated C function return `KILN_ERROR_SHAPE` (see
    `include/kiln/Runtime/kiln_runtime.h`) instead of aborting the process.
    Runs on unstructured control flow (after `convert-scf-to-cf`).
  }];
  let dependentDialects = [
    "::mlir::cf::ControlFlowDialect",
    "::mlir::LLVM::LLVMDialect",
  ];
}

#endif // KILN_CONVERSION_PASSES_TD
