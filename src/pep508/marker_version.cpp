#include "marker_version.hpp"

#include <cctype>
#include <string>

namespace lockkit::pep508::detail {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_sep(char c) { return c == '.' || c == '-' || c == '_'; }

struct Cursor {
    std::string_view s;
    std::size_t i = 0;
    bool done() const { return i >= s.size(); }
    char peek(std::size_t k = 0) const { return i + k < s.size() ? lower(s[i + k]) : '\0'; }
    bool eat_word(std::string_view w) {
        if (s.size() - i < w.size()) return false;
        for (std::size_t k = 0; k < w.size(); ++k)
            if (lower(s[i + k]) != w[k]) return false;
        i += w.size();
        return true;
    }
    // Returns false on overflow; sets `value` to 0 and consumes nothing if no digits.
    bool number(std::uint64_t& value, bool& any) {
        value = 0;
        any = false;
        while (!done() && is_digit(s[i])) {
            std::uint64_t d = static_cast<std::uint64_t>(s[i] - '0');
            if (value > (UINT64_MAX - d) / 10) return false;
            value = value * 10 + d;
            any = true;
            ++i;
        }
        return true;
    }
    // `[-_.]?N?` after a pre, post or dev word: the separator is taken only when digits follow.
    // Returns false on overflow.
    bool optional_number(std::uint64_t& value) {
        const std::size_t before = i;
        if (is_sep(peek())) ++i;
        bool any = false;
        if (!number(value, any)) return false;
        if (!any) i = before;
        return true;
    }
};

} // namespace

std::optional<MarkerVersionText> parse_marker_version(std::string_view text, bool allow_star) {
    // Trim surrounding whitespace, as PEP 440 normalisation permits.
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    Cursor c{text};
    MarkerVersionText out;
    if (c.peek() == 'v') ++c.i;
    std::uint64_t n = 0;
    bool any = false;
    if (!c.number(n, any) || !any) return std::nullopt;
    if (c.peek() == '!') {
        ++c.i;
        out.epoch = n;
        if (!c.number(n, any) || !any) return std::nullopt;
    }
    out.release.push_back(n);
    while (c.peek() == '.' && is_digit(c.peek(1))) {
        ++c.i;
        if (!c.number(n, any)) return std::nullopt;
        out.release.push_back(n);
    }
    if (allow_star && c.peek() == '.' && c.peek(1) == '*' && c.i + 2 == text.size()) {
        out.star = true;
        return out;
    }
    bool pre = false, post = false, dev = false;
    // Pre-release: [-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?N?
    {
        std::size_t save = c.i;
        if (is_sep(c.peek())) ++c.i;
        static constexpr std::string_view k_pre[] = {"alpha", "beta", "preview", "pre", "rc", "a", "b", "c"};
        bool matched = false;
        for (auto w : k_pre) {
            if (c.eat_word(w)) { matched = true; break; }
        }
        if (matched) {
            pre = true;
            if (!c.optional_number(n)) return std::nullopt;
        } else {
            c.i = save;
        }
    }
    // Post-release: -N | [-_.]?(post|rev|r)[-_.]?N?
    {
        std::size_t save = c.i;
        if (c.peek() == '-' && is_digit(c.peek(1))) {
            ++c.i;
            if (!c.number(n, any)) return std::nullopt;
            post = true;
        } else {
            if (is_sep(c.peek())) ++c.i;
            if (c.eat_word("post") || c.eat_word("rev") || c.eat_word("r")) {
                post = true;
                if (!c.optional_number(n)) return std::nullopt;
            } else {
                c.i = save;
            }
        }
    }
    // Development release: [-_.]?dev[-_.]?N?
    {
        std::size_t save = c.i;
        if (is_sep(c.peek())) ++c.i;
        if (c.eat_word("dev")) {
            dev = true;
            if (!c.optional_number(n)) return std::nullopt;
        } else {
            c.i = save;
        }
    }
    if (c.peek() == '+') {
        ++c.i;
        bool need_part = true;
        while (!c.done()) {
            char ch = c.peek();
            if (std::isalnum(static_cast<unsigned char>(ch))) {
                need_part = false;
                ++c.i;
            } else if (is_sep(ch) && !need_part) {
                need_part = true;
                ++c.i;
            } else {
                return std::nullopt;
            }
        }
        if (need_part) return std::nullopt;
        out.has_local = true;
    }
    if (!c.done()) return std::nullopt;
    if (pre || (dev && !post)) out.suffix_class = -1;
    else if (post || out.has_local) out.suffix_class = 1;
    return out;
}

int compare_release(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
    std::size_t n = a.size() > b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t x = i < a.size() ? a[i] : 0;
        std::uint64_t y = i < b.size() ? b[i] : 0;
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

int compare_env_version(const MarkerVersionText& env, std::span<const std::uint64_t> bound) {
    if (env.epoch > 0) return 1;
    int c = compare_release(env.release, bound);
    if (c != 0) return c;
    return env.suffix_class;
}

} // namespace lockkit::pep508::detail
