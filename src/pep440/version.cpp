// PEP 440 versions: parsing, the small/full representations, ordering.
// See include/lockkit/pep440/version.hpp for the packing of the small form.

#include <lockkit/pep440/version.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <ostream>

namespace lockkit::pep440 {

struct Version::Full {
    std::uint64_t epoch = 0;
    std::vector<std::uint64_t> release;
    std::optional<Pre> pre;
    std::optional<std::uint64_t> post;
    std::optional<std::uint64_t> dev;
    std::vector<LocalSegment> local;
    std::uint8_t sentinels = 0;  ///< Version::Sentinel bits
};

namespace {

// ---- small form packing -----------------------------------------------------

constexpr unsigned k_kind_shift = 17;
constexpr unsigned k_r3_shift = 20;
constexpr unsigned k_r2_shift = 28;
constexpr unsigned k_r1_shift = 38;
constexpr unsigned k_r0_shift = 48;

constexpr std::uint64_t k_max_suffix_number = (std::uint64_t{1} << 17) - 1;
constexpr std::array<std::uint64_t, 4> k_max_release = {0xFFFF, 0x3FF, 0x3FF, 0xFF};
constexpr std::array<unsigned, 4> k_release_shift = {k_r0_shift, k_r1_shift, k_r2_shift, k_r3_shift};

// Suffix kinds of the small form, in PEP 440 order (see version.hpp).
constexpr std::uint64_t k_kind_min = 0;
constexpr std::uint64_t k_kind_dev = 1;
constexpr std::uint64_t k_kind_alpha = 2;  // Beta = 3, Rc = 4: alpha + PreKind
constexpr std::uint64_t k_kind_final = 5;
constexpr std::uint64_t k_kind_post = 6;
constexpr std::uint64_t k_kind_max = 7;

// Sentinel bits, as Version::Sentinel.
constexpr std::uint8_t k_bit_min = 1;
constexpr std::uint8_t k_bit_max = 2;
constexpr std::uint8_t k_bit_local_max = 4;

/// The packed key for these parts, if they fit the small form (epoch 0 and no
/// local label are the caller's business).
std::optional<std::uint64_t> pack_small(std::span<const std::uint64_t> release,
                                        const std::optional<Version::Pre>& pre,
                                        const std::optional<std::uint64_t>& post,
                                        const std::optional<std::uint64_t>& dev,
                                        std::uint8_t sentinels = 0) noexcept {
    if (release.empty() || release.size() > 4) return std::nullopt;
    const int suffixes = int(pre.has_value()) + int(post.has_value()) + int(dev.has_value());
    if (suffixes > 1) return std::nullopt;
    if (sentinels != 0) {
        // Only the sentinels of a plain final release have a small kind.
        if (suffixes != 0) return std::nullopt;
        std::uint64_t key = 0;
        for (std::size_t i = 0; i < release.size(); ++i) {
            if (release[i] > k_max_release[i]) return std::nullopt;
            key |= release[i] << k_release_shift[i];
        }
        switch (sentinels) {
        case k_bit_min: return key | (k_kind_min << k_kind_shift);
        case k_bit_max: return key | (k_kind_max << k_kind_shift);
        case k_bit_local_max: return key | (k_kind_final << k_kind_shift) | 1;
        default: return std::nullopt;
        }
    }
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < release.size(); ++i) {
        if (release[i] > k_max_release[i]) return std::nullopt;
        key |= release[i] << k_release_shift[i];
    }
    std::uint64_t kind = k_kind_final;
    std::uint64_t number = 0;
    if (pre) {
        kind = k_kind_alpha + static_cast<std::uint64_t>(pre->kind);
        number = pre->number;
    } else if (post) {
        kind = k_kind_post;
        number = *post;
    } else if (dev) {
        kind = k_kind_dev;
        number = *dev;
    }
    if (number > k_max_suffix_number) return std::nullopt;
    return key | (kind << k_kind_shift) | number;
}

constexpr std::uint64_t small_kind(std::uint64_t key) noexcept { return (key >> k_kind_shift) & 0x7; }
constexpr std::uint64_t small_number(std::uint64_t key) noexcept { return key & k_max_suffix_number; }

std::size_t mix(std::uint64_t x) noexcept {
    // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<std::size_t>(x ^ (x >> 31));
}

std::size_t hash_combine(std::size_t seed, std::uint64_t value) noexcept {
    return mix(seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)));
}

