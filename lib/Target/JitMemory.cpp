//===- JitMemory.cpp - JIT sections in one reserved address range ---------===//
//
// RuntimeDyld links x86-64 code with 32-bit PC-relative references between
// the sections of one module (stubs to GOT entries, code to constants), so
// the sections must lie within 2 GiB of each other. LLVM's default mapper
// only passes the previous block as a hint to mmap; when the neighbourhood is
// full (as it is under AddressSanitizer, whose allocator and shadow fill the
// address space) the hint is ignored and the displacements wrap silently: the
// code then jumps through a GOT entry that is not there. Every section is
// therefore carved out of one reservation made at first use.
//
//===----------------------------------------------------------------------===//

#include "JitMemory.h"
#include "llvm/Support/Memory.h"
#include "llvm/Support/Process.h"
#include <map>
#include <mutex>
#include <sys/mman.h>

using namespace llvm;

namespace {

class ReservedMemoryMapper final : public SectionMemoryManager::MemoryMapper {
public:
  ReservedMemoryMapper() {
    // Address space only: no memory is committed until a block is used.
    void *base = mmap(nullptr, kReservation, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
      return;
    begin = reinterpret_cast<uintptr_t>(base);
    free[begin] = kReservation;
  }

  sys::MemoryBlock allocateMappedMemory(SectionMemoryManager::AllocationPurpose,
                                        size_t bytes,
                                        const sys::MemoryBlock *const near,
                                        unsigned flags,
                                        std::error_code &ec) override {
    size_t page = sys::Process::getPageSizeEstimate();
    size_t size = (bytes + page - 1) / page * page;
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (auto it = free.begin(); it != free.end(); ++it) {
        if (it->second < size)
          continue;
        uintptr_t address = it->first;
        size_t rest = it->second - size;
        free.erase(it);
        if (rest)
          free[address + size] = rest;
        sys::MemoryBlock block(reinterpret_cast<void *>(address), size);
        ec = sys::Memory::protectMappedMemory(block, flags);
        return block;
      }
    }
    // The reservation is full (or was refused): LLVM's own placement, which
    // is right whenever the nearby address space is free.
    return sys::Memory::allocateMappedMemory(bytes, near, flags, ec);
  }

  std::error_code protectMappedMemory(const sys::MemoryBlock &block,
                                      unsigned flags) override {
    return sys::Memory::protectMappedMemory(block, flags);
  }

  std::error_code releaseMappedMemory(sys::MemoryBlock &block) override {
    auto address = reinterpret_cast<uintptr_t>(block.base());
    if (address < begin || address >= begin + kReservation)
      return sys::Memory::releaseMappedMemory(block);
    size_t size = block.allocatedSize();
    // Drop the pages and make the range inaccessible again.
    if (mmap(block.base(), size, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
             0) == MAP_FAILED)
      return std::error_code(errno, std::generic_category());
    std::lock_guard<std::mutex> lock(mutex);
    auto next = free.lower_bound(address);
    if (next != free.end() && address + size == next->first) {
      size += next->second;
      next = free.erase(next);
    }
    if (next != free.begin()) {
      auto previous = std::prev(next);
      if (previous->first + previous->second == address) {
        previous->second += size;
        block = sys::MemoryBlock();
        return {};
      }
    }
    free[address] = size;
    block = sys::MemoryBlock();
    return {};
  }

private:
  // Well under the 2 GiB that 32-bit displacements reach.
  static constexpr size_t kReservation = size_t(1) << 30;
  uintptr_t begin = 0;
  std::mutex mutex;
  // Free ranges by start address.
  std::map<uintptr_t, size_t> free;
};

} // namespace

SectionMemoryManager::MemoryMapper &mlir::kiln::jitMemoryMapper() {
  // Shared by every engine of the process and never destroyed: engines may
  // outlive any owner we could give it.
  static auto *mapper = new ReservedMemoryMapper();
  return *mapper;
}
