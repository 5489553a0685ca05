// prefer_huge_page_heap is only a hint: after it, allocation of every size,
// from several threads, must work as before; and the heap must have grown by
// the reserve (address space) so that the advice had a range to cover.

#include "lockkit/util/huge_page_heap.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <future>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

TEST_CASE("allocation works as before after the huge-page hint") {
    const auto brk_before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    lockkit::prefer_huge_page_heap(std::size_t{64} << 20);
    CHECK(reinterpret_cast<std::uintptr_t>(sbrk(0)) - brk_before >= (std::size_t{64} << 20));

    auto churn = [](int seed) {
        std::vector<std::string> kept;
        std::size_t total = 0;
        for (int i = 0; i < 20000; ++i) {
            kept.emplace_back(static_cast<std::size_t>((i * 37 + seed) % 300), static_cast<char>('a' + i % 26));
            if (i % 3 == 0) kept[static_cast<std::size_t>(i) / 2].clear();
        }
        // Blocks above glibc's usual mmap threshold now come from the heap.
        auto big = std::make_unique<char[]>(std::size_t{3} << 20);
        std::memset(big.get(), seed, std::size_t{3} << 20);
        for (const auto& s : kept) total += s.size();
        return total + static_cast<std::size_t>(big[12345]);
    };
    const std::size_t expected = churn(1);
    std::vector<std::future<std::size_t>> pending;
    for (int t = 0; t < 4; ++t) pending.push_back(std::async(std::launch::async, churn, 1));
    for (auto& p : pending) CHECK(p.get() == expected);
}