void append_number(std::string& out, std::uint64_t n) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, res.ptr);
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alnum(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_sep(char c) noexcept { return c == '.' || c == '-' || c == '_'; }
bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// ---- parser -------------------------------------------------------------------

/// Release segments with inline room for the usual few.
class ReleaseBuffer {
public:
    void push(std::uint64_t x) {
        if (m_heap.empty() && m_size < m_inline.size()) {
            m_inline[m_size++] = x;
            return;
        }
        if (m_heap.empty()) m_heap.assign(m_inline.begin(), m_inline.begin() + static_cast<std::ptrdiff_t>(m_size));
        m_heap.push_back(x);
        ++m_size;
    }
    std::span<const std::uint64_t> view() const {
        if (m_heap.empty()) return {m_inline.data(), m_size};
        return m_heap;
    }

private:
    std::array<std::uint64_t, 8> m_inline{};
    std::size_t m_size = 0;
    std::vector<std::uint64_t> m_heap;
};

struct Parsed {
    std::uint64_t epoch = 0;
    ReleaseBuffer release;
    std::optional<Version::Pre> pre;
    std::optional<std::uint64_t> post;
    std::optional<std::uint64_t> dev;
    std::vector<LocalSegment> local;
    bool wildcard = false;
};

class Parser {
public:
    Parser(std::string_view text, bool allow_wildcard) : m_text(text), m_allow_wildcard(allow_wildcard) {}

    std::optional<ParseError> run(Parsed& out) {
        std::size_t b = 0;
        std::size_t e = m_text.size();
        while (b < e && is_space(m_text[b])) ++b;
        while (e > b && is_space(m_text[e - 1])) --e;
        m_pos = b;
        m_end = e;
        if (b == e) return ParseError{"expected a version, found nothing", b};
        if (peek() == 'v' || peek() == 'V') ++m_pos;
        if (!is_digit(peek())) {
            if (at_end()) return ParseError{"expected a version number after 'v'", m_pos};
            return ParseError{"a version must start with a number, found '" + rest_word() + "'", m_pos};
        }
        std::uint64_t n = 0;
        if (auto err = number(n)) return err;
        if (peek() == '!') {
            out.epoch = n;
            ++m_pos;
            if (!is_digit(peek())) return ParseError{"expected a release number after the epoch '!'", m_pos};
            if (auto err = number(n)) return err;
        }
        out.release.push(n);
        while (peek() == '.' && is_digit(peek(1))) {
            ++m_pos;
            if (auto err = number(n)) return err;
            out.release.push(n);
        }
        if (m_allow_wildcard && peek() == '.' && peek(1) == '*') {
            out.wildcard = true;
            m_pos += 2;
            if (!at_end())
                return ParseError{"wildcard '.*' must come at the end of the version", m_pos};
            return std::nullopt;
        }
        if (auto err = pre_release(out)) return err;
        if (auto err = post_release(out)) return err;
        if (auto err = dev_release(out)) return err;
        if (peek() == '+') {
            if (auto err = local_label(out)) return err;
        }
        if (!at_end()) {
            if (peek() == '.' && peek(1) == '*') {
                if (m_allow_wildcard)
                    return ParseError{
                        "wildcard '.*' may only follow the release segments, not a pre, post, dev or local part",
                        m_pos};
                return ParseError{"a wildcard '.*' is not allowed in a version", m_pos};
            }
            return ParseError{"unexpected '" + std::string(m_text.substr(m_pos, m_end - m_pos)) +
                                  "' after the version",
                              m_pos};
        }
        return std::nullopt;
    }

private:
    char peek(std::size_t ahead = 0) const noexcept {
        return m_pos + ahead < m_end ? m_text[m_pos + ahead] : '\0';
    }
    bool at_end() const noexcept { return m_pos >= m_end; }

    std::string rest_word() const {
        std::size_t q = m_pos;
        while (q < m_end && !is_space(m_text[q])) ++q;
        return std::string(m_text.substr(m_pos, q - m_pos));
    }

    /// Parses digits at m_pos (there must be at least one).
    std::optional<ParseError> number(std::uint64_t& out) {
        const std::size_t start = m_pos;
        std::uint64_t v = 0;
        bool overflow = false;
        while (is_digit(peek())) {
            const auto d = static_cast<std::uint64_t>(peek() - '0');
            if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) overflow = true;
            v = v * 10 + d;
            ++m_pos;
        }
        if (overflow)
            return ParseError{"number '" + std::string(m_text.substr(start, m_pos - start)) +
                                  "' is too large for a version (the limit is 2^64-1)",
                              start};
        out = v;
        return std::nullopt;
    }

    /// Whether the keyword (lower-case) is at position q, case-insensitively.
    bool keyword_at(std::size_t q, std::string_view kw) const noexcept {
        if (q + kw.size() > m_end) return false;
        for (std::size_t i = 0; i < kw.size(); ++i)
            if (lower(m_text[q + i]) != kw[i]) return false;
        return true;
    }

    /// At m_pos: an optional separator then one of the keywords. On a match,
    /// moves past the keyword and returns its index.
    std::optional<std::size_t> keyword(std::initializer_list<std::string_view> keywords) {
        std::size_t q = m_pos;
        if (q < m_end && is_sep(m_text[q])) ++q;
        std::size_t i = 0;
        for (auto kw : keywords) {
            if (keyword_at(q, kw)) {
                m_pos = q + kw.size();
                return i;
            }
            ++i;
        }
        return std::nullopt;
    }

    /// The optional number after a suffix keyword: [sep] digits, or 0.
    std::optional<ParseError> suffix_number(std::uint64_t& out) {
        out = 0;
        std::size_t q = m_pos;
        if (q < m_end && is_sep(m_text[q])) ++q;
        if (q < m_end && is_digit(m_text[q])) {
            m_pos = q;
            return number(out);
        }
        return std::nullopt;
    }

    std::optional<ParseError> pre_release(Parsed& out) {
        // Longest spellings first so "alpha" is not read as "a" + "lpha".
        auto idx = keyword({"alpha", "a", "beta", "b", "preview", "pre", "rc", "c"});
        if (!idx) return std::nullopt;
        static constexpr Version::PreKind kinds[] = {
            Version::PreKind::Alpha, Version::PreKind::Alpha, Version::PreKind::Beta, Version::PreKind::Beta,
            Version::PreKind::Rc,    Version::PreKind::Rc,    Version::PreKind::Rc,   Version::PreKind::Rc};
        std::uint64_t n = 0;
        if (auto err = suffix_number(n)) return err;
        out.pre = Version::Pre{kinds[*idx], n};
        return std::nullopt;
    }

    std::optional<ParseError> post_release(Parsed& out) {
        std::uint64_t n = 0;
        if (peek() == '-' && is_digit(peek(1))) {  // implicit post release: "1.0-1"
            ++m_pos;
            if (auto err = number(n)) return err;
            out.post = n;
            return std::nullopt;
        }
        if (!keyword({"post", "rev", "r"})) return std::nullopt;
        if (auto err = suffix_number(n)) return err;
        out.post = n;
        return std::nullopt;
    }

    std::optional<ParseError> dev_release(Parsed& out) {
        if (!keyword({"dev"})) return std::nullopt;
        std::uint64_t n = 0;
        if (auto err = suffix_number(n)) return err;
        out.dev = n;
        return std::nullopt;
    }

    std::optional<ParseError> local_label(Parsed& out) {
        ++m_pos;  // '+'
        for (;;) {
            const std::size_t start = m_pos;
            while (is_alnum(peek())) ++m_pos;
            if (m_pos == start) {
                if (m_allow_wildcard && peek() == '*')
                    return ParseError{
                        "wildcard '.*' may only follow the release segments, not a pre, post, dev or local part",
                        start - 1};
                const char before = m_text[start - 1];
                if (before == '+') return ParseError{"expected a local version label after '+'", start};
                return ParseError{std::string("expected a local version segment after '") + before + "'", start};
            }
            const auto seg = m_text.substr(start, m_pos - start);
            const bool numeric = std::all_of(seg.begin(), seg.end(), is_digit);
            std::uint64_t value = 0;
            if (numeric && std::from_chars(seg.data(), seg.data() + seg.size(), value).ec == std::errc{}) {
                out.local.emplace_back(value);
            } else {
                // Alphanumeric, or digits too large for a number: kept as a string.
                std::string s(seg);
                for (char& c : s) c = lower(c);
                out.local.emplace_back(std::move(s));
            }
            if (is_sep(peek())) {
                ++m_pos;
                continue;
            }
            return std::nullopt;
        }
    }

    std::string_view m_text;
    bool m_allow_wildcard;
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
};

