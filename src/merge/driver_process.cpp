// Allocator set-up for the lock-merge process; see prepare_driver_process()
// in include/lockkit/merge/driver.hpp.
//
// One merge of three 2 MB locks touches about 30 MB of fresh heap, on three
// threads. With glibc's defaults that was some 8,000 page faults plus 3,000
// mprotect(2) calls (a thread's heap grows a few pages at a time), each call
// holding the address-space lock the other threads' faults wait for: the
// kernel's share of a merge was as large as the parsing. So, in the program
// only (the library's other users keep the defaults):
//
// - prefer_huge_page_heap (util/huge_page_heap.hpp, shared with lock-diff)
//   grows every heap in one 64 MiB step of address space (M_TOP_PAD: a
//   thread's heap is then made writable once), keeps 2 MB buffers in the heap
//   and marks the main thread's heap for transparent huge pages;
// - each thread the driver starts marks its own heap (glibc gives each thread
//   an arena of its own) the same way, found in /proc/self/maps: what glibc's
//   `glibc.malloc.hugetlb=1` tunable does for every arena. One fault per
//   2 MiB instead of one per 4 KiB where the kernel has THP in "madvise" or
//   "always" mode; no change where it is off, or when anything fails.

#include "driver_process.hpp"

#include "lockkit/merge/driver.hpp"
#include "lockkit/util/huge_page_heap.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace lockkit::merge {

namespace {

/// Heap reserved before reading (address space; a merge of three 2 MB locks uses ~30 MB).
constexpr std::size_t k_heap_reserve = std::size_t{64} << 20;

std::atomic<bool> g_prepared{false};

/// Marks the anonymous read-write mapping that holds `p` (a thread's heap)
/// for transparent huge pages. Finds it in /proc/self/maps; does nothing when
/// it cannot.
void advise_huge_pages_at(const void* p) {
    const int fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    std::string maps;
    char buf[8192];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) maps.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    const auto address = reinterpret_cast<std::uintptr_t>(p);
    std::string_view rest = maps;
    while (!rest.empty()) {
        const auto eol = rest.find('\n');
        const std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        // "start-end perms offset dev inode [path]", addresses in hex
        std::uintptr_t start = 0, end = 0;
        const char* const last = line.data() + line.size();
        const auto dash = std::from_chars(line.data(), last, start, 16);
        if (dash.ec != std::errc() || dash.ptr == last || *dash.ptr != '-') continue;
        const auto space = std::from_chars(dash.ptr + 1, last, end, 16);
        if (space.ec != std::errc() || address < start || address >= end) continue;
        std::string_view fields(space.ptr, static_cast<std::size_t>(last - space.ptr));
        std::string_view perms, path;
        for (int field = 0; field < 5 && !fields.empty(); ++field) {  // perms offset dev inode path
            fields.remove_prefix(std::min(fields.find_first_not_of(' '), fields.size()));
            const std::size_t length = field == 4 ? fields.size() : std::min(fields.find(' '), fields.size());
            if (field == 0) perms = fields.substr(0, length);
            if (field == 4) path = fields.substr(0, length);
            fields.remove_prefix(length);
        }
        if (perms == "rw-p" && (path.empty() || path == "[heap]")) {
            ::madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
        }
        return;
    }
}

} // namespace

void prepare_driver_process() {
    prefer_huge_page_heap(k_heap_reserve);
    g_prepared = true;
}

void prepare_driver_thread() {
    if (!g_prepared) return;
    // The thread's first allocation makes its heap (writable in one step, by
    // the pad); then the heap is advised before the parse fills it.
    void* volatile probe = std::malloc(64);
    if (probe != nullptr) advise_huge_pages_at(probe);
    std::free(probe);
}

} // namespace lockkit::merge
