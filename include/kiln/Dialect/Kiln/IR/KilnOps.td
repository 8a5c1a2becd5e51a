//===- KilnOps.td - kiln graph ops -------------------------*- tablegen -*-===//
//
// Every op of the kiln graph dialect. Semantics follow numpy/PyTorch unless
// a description says otherwise.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNOPS_TD

include "kiln/Dialect/Kiln/IR/KilnDialect.td"
include "kiln/Dialect/Kiln/IR/KilnInterfaces.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/LoopLikeInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

def Kiln_ConstantOp : Kiln_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "a constant tensor";
  let description = [{
    Produces the tensor held by the `value` attribute: a dense, splat or
    resource elements attribute whose type is the result type.

    ```mlir
    %w = kiln.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    %z = kiln.constant dense<0.0> : tensor<f32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Unary elementwise ops
//===----------------------------------------------------------------------===//

class Kiln_UnaryOp<string mnemonic, Type tensorType, string formula>
    : Kiln_Op<mnemonic, [Pure, SameOperandsAndResultType,
                         DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "elementwise " # formula;
  let description = "Computes `" # formula # "` for every element of `input`; "
    # "the result has the operand's type.\n\n"
    # "```mlir\n%y = kiln." # mnemonic # " %x : tensor<4x?xf32>\n```";
  let arguments = (ins tensorType:$input);
  let results = (outs tensorType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Kiln_NegOp : Kiln_UnaryOp<"neg", Kiln_NumericTensor, "-x">;
def Kiln_AbsOp : Kiln_UnaryOp<"abs", Kiln_NumericTensor, "|x|">;
def Kiln_ReluOp : Kiln_UnaryOp<"relu", Kiln_NumericTensor, "max(x, 0)">;
def Kiln_ExpOp : Kiln_UnaryOp<"exp", Kiln_FloatTensor, "e^x">;
def Kiln_LogOp : Kiln_UnaryOp<"log", Kiln_FloatTensor, "ln(x)">;
def Kiln_SqrtOp : Kiln_UnaryOp<"sqrt", Kiln_FloatTensor, "sqrt(x)">;
def Kiln_RsqrtOp : Kiln_UnaryOp<"rsqrt", Kiln_FloatTensor, "1 / sqrt(x)">;
def Kiln_TanhOp : Kiln_UnaryOp<"tanh", Kiln_FloatTensor, "tanh(x)">;
def Kiln_SigmoidOp : Kiln_UnaryOp<"sigmoid", Kiln_FloatTensor,
                                  "1 / (1 + e^-x)">;
def Kiln_GeluOp : Kiln_UnaryOp<"gelu", Kiln_FloatTensor,
                               "x * (1 + erf(x / sqrt(2))) / 2 (exact GELU)">;
def Kiln_SinOp : Kiln_UnaryOp<"sin", Kiln_FloatTensor, "sin(x)">;
def Kiln_CosOp : Kiln_UnaryOp<"cos", Kiln_FloatTensor, "cos(x)">;
def Kiln_ErfOp : Kiln_UnaryOp<"erf", Kiln_FloatTensor, "erf(x)">;

//===----------------------------------------------------------------------===//
// Binary elementwise ops (numpy broadcasting)
//===----------------------------------------------------------------------===//

class Kiln_BinaryOp<string mnemonic, Type tensorType, string formula,
                    list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<Kiln_VJPOpInterface>])> {
  let summary = "elementwise " # formula # " with broadcasting";
  let description = "Computes `" # formula # "` elementwise after numpy "
    # "broadcasting of `lhs` and `rhs`, which share their element type. "
    # "Integer ops read integers as signed. The operand type is written once "
    # "when both operands have the same type.\n\n"
    # "```mlir\n%c = kiln." # mnemonic # " %a, %b : tensor<8x?xf32>, tensor<1x?xf32>\n"
    # "%d = kiln." # mnemonic # " %a, %a : tensor<8x?xf32>\n```";
  let arguments = (ins tensorType:$lhs, tensorType:$rhs);
  let results = (outs tensorType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` custom<OperandTypes>(type($lhs), type($rhs))
  }];
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferBinaryElementwiseType(getOperationName(), loc,
                                        adaptor.getLhs().getType(),
                                        adaptor.getRhs().getType(), types);
    }
  }];
}

def Kiln_AddOp : Kiln_BinaryOp<"add", Kiln_NumericTensor, "lhs + rhs",
                               [Commutative]>;
def Kiln_SubOp : Kiln_BinaryOp<"sub", Kiln_NumericTensor, "lhs - rhs">;
def Kiln_MulOp : Kiln_BinaryOp<"mul", Kiln_NumericTensor, "lhs * rhs",
                               [Commutative]>;
def Kiln_DivOp : Kiln_BinaryOp<"div", Kiln_NumericTensor,
    "lhs / rhs (integers round toward zero; x / 0 = 0 and INT_MIN / -1 = "
    "INT_MIN, so the op never traps)">;
def Kiln_PowOp : Kiln_BinaryOp<"pow", Kiln_FloatTensor, "lhs ^ rhs">;
def Kiln_MaxOp : Kiln_BinaryOp<"max", Kiln_NumericTensor, "max(lhs, rhs)",
                               [Commutative]>;
def Kiln_MinOp : Kiln_BinaryOp<"min", Kiln_NumericTensor, "min(lhs, rhs)",
                               [Commutative]>;

//===----------------------------------------------------------------------===//
// Comparison and choice
//===----------------------------------------------------------------------===//

def Kiln_CmpPredicateAttr : I64EnumAttr<"ComparePredicate",
    "comparison predicate", [
      I64EnumAttrCase<"eq", 0>, I64EnumAttrCase<"ne", 1>,
      I64EnumAttrCase<"lt", 2>, I64EnumAttrCase<"le", 3>,
      I64EnumAttrCase<"gt", 4>, I64EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::mlir::kiln";
}

def Kiln_CompareOp : Kiln_Op<"compare", [Pure, InferTypeOpAdaptor]> {
  let summary = "elementwise comparison with broadcasting";
  let description = [{
    Compares `lhs` and `rhs` elementwise after numpy broadcasting and gives an
    `i1` tensor. `predicate` is one of `eq ne lt le gt ge`; integers compare
    as signed, floats in the ordered sense (any comparison with NaN is false
    except `ne`).

    ```mlir
    %m = kiln.compare lt, %a, %b : tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_CmpPredicateAttr:$predicate, Kiln_Tensor:$lhs,
                       Kiln_Tensor:$rhs);
  let results = (outs Kiln_BoolTensor:$result);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:`
    custom<OperandTypes>(type($lhs), type($rhs))
  }];
  let hasFolder = 1;
}

def Kiln_SelectOp : Kiln_Op<"select", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "elementwise choice with broadcasting";
  let description = [{
    Takes `true_value` where `condition` holds and `false_value` elsewhere;
    the three operands broadcast together (numpy `where`).

    ```mlir
    %r = kiln.select %m, %a, %b : tensor<4xi1>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_BoolTensor:$condition, Kiln_Tensor:$true_value,
                       Kiln_Tensor:$false_value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:`
    type($condition) `,` custom<OperandTypes>(type($true_value),
                                              type($false_value))
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Conversion
//===----------------------------------------------------------------------===//

def Kiln_CastOp : Kiln_Op<"cast", [Pure,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "elementwise element-type conversion";
  let description = [{
    Converts every element to the result's element type; the shape is kept.
    Float to integer rounds toward zero; integer to `i1` and float to `i1`
    test for non-zero; `i1` converts to 0 or 1.

    ```mlir
    %i = kiln.cast %x : tensor<4xf32> to tensor<4xi32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra, convolution and pooling
//===----------------------------------------------------------------------===//

def Kiln_MatmulOp : Kiln_Op<"matmul", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "matrix product (numpy matmul)";
  let description = [{
    numpy `matmul`: 2-D operands multiply as matrices; operands of rank > 2
    are stacks of matrices whose batch dimensions broadcast; a 1-D `lhs` is
    a row vector and a 1-D `rhs` a column vector, the added dimension being
    removed from the result.

    ```mlir
    %y = kiln.matmul %x, %w : tensor<?x784xf32>, tensor<784x128xf32>
    %z = kiln.matmul %a, %b : tensor<8x1x4x5xf32>, tensor<3x5x6xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$lhs, Kiln_NumericTensor:$rhs);
  let results = (outs Kiln_NumericTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

def Kiln_Conv2DOp : Kiln_Op<"conv2d", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "2-D convolution, NCHW input and FCHW filter";
  let description = [{
    Cross-correlation as in PyTorch `conv2d`: `input` is `N x C x H x W`,
    `filter` is `F x C/groups x KH x KW`, the optional `bias` is `F`.
    `strides` and `dilations` are `[h, w]`; `padding` is per side,
    `[top, left, bottom, right]` (ONNX order); `groups` divides both `C`
    and `F`. The output is `N x F x OH x OW` with
    `OH = (H + top + bottom - dilation_h * (KH - 1) - 1) / stride_h + 1`.

    ```mlir
    %y = kiln.conv2d %x, %w, %b strides [2, 2] padding [1, 1, 1, 1]
        : tensor<?x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$filter,
                       Optional<Kiln_FloatTensor>:$bias,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)?
    (`strides` $strides^)? (`padding` $padding^)? (`dilations` $dilations^)?
    (`groups` $groups^)? attr-dict
    `:` type($input) `,` type($filter) (`,` type($bias)^)?
  }];
}

