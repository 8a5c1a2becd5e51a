//===- KilnCodegen.td - code generation attributes ---------*- tablegen -*-===//
//
// The `kiln_codegen` dialect holds no ops: only the attributes through which
// code generation passes talk to each other. Kernel formation decides, once
// per kernel, what the kernel is and how it is tiled, and writes that
// decision as `#kiln_codegen.kernel<...>` on the kernel's loop; every later
// pass (vectorisation, streaming stores, outlining, GPU mapping) reads it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_IR_KILNCODEGEN_TD
#define KILN_CODEGEN_IR_KILNCODEGEN_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

def KilnCodegen_Dialect : Dialect {
  let name = "kiln_codegen";
  let cppNamespace = "::mlir::kiln";
  let summary = "Attributes shared by Kiln's code generation passes";
  let description = [{
    Kiln's code generation layer (everything after `kiln` ops are gone)
    records its decisions in attributes of this dialect rather than in
    unchecked strings, so that a decision is made in one pass, verified
    when the IR is parsed or a pass ends, and read by every later pass.

    The one attribute today is `#kiln_codegen.kernel`, written by
    `kiln-form-kernels` on each kernel's `scf.forall` under the name
    `kiln_codegen.kernel`. The dialect verifies it there: it must be on an
    `scf.forall` with one loop per tiled (non-zero) tile size.

    `kiln_codegen.outlined`, a unit attribute, marks a function that
    `kiln-outline-tensor-kernels` made of one kernel of a graph function:
    it is private and only ever called by name, so later passes may change
    its signature and all its calls together.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The name of the discardable attribute that marks a kernel's loop.
    static ::llvm::StringRef getKernelAttrName() {
      return "kiln_codegen.kernel";
    }
    /// The name of the unit attribute that marks a function outlined from
    /// a graph function (called by name only, never by address).
    static ::llvm::StringRef getOutlinedAttrName() {
      return "kiln_codegen.outlined";
    }
  }];
}

def KilnCodegen_KernelStrategy : I32EnumAttr<"KernelStrategy",
    "how a kernel is computed", [
      I32EnumAttrCase<"Elementwise", 0, "elementwise">,
      I32EnumAttrCase<"Reduction", 1, "reduction">,
      I32EnumAttrCase<"Matmul", 2, "matmul">,
      I32EnumAttrCase<"Convolution", 3, "convolution">,
      I32EnumAttrCase<"Pooling", 4, "pooling">,
      I32EnumAttrCase<"Transpose", 5, "transpose">,
    ]> {
  let cppNamespace = "::mlir::kiln";
  let genSpecializedAttr = 0;
}

def KilnCodegen_KernelAttr : AttrDef<KilnCodegen_Dialect, "Kernel"> {
  let mnemonic = "kernel";
  let summary = "A kernel: its number, strategy, tiles and register tile";
  let description = [{
    Marks the `scf.forall` of one kernel formed by `kiln-form-kernels`:

    - `id`: the kernel's number in its function (as in the fusion report;
      outlining names the kernel's function `<function>_kernel<id>`);
    - `strategy`: what the kernel's root is, which decides how each target
      computes it: `elementwise` (maps and broadcasts, row by row),
      `reduction` (rows reduced along their innermost loops, with fused
      producers and consumers: softmax, layer norms), `matmul` (a
      contraction, with an elementwise epilogue), `convolution` (a 2-D
      NCHW convolution, with an elementwise epilogue), `pooling` (other
      convolution-like windows), `transpose`;
    - `tile_sizes`: per loop of the root, the size of the tile one
      iteration of the kernel loop computes (0: the loop is not tiled);
    - `register_tile`: per loop of the root, the tile the target keeps in
      registers (CPU: the vector tile of the root's innermost loops; a
      contraction's accumulators, rows x columns of its output). Empty
      when the target chooses it from the shapes (convolutions).

    ```mlir
    } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul,
        tile_sizes = [0, 256], register_tile = [8, 32]>}
    ```
  }];
  let parameters = (ins
    "int64_t":$id,
    EnumParameter<KilnCodegen_KernelStrategy>:$strategy,
    ArrayRefParameter<"int64_t">:$tile_sizes,
    ArrayRefParameter<"int64_t">:$register_tile
  );
  let assemblyFormat = [{
    `<` `id` `=` $id `,` `strategy` `=` $strategy `,`
        `tile_sizes` `=` custom<IntList>($tile_sizes) `,`
        `register_tile` `=` custom<IntList>($register_tile) `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The number of loops the kernel's `scf.forall` has: one per tiled
    /// loop of the root.
    unsigned getNumTiledLoops() const;
  }];
}

#endif // KILN_CODEGEN_IR_KILNCODEGEN_TD