constexpr std::uint64_t k_zero_release[1] = {0};

} // namespace

// ---- construction ---------------------------------------------------------------

Version::Version() noexcept
    : m_key(k_kind_final << k_kind_shift) {}

Version Version::from_parts(std::uint64_t epoch, std::span<const std::uint64_t> release, std::optional<Pre> pre,
                            std::optional<std::uint64_t> post, std::optional<std::uint64_t> dev,
                            std::vector<LocalSegment> local) {
    return make(epoch, release, pre, post, dev, std::move(local), 0);
}

Version Version::make(std::uint64_t epoch, std::span<const std::uint64_t> release, std::optional<Pre> pre,
                      std::optional<std::uint64_t> post, std::optional<std::uint64_t> dev,
                      std::vector<LocalSegment> local, std::uint8_t sentinels) {
    if (release.empty()) release = k_zero_release;
    // The "+max" sentinel replaces any real label.
    if (sentinels & k_bit_local_max) local.clear();
    Version v;
    if (epoch == 0 && local.empty()) {
        if (auto key = pack_small(release, pre, post, dev, sentinels)) {
            v.m_key = *key;
            std::copy(release.begin(), release.end(), v.m_small_release.begin());
            v.m_len = static_cast<std::uint8_t>(release.size());
            return v;
        }
    }
    auto full = std::make_shared<Full>();
    full->epoch = epoch;
    full->release.assign(release.begin(), release.end());
    full->pre = pre;
    full->post = post;
    full->dev = dev;
    for (auto& seg : local)
        if (auto* s = std::get_if<std::string>(&seg))
            for (char& c : *s) c = lower(c);
    full->local = std::move(local);
    full->sentinels = sentinels;
    v.m_key = 0;
    v.m_full = std::move(full);
    return v;
}

