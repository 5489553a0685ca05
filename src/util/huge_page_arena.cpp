// A bump allocator over huge-page-advised blocks; see include/lockkit/util/huge_page_arena.hpp.

#include "lockkit/util/huge_page_arena.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <new>

namespace lockkit {

namespace {

constexpr std::size_t k_block = std::size_t{32} << 20;
constexpr std::size_t k_huge = std::size_t{2} << 20;

} // namespace

HugePageArena::~HugePageArena() {
    for (const auto& block : m_blocks) ::munmap(block.base, block.size);
}

void* HugePageArena::do_allocate(std::size_t bytes, std::size_t alignment) {
    std::lock_guard lock(m_mutex);
    auto aligned = [&](char* p) {
        const auto value = reinterpret_cast<std::uintptr_t>(p);
        return reinterpret_cast<char*>((value + alignment - 1) & ~(static_cast<std::uintptr_t>(alignment) - 1));
    };
    char* at = m_next != nullptr ? aligned(m_next) : nullptr;
    if (at == nullptr || at + bytes > m_end) {
        // A new block, 2 MiB-aligned so that the kernel can map it with huge pages.
        const std::size_t size = ((std::max(bytes + alignment, k_block) + k_huge - 1) / k_huge) * k_huge;
        void* mapped = ::mmap(nullptr, size + k_huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED) throw std::bad_alloc();
        char* raw = static_cast<char*>(mapped);
        char* base = reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(raw) + k_huge - 1) & ~(k_huge - 1));
        // Give back the unaligned head and tail.
        if (base > raw) ::munmap(raw, static_cast<std::size_t>(base - raw));
        const std::size_t tail = static_cast<std::size_t>(raw + size + k_huge - (base + size));
        if (tail > 0) ::munmap(base + size, tail);
        ::madvise(base, size, MADV_HUGEPAGE);  // a hint: without THP the block is ordinary memory
        m_blocks.push_back(Block{base, size});
        m_next = base;
        m_end = base + size;
        at = aligned(m_next);
    }
    m_next = at + bytes;
    return at;
}

} // namespace lockkit
