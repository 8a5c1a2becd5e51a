//===- KilnOps.cpp - kiln op definitions ----------------------------------===//
//
// The generated op classes and the custom assembly directives they use. The
// rest is one file per op family and concern: type inference and verifiers
// in *Inference.cpp, folders in *Folders.cpp, VJPs in *Gradients.cpp; control
// flow in ControlFlow.cpp and patterns in Canonicalize.cpp.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::kiln;

/// `custom<OperandTypes>`: the types of two operands, written once when they
/// are equal (`: tensor<4xf32>`) and as a pair otherwise.
static ParseResult parseOperandTypes(OpAsmParser &parser, Type &first,
                                     Type &second) {
  if (parser.parseType(first))
    return failure();
  if (succeeded(parser.parseOptionalComma()))
    return parser.parseType(second);
  second = first;
  return success();
}

static void printOperandTypes(OpAsmPrinter &printer, Operation *, Type first,
                              Type second) {
  printer << first;
  if (first != second)
    printer << ", " << second;
}

#include "kiln/Dialect/Kiln/IR/KilnEnums.cpp.inc"
#include "kiln/Dialect/Kiln/IR/KilnInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.cpp.inc"
