// PEP 508 marker parsing straight into decision-diagram nodes.
//
// Grammar (PEP 508, plus `===` and PEP 751's list variables):
//   marker_or   = marker_and ('or' marker_and)*
//   marker_and  = marker_expr ('and' marker_expr)*
//   marker_expr = '(' marker_or ')' | value op value
// Each comparison is lowered the way uv lowers it (`python_version` to `python_full_version`
// ranges, inverted forms normalised, deprecated dotted names mapped to the modern ones).
// Unlike uv, which warns and ignores meaningless comparisons (`os_name ~= 'x'`,
// `os_name == sys_platform`, an invalid version), this parser rejects them with an offset.

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <variant>

#include "lockkit/pep508/marker.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "marker_algebra.hpp"
#include "marker_internal.hpp"
#include "marker_version.hpp"

namespace lockkit::pep508 {

namespace detail {

namespace {

enum class ValueKind { Version, String, List, Extra, Quoted };

struct KnownVariable {
    std::string_view name;
    ValueKind kind;
    std::uint8_t key;  // VersionKey / StringKey / ListKey; 255 = python_version
};

constexpr std::uint8_t k_python_version = 255;

constexpr std::array<KnownVariable, 20> k_variables{{
    {"implementation_name", ValueKind::String, static_cast<std::uint8_t>(StringKey::ImplementationName)},
    {"implementation_version", ValueKind::Version, static_cast<std::uint8_t>(VersionKey::ImplementationVersion)},
    {"os_name", ValueKind::String, static_cast<std::uint8_t>(StringKey::OsName)},
    {"os.name", ValueKind::String, static_cast<std::uint8_t>(StringKey::OsName)},
    {"platform_machine", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformMachine)},
    {"platform.machine", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformMachine)},
    {"platform_python_implementation", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformPythonImplementation)},
    {"platform.python_implementation", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformPythonImplementation)},
    {"python_implementation", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformPythonImplementation)},
    {"platform_release", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformRelease)},
    {"platform_system", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformSystem)},
    {"platform_version", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformVersion)},
    {"platform.version", ValueKind::String, static_cast<std::uint8_t>(StringKey::PlatformVersion)},
    {"python_full_version", ValueKind::Version, static_cast<std::uint8_t>(VersionKey::PythonFullVersion)},
    {"python_version", ValueKind::Version, k_python_version},
    {"sys_platform", ValueKind::String, static_cast<std::uint8_t>(StringKey::SysPlatform)},
    {"sys.platform", ValueKind::String, static_cast<std::uint8_t>(StringKey::SysPlatform)},
    {"extras", ValueKind::List, static_cast<std::uint8_t>(ListKey::Extras)},
    {"dependency_groups", ValueKind::List, static_cast<std::uint8_t>(ListKey::DependencyGroups)},
    {"extra", ValueKind::Extra, 0},
}};

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, Tilde, Exact, In, NotIn, Contains, NotContains };

std::string_view op_text(Op op) {
    switch (op) {
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::Tilde: return "~=";
    case Op::Exact: return "===";
    case Op::In: case Op::Contains: return "in";
    case Op::NotIn: case Op::NotContains: return "not in";
    }
    return "?";
}

/// The operator with its operands swapped (`'a' < x` is `x > 'a'`).
Op invert(Op op) {
    switch (op) {
    case Op::Lt: return Op::Gt;
    case Op::Le: return Op::Ge;
    case Op::Gt: return Op::Lt;
    case Op::Ge: return Op::Le;
    case Op::In: return Op::Contains;
    case Op::NotIn: return Op::NotContains;
    case Op::Contains: return Op::In;
    case Op::NotContains: return Op::NotIn;
    default: return op;
    }
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
            diag = up;
        }
    }
    return row[b.size()];
}

struct Value {
    bool quoted = false;
    std::string_view text;          // string contents, or the variable name as written
    const KnownVariable* var = nullptr;
    std::size_t offset = 0;         // where the value starts (the quote for strings)
};

/// Spec: a release-only specifier as uv's `python_version_to_full_version` produces them.
enum class SpecOp { Equal, NotEqual, Lt, Le, Gt, Ge, Tilde, EqualStar, NotEqualStar };
struct Spec {
    SpecOp op;
    std::vector<std::uint64_t> release;
};

std::vector<std::uint64_t> trimmed(std::span<const std::uint64_t> r) {
    std::size_t n = r.size();
    while (n > 0 && r[n - 1] == 0) --n;
    if (n == 0) return {0};
    return {r.begin(), r.begin() + static_cast<std::ptrdiff_t>(n)};
}

