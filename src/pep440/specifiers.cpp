// PEP 440 version specifiers: parsing, matching, formatting.

#include <lockkit/pep440/specifiers.hpp>

#include <algorithm>
#include <ostream>

namespace lockkit::pep440 {

namespace {

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_operator_char(char c) noexcept { return c == '=' || c == '!' || c == '~' || c == '<' || c == '>'; }

std::optional<Operator> operator_from(std::string_view s) noexcept {
    if (s == "==") return Operator::Equal;
    if (s == "!=") return Operator::NotEqual;
    if (s == ">=") return Operator::GreaterThanEqual;
    if (s == "<=") return Operator::LessThanEqual;
    if (s == ">") return Operator::GreaterThan;
    if (s == "<") return Operator::LessThan;
    if (s == "~=") return Operator::TildeEqual;
    if (s == "===") return Operator::ExactEqual;
    return std::nullopt;
}

bool allows_local(Operator op) noexcept {
    return op == Operator::Equal || op == Operator::NotEqual || op == Operator::ExactEqual;
}

/// Whether v's release, padded with zeros, starts with the first n segments of prefix (same epoch).
bool release_prefix_matches(const Version& prefix, std::size_t n, const Version& v) noexcept {
    if (prefix.epoch() != v.epoch()) return false;
    const auto p = prefix.release();
    const auto r = v.release();
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t x = i < r.size() ? r[i] : 0;
        if (x != p[i]) return false;
    }
    return true;
}

/// Whether both have the same epoch and release, ignoring trailing zeros.
bool same_base(const Version& a, const Version& b) noexcept {
    if (a.epoch() != b.epoch()) return false;
    const auto ra = a.release();
    const auto rb = b.release();
    const std::size_t n = std::max(ra.size(), rb.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t x = i < ra.size() ? ra[i] : 0;
        const std::uint64_t y = i < rb.size() ? rb[i] : 0;
        if (x != y) return false;
    }
    return true;
}

std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    out += s;
    out += '\'';
    return out;
}

} // namespace

std::string_view operator_symbol(Operator op) noexcept {
    switch (op) {
    case Operator::Equal:
    case Operator::EqualStar: return "==";
    case Operator::ExactEqual: return "===";
    case Operator::NotEqual:
    case Operator::NotEqualStar: return "!=";
    case Operator::TildeEqual: return "~=";
    case Operator::LessThan: return "<";
    case Operator::LessThanEqual: return "<=";
    case Operator::GreaterThan: return ">";
    case Operator::GreaterThanEqual: return ">=";
    }
    return "";
}

// ---- VersionSpecifier -----------------------------------------------------------

ParseResult<VersionSpecifier> VersionSpecifier::parse(std::string_view text) {
    const std::size_t n = text.size();
    std::size_t pos = 0;
    while (pos < n && is_space(text[pos])) ++pos;
    if (pos == n) return std::unexpected(ParseError{"expected a version specifier, found nothing", pos});

    const std::size_t op_start = pos;
    while (pos < n && is_operator_char(text[pos])) ++pos;
    if (pos == op_start) {
        std::size_t end = pos;
        while (end < n && !is_space(text[end])) ++end;
        const auto word = text.substr(op_start, end - op_start);
        std::string msg = "expected a comparison operator such as '>=' or '==' before " + quoted(word);
        if (Version::parse(word)) msg += " (did you mean '==" + std::string(word) + "'?)";
        return std::unexpected(ParseError{std::move(msg), op_start});
    }
    const auto op_text = text.substr(op_start, pos - op_start);
    auto op = operator_from(op_text);
    if (!op) return std::unexpected(ParseError{"unknown operator " + quoted(op_text), op_start});

    while (pos < n && is_space(text[pos])) ++pos;
    const std::size_t ver_start = pos;
    while (pos < n && !is_space(text[pos])) ++pos;
    const auto token = text.substr(ver_start, pos - ver_start);
    if (token.empty())
        return std::unexpected(ParseError{"expected a version after " + quoted(op_text), ver_start});
    while (pos < n && is_space(text[pos])) ++pos;
    if (pos != n)
        return std::unexpected(
            ParseError{"unexpected " + quoted(text.substr(pos)) + " after the version specifier", pos});

    VersionSpecifier spec;
    spec.m_op = *op;
    if (*op == Operator::ExactEqual) {
        spec.m_arbitrary = std::string(token);
        if (auto v = Version::parse(token)) {
            spec.m_version = std::move(*v);
            spec.m_exact_match = spec.m_version.to_string();
        } else {
            // Not a version: no parsed candidate's normal form can equal it, but
            // keep the comparison PEP 440's case-insensitive string equality.
            spec.m_exact_match.reserve(token.size());
            for (char c : token) spec.m_exact_match += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
        }
        return spec;
    }

    auto pattern = parse_version_pattern(token);
    if (!pattern) {
        ParseError err = std::move(pattern.error());
        err.offset += ver_start;
        return std::unexpected(std::move(err));
    }
    if (pattern->wildcard) {
        if (*op == Operator::Equal)
            spec.m_op = Operator::EqualStar;
        else if (*op == Operator::NotEqual)
            spec.m_op = Operator::NotEqualStar;
        else
            return std::unexpected(
                ParseError{"wildcard '.*' is only allowed with '==' and '!='", ver_start + token.size() - 2});
    }
    if (pattern->version.has_local() && !allows_local(*op)) {
        const auto plus = token.find('+');
        return std::unexpected(ParseError{"local version labels are not allowed with " + quoted(op_text),
                                          ver_start + (plus == std::string_view::npos ? 0 : plus)});
    }
    if (*op == Operator::TildeEqual && pattern->version.release().size() < 2)
        return std::unexpected(ParseError{"'~=' needs at least two release segments", ver_start});
    spec.m_version = std::move(pattern->version);
    return spec;
}

