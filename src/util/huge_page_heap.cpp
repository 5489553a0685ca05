// Huge pages for the malloc heap; see include/lockkit/util/huge_page_heap.hpp.

#include "lockkit/util/huge_page_heap.hpp"

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

namespace lockkit {

namespace {

constexpr std::uintptr_t k_huge_page = std::uintptr_t{2} << 20;
/// glibc refuses an mmap threshold above 32 MiB on 64-bit systems.
constexpr int k_max_mmap_threshold = 32 << 20;

} // namespace

void prefer_huge_page_heap(std::size_t reserve) {
    const int pad = reserve > INT_MAX ? INT_MAX : static_cast<int>(reserve);
    mallopt(M_MMAP_THRESHOLD, pad < k_max_mmap_threshold ? pad : k_max_mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    mallopt(M_TOP_PAD, pad);
    // A block larger than what is left of the start-up heap makes malloc grow
    // it now, by the block plus the pad; freed, it returns to the top of the heap.
    void* probe = std::malloc(std::size_t{1} << 20);
    if (probe == nullptr) return;
    const auto begin = (reinterpret_cast<std::uintptr_t>(probe) + k_huge_page - 1) & ~(k_huge_page - 1);
    std::free(probe);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(k_huge_page - 1);
    // When malloc could not use brk, the probe lies elsewhere: leave things as they are.
    if (begin >= end || end - begin > reserve + (std::uintptr_t{4} << 20)) return;
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

} // namespace lockkit
