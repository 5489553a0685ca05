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

namespace {

std::string_view without_line_end(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

std::string_view without_trailing_blanks(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

/// Names the difference between two differing lines (each with its line end, if
/// any) when it is one a reader cannot see in the printed lines.
std::string invisible_difference(std::string_view actual, std::string_view expected) {
    const std::string_view a = without_line_end(actual);
    const std::string_view e = without_line_end(expected);
    if (a == e) {
        if (actual.ends_with("\r\n") && !expected.ends_with("\r\n")) {
            return "CRLF line ending (uv writes LF)";
        }
        if (actual.ends_with('\r')) {
            return "carriage return at the end of the line";
        }
        if (!actual.ends_with('\n') && expected.ends_with('\n')) {
            return "no newline at end of file";
        }
        if (expected.empty()) {
            return "extra line at end of file";
        }
        return "different line ending";
    }
    if (without_trailing_blanks(a) == e) {
        return "trailing whitespace";
    }
    return {};
}

} // namespace

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
            diff.line = line;
            diff.actual_line = std::string(without_line_end(al));
            diff.expected_line = std::string(without_line_end(el));
            diff.invisible = invisible_difference(al, el);
            return diff;
        }
        a = an + 1;
        e = en + 1;
        ++line;
    }
}

} // namespace lockkit::lockfile
