#include "lockkit/pep508/marker.hpp"

#include <algorithm>
#include <functional>

#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "marker_internal.hpp"
#include "marker_version.hpp"

namespace lockkit::pep508 {

using detail::Interner;
using detail::NodeId;

namespace {

Interner& interner() { return Interner::global(); }

MarkerTree make(NodeId id) { return MarkerTreeAccess::make(id); }

detail::Bound to_bound(Interner& in, const ReleaseBound& b) {
    switch (b.kind) {
    case ReleaseBound::Kind::Unbounded: return detail::Bound{};
    case ReleaseBound::Kind::Included: return detail::Bound{detail::BoundKind::Included, in.intern_version(b.release)};
    case ReleaseBound::Kind::Excluded: return detail::Bound{detail::BoundKind::Excluded, in.intern_version(b.release)};
    }
    return detail::Bound{};
}

detail::MarkerVersionText env_version(std::string_view text) {
    if (auto v = detail::parse_marker_version(text, false)) return *v;
    // An unparsable environment version compares as 0 (below every bound a marker can state).
    detail::MarkerVersionText zero;
    zero.release = {0};
    return zero;
}

struct EvalContext {
    const MarkerEnvironment& env;
    detail::MarkerVersionText python_full_version;
    detail::MarkerVersionText implementation_version;
    std::vector<std::string> extras;
    std::vector<std::string> groups;

    std::string_view string_value(detail::StringKey key) const {
        using detail::StringKey;
        switch (key) {
        case StringKey::OsName: return env.os_name;
        case StringKey::SysPlatform: return env.sys_platform;
        case StringKey::PlatformSystem: return env.platform_system;
        case StringKey::PlatformMachine: return env.platform_machine;
        case StringKey::PlatformPythonImplementation: return env.platform_python_implementation;
        case StringKey::PlatformRelease: return env.platform_release;
        case StringKey::PlatformVersion: return env.platform_version;
        case StringKey::ImplementationName: return env.implementation_name;
        }
        return {};
    }
};

std::vector<std::string> normalized_all(std::span<const std::string> names) {
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const auto& n : names) out.push_back(normalize_name(n));
    return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

bool eval(Interner& in, NodeId id, const EvalContext& ctx) {
    using namespace detail;
    for (;;) {
        if (id == k_true) return true;
        if (id == k_false) return false;
        const Node& n = in.node(id);
        NodeId next = k_false;
        switch (n.var.kind) {
        case VarKind::Version: {
            const auto& v = n.var.key == static_cast<std::uint8_t>(VersionKey::PythonFullVersion)
                                ? ctx.python_full_version
                                : ctx.implementation_version;
            for (const Edge& e : n.edges) {
                if (in.contains_version(e.range, v)) {
                    next = negate_under(e.child, id);
                    break;
                }
            }
            break;
        }
        case VarKind::String: {
            std::string_view s = ctx.string_value(static_cast<StringKey>(n.var.key));
            for (const Edge& e : n.edges) {
                if (in.contains_string(e.range, s)) {
                    next = negate_under(e.child, id);
                    break;
                }
            }
            break;
        }
        case VarKind::In: {
            // `key in 'value'`: the environment value is a substring of the literal.
            bool hit = std::string_view(in.str(n.var.value)).find(ctx.string_value(static_cast<StringKey>(n.var.key))) !=
                       std::string_view::npos;
            next = negate_under(hit ? n.high : n.low, id);
            break;
        }
        case VarKind::Contains: {
            bool hit = ctx.string_value(static_cast<StringKey>(n.var.key)).find(in.str(n.var.value)) !=
                       std::string_view::npos;
            next = negate_under(hit ? n.high : n.low, id);
            break;
        }
        case VarKind::Extra: {
            bool hit = contains(ctx.extras, in.str(n.var.value));
            next = negate_under(hit ? n.high : n.low, id);
            break;
        }
        case VarKind::List: {
            auto key = static_cast<ListKey>(n.var.key);
            // uv: a list test with an invalid name makes the whole marker false.
            if (key == ListKey::ArbitraryExtras || key == ListKey::ArbitraryGroups) return false;
            bool hit = contains(key == ListKey::Extras ? ctx.extras : ctx.groups, in.str(n.var.value));
            next = negate_under(hit ? n.high : n.low, id);
            break;
        }
        }
        id = next;
    }
}

/// Decides a marker for a set of extras alone. Every other test is left open: with `Need::Any`
/// the marker holds when some branch of it can hold, with `Need::All` when every branch does.
enum class Need { Any, All };

bool eval_extras(Interner& in, NodeId id, const std::vector<std::string>& extras, Need need) {
    using namespace detail;
    if (id == k_true) return true;
    if (id == k_false) return false;
    const Node& n = in.node(id);
    if (n.var.kind == VarKind::Extra) {
        bool hit = contains(extras, in.str(n.var.value));
        return eval_extras(in, negate_under(hit ? n.high : n.low, id), extras, need);
    }
    // Any: one branch that holds is enough; All: one branch that fails is enough to fail.
    const bool decisive = need == Need::Any;
    if (n.type == EdgeType::Boolean) {
        for (NodeId child : {n.high, n.low}) {
            if (eval_extras(in, negate_under(child, id), extras, need) == decisive) return decisive;
        }
        return !decisive;
    }
    for (const Edge& e : n.edges) {
        if (eval_extras(in, negate_under(e.child, id), extras, need) == decisive) return decisive;
    }
    return !decisive;
}

} // namespace

ParseResult<MarkerTree> MarkerTree::parse(std::string_view text) {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    auto id = detail::parse_marker(text, in);
    if (!id) return std::unexpected(id.error());
    return make(*id);
}

MarkerTree MarkerTree::and_with(MarkerTree other) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.conj(m_id, other.m_id));
}

