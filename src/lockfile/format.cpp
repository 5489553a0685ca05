#include "lockkit/lockfile/format.hpp"

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"

namespace lockkit::lockfile {

std::expected<std::string, Diagnostic> format_lock_text(std::string_view text, std::string_view file) {
    auto lock = parse_lock(text, file);
    if (!lock) {
        return std::unexpected(std::move(lock.error()));
    }
    canonicalize(*lock);
    return write_lock(*lock);
}

TextDifference first_difference(std::string_view actual, std::string_view expected) {
    TextDifference diff;
    if (actual == expected) {
        return diff;
    }
    diff.same = false;
    std::size_t a = 0, e = 0;
    std::uint32_t line = 1;
    for (;;) {
        const std::size_t an = actual.find('\n', a);
        const std::size_t en = expected.find('\n', e);
        const std::string_view al = actual.substr(a, an == std::string_view::npos ? std::string_view::npos : an - a + 1);
        const std::string_view el =
            expected.substr(e, en == std::string_view::npos ? std::string_view::npos : en - e + 1);
        if (al != el || an == std::string_view::npos || en == std::string_view::npos) {
            auto strip = [](std::string_view s) {
                while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
                    s.remove_suffix(1);
                }
                return std::string(s);
            };
            diff.line = line;
            diff.actual_line = strip(al);
            diff.expected_line = strip(el);
            return diff;
        }
        a = an + 1;
        e = en + 1;
        ++line;
    }
}

} // namespace lockkit::lockfile
