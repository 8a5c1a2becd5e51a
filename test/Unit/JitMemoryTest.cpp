//===- JitMemoryTest.cpp - the JIT's section placement
//---------------------===//

#include "JitMemory.h"
#include "gtest/gtest.h"
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace llvm;
using Purpose = SectionMemoryManager::AllocationPurpose;

namespace {

constexpr unsigned kReadWrite = sys::Memory::MF_READ | sys::Memory::MF_WRITE;

sys::MemoryBlock allocate(Purpose purpose, size_t bytes,
                          const sys::MemoryBlock *near = nullptr) {
  std::error_code ec;
  sys::MemoryBlock block = mlir::kiln::jitMemoryMapper().allocateMappedMemory(
      purpose, bytes, near, kReadWrite, ec);
  EXPECT_FALSE(ec) << ec.message();
  return block;
}

int64_t distance(const sys::MemoryBlock &a, const sys::MemoryBlock &b) {
  return reinterpret_cast<intptr_t>(a.base()) -
         reinterpret_cast<intptr_t>(b.base());
}

// RuntimeDyld's 32-bit displacements between a module's sections reach
// 2 GiB: code, read-only and writable data must all be that close, however
// much else the process has mapped in between.
TEST(JitMemoryTest, SectionsStayWithinReachOfEachOther) {
  sys::MemoryBlock code = allocate(Purpose::Code, 100);
  // Other mappings in between, as a busy process (ASan, Python) has.
  std::vector<sys::MemoryBlock> others;
  for (int i = 0; i < 8; ++i) {
    std::error_code ec;
    others.push_back(
        sys::Memory::allocateMappedMemory(64 << 20, nullptr, kReadWrite, ec));
  }
  sys::MemoryBlock data = allocate(Purpose::ROData, 3 << 20, &code);
  sys::MemoryBlock got = allocate(Purpose::RWData, 16, &data);
  for (const sys::MemoryBlock *block : {&data, &got})
    EXPECT_LT(std::llabs(distance(*block, code)), int64_t(1) << 31);
  std::memset(got.base(), 0xab, got.allocatedSize());
  for (sys::MemoryBlock &block : others)
    sys::Memory::releaseMappedMemory(block);
  for (sys::MemoryBlock *block : {&code, &data, &got})
    EXPECT_FALSE(mlir::kiln::jitMemoryMapper().releaseMappedMemory(*block));
}

// Released blocks are reused: a process that compiles many models (the ONNX
// node tests compile hundreds) does not run out of its reservation.
TEST(JitMemoryTest, ReleasedMemoryIsReused) {
  void *first = nullptr;
  for (int i = 0; i < 2000; ++i) {
    sys::MemoryBlock block = allocate(Purpose::Code, 8 << 20);
    ASSERT_NE(block.base(), nullptr);
    if (!first)
      first = block.base();
    ASSERT_EQ(block.base(), first);
    std::memset(block.base(), 1, 4096);
    ASSERT_FALSE(mlir::kiln::jitMemoryMapper().releaseMappedMemory(block));
  }
}

} // namespace