MarkerTree MarkerTree::or_with(MarkerTree other) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.disj(m_id, other.m_id));
}

bool MarkerTree::is_disjoint(MarkerTree other) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return in.is_disjoint(m_id, other.m_id);
}

bool MarkerTree::evaluate(const MarkerEnvironment& env, std::span<const std::string> extras,
                          std::span<const std::string> groups) const {
    if (is_true()) return true;
    if (is_false()) return false;
    EvalContext ctx{env,
                    env_version(env.python_full_version.empty() ? env.python_version : env.python_full_version),
                    env_version(env.implementation_version),
                    normalized_all(extras),
                    normalized_all(groups)};
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return eval(in, m_id, ctx);
}

bool MarkerTree::evaluate_extras_only(std::span<const std::string> extras) const {
    auto normalized = normalized_all(extras);
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return eval_extras(in, m_id, normalized, Need::Any);
}

bool MarkerTree::holds_with_only_extras(std::span<const std::string> extras) const {
    auto normalized = normalized_all(extras);
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return eval_extras(in, m_id, normalized, Need::All);
}

MarkerTree MarkerTree::simplify_python_versions(const ReleaseBound& lower, const ReleaseBound& upper) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.simplify_python_versions(m_id, to_bound(in, lower), to_bound(in, upper)));
}

MarkerTree MarkerTree::complexify_python_versions(const ReleaseBound& lower, const ReleaseBound& upper) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.complexify_python_versions(m_id, to_bound(in, lower), to_bound(in, upper)));
}

std::pair<ReleaseBound, ReleaseBound> MarkerTree::python_full_version_bounds() const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    std::pair<ReleaseBound, ReleaseBound> out;
    if (is_true() || is_false()) return out;
    const detail::Node& n = in.node(m_id);
    if (n.var.kind != detail::VarKind::Version ||
        n.var.key != static_cast<std::uint8_t>(detail::VersionKey::PythonFullVersion)) {
        return out;
    }
    auto to_release_bound = [&](const detail::Bound& b) {
        ReleaseBound r;
        if (b.kind == detail::BoundKind::Unbounded) return r;
        r.kind = b.kind == detail::BoundKind::Included ? ReleaseBound::Kind::Included : ReleaseBound::Kind::Excluded;
        const auto release = in.ver(b.value);
        r.release.assign(release.begin(), release.end());
        return r;
    };
    const detail::Edge* first = nullptr;
    const detail::Edge* last = nullptr;
    for (const detail::Edge& e : n.edges) {
        if (detail::negate_under(e.child, m_id) == detail::k_false) continue;
        if (first == nullptr) first = &e;
        last = &e;
    }
    if (first != nullptr) {
        out.first = to_release_bound(first->range.lo);
        out.second = to_release_bound(last->range.hi);
    }
    return out;
}

MarkerTree MarkerTree::restrict(MarkerTree assumption) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.restrict(m_id, assumption.m_id));
}

MarkerTree MarkerTree::without_extras() const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.without_extras(m_id));
}

MarkerTree MarkerTree::only_extras() const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.only_extras(m_id));
}