class Parser {
public:
    Parser(std::string_view text, Interner& in) : m_s(text), m_in(in) {}

    ParseResult<NodeId> parse_all() {
        skip_ws();
        if (m_pos == m_s.size()) return k_true;
        auto tree = parse_or();
        if (!tree) return tree;
        skip_ws();
        if (m_pos < m_s.size()) {
            std::size_t end = m_pos;
            while (end < m_s.size() && !is_ws(m_s[end])) ++end;
            return fail("unexpected '" + std::string(m_s.substr(m_pos, end - m_pos)) +
                            "', expected 'and', 'or' or end of input",
                        m_pos);
        }
        return tree;
    }

private:
    std::unexpected<ParseError> fail(std::string message, std::size_t offset) {
        return std::unexpected(ParseError{std::move(message), offset});
    }

    void skip_ws() {
        while (m_pos < m_s.size() && is_ws(m_s[m_pos])) ++m_pos;
    }

    bool at_keyword(std::string_view kw) {
        if (m_s.substr(m_pos, kw.size()) != kw) return false;
        std::size_t after = m_pos + kw.size();
        if (after == m_s.size()) return true;
        char c = m_s[after];
        return is_ws(c) || c == '(' || c == '\'' || c == '"';
    }

    ParseResult<NodeId> parse_or() {
        auto tree = parse_and();
        if (!tree) return tree;
        NodeId acc = *tree;
        for (;;) {
            skip_ws();
            if (!at_keyword("or")) return acc;
            m_pos += 2;
            auto rhs = parse_and();
            if (!rhs) return rhs;
            acc = m_in.disj(acc, *rhs);
        }
    }

    ParseResult<NodeId> parse_and() {
        auto tree = parse_expr();
        if (!tree) return tree;
        NodeId acc = *tree;
        for (;;) {
            skip_ws();
            if (!at_keyword("and")) return acc;
            m_pos += 3;
            auto rhs = parse_expr();
            if (!rhs) return rhs;
            acc = m_in.conj(acc, *rhs);
        }
    }

    ParseResult<NodeId> parse_expr() {
        skip_ws();
        if (m_pos < m_s.size() && m_s[m_pos] == '(') {
            std::size_t open = m_pos++;
            auto inner = parse_or();
            if (!inner) return inner;
            skip_ws();
            if (m_pos >= m_s.size() || m_s[m_pos] != ')') {
                return fail("expected ')' to close the '(' at offset " + std::to_string(open) +
                                (m_pos >= m_s.size() ? ", found end of input" : ""),
                            m_pos);
            }
            ++m_pos;
            return inner;
        }
        return parse_comparison();
    }

    ParseResult<Value> parse_value(std::string_view context) {
        skip_ws();
        Value v;
        v.offset = m_pos;
        if (m_pos >= m_s.size()) {
            if (context.empty()) return fail("expected a marker variable or a quoted string, found end of input", m_pos);
            return fail("expected a quoted string after '" + std::string(context) + "', found end of input", m_pos);
        }
        char c = m_s[m_pos];
        if (c == '\'' || c == '"') {
            std::size_t close = m_s.find(c, m_pos + 1);
            if (close == std::string_view::npos) {
                return fail(std::string("missing closing quote ") + c + " for the string starting here", m_pos);
            }
            v.quoted = true;
            v.text = m_s.substr(m_pos + 1, close - m_pos - 1);
            m_pos = close + 1;
            return v;
        }
        std::size_t start = m_pos;
        while (m_pos < m_s.size()) {
            char d = m_s[m_pos];
            if (is_ws(d) || d == '>' || d == '=' || d == '<' || d == '!' || d == '~' || d == ')' || d == '(' ||
                d == '\'' || d == '"')
                break;
            ++m_pos;
        }
        v.text = m_s.substr(start, m_pos - start);
        if (v.text.empty()) {
            std::string found(1, m_s[start]);
            if (context.empty()) return fail("expected a marker variable or a quoted string, found '" + found + "'", start);
            return fail("expected a quoted string after '" + std::string(context) + "', found '" + found + "'", start);
        }
        for (const KnownVariable& kv : k_variables) {
            if (kv.name == v.text) {
                v.var = &kv;
                return v;
            }
        }
        std::string message = "unknown marker variable '" + std::string(v.text) + "'";
        std::string_view best;
        std::size_t best_distance = 4;
        for (const KnownVariable& kv : k_variables) {
            std::size_t d = edit_distance(v.text, kv.name);
            if (d < best_distance) {
                best_distance = d;
                best = kv.name;
            }
        }
        if (!best.empty()) message += "; did you mean '" + std::string(best) + "'?";
        return fail(std::move(message), start);
    }