ParseResult<VersionSpecifier> VersionSpecifier::from_version(Operator op, Version version) {
    const bool star = op == Operator::EqualStar || op == Operator::NotEqualStar;
    if (star && (version.pre() || version.post() || version.dev() || version.has_local()))
        return std::unexpected(
            ParseError{"a '.*' prefix can only hold epoch and release segments, not " + version.to_string(), 0});
    if (version.has_local() && !allows_local(op) && !star)
        return std::unexpected(ParseError{
            "local version labels are not allowed with " + quoted(operator_symbol(op)), 0});
    if (op == Operator::TildeEqual && version.release().size() < 2)
        return std::unexpected(ParseError{"'~=' needs at least two release segments", 0});
    VersionSpecifier spec;
    spec.m_op = op;
    spec.m_version = std::move(version);
    if (op == Operator::ExactEqual) {
        spec.m_arbitrary = spec.m_version.to_string();
        spec.m_exact_match = spec.m_arbitrary;
    }
    return spec;
}

bool VersionSpecifier::contains(const Version& v) const {
    const Version& spec = m_version;
    switch (m_op) {
    case Operator::ExactEqual: return v.to_string() == m_exact_match;
    case Operator::EqualStar: return release_prefix_matches(spec, spec.release().size(), v);
    case Operator::NotEqualStar: return !release_prefix_matches(spec, spec.release().size(), v);
    default: break;
    }

    // Local labels of the candidate are ignored unless the specifier has one.
    const std::strong_ordering cmp = spec.has_local() ? (v <=> spec) : v.compare_public(spec);
    switch (m_op) {
    case Operator::Equal: return cmp == 0;
    case Operator::NotEqual: return cmp != 0;
    case Operator::TildeEqual:
        // ~=V.N is >=V.N together with ==V.* (pre-release rules not applied to the prefix).
        return cmp >= 0 && release_prefix_matches(spec, spec.release().size() - 1, v);
    case Operator::GreaterThanEqual: return cmp >= 0;
    case Operator::LessThanEqual: return cmp <= 0;
    case Operator::GreaterThan:
        // >V does not match a post-release of V's release unless V is one.
        if (cmp <= 0) return false;
        return !(same_base(v, spec) && !spec.is_postrelease() && v.is_postrelease());
    case Operator::LessThan: {
        // <V does not match a pre-release of V unless V is one. As in uv 0.12 (after
        // pypa/packaging#1140), the earliest pre-release of V is V.dev0 with V's post part kept,
        // so `<1.0.post1` excludes 1.0.post1.dev0 but admits 1.0a1.
        if (cmp >= 0) return false;
        if (spec.is_prerelease() || !v.is_prerelease()) return true;
        const Version& candidate = spec.has_local() ? v : v.without_local();
        return candidate < spec.with_dev(0);
    }
    default: return false;
    }
}

std::string VersionSpecifier::to_string() const {
    std::string out(operator_symbol(m_op));
    if (m_op == Operator::ExactEqual) {
        // A version is written normalised (as uv does); other text verbatim.
        const bool is_version = m_exact_match == m_version.to_string();
        out += is_version ? m_exact_match : m_arbitrary;
        return out;
    }
    out += m_version.to_string();
    if (m_op == Operator::EqualStar || m_op == Operator::NotEqualStar) out += ".*";
    return out;
}

bool operator==(const VersionSpecifier& a, const VersionSpecifier& b) {
    if (a.m_op != b.m_op) return false;
    if (a.m_op == Operator::ExactEqual) return a.m_exact_match == b.m_exact_match;
    if (!(a.m_version == b.m_version)) return false;
    if (a.m_op == Operator::EqualStar || a.m_op == Operator::NotEqualStar)
        return a.m_version.release().size() == b.m_version.release().size();
    return true;
}

std::ostream& operator<<(std::ostream& os, const VersionSpecifier& spec) { return os << spec.to_string(); }

// ---- VersionSpecifiers ----------------------------------------------------------

ParseResult<VersionSpecifiers> VersionSpecifiers::parse(std::string_view text) {
    VersionSpecifiers out;
    if (std::all_of(text.begin(), text.end(), is_space)) return out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::size_t end = comma == std::string_view::npos ? text.size() : comma;
        const auto piece = text.substr(start, end - start);
        if (std::all_of(piece.begin(), piece.end(), is_space)) {
            if (start == 0) return std::unexpected(ParseError{"expected a version specifier before ','", 0});
            return std::unexpected(ParseError{"expected a version specifier after ','", start});
        }
        auto spec = VersionSpecifier::parse(piece);
        if (!spec) {
            ParseError err = std::move(spec.error());
            err.offset += start;
            return std::unexpected(std::move(err));
        }
        out.m_items.push_back(std::move(*spec));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

bool VersionSpecifiers::contains(const Version& v) const {
    for (const auto& spec : m_items)
        if (!spec.contains(v)) return false;
    return true;
}

std::string VersionSpecifiers::to_string(std::string_view sep) const {
    std::string out;
    bool first = true;
    for (const auto& spec : m_items) {
        if (!first) out += sep;
        first = false;
        out += spec.to_string();
    }
    return out;
}

void VersionSpecifiers::sort() {
    std::stable_sort(m_items.begin(), m_items.end(), [](const VersionSpecifier& a, const VersionSpecifier& b) {
        if (auto c = a.version() <=> b.version(); c != 0) return c < 0;
        return a.op() < b.op();
    });
}

std::ostream& operator<<(std::ostream& os, const VersionSpecifiers& specs) { return os << specs.to_string(); }

} // namespace lockkit::pep440