MarkerTree MarkerTree::simplify_extras(std::span<const std::string> extras) const {
    auto normalized = normalized_all(extras);
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.restrict_by(m_id, [&](const detail::Variable& v) -> std::optional<bool> {
        if (v.kind == detail::VarKind::Extra && contains(normalized, in.str(v.value))) return true;
        return std::nullopt;
    }));
}

MarkerTree MarkerTree::simplify_extras_with(const std::function<bool(std::string_view)>& is_extra) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.restrict_by(m_id, [&](const detail::Variable& v) -> std::optional<bool> {
        if (v.kind == detail::VarKind::Extra && is_extra(in.str(v.value))) return true;
        return std::nullopt;
    }));
}

MarkerTree MarkerTree::simplify_not_extras_with(const std::function<bool(std::string_view)>& is_not_extra) const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return make(in.restrict_by(m_id, [&](const detail::Variable& v) -> std::optional<bool> {
        if (v.kind == detail::VarKind::Extra && is_not_extra(in.str(v.value))) return false;
        return std::nullopt;
    }));
}

std::vector<std::pair<ReleaseBound, ReleaseBound>> MarkerTree::python_full_version_paths() const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    using Interval = std::pair<ReleaseBound, ReleaseBound>;
    auto to_release = [&](const detail::Bound& b) {
        ReleaseBound r;
        if (b.kind == detail::BoundKind::Unbounded) return r;
        r.kind = b.kind == detail::BoundKind::Included ? ReleaseBound::Kind::Included : ReleaseBound::Kind::Excluded;
        auto v = in.ver(b.value);
        r.release.assign(v.begin(), v.end());
        return r;
    };
    std::vector<Interval> out;
    std::function<void(detail::NodeId, const Interval&)> walk = [&](detail::NodeId id, const Interval& range) {
        if (id == detail::k_true) {
            out.push_back(range);
            return;
        }
        if (id == detail::k_false) return;
        const detail::Node& n = in.node(id);
        if (n.type == detail::EdgeType::Boolean) {
            walk(detail::negate_under(n.high, id), range);
            walk(detail::negate_under(n.low, id), range);
            return;
        }
        const bool python = n.var.kind == detail::VarKind::Version &&
                            n.var.key == static_cast<std::uint8_t>(detail::VersionKey::PythonFullVersion);
        for (const detail::Edge& e : n.edges) {
            if (python) walk(detail::negate_under(e.child, id), Interval{to_release(e.range.lo), to_release(e.range.hi)});
            else walk(detail::negate_under(e.child, id), range);
        }
    };
    walk(m_id, Interval{});
    return out;
}

std::vector<std::vector<std::string>> MarkerTree::to_dnf() const {
    Interner& in = interner();
    std::lock_guard lock(in.mutex());
    return detail::dnf_terms(m_id, in);
}

std::string MarkerTree::to_string() const {
    if (is_true()) return {};
    if (is_false()) return "python_version < '0'";
    auto dnf = to_dnf();
    std::string out;
    if (dnf.size() == 1) {
        for (std::size_t i = 0; i < dnf[0].size(); ++i) {
            if (i > 0) out += " and ";
            out += dnf[0][i];
        }
        return out;
    }
    for (std::size_t c = 0; c < dnf.size(); ++c) {
        if (c > 0) out += " or ";
        bool paren = dnf[c].size() > 1;
        if (paren) out += '(';
        for (std::size_t i = 0; i < dnf[c].size(); ++i) {
            if (i > 0) out += " and ";
            out += dnf[c][i];
        }
        if (paren) out += ')';
    }
    return out;
}

std::optional<std::string> MarkerTree::contents() const {
    if (is_true()) return std::nullopt;
    return to_string();
}

std::optional<MarkerTree> requires_python_marker(std::string_view specifiers) {
    const auto specs = pep440::VersionSpecifiers::parse(specifiers);
    if (!specs) return std::nullopt;
    // Each specifier becomes a `python_full_version` comparison, so the marker engine applies
    // uv's release-only reading of it.
    std::string text;
    for (const auto& spec : specs->items()) {
        const std::string one = spec.to_string();
        const auto first_digit = one.find_first_not_of("<>=!~");
        if (!text.empty()) text += " and ";
        text += "python_full_version ";
        text += one.substr(0, first_digit);
        text += " '";
        text += one.substr(first_digit);
        text += "'";
    }
    auto marker = MarkerTree::parse(text);
    if (!marker) return std::nullopt;
    return *marker;
}

} // namespace lockkit::pep508