    ParseResult<Op> parse_operator(const Value& lhs) {
        skip_ws();
        std::size_t start = m_pos;
        auto describe = [&] {
            return "expected a marker operator (such as '>=' or 'not in') after " +
                   (lhs.quoted ? "'" + std::string(lhs.text) + "'" : std::string(lhs.text));
        };
        if (m_pos >= m_s.size()) return fail(describe() + ", found end of input", m_pos);
        std::size_t end = m_pos;
        if (std::isalpha(static_cast<unsigned char>(m_s[m_pos]))) {
            while (end < m_s.size() && !is_ws(m_s[end]) && m_s[end] != '\'' && m_s[end] != '"' && m_s[end] != '(')
                ++end;
        } else {
            while (end < m_s.size() && std::string_view("<=>~!").find(m_s[end]) != std::string_view::npos) ++end;
        }
        std::string_view word = m_s.substr(start, end - start);
        m_pos = end;
        if (word == "not") {
            if (m_pos >= m_s.size() || !is_ws(m_s[m_pos])) return fail("expected whitespace and 'in' after 'not'", m_pos);
            skip_ws();
            if (m_s.substr(m_pos, 2) != "in") return fail("expected 'in' after 'not'", m_pos);
            m_pos += 2;
            return Op::NotIn;
        }
        static constexpr std::pair<std::string_view, Op> k_ops[] = {
            {"==", Op::Eq}, {"!=", Op::Ne}, {"<", Op::Lt}, {"<=", Op::Le}, {">", Op::Gt}, {">=", Op::Ge},
            {"~=", Op::Tilde}, {"===", Op::Exact}, {"in", Op::In}};
        for (auto [text, op] : k_ops) {
            if (word == text) return op;
        }
        if (word.empty()) word = m_s.substr(start, 1);
        return fail(describe() + ", found '" + std::string(word) + "'", start);
    }

    ParseResult<NodeId> parse_comparison() {
        auto lhs = parse_value({});
        if (!lhs) return std::unexpected(lhs.error());
        auto op = parse_operator(*lhs);
        if (!op) return std::unexpected(op.error());
        std::string op_str(op_text(*op));
        skip_ws();
        std::size_t rhs_offset = m_pos;
        if (!lhs->quoted) {
            // A variable on the left: the right must be a quoted string.
            if (lhs->var->kind == ValueKind::List) {
                return fail("'" + std::string(lhs->text) + "' can only appear on the right of 'in' or 'not in'",
                            lhs->offset);
            }
            auto rhs = parse_value(op_str);
            if (!rhs) return std::unexpected(rhs.error());
            if (!rhs->quoted) return fail("expected a quoted string after '" + op_str + "'", rhs_offset);
            return lower_variable_first(*lhs->var, *op, *rhs);
        }
        auto rhs = parse_value({});
        if (!rhs) return std::unexpected(rhs.error());
        if (rhs->quoted) return fail("cannot compare two quoted strings; expected a marker variable after '" + op_str + "'", rhs_offset);
        return lower_string_first(*lhs, *op, *rhs->var, rhs_offset);
    }

    ParseResult<NodeId> lower_variable_first(const KnownVariable& var, Op op, const Value& value) {
        switch (var.kind) {
        case ValueKind::Version:
            if (op == Op::In || op == Op::NotIn) return version_in(var, op == Op::In, value);
            return version_comparison(var, op, value, /*allow_star=*/true);
        case ValueKind::String:
            return string_expression(var, op, value.text, value.offset);
        case ValueKind::Extra:
            return extra_expression(op, value.text, value.offset);
        default:
            return fail("unsupported marker expression", value.offset);
        }
    }

    ParseResult<NodeId> lower_string_first(const Value& value, Op op, const KnownVariable& var, std::size_t var_offset) {
        switch (var.kind) {
        case ValueKind::Version:
            if (op == Op::In || op == Op::NotIn)
                return fail("'" + std::string(op_text(op)) + "' cannot test the version variable '" +
                                std::string(var.name) + "'",
                            var_offset);
            return version_comparison(var, invert(op), value, /*allow_star=*/false);
        case ValueKind::String:
            return string_expression(var, invert(op), value.text, value.offset);
        case ValueKind::Extra:
            return extra_expression(op, value.text, value.offset);
        case ValueKind::List:
            return list_expression(static_cast<ListKey>(var.key), op, value, var_offset);
        default:
            return fail("unsupported marker expression", var_offset);
        }
    }

