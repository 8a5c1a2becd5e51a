//===- RuntimeMemoryTest.cpp - the runtime's spare large buffers ----------===//
//
// Each thread keeps up to 8 large buffers its calls (or kiln_result_free)
// freed, so that a model's arena and large results are not mapped, faulted
// in and zeroed by the kernel again on every call.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/kiln_runtime.h"
#include "gtest/gtest.h"

#include <cstdint>
#include <thread>
#include <vector>

namespace {
constexpr uint64_t kMiB = 1 << 20;

bool hugePageAligned(void *pointer) {
  return reinterpret_cast<uintptr_t>(pointer) % (2 * kMiB) == 0;
}

class RuntimeMemoryTest : public ::testing::Test {
protected:
  void SetUp() override { kiln_release_memory(); }
  void TearDown() override { kiln_release_memory(); }
};

TEST_F(RuntimeMemoryTest, LargeBufferIsReusedByTheNextAllocation) {
  void *first = _mlir_memref_to_llvm_alloc(24 * kMiB);
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(hugePageAligned(first));
  static_cast<char *>(first)[24 * kMiB - 1] = 1; // the whole size is usable
  _mlir_memref_to_llvm_free(first);
  void *second = _mlir_memref_to_llvm_alloc(24 * kMiB);
  EXPECT_EQ(second, first);
  // Taken: the next one is a different buffer.
  void *third = _mlir_memref_to_llvm_alloc(24 * kMiB);
  EXPECT_NE(third, second);
  _mlir_memref_to_llvm_free(second);
  _mlir_memref_to_llvm_free(third);
}

TEST_F(RuntimeMemoryTest, SpareIsNotTakenWhenTooSmallOrTwiceTooLarge) {
  void *spare = _mlir_memref_to_llvm_alloc(8 * kMiB);
  _mlir_memref_to_llvm_free(spare);
  // The buffer may hold up to 2 MiB more than asked (its alignment).
  void *larger = _mlir_memref_to_llvm_alloc(11 * kMiB);
  EXPECT_NE(larger, spare);
  void *muchSmaller = _mlir_memref_to_llvm_alloc(3 * kMiB);
  EXPECT_NE(muchSmaller, spare);
  void *fits = _mlir_memref_to_llvm_alloc(6 * kMiB);
  EXPECT_EQ(fits, spare);
  for (void *pointer : {larger, muchSmaller, fits})
    _mlir_memref_to_llvm_free(pointer);
}

TEST_F(RuntimeMemoryTest, KeepsSeveralBuffersAndTakesTheBestFit) {
  void *small = _mlir_memref_to_llvm_alloc(4 * kMiB);
  void *large = _mlir_memref_to_llvm_alloc(16 * kMiB);
  void *medium = _mlir_memref_to_llvm_alloc(8 * kMiB);
  for (void *pointer : {large, small, medium})
    _mlir_memref_to_llvm_free(pointer);
  // 7 MiB fits the 8 and the 16 MiB buffers: the smaller one is taken.
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(7 * kMiB), medium);
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(16 * kMiB), large);
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(4 * kMiB), small);
  for (void *pointer : {large, small, medium})
    _mlir_memref_to_llvm_free(pointer);
}

TEST_F(RuntimeMemoryTest, WhenFullTheSmallestBufferGoes) {
  // Nine buffers of 4, 8, ..., 36 MiB freed (4 MiB apart: a buffer may hold
  // up to 2 MiB more than asked): the eight slots keep the eight largest.
  std::vector<void *> buffers;
  for (uint64_t mib = 4; mib <= 36; mib += 4)
    buffers.push_back(_mlir_memref_to_llvm_alloc(mib * kMiB));
  for (void *pointer : buffers)
    _mlir_memref_to_llvm_free(pointer);
  std::vector<void *> taken;
  for (uint64_t mib = 8; mib <= 36; mib += 4)
    taken.push_back(_mlir_memref_to_llvm_alloc(mib * kMiB));
  EXPECT_EQ(taken, std::vector<void *>(buffers.begin() + 1, buffers.end()));
  for (void *pointer : taken)
    _mlir_memref_to_llvm_free(pointer);
}

TEST_F(RuntimeMemoryTest, ResultFreeKeepsALargeResult) {
  kiln_result result = {};
  result.allocation = _mlir_memref_to_llvm_alloc(32 * kMiB);
  void *kept = result.allocation;
  kiln_result_free(&result);
  EXPECT_EQ(result.allocation, nullptr);
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(32 * kMiB), kept);
  _mlir_memref_to_llvm_free(kept);
}

TEST_F(RuntimeMemoryTest, SpareBelongsToItsThread) {
  void *mine = _mlir_memref_to_llvm_alloc(8 * kMiB);
  _mlir_memref_to_llvm_free(mine);
  void *theirs = nullptr;
  std::thread other([&] {
    theirs = _mlir_memref_to_llvm_alloc(8 * kMiB);
    _mlir_memref_to_llvm_free(theirs); // kept until the thread exits
  });
  other.join();
  EXPECT_NE(theirs, mine);
  EXPECT_EQ(_mlir_memref_to_llvm_alloc(8 * kMiB), mine);
  _mlir_memref_to_llvm_free(mine);
}

TEST_F(RuntimeMemoryTest, ReleaseFreesTheSpare) {
  void *buffer = _mlir_memref_to_llvm_alloc(8 * kMiB);
  _mlir_memref_to_llvm_free(buffer);
  kiln_release_memory();
  kiln_release_memory(); // twice is harmless
  void *next = _mlir_memref_to_llvm_alloc(8 * kMiB);
  ASSERT_NE(next, nullptr);
  _mlir_memref_to_llvm_free(next);
}
} // namespace