Version Version::from_release(std::initializer_list<std::uint64_t> release) {
    return from_parts(0, std::span<const std::uint64_t>(release.begin(), release.size()), std::nullopt,
                      std::nullopt, std::nullopt);
}

Version Version::from_release(std::span<const std::uint64_t> release) {
    return from_parts(0, release, std::nullopt, std::nullopt, std::nullopt);
}

ParseResult<Version> Version::parse(std::string_view text) {
    Parsed p;
    if (auto err = Parser(text, false).run(p)) return std::unexpected(std::move(*err));
    return from_parts(p.epoch, p.release.view(), p.pre, p.post, p.dev, std::move(p.local));
}

ParseResult<VersionPattern> parse_version_pattern(std::string_view text) {
    Parsed p;
    if (auto err = Parser(text, true).run(p)) return std::unexpected(std::move(*err));
    return VersionPattern{Version::from_parts(p.epoch, p.release.view(), p.pre, p.post, p.dev, std::move(p.local)),
                          p.wildcard};
}

// ---- accessors --------------------------------------------------------------------

std::uint64_t Version::epoch() const { return m_full ? m_full->epoch : 0; }

std::span<const std::uint64_t> Version::release() const {
    if (m_full) return m_full->release;
    return {m_small_release.data(), m_len};
}

std::optional<Version::Pre> Version::pre() const {
    if (m_full) return m_full->pre;
    const auto kind = small_kind(m_key);
    if (kind >= k_kind_alpha && kind < k_kind_final)
        return Pre{static_cast<PreKind>(kind - k_kind_alpha), small_number(m_key)};
    return std::nullopt;
}

std::optional<std::uint64_t> Version::post() const {
    if (m_full) return m_full->post;
    if (small_kind(m_key) == k_kind_post) return small_number(m_key);
    return std::nullopt;
}

std::optional<std::uint64_t> Version::dev() const {
    if (m_full) return m_full->dev;
    if (small_kind(m_key) == k_kind_dev) return small_number(m_key);
    return std::nullopt;
}

std::span<const LocalSegment> Version::local() const {
    if (m_full) return m_full->local;
    return {};
}

bool Version::has_local() const {
    if (m_full) return !m_full->local.empty() || (m_full->sentinels & k_bit_local_max) != 0;
    return small_kind(m_key) == k_kind_final && small_number(m_key) == 1;
}

std::uint8_t Version::sentinels() const noexcept {
    if (m_full) return m_full->sentinels;
    switch (small_kind(m_key)) {
    case k_kind_min: return k_bit_min;
    case k_kind_max: return k_bit_max;
    case k_kind_final: return small_number(m_key) == 1 ? k_bit_local_max : 0;
    default: return 0;
    }
}

bool Version::is_min_sentinel() const noexcept { return (sentinels() & k_bit_min) != 0; }
bool Version::is_max_sentinel() const noexcept { return (sentinels() & k_bit_max) != 0; }
bool Version::has_local_max() const noexcept { return (sentinels() & k_bit_local_max) != 0; }

