#pragma once
// A hint for programs about to build large models: back the malloc heap with
// transparent huge pages. Reading two 2 MB locks touches ~30 MB of fresh heap,
// one page fault per 4 KiB page: lock-diff on two transformers locks took
// 5,400 faults and 18 ms of system time on a virtual machine, where a fault
// costs microseconds, against 20 ms of user time. With the main thread's heap
// in 2 MiB pages: 3,200 faults, 11 ms (docs/performance.md).
//
// glibc only does this when GLIBC_TUNABLES=glibc.malloc.hugetlb=1 is set
// before start-up, so this sets it up by hand for the main thread's heap:
// large blocks from the heap instead of separate mmaps, the heap grown in one
// step of `reserve` bytes (address space only: nothing is touched until used)
// and never trimmed, and that range advised MADV_HUGEPAGE. Other threads keep
// their own arenas: funnelling them into this one (M_ARENA_MAX=1) made the
// two parse threads contend and measured slower. Every step is a hint: when a
// call fails, or the kernel runs with transparent huge pages off, allocation
// works exactly as before. Call it once, early, on the main thread; not for
// short runs (`--version`), which would pay for zeroing a first 2 MiB page.

#include <cstddef>

namespace lockkit {

/// Asks for a huge-page-backed heap of about `reserve` bytes (see above).
void prefer_huge_page_heap(std::size_t reserve);

} // namespace lockkit