class Kiln_Pool2DOp<string mnemonic, string what, dag extraArgs,
                    string extraFormat>
    : Kiln_Op<mnemonic, [Pure, InferTypeOpAdaptor,
                         DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "2-D " # what # " pooling over NCHW input";
  let arguments = !con((ins Kiln_FloatTensor:$input,
                        DenseI64ArrayAttr:$kernel_size,
                        OptionalAttr<DenseI64ArrayAttr>:$strides,
                        DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding),
                       extraArgs);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = "$input `kernel` $kernel_size (`strides` $strides^)? "
    # "(`padding` $padding^)? " # extraFormat # " attr-dict `:` type($input)";
}

def Kiln_MaxPool2DOp : Kiln_Pool2DOp<"max_pool2d", "max",
    (ins DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations),
    "(`dilations` $dilations^)?"> {
  let description = [{
    The maximum of every `kernel_size = [kh, kw]` window of the `N x C x H x W`
    input, as PyTorch `max_pool2d`. `strides` default to the kernel size;
    `padding` is `[top, left, bottom, right]` and pads with -infinity;
    `dilations` space the window's taps.

    ```mlir
    %y = kiln.max_pool2d %x kernel [2, 2] : tensor<?x16x32x32xf32>
    ```
  }];
}

def Kiln_AvgPool2DOp : Kiln_Pool2DOp<"avg_pool2d", "average",
    (ins DefaultValuedAttr<BoolAttr, "true">:$count_include_pad), ""> {
  let description = [{
    The mean of every `kernel_size = [kh, kw]` window of the `N x C x H x W`
    input, as PyTorch `avg_pool2d`. `strides` default to the kernel size;
    `padding` is `[top, left, bottom, right]` with zeros; when
    `count_include_pad` is false the padded taps are left out of the divisor.

    ```mlir
    %y = kiln.avg_pool2d %x kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1]
        : tensor<1x8x16x16xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Kiln_ReduceOp<string mnemonic, Type tensorType, string what>
    : Kiln_Op<mnemonic, [Pure, InferTypeOpAdaptor,
                         DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = what # " over axes";
  let description = "Reduces `input` to its " # what # " over `axes` "
    # "(negative axes count from the end; no `axes` reduces every axis). "
    # "With `keepdims` the reduced axes stay as size-1 dimensions.\n\n"
    # "```mlir\n%s = kiln." # mnemonic # " %x axes [-1] keepdims : tensor<8x16xf32>\n"
    # "%t = kiln." # mnemonic # " %x : tensor<8x16xf32>\n```";
  let arguments = (ins tensorType:$input,
                       OptionalAttr<DenseI64ArrayAttr>:$axes,
                       UnitAttr:$keepdims);
  let results = (outs tensorType:$result);
  let assemblyFormat = [{
    $input (`axes` $axes^)? (`keepdims` $keepdims^)? attr-dict `:`
    type($input)
  }];
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The reduced axes, normalised to [0, rank) and sorted.
    ::llvm::SmallVector<int64_t> getReducedAxes();
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferReductionType(getOperationName(), loc,
                                adaptor.getInput().getType(),
                                adaptor.getAxes(), adaptor.getKeepdims(),
                                types);
    }
    ::llvm::SmallVector<int64_t> $cppClass::getReducedAxes() {
      return normalizeReductionAxes(getInput().getType().getRank(),
                                    getAxes());
    }
  }];
}