std::string Version::local_string() const {
    std::string out;
    bool first = true;
    for (const auto& seg : local()) {
        if (!first) out += '.';
        first = false;
        if (auto* n = std::get_if<std::uint64_t>(&seg))
            append_number(out, *n);
        else
            out += std::get<std::string>(seg);
    }
    return out;
}

bool Version::is_prerelease() const {
    if (m_full) return m_full->pre.has_value() || m_full->dev.has_value();
    const auto kind = small_kind(m_key);
    return kind >= k_kind_dev && kind < k_kind_final;
}

bool Version::is_postrelease() const {
    if (m_full) return m_full->post.has_value();
    return small_kind(m_key) == k_kind_post;
}

Version Version::without_local() const {
    if (!has_local()) return *this;
    return make(epoch(), release(), pre(), post(), dev(), {}, std::uint8_t(sentinels() & ~k_bit_local_max));
}

Version Version::base_version() const {
    return from_parts(epoch(), release(), std::nullopt, std::nullopt, std::nullopt);
}

Version Version::with_local_max() const {
    return make(epoch(), release(), pre(), post(), dev(), {}, std::uint8_t(sentinels() | k_bit_local_max));
}

Version Version::with_min() const {
    return make(epoch(), release(), pre(), post(), dev(), {local().begin(), local().end()},
                std::uint8_t(sentinels() | k_bit_min));
}

Version Version::with_max() const {
    return make(epoch(), release(), pre(), post(), dev(), {local().begin(), local().end()},
                std::uint8_t(sentinels() | k_bit_max));
}

Version Version::without_min_max() const {
    const std::uint8_t s = sentinels();
    if ((s & (k_bit_min | k_bit_max)) == 0) return *this;
    return make(epoch(), release(), pre(), post(), dev(), {local().begin(), local().end()},
                std::uint8_t(s & k_bit_local_max));
}

namespace {
std::vector<LocalSegment> copy_local(std::span<const LocalSegment> local) { return {local.begin(), local.end()}; }
} // namespace

Version Version::with_epoch(std::uint64_t e) const {
    return make(e, release(), pre(), post(), dev(), copy_local(local()), sentinels());
}
Version Version::with_pre(std::optional<Pre> p) const {
    return make(epoch(), release(), p, post(), dev(), copy_local(local()), sentinels());
}
Version Version::with_post(std::optional<std::uint64_t> p) const {
    return make(epoch(), release(), pre(), p, dev(), copy_local(local()), sentinels());
}
Version Version::with_dev(std::optional<std::uint64_t> d) const {
    return make(epoch(), release(), pre(), post(), d, copy_local(local()), sentinels());
}
Version Version::with_local(std::vector<LocalSegment> l) const {
    return make(epoch(), release(), pre(), post(), dev(), std::move(l),
                std::uint8_t(sentinels() & ~k_bit_local_max));
}

// ---- formatting ---------------------------------------------------------------------

std::string Version::to_string() const {
    std::string out;
    out.reserve(16);
    if (const auto e = epoch(); e != 0) {
        append_number(out, e);
        out += '!';
    }
    bool first = true;
    for (auto seg : release()) {
        if (!first) out += '.';
        first = false;
        append_number(out, seg);
    }
    if (const auto p = pre()) {
        static constexpr std::string_view names[] = {"a", "b", "rc"};
        out += names[static_cast<std::size_t>(p->kind)];
        append_number(out, p->number);
    }
    if (const auto p = post()) {
        out += ".post";
        append_number(out, *p);
    }
    if (const auto d = dev()) {
        out += ".dev";
        append_number(out, *d);
    }
    if (has_local()) {
        out += '+';
        out += local_string();  // "" for the "+max" sentinel, which uv prints as a bare '+'
    }
    return out;
}

std::ostream& operator<<(std::ostream& os, const Version& v) { return os << v.to_string(); }

// ---- ordering -----------------------------------------------------------------------

