//===- BuilderTest.cpp - building kiln graphs from C++ --------------------===//
//
// Kiln as a library: ops built without result types get them inferred,
// folding works through the builder, and bad ops are reported through the
// diagnostic engine rather than crashing.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
class BuilderTest : public ::testing::Test {
protected:
  BuilderTest() : builder(&context) {
    context.loadDialect<KilnDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// A function with arguments of `types`, the builder inside its body.
  func::FuncOp makeFunction(TypeRange types) {
    auto fn = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                   builder.getFunctionType(types, {}));
    builder.setInsertionPointToEnd(fn.addEntryBlock());
    return fn;
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(BuilderTest, InfersBroadcastAndMatmulTypes) {
  func::FuncOp fn = makeFunction(
      {f32({ShapedType::kDynamic, 784}), f32({784, 128}), f32({128})});
  Location loc = builder.getUnknownLoc();
  Value x = fn.getArgument(0), w = fn.getArgument(1), b = fn.getArgument(2);
  Value y = MatmulOp::create(builder, loc, x, w);
  Value z = AddOp::create(builder, loc, y, b);
  Value s =
      ReduceSumOp::create(builder, loc, z, builder.getDenseI64ArrayAttr({-1}),
                          /*keepdims=*/true);
  func::ReturnOp::create(builder, loc);
  EXPECT_EQ(y.getType(), f32({ShapedType::kDynamic, 128}));
  EXPECT_EQ(z.getType(), f32({ShapedType::kDynamic, 128}));
  EXPECT_EQ(s.getType(), f32({ShapedType::kDynamic, 1}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(BuilderTest, CreateOrFoldEvaluatesConstants) {
  makeFunction({});
  Location loc = builder.getUnknownLoc();
  auto type = f32({2});
  Value a = ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, ArrayRef<float>{1, 2}));
  Value b = ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, ArrayRef<float>{3, 4}));
  Value sum = builder.createOrFold<AddOp>(loc, a, b);
  auto constant = sum.getDefiningOp<ConstantOp>();
  ASSERT_TRUE(constant);
  auto values = cast<DenseElementsAttr>(constant.getValue()).getValues<float>();
  EXPECT_EQ(values[0], 4.0f);
  EXPECT_EQ(values[1], 6.0f);
}

TEST_F(BuilderTest, ReportsShapeErrorsThroughDiagnostics) {
  func::FuncOp fn = makeFunction({f32({2, 3}), f32({4})});
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  SmallVector<Type> types;
  LogicalResult inferred = AddOp::inferReturnTypes(
      &context, builder.getUnknownLoc(), ValueRange(fn.getArguments()),
      DictionaryAttr(), OpaqueProperties(nullptr), RegionRange(), types);
  EXPECT_TRUE(failed(inferred));
  EXPECT_NE(message.find("not broadcast-compatible"), std::string::npos)
      << message;
}
} // namespace
