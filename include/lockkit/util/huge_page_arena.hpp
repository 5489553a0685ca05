#pragma once
// Memory for many large, long-lived arrays that are all freed together: the
// file lists of the project pages a run holds that are not read back from the
// cache (an index's answer that cannot be stored), and those `files()` decodes
// whole from a cached page's records (project_files.hpp). A resolution reads
// a cached page's files one at a time and puts nothing here for them. Fresh
// heap costs a page fault and a zeroed page per 4 KiB touched, which would make
// filling those lists slower than decoding them; this resource hands out
// memory from blocks of 32 MiB advised MADV_HUGEPAGE, so the kernel backs them with 2 MiB pages
// where transparent huge pages are available (one fault per 2 MiB), and
// behaves like any mmap'd memory where they are not.
//
// Allocation is a pointer bump under a mutex; deallocation does nothing; the
// blocks go back to the system when the arena is destroyed. Hold it by
// shared_ptr from everything allocated in it.

#include <cstddef>
#include <memory_resource>
#include <mutex>
#include <vector>

namespace lockkit {

class HugePageArena final : public std::pmr::memory_resource {
public:
    HugePageArena() = default;
    ~HugePageArena() override;
    HugePageArena(const HugePageArena&) = delete;
    HugePageArena& operator=(const HugePageArena&) = delete;

private:
    void* do_allocate(std::size_t bytes, std::size_t alignment) override;
    void do_deallocate(void*, std::size_t, std::size_t) override {}
    bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

    struct Block {
        char* base;
        std::size_t size;
    };
    std::mutex m_mutex;
    std::vector<Block> m_blocks;
    char* m_next = nullptr;
    char* m_end = nullptr;
};

} // namespace lockkit