namespace {

/// The suffix part of uv's sortable tuple (`sortable_tuple` in uv-pep440's version.rs):
/// (phase, pre number, post, dev), where the phases are min sentinel 0, dev-only 1,
/// a/b/rc 2-4, final 5 and post 6; a missing post sorts lowest, a missing dev highest, and the
/// max sentinel counts as the largest possible post number.
struct SuffixKey {
    std::uint64_t phase;
    std::uint64_t pre_number;
    bool has_post;
    std::uint64_t post;
    std::uint64_t dev;
    auto operator<=>(const SuffixKey&) const = default;
};

constexpr std::uint64_t k_u64_max = std::numeric_limits<std::uint64_t>::max();

SuffixKey suffix_key(const std::optional<Version::Pre>& pre, std::optional<std::uint64_t> post,
                     const std::optional<std::uint64_t>& dev, bool min, bool max) noexcept {
    if (max) post = k_u64_max;
    if (min) return {0, 0, post.has_value(), post.value_or(0), 0};
    if (!pre && !post && dev) return {1, 0, false, 0, *dev};
    if (pre) return {2 + static_cast<std::uint64_t>(pre->kind), pre->number, post.has_value(), post.value_or(0),
                     dev.value_or(k_u64_max)};
    if (!post) return {5, 0, false, 0, 0};
    return {6, 0, true, *post, dev.value_or(k_u64_max)};
}

std::strong_ordering compare_local(std::span<const LocalSegment> a, std::span<const LocalSegment> b) noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto* an = std::get_if<std::uint64_t>(&a[i]);
        const auto* bn = std::get_if<std::uint64_t>(&b[i]);
        if (an && bn) {
            if (auto c = *an <=> *bn; c != 0) return c;
        } else if (an) {
            return std::strong_ordering::greater;  // numbers sort after strings
        } else if (bn) {
            return std::strong_ordering::less;
        } else {
            const auto& as = std::get<std::string>(a[i]);
            const auto& bs = std::get<std::string>(b[i]);
            if (auto c = as.compare(bs); c != 0) return c < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
        }
    }
    return a.size() <=> b.size();
}

} // namespace

std::strong_ordering Version::compare_general(const Version& a, const Version& b, bool with_local) noexcept {
    if (auto c = a.epoch() <=> b.epoch(); c != 0) return c;

    const auto ra = a.release();
    const auto rb = b.release();
    const std::size_t n = std::max(ra.size(), rb.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t x = i < ra.size() ? ra[i] : 0;
        const std::uint64_t y = i < rb.size() ? rb[i] : 0;
        if (auto c = x <=> y; c != 0) return c;
    }

    const std::uint8_t sa = a.sentinels();
    const std::uint8_t sb = b.sentinels();
    const auto ka = suffix_key(a.pre(), a.post(), a.dev(), (sa & k_bit_min) != 0, (sa & k_bit_max) != 0);
    const auto kb = suffix_key(b.pre(), b.post(), b.dev(), (sb & k_bit_min) != 0, (sb & k_bit_max) != 0);
    if (auto c = ka <=> kb; c != 0) return c;

    if (!with_local) return std::strong_ordering::equal;
    // The "+max" sentinel is above every real label.
    const bool ma = (sa & k_bit_local_max) != 0;
    const bool mb = (sb & k_bit_local_max) != 0;
    if (ma || mb) return ma <=> mb;
    return compare_local(a.local(), b.local());
}

std::size_t Version::hash() const noexcept {
    if (!m_full) return mix(m_key);
    const Full& f = *m_full;
    auto release = std::span<const std::uint64_t>(f.release);
    while (release.size() > 1 && release.back() == 0) release = release.first(release.size() - 1);
    if (f.epoch == 0 && f.local.empty()) {
        // Equal to a small version exactly when its trimmed form packs: hash alike.
        if (auto key = pack_small(release, f.pre, f.post, f.dev, f.sentinels)) return mix(*key);
    }
    std::size_t h = mix(f.epoch);
    for (auto seg : release) h = hash_combine(h, seg);
    const auto k = suffix_key(f.pre, f.post, f.dev, (f.sentinels & k_bit_min) != 0, (f.sentinels & k_bit_max) != 0);
    h = hash_combine(h, k.phase);
    h = hash_combine(h, k.pre_number);
    h = hash_combine(h, k.has_post ? k.post + 1 : 0);
    h = hash_combine(h, k.dev);
    h = hash_combine(h, (f.sentinels & k_bit_local_max) != 0 ? ~std::uint64_t{0} : f.local.size());
    for (const auto& seg : f.local) {
        if (auto* num = std::get_if<std::uint64_t>(&seg))
            h = hash_combine(h, *num);
        else
            h = hash_combine(h, std::hash<std::string>{}(std::get<std::string>(seg)));
    }
    return h;
}

} // namespace lockkit::pep440