    ParseResult<NodeId> string_expression(const KnownVariable& var, Op op, std::string_view value, std::size_t offset) {
        auto key = static_cast<StringKey>(var.key);
        switch (op) {
        case Op::Tilde:
            return fail("'~=' cannot compare the string variable '" + std::string(var.name) + "'", offset);
        case Op::In:
        case Op::NotIn:
            return m_in.boolean_node(Variable{VarKind::In, var.key, m_in.intern_string(value)}, op == Op::In);
        case Op::Contains:
        case Op::NotContains:
            return m_in.boolean_node(Variable{VarKind::Contains, var.key, m_in.intern_string(value)},
                                     op == Op::Contains);
        case Op::Exact:
            return string_comparison(m_in, key, "==", value);
        default:
            return string_comparison(m_in, key, op_text(op), value);
        }
    }

    ParseResult<NodeId> extra_expression(Op op, std::string_view value, std::size_t offset) {
        if (op != Op::Eq && op != Op::Ne && op != Op::Exact)
            return fail("'extra' can only be compared with '==' or '!='", offset);
        auto name = validate_and_normalize_name(value);
        // uv: an invalid extra name can never be active, so the comparison is constant false.
        if (!name) return k_false;
        return m_in.boolean_node(Variable{VarKind::Extra, 0, m_in.intern_string(*name)}, op != Op::Ne);
    }

    ParseResult<NodeId> list_expression(ListKey key, Op op, const Value& value, std::size_t offset) {
        if (op != Op::In && op != Op::NotIn) {
            return fail("'" + std::string(key == ListKey::Extras ? "extras" : "dependency_groups") +
                            "' can only be tested with 'in' or 'not in'",
                        offset);
        }
        auto name = validate_and_normalize_name(value.text);
        std::uint8_t stored = static_cast<std::uint8_t>(key);
        std::uint32_t text;
        if (name) {
            text = m_in.intern_string(*name);
        } else {
            stored = static_cast<std::uint8_t>(key == ListKey::Extras ? ListKey::ArbitraryExtras : ListKey::ArbitraryGroups);
            text = m_in.intern_string(value.text);
        }
        return m_in.boolean_node(Variable{VarKind::List, stored, text}, op == Op::In);
    }

    // ---- versions ----

    ParseResult<NodeId> version_comparison(const KnownVariable& var, Op op, const Value& value, bool allow_star) {
        std::string op_str(op_text(op));
        bool star_ok = allow_star && (op == Op::Eq || op == Op::Ne);
        auto parsed = parse_marker_version(value.text, star_ok);
        if (!parsed) {
            return fail("expected a PEP 440 version after '" + op_str + "', found '" + std::string(value.text) + "'",
                        value.offset);
        }
        if (parsed->has_local && op != Op::Eq && op != Op::Ne && op != Op::Exact)
            return fail("a local version label is only allowed with '==', '!=' or '==='", value.offset);
        SpecOp sop;
        switch (op) {
        case Op::Eq: sop = parsed->star ? SpecOp::EqualStar : SpecOp::Equal; break;
        case Op::Exact: sop = SpecOp::Equal; break;
        case Op::Ne: sop = parsed->star ? SpecOp::NotEqualStar : SpecOp::NotEqual; break;
        case Op::Lt: sop = SpecOp::Lt; break;
        case Op::Le: sop = SpecOp::Le; break;
        case Op::Gt: sop = SpecOp::Gt; break;
        case Op::Ge: sop = SpecOp::Ge; break;
        case Op::Tilde:
            if (parsed->release.size() < 2) return fail("'~=' needs a version with at least two release segments", value.offset);
            sop = SpecOp::Tilde;
            break;
        default: return fail("operator '" + op_str + "' cannot compare versions", value.offset);
        }
        Spec spec{sop, std::move(parsed->release)};
        VersionKey key = VersionKey::PythonFullVersion;
        if (var.key == k_python_version) {
            auto converted = python_version_to_full_version(std::move(spec), value.offset);
            if (!converted) return std::unexpected(converted.error());
            if (std::holds_alternative<NodeId>(*converted)) return std::get<NodeId>(*converted);
            spec = std::get<Spec>(std::move(*converted));
        } else {
            key = static_cast<VersionKey>(var.key);
        }
        return m_in.range_node(Variable{VarKind::Version, static_cast<std::uint8_t>(key), 0}, EdgeType::Version,
                               spec_to_segments(spec));
    }

