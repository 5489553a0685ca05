#pragma once
// Skipping a test case with a reason. Catch2 v2 has no "skipped" state in its
// JUnit report, so a skipped case prints a marker line that tests/run_all.py
// counts, and returns; the case then counts as skipped, not as passed.

#include <iostream>
#include <string_view>

namespace lockkit::testing {

inline constexpr std::string_view k_skip_marker = "LOCKKIT-TEST-SKIPPED: ";

inline void report_skipped(std::string_view reason) {
    std::cout << k_skip_marker << reason << std::endl;
}

/// Returns from the enclosing test case, counted as skipped, with the reason.
#define LOCKKIT_SKIP(reason)                                                                                           \
    do {                                                                                                               \
        ::lockkit::testing::report_skipped(reason);                                                                    \
        return;                                                                                                        \
    } while (false)

} // namespace lockkit::testing
