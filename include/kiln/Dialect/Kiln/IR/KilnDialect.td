//===- KilnDialect.td - The kiln graph dialect -------------*- tablegen -*-===//
//
// The dialect definition, the type constraints shared by its ops and the op
// base classes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNDIALECT_TD
#define KILN_DIALECT_KILN_IR_KILNDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::mlir::kiln";
  let summary = "Kiln's tensor graph dialect";
  let description = [{
    The `kiln` dialect represents a deep-learning model as a computation
    graph: ops with value semantics on ranked builtin tensors (static or
    dynamic `?` dimensions), whose result types are inferred from their
    operands (numpy broadcasting for elementwise ops), and structured control
    flow (`kiln.if`, `kiln.while`, `kiln.for`) as regions.

    Element types are `f16`, `bf16`, `f32`, `f64`, `i1`, `i8`, `i16`, `i32`
    and `i64` (integers are signless and read as signed; `i1` is a bool). Predicates of
    control flow are 0-d `tensor<i1>` values.

    Broadcasting follows numpy, including at run time: a dynamic dimension
    that turns out to be 1 broadcasts against the other operands. Type
    inference therefore gives `N` for `?` against a static `N != 1` (the
    program is only valid if the `?` is `N` or 1), and `?` otherwise.

    Reductions take an optional `axes` list: absent means every axis (numpy's
    `axis=None`), and `[]` means none.
  }];
  let hasConstantMaterializer = 1;
  let hasCanonicalizer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

defvar Kiln_FloatTypes = [F16, BF16, F32, F64];
defvar Kiln_NumericTypes = [F16, BF16, F32, F64, I8, I16, I32, I64];
defvar Kiln_AllTypes = [F16, BF16, F32, F64, I1, I8, I16, I32, I64];

def Kiln_FloatTensor : RankedTensorOf<Kiln_FloatTypes>;
def Kiln_NumericTensor : RankedTensorOf<Kiln_NumericTypes>;
def Kiln_Tensor : RankedTensorOf<Kiln_AllTypes>;
def Kiln_IndexTensor : RankedTensorOf<[I32, I64]>;
def Kiln_BoolTensor : RankedTensorOf<[I1]>;

// A 0-d `tensor<i1>`: the predicate of `kiln.if` and `kiln.condition`.
def Kiln_Predicate : Type<
    And<[CPred<"::llvm::isa<::mlir::RankedTensorType>($_self)">,
         CPred<"::llvm::cast<::mlir::RankedTensorType>($_self).getRank() == 0">,
         CPred<"::llvm::cast<::mlir::RankedTensorType>($_self)"
               ".getElementType().isInteger(1)">]>,
    "0-d tensor of i1 (tensor<i1>)", "::mlir::RankedTensorType"> {
  let builderCall = "::mlir::RankedTensorType::get({}, $_builder.getI1Type())";
}

// Loop bounds of `kiln.for`: a scalar index or i64, or a 0-d i64 tensor.
def Kiln_LoopBound : AnyTypeOf<[Index, I64, 0DTensorOf<[I64]>],
    "index, i64 or 0-d tensor of i64">;

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, traits>;

#endif // KILN_DIALECT_KILN_IR_KILNDIALECT_TD