def Kiln_ReduceSumOp : Kiln_ReduceOp<"reduce_sum", Kiln_NumericTensor, "sum">;
def Kiln_ReduceMeanOp : Kiln_ReduceOp<"reduce_mean", Kiln_FloatTensor, "mean">;
def Kiln_ReduceMaxOp : Kiln_ReduceOp<"reduce_max", Kiln_NumericTensor,
                                     "maximum">;
def Kiln_ReduceMinOp : Kiln_ReduceOp<"reduce_min", Kiln_NumericTensor,
                                     "minimum">;

def Kiln_ArgmaxOp : Kiln_Op<"argmax", [Pure, InferTypeOpAdaptor]> {
  let summary = "index of the maximum along an axis";
  let description = [{
    The `i64` index of the first maximal element along `axis` (negative
    counts from the end), numpy `argmax`. With `keepdims` the axis stays as
    a size-1 dimension.

    ```mlir
    %i = kiln.argmax %logits axis 1 : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$input, I64Attr:$axis,
                       UnitAttr:$keepdims);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`keepdims` $keepdims^)? attr-dict `:` type($input)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def Kiln_ReshapeOp : Kiln_Op<"reshape", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "reinterpret the elements in a new shape";
  let description = [{
    Row-major reshape to `shape`, one entry of which may be `-1`: that
    dimension is inferred from the element count (and is dynamic when the
    input has dynamic dimensions).

    ```mlir
    %f = kiln.reshape %x [-1, 784] : tensor<?x28x28xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$input $shape attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Kiln_TransposeOp : Kiln_Op<"transpose", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "permute dimensions";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]` (numpy
    `transpose(x, axes=permutation)`).

    ```mlir
    %t = kiln.transpose %x [1, 0] : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$input $permutation attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Kiln_BroadcastToOp : Kiln_Op<"broadcast_to", [Pure,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "broadcast to a larger shape";
  let description = [{
    numpy `broadcast_to`: the result type is the target shape, and `input`
    must broadcast to it. Each dynamic dimension of the result takes its size
    from one `index` operand in `dims`, in order.

    ```mlir
    %b = kiln.broadcast_to %x : tensor<3xf32> -> tensor<2x3xf32>
    %d = kiln.broadcast_to %x [%n] : tensor<3xf32> -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Variadic<Index>:$dims);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $input (`[` $dims^ `]`)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_ConcatOp : Kiln_Op<"concat", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "join tensors along an axis";
  let description = [{
    Concatenates `inputs` (one or more, same element type and rank, equal
    sizes except along `axis`) along `axis` (negative counts from the end).

    ```mlir
    %c = kiln.concat %a, %b axis 1 : tensor<2x3xf32>, tensor<2x?xf32>
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$inputs `axis` $axis attr-dict `:` type($inputs)";
  let hasFolder = 1;
}

def Kiln_SliceOp : Kiln_Op<"slice", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "strided slice";
  let description = [{
    Takes `input[start[i] : limit[i] : stride[i]]` in every dimension `i`.
    `start` and `limit` are non-negative with `start <= limit <= size`;
    `stride` (default 1 everywhere) is positive. Result dimension `i` has
    `ceil((limit[i] - start[i]) / stride[i])` elements.

    ```mlir
    %s = kiln.slice %x [0, 2] to [4, 8] stride [1, 2] : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, DenseI64ArrayAttr:$start,
                       DenseI64ArrayAttr:$limit,
                       OptionalAttr<DenseI64ArrayAttr>:$stride);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $input $start `to` $limit (`stride` $stride^)? attr-dict `:` type($input)
  }];
  let hasFolder = 1;
}

def Kiln_PadOp : Kiln_Op<"pad", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "pad with a constant";
  let description = [{
    Adds `low[i]` elements before and `high[i]` elements after dimension `i`
    (both non-negative), filled with `value` (default 0) converted to the
    element type.

    ```mlir
    %p = kiln.pad %x low [0, 1] high [0, 1] value 1.0 : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, DenseI64ArrayAttr:$low,
                       DenseI64ArrayAttr:$high,
                       DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $input `low` $low `high` $high (`value` $value^)? attr-dict `:`
    type($input)
  }];
  let hasFolder = 1;
}

def Kiln_GatherOp : Kiln_Op<"gather", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "take entries along an axis (embedding lookup)";
  let description = [{
    numpy `take(input, indices, axis)` / ONNX `Gather`: the result shape is
    `input.shape[:axis] + indices.shape + input.shape[axis+1:]`. Indices are
    `i32` or `i64`; negative indices count from the end of the axis.

    ```mlir
    %e = kiln.gather %table, %ids axis 0 : tensor<1000x64xf32>, tensor<?x16xi64>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$input, Kiln_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $indices (`axis` $axis^)? attr-dict `:` type($input) `,`
    type($indices)
  }];
}

//===----------------------------------------------------------------------===//
// NN composites
//===----------------------------------------------------------------------===//

class Kiln_SoftmaxLikeOp<string mnemonic, string formula>
    : Kiln_Op<mnemonic, [Pure, SameOperandsAndResultType,
                         DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = formula # " along an axis";
  let description = "Computes `" # formula # "` along `axis` (default -1, "
    # "negative counts from the end), in the numerically stable form that "
    # "subtracts the maximum first. `kiln-decompose` rewrites it into "
    # "primitives.\n\n```mlir\n%p = kiln." # mnemonic
    # " %x axis 1 : tensor<?x10xf32>\n```";
  let arguments = (ins Kiln_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = "$input (`axis` $axis^)? attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Kiln_SoftmaxOp : Kiln_SoftmaxLikeOp<"softmax", "exp(x) / sum(exp(x))">;
def Kiln_LogSoftmaxOp : Kiln_SoftmaxLikeOp<"log_softmax",
                                           "x - log(sum(exp(x)))">;

def Kiln_CrossEntropyOp : Kiln_Op<"cross_entropy",
    [Pure, InferTypeOpAdaptor, DeclareOpInterfaceMethods<Kiln_VJPOpInterface>]> {
  let summary = "softmax cross-entropy with integer labels, batch mean";
  let description = [{
    PyTorch `cross_entropy(logits, labels)` with mean reduction: `logits` is
    `N x C`, `labels` holds `N` class indices in `[0, C)`, and the result is
    the 0-d mean over the batch of `-log_softmax(logits)[n, labels[n]]`.

    ```mlir
    %loss = kiln.cross_entropy %logits, %labels : tensor<?x10xf32>, tensor<?xi64>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$logits, Kiln_IndexTensor:$labels);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $labels attr-dict `:` type($logits) `,` type($labels)
  }];
}

//===----------------------------------------------------------------------===//
// Autodiff
//===----------------------------------------------------------------------===//

class Kiln_GradBaseOp<string mnemonic, string what>
    : Kiln_Op<mnemonic, [Pure,
        DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins FlatSymbolRefAttr:$callee, DenseI64ArrayAttr:$wrt,
                       Variadic<AnyType>:$arguments);
  let results = (outs Variadic<AnyType>:$results);
  let assemblyFormat = [{
    $callee `(` $arguments `)` `wrt` $wrt attr-dict `:`
    functional-type($arguments, $results)
  }];
  let extraClassDeclaration = [{
    /// Whether the results start with the function's value.
    static constexpr bool kWithValue = }] # what # [{;
  }];
}

def Kiln_GradOp : Kiln_GradBaseOp<"grad", "false"> {
  let summary = "gradient of a function";
  let description = [{
    The gradients of the function `callee` at `arguments` with respect to
    the arguments at positions `wrt`, in `wrt` order, each typed like its
    argument. The function has one result; when it is not a 0-d tensor (a
    scalar loss), a trailing extra operand gives the cotangent (`seed`) that
    the result's gradient starts from. Differentiated arguments must be
    float tensors. `kiln-autodiff` expands the op into a generated function.

    ```mlir
    %gw, %gb = kiln.grad @loss(%x, %w, %b) wrt [1, 2]
        : (tensor<?x784xf32>, tensor<784x10xf32>, tensor<10xf32>)
          -> (tensor<784x10xf32>, tensor<10xf32>)
    ```
  }];
}

def Kiln_ValueAndGradOp : Kiln_GradBaseOp<"value_and_grad", "true"> {
  let summary = "value and gradient of a function";
  let description = [{
    Like `kiln.grad`, with the function's result first:

    ```mlir
    %loss, %gw = kiln.value_and_grad @loss(%x, %w) wrt [1]
        : (tensor<?x784xf32>, tensor<784x10xf32>) -> (tensor<f32>, tensor<784x10xf32>)
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

def Kiln_YieldOp : Kiln_Op<"yield", [Pure, ReturnLike, Terminator,
    ParentOneOf<["IfOp", "ForOp", "WhileOp"]>]> {
  let summary = "region terminator: the values a region produces";
  let description = [{
    Ends the regions of `kiln.if` (the op's results) and the bodies of
    `kiln.for` and `kiln.while` (the next loop-carried values).

    ```mlir
    kiln.yield %a, %b : tensor<f32>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let builders = [OpBuilder<(ins), [{ /* nothing to yield */ }]>];
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

def Kiln_ConditionOp : Kiln_Op<"condition", [Pure, Terminator,
    HasParent<"WhileOp">,
    DeclareOpInterfaceMethods<RegionBranchTerminatorOpInterface,
                              ["getSuccessorRegions"]>]> {
  let summary = "ends the condition region of kiln.while";
  let description = [{
    When the 0-d `i1` predicate holds, the loop body runs on `args`;
    otherwise the loop ends and `args` are the loop's results.

    ```mlir
    kiln.condition %keep_going, %i, %x : tensor<i64>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Kiln_Predicate:$condition, Variadic<AnyType>:$args);
  let assemblyFormat = [{
    $condition (`,` $args^ `:` type($args))? attr-dict
  }];
}

def Kiln_IfOp : Kiln_Op<"if", [RecursiveMemoryEffects, RecursivelySpeculatable,
    NoRegionArguments, SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<RegionBranchOpInterface, [
      "getRegionInvocationBounds", "getEntrySuccessorRegions"]>]> {
  let summary = "two-way branch on a 0-d i1 tensor";
  let description = [{
    Runs `then` when `condition` holds and `else` otherwise; the taken
    region's `kiln.yield` gives the results, whose types both regions must
    match. A constant predicate folds the op away.

    ```mlir
    %r = kiln.if %p -> (tensor<4xf32>) {
      kiln.yield %a : tensor<4xf32>
    } else {
      %n = kiln.neg %a : tensor<4xf32>
      kiln.yield %n : tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Kiln_Predicate:$condition);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$thenRegion,
                        SizedRegion<1>:$elseRegion);
  let assemblyFormat = [{
    $condition (`->` `(` type($results)^ `)`)? $thenRegion `else` $elseRegion
    attr-dict
  }];
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    YieldOp thenYield();
    YieldOp elseYield();
  }];
}

def Kiln_ForOp : Kiln_Op<"for", [RecursiveMemoryEffects,
    SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<LoopLikeOpInterface, [
      "getLoopInductionVars", "getLoopLowerBounds", "getLoopUpperBounds",
      "getLoopSteps", "getInitsMutable", "getRegionIterArgs",
      "getYieldedValuesMutable", "getLoopResults"]>,
    DeclareOpInterfaceMethods<RegionBranchOpInterface, [
      "getEntrySuccessorOperands"]>]> {
  let summary = "counted loop with loop-carried values";
  let description = [{
    Runs the body for `i = lower; i < upper; i += step` (`step` must be
    positive) with `i` as the first block argument and the loop-carried
    values as the others; the body's `kiln.yield` gives the next values and
    the last ones are the results (the `inits` when the loop runs zero
    times). Bounds are `index`, `i64` or 0-d `tensor<i64>` values, all of the
    same type, and may be computed at run time.

    ```mlir
    %r = kiln.for %i = %lb to %ub step %s iter_args(%acc = %x)
        -> (tensor<4xf32>) : tensor<i64> {
      %y = kiln.add %acc, %acc : tensor<4xf32>
      kiln.yield %y : tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Kiln_LoopBound:$lowerBound, Kiln_LoopBound:$upperBound,
                       Kiln_LoopBound:$step, Variadic<AnyType>:$initArgs);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$region);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    ::mlir::Value getInductionVar() { return getBody()->getArgument(0); }
    YieldOp getYield();
    /// The trip count when the bounds are constants.
    std::optional<int64_t> getConstantTripCount();
  }];
}

def Kiln_WhileOp : Kiln_Op<"while", [RecursiveMemoryEffects,
    DeclareOpInterfaceMethods<LoopLikeOpInterface, [
      "getInitsMutable", "getRegionIterArgs", "getLoopResults"]>,
    DeclareOpInterfaceMethods<RegionBranchOpInterface, [
      "getEntrySuccessorOperands"]>]> {
  let summary = "loop with a computed condition and loop-carried values";
  let description = [{
    The `before` region receives the loop-carried values and ends in
    `kiln.condition %p, %vals`: when `%p` holds the `after` region (the body)
    runs on `%vals` and yields the next loop-carried values; otherwise `%vals`
    are the results. The loop-carried values, the forwarded values, the
    body's arguments and yield all have the types of `inits`.

    ```mlir
    %r:2 = kiln.while (%i = %i0, %x = %x0) : tensor<i64>, tensor<4xf32> {
      %go = kiln.compare lt, %i, %n : tensor<i64>
      kiln.condition %go, %i, %x : tensor<i64>, tensor<4xf32>
    } do {
    ^bb0(%j: tensor<i64>, %y: tensor<4xf32>):
      %j1 = kiln.add %j, %one : tensor<i64>
      %y1 = kiln.mul %y, %y : tensor<4xf32>
      kiln.yield %j1, %y1 : tensor<i64>, tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$initArgs);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$before, SizedRegion<1>:$after);
  let hasCustomAssemblyFormat = 1;
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    ConditionOp getConditionOp();
    YieldOp getYield();
  }];
}

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