    ParseResult<NodeId> version_in(const KnownVariable& var, bool positive, const Value& value) {
        Segments segments;
        std::size_t i = 0;
        std::string_view list = value.text;
        while (i < list.size()) {
            while (i < list.size() && is_ws(list[i])) ++i;
            std::size_t start = i;
            while (i < list.size() && !is_ws(list[i])) ++i;
            if (start == i) break;
            auto parsed = parse_marker_version(list.substr(start, i - start), false);
            if (!parsed) {
                return fail("expected PEP 440 versions after '" + std::string(positive ? "in" : "not in") +
                                "', found '" + std::string(list.substr(start, i - start)) + "'",
                            value.offset);
            }
            if (var.key == k_python_version) {
                auto converted = python_version_to_full_version(Spec{SpecOp::Equal, std::move(parsed->release)}, value.offset);
                if (!converted) return std::unexpected(converted.error());
                // uv: a version that can never equal a `python_version` decides the whole test.
                if (std::holds_alternative<NodeId>(*converted)) return std::get<NodeId>(*converted);
                for (const Interval& r : spec_to_segments(std::get<Spec>(*converted))) segments.push_back(r);
            } else {
                Bound b{BoundKind::Included, m_in.intern_version(parsed->release)};
                segments.push_back(Interval{b, b});
            }
        }
        segments = normalize(std::move(segments));
        if (!positive) segments = m_in.complement(segments);
        VersionKey key = var.key == k_python_version ? VersionKey::PythonFullVersion : static_cast<VersionKey>(var.key);
        return m_in.range_node(Variable{VarKind::Version, static_cast<std::uint8_t>(key), 0}, EdgeType::Version, segments);
    }

    /// Sorts and merges overlapping or touching intervals (a `Ranges` union).
    Segments normalize(Segments s) {
        std::sort(s.begin(), s.end(), [&](const Interval& a, const Interval& b) {
            int c = lower_cmp(a.lo, b.lo);
            return c < 0;
        });
        Segments out;
        for (const Interval& r : s) {
            if (!out.empty()) {
                Interval& last = out.back();
                bool overlaps = m_in.intersect(last, r, EdgeType::Version).has_value();
                if (overlaps || m_in.can_conjoin(last, r, EdgeType::Version)) {
                    if (upper_cmp(r.hi, last.hi) > 0) last.hi = r.hi;
                    continue;
                }
            }
            out.push_back(r);
        }
        return out;
    }

    int lower_cmp(const Bound& a, const Bound& b) {
        if (a.kind == BoundKind::Unbounded || b.kind == BoundKind::Unbounded)
            return (a.kind == BoundKind::Unbounded ? 0 : 1) - (b.kind == BoundKind::Unbounded ? 0 : 1);
        int c = m_in.compare_values(EdgeType::Version, a.value, b.value);
        if (c != 0) return c;
        return (a.kind == BoundKind::Excluded ? 1 : 0) - (b.kind == BoundKind::Excluded ? 1 : 0);
    }
    int upper_cmp(const Bound& a, const Bound& b) {
        if (a.kind == BoundKind::Unbounded || b.kind == BoundKind::Unbounded)
            return (a.kind == BoundKind::Unbounded ? 1 : 0) - (b.kind == BoundKind::Unbounded ? 1 : 0);
        int c = m_in.compare_values(EdgeType::Version, a.value, b.value);
        if (c != 0) return c;
        return (a.kind == BoundKind::Included ? 1 : 0) - (b.kind == BoundKind::Included ? 1 : 0);
    }

