//===- KilnInterfaces.td - interfaces of kiln ops ----------*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNINTERFACES_TD
#define KILN_DIALECT_KILN_IR_KILNINTERFACES_TD

include "mlir/IR/OpBase.td"

def Kiln_VJPOpInterface : OpInterface<"VJPOpInterface"> {
  let cppNamespace = "::mlir::kiln";
  let description = [{
    The vector-Jacobian product of a differentiable op: given the gradients
    of a scalar loss with respect to the op's results (the cotangents), build
    the gradients with respect to its operands. Each op brings its own rule,
    so `kiln-autodiff` differentiates any op that implements this interface
    and never looks at op names.

    The rules are written in kiln ops, so they are themselves differentiable
    (gradients of gradients) and every later pass applies to them.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the operand gradients at the builder's insertion point.
        `resultGrads` has one cotangent per result, typed like the result.
        `operandGrads` receives one value per operand, typed like the
        operand, or a null value for an operand that gets no gradient
        (integers, predicates, shape operands). Fails with a diagnostic when
        the rule does not apply to this instance of the op.
      }],
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::ValueRange":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>
  ];
}

#endif // KILN_DIALECT_KILN_IR_KILNINTERFACES_TD
