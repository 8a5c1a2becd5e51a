//===- ShapeInferenceTest.cpp - the shared shape rules --------------------===//

#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
constexpr int64_t kDyn = ShapedType::kDynamic;

SmallVector<int64_t> broadcast(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  FailureOr<SmallVector<int64_t>> result = broadcastShapes(a, b);
  EXPECT_TRUE(succeeded(result));
  return succeeded(result) ? *result : SmallVector<int64_t>{};
}

TEST(BroadcastShapes, FollowsNumpy) {
  EXPECT_EQ(broadcast({2, 3}, {3}), (SmallVector<int64_t>{2, 3}));
  EXPECT_EQ(broadcast({8, 1, 6, 1}, {7, 1, 5}),
            (SmallVector<int64_t>{8, 7, 6, 5}));
  EXPECT_EQ(broadcast({}, {4, 5}), (SmallVector<int64_t>{4, 5}));
  EXPECT_EQ(broadcast({}, {}), (SmallVector<int64_t>{}));
}

TEST(BroadcastShapes, DynamicDimensions) {
  // ? against N != 1 must be N at run time; against 1 or ? it stays ?.
  EXPECT_EQ(broadcast({kDyn, 3}, {4, 3}), (SmallVector<int64_t>{4, 3}));
  EXPECT_EQ(broadcast({kDyn, 3}, {1, 3}), (SmallVector<int64_t>{kDyn, 3}));
  EXPECT_EQ(broadcast({kDyn}, {kDyn}), (SmallVector<int64_t>{kDyn}));
  EXPECT_EQ(broadcast({kDyn, 1}, {5}), (SmallVector<int64_t>{kDyn, 5}));
}

TEST(BroadcastShapes, RejectsIncompatibleSizes) {
  EXPECT_TRUE(failed(broadcastShapes({2, 3}, {4})));
  EXPECT_TRUE(failed(broadcastShapes({2, 1}, {3, 4})));
}

TEST(NormalizeAxis, CountsNegativeAxesFromTheEnd) {
  EXPECT_EQ(normalizeAxis(-1, 3), 2);
  EXPECT_EQ(normalizeAxis(0, 3), 0);
  EXPECT_EQ(normalizeAxis(-3, 3), 0);
  EXPECT_EQ(normalizeAxis(3, 3), std::nullopt);
  EXPECT_EQ(normalizeAxis(-4, 3), std::nullopt);
}

TEST(NormalizeReductionAxes, SortsAndDefaultsToAllAxes) {
  EXPECT_EQ(normalizeReductionAxes(3, std::nullopt),
            (SmallVector<int64_t>{0, 1, 2}));
  SmallVector<int64_t> axes = {-1, 0};
  EXPECT_EQ(normalizeReductionAxes(3, ArrayRef<int64_t>(axes)),
            (SmallVector<int64_t>{0, 2}));
}
} // namespace