    /// uv's `python_version_to_full_version`: `python_version` is the release truncated to two
    /// segments, so each comparison becomes a `python_full_version` range (or a constant).
    ParseResult<std::variant<Spec, NodeId>> python_version_to_full_version(Spec spec, std::size_t offset) {
        using Result = std::variant<Spec, NodeId>;
        auto rest_zero = [](const std::vector<std::uint64_t>& r) {
            return std::all_of(r.begin() + 2, r.end(), [](std::uint64_t x) { return x == 0; });
        };
        auto next_minor = [&](std::uint64_t major, std::uint64_t minor) -> ParseResult<std::vector<std::uint64_t>> {
            if (minor == UINT64_MAX) return fail("version segment too large", offset);
            return std::vector<std::uint64_t>{major, minor + 1};
        };
        const auto& r = spec.release;
        if (spec.op == SpecOp::EqualStar || spec.op == SpecOp::NotEqualStar) {
            if (r.size() == 1) return Result{spec};
            if (rest_zero(r)) return Result{Spec{spec.op, {r[0], r[1]}}};
            return Result{k_false};
        }
        if (spec.op == SpecOp::Tilde) {
            if (r.size() == 2) return Result{spec};
            if (rest_zero(r)) return Result{Spec{SpecOp::EqualStar, {r[0], r[1]}}};
            return Result{k_false};
        }
        auto t = trimmed(r);
        if (t.size() <= 2) {
            std::uint64_t major = t[0];
            std::uint64_t minor = t.size() == 2 ? t[1] : 0;
            switch (spec.op) {
            case SpecOp::Equal: return Result{Spec{SpecOp::EqualStar, {major, minor}}};
            case SpecOp::NotEqual: return Result{Spec{SpecOp::NotEqualStar, {major, minor}}};
            case SpecOp::Gt: {
                auto v = next_minor(major, minor);
                if (!v) return std::unexpected(v.error());
                return Result{Spec{SpecOp::Ge, std::move(*v)}};
            }
            case SpecOp::Le: {
                auto v = next_minor(major, minor);
                if (!v) return std::unexpected(v.error());
                return Result{Spec{SpecOp::Lt, std::move(*v)}};
            }
            case SpecOp::Lt:
                // `python_version < '0'` is how uv prints the always-false marker. uv itself
                // reads it back as `python_full_version < '0'`; no interpreter has a version
                // below 0, so we read it as false, which makes FALSE round-trip.
                if (major == 0 && minor == 0) return Result{k_false};
                return Result{spec};
            default: return Result{spec};  // >= keeps its bound
            }
        }
        std::uint64_t major = r[0], minor = r[1];
        switch (spec.op) {
        case SpecOp::Equal: return Result{k_false};
        case SpecOp::NotEqual: return Result{k_true};
        case SpecOp::Lt:
        case SpecOp::Le: {
            auto v = next_minor(major, minor);
            if (!v) return std::unexpected(v.error());
            return Result{Spec{SpecOp::Lt, std::move(*v)}};
        }
        default: {
            auto v = next_minor(major, minor);
            if (!v) return std::unexpected(v.error());
            return Result{Spec{SpecOp::Ge, std::move(*v)}};
        }
        }
    }

    /// uv's `release_specifier_to_range(spec, trim = true)`.
    Segments spec_to_segments(const Spec& spec) {
        auto id = [&](std::span<const std::uint64_t> r) { return m_in.intern_version(r); };
        std::uint32_t v = id(trimmed(spec.release));
        Bound inc{BoundKind::Included, v}, exc{BoundKind::Excluded, v};
        switch (spec.op) {
        case SpecOp::Equal: return {Interval{inc, inc}};
        case SpecOp::NotEqual: return m_in.complement({Interval{inc, inc}});
        case SpecOp::Lt: return {Interval{Bound{}, exc}};
        case SpecOp::Le: return {Interval{Bound{}, inc}};
        case SpecOp::Gt: return {Interval{exc, Bound{}}};
        case SpecOp::Ge: return {Interval{inc, Bound{}}};
        case SpecOp::Tilde: {
            std::vector<std::uint64_t> upper(spec.release.begin(), spec.release.end() - 1);
            upper.back() += 1;
            Interval r{inc, Bound{BoundKind::Excluded, id(upper)}};
            if (!m_in.intersect(r, r, EdgeType::Version)) return {};
            return {r};
        }
        case SpecOp::EqualStar:
        case SpecOp::NotEqualStar: {
            std::vector<std::uint64_t> upper = spec.release;
            upper.back() += 1;
            Interval r{Bound{BoundKind::Included, id(spec.release)}, Bound{BoundKind::Excluded, id(upper)}};
            Segments s{r};
            return spec.op == SpecOp::EqualStar ? s : m_in.complement(s);
        }
        }
        return {};
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    Interner& m_in;
};

} // namespace

ParseResult<NodeId> parse_marker(std::string_view text, Interner& in) {
    Parser p(text, in);
    return p.parse_all();
}

} // namespace detail

} // namespace lockkit::pep508
