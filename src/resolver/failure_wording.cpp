// The phrases of failure reports (see failure_wording.hpp).

#include "failure_wording.hpp"

#include "tag_hints.hpp"

#include <algorithm>
#include <cctype>

namespace lockkit::resolver::failure {

using pep440::Version;

std::string splice(std::string_view before, const std::string& phrase, std::string_view after) {
    std::string out;
    if (phrase.empty()) return out;
    if (!std::isspace(static_cast<unsigned char>(phrase.front()))) out += before;
    out += phrase;
    if (!std::isspace(static_cast<unsigned char>(phrase.back()))) out += after;
    return out;
}

std::optional<std::string> wildcard_form(const Bound<Version>& lower, const Bound<Version>& upper) {
    if (!lower.is_included() || !upper.is_excluded()) return std::nullopt;
    auto plain_dev0 = [](const Version& v) {
        return !v.pre() && !v.is_postrelease() && !v.has_local() && v.dev() == std::optional<std::uint64_t>(0);
    };
    if (!plain_dev0(lower.value) || !plain_dev0(upper.value)) return std::nullopt;
    const auto from = lower.value.release();
    const auto to = upper.value.release();
    if (from.empty() || from.size() != to.size()) return std::nullopt;
    // Equal up to the last component, which goes up by one.
    if (!std::equal(from.begin(), from.end() - 1, to.begin())) return std::nullopt;
    if (from.back() + 1 != to.back()) return std::nullopt;
    return "==" + only_release(lower.value).to_string() + ".*";
}

namespace {

/// The order conclusions list their terms in: by kind of package, then by its fields.
bool listed_before(const ResolverPackage& a, const ResolverPackage& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.kind == PackageKind::Python) return a.python < b.python;
    if (a.name != b.name) return a.name < b.name;
    if (a.extra != b.extra) return a.extra < b.extra;
    if (a.group != b.group) return a.group < b.group;
    return a.marker.id() < b.marker.id();
}

std::string interval(const std::string& name, const Bound<Version>& lo, const Bound<Version>& hi, SetRole role) {
    if (lo.is_unbounded() && hi.is_unbounded()) return role == SetRole::Concerned ? "all versions of " + name : name;
    if (lo.is_unbounded()) return name + (hi.is_included() ? "<=" : "<") + hi.value.to_string();
    if (hi.is_unbounded()) return name + (lo.is_included() ? ">=" : ">") + lo.value.to_string();
    if (lo.is_included() && hi.is_included() && lo.value == hi.value) return name + "==" + lo.value.to_string();
    if (auto wildcard = wildcard_form(lo, hi)) return name + *wildcard;
    return name + (lo.is_included() ? ">=" : ">") + lo.value.to_string() + (hi.is_included() ? ",<=" : ",<") +
           hi.value.to_string();
}

/// `set` fitted to the listed versions: intervals that cover the whole listing end at its
/// lowest and highest versions, and an included end that is not listed becomes excluded.
VersionRange fitted_to_listing(const VersionRange& set, const std::vector<Version>& listing) {
    using B = Bound<Version>;
    if (listing.empty()) return VersionRange::empty();
    const Version& lowest = listing.front();
    const Version& highest = listing.back();
    const VersionRange span(VersionRanges::from_bounds(B::included(lowest), B::included(highest)));
    if (lowest == highest) return span;
    auto is_listed = [&](const Version& v) {
        return std::binary_search(listing.begin(), listing.end(), v) ||
               std::binary_search(listing.begin(), listing.end(), v.without_min_max());
    };
    std::vector<VersionRanges::Segment> fitted;
    for (const auto& [lo, hi] : set.encoded().segments()) {
        const VersionRange piece(VersionRanges::from_bounds(lo, hi));
        if (piece.is_disjoint(span)) continue;
        if (span.subset_of(piece)) {
            // Open towards one side at most: the listing's end on the other.
            if (lo.is_unbounded()) fitted.emplace_back(B::unbounded(), B::included(highest));
            else if (hi.is_unbounded()) fitted.emplace_back(B::included(lowest), B::unbounded());
            else fitted.emplace_back(B::included(lowest), B::included(highest));
            continue;
        }
        fitted.emplace_back(lo.is_included() && !is_listed(lo.value) ? B::excluded(lo.value) : lo,
                            hi.is_included() && !is_listed(hi.value) ? B::excluded(hi.value) : hi);
    }
    return VersionRange(VersionRanges::from_segments(std::move(fitted)));
}

} // namespace

bool Wording::is_member(const ResolverPackage& package) const {
    return package.kind != PackageKind::Root && package.kind != PackageKind::Python &&
           m_failure.workspace_members.contains(package.name);
}

std::string Wording::member(const ResolverPackage& package) const {
    const bool plain = package.kind == PackageKind::Package && !package.extra && !package.group && package.marker.is_true();
    if (plain && m_failure.workspace_members.size() == 1) return "your project";
    return package.to_string();
}

std::string Wording::root_requires(const ResolverPackage& root) const {
    if (!m_failure.workspace_members.empty())
        return m_failure.workspace_members.size() == 1 ? "your project requires" : "your workspace requires";
    return root.name.empty() ? "you require" : root.name + " depends on";
}

std::string Wording::versions(const ResolverPackage& package, const VersionRange& set, SetRole role) const {
    if (package.kind == PackageKind::Root) return "your requirements";
    if (is_member(package)) return member(package);
    const std::string name = package.to_string();
    if (set.is_empty()) return name + " ∅";
    const auto intervals = set.encoded().segments();
    if (intervals.size() == 1) return interval(name, intervals[0].first, intervals[0].second, role);
    std::string out = role == SetRole::Required    ? "one of:"
                      : role == SetRole::Concerned ? "all of:"
                                                   : "are available:";
    for (const auto& [lo, hi] : intervals) out += "\n    " + interval(name, lo, hi, role);
    return out + "\n";
}

bool Wording::is_plural(const ResolverPackage& package, const VersionRange& set, SetRole role) const {
    if (is_member(package)) return false;
    const auto intervals = set.encoded().segments();
    if (intervals.size() > 1) return true;
    return intervals.size() == 1 && role == SetRole::Concerned && intervals[0].first.is_unbounded() &&
           intervals[0].second.is_unbounded();
}

std::string Wording::dependency(const ResolverPackage& package, const VersionRange& set, const ResolverPackage& on,
                                const VersionRange& on_set) const {
    return splice("", versions(package, set, SetRole::Concerned), " ") +
           (is_plural(package, set, SetRole::Concerned) ? "depend on " : "depends on ") + versions(on, on_set, SetRole::Required);
}

std::string Wording::missing_versions(const Fact& f) const {
    const std::string name = f.package.to_string();
    if (f.versions.encoded().is_full()) return "there are no versions of " + name;
    if (f.versions.as_singleton() != nullptr) return "there is no version of " + name + f.versions.to_string();
    VersionRange available = f.versions.complement();
    if (const std::string* n = f.package.name_no_root()) {
        if (auto it = m_failure.included_versions.find(*n); it != m_failure.included_versions.end())
            available = fitted_to_listing(available, it->second);
    }
    if (available.is_empty()) return "there are no versions of " + name;
    const std::string listed = versions(f.package, available, SetRole::Existing);
    if (available.encoded().segments().size() == 1) return "only " + listed + " is available";
    return "only the following versions of " + name + " " + listed;
}

std::string Wording::python_mismatch(const Fact& f) const {
    const std::string wanted = versions(f.package, f.versions, SetRole::Concerned);
    if (f.package.python == PythonKind::Target)
        return "the requested Python version (" + m_failure.python.target.specifiers().to_string(", ") +
               ") does not satisfy " + wanted;
    return "the current Python version (" + m_failure.python.exact.to_string() + ") does not satisfy " + wanted;
}

std::string Wording::unavailable(const Fact& f) const {
    const UnavailableReason& reason = f.reason;
    const bool root = f.package.kind == PackageKind::Root;
    if (!reason.whole_package && reason.version.kind == UnavailableVersion::Kind::UnsatisfiableDependency && root)
        return root_requires(f.package) + " " + unsatisfiable_requirement_text(reason.version.requirement);
    if (root) return "your requirements cannot be used because " + reason.to_string();
    if (reason.whole_package) return f.package.to_string() + splice(" ", reason.package.singular_message(), "");
    const std::string which = versions(f.package, f.versions, SetRole::Concerned);
    const std::string why = is_plural(f.package, f.versions, SetRole::Concerned) ? reason.version.plural_message()
                                                                       : reason.version.singular_message();
    if (auto example = detail::tag_context(m_failure, reason.version)) return which + splice(" ", why, " ") + *example;
    return which + splice(" ", why, "");
}

std::string Wording::fact(const Fact& f) const {
    switch (f.kind) {
    case IncompatibilityKind::NotRoot:
        return "we are solving dependencies of " + f.package.to_string() + " " + f.root_version.to_string();
    case IncompatibilityKind::NoVersions:
        return f.package.kind == PackageKind::Python ? python_mismatch(f) : missing_versions(f);
    case IncompatibilityKind::Custom: return unavailable(f);
    case IncompatibilityKind::FromDependency:
        if (f.package.kind != PackageKind::Root) return dependency(f.package, f.versions, f.dependency, f.dependency_versions);
        if (f.dependency_versions.is_empty())
            return "your requirements for " + f.dependency.to_string() + " cannot be satisfied";
        return root_requires(f.package) + " " + versions(f.dependency, f.dependency_versions, SetRole::Required);
    case IncompatibilityKind::Derived: break;
    }
    return {};
}

std::string Wording::facts(const Fact& first, const Fact& second) const {
    const bool same_subject = first.is(IncompatibilityKind::FromDependency) &&
                              second.is(IncompatibilityKind::FromDependency) && first.package == second.package &&
                              first.versions == second.versions;
    if (!same_subject) return splice("", fact(first), " ") + "and " + fact(second);
    const std::string on_first = versions(first.dependency, first.dependency_versions, SetRole::Required);
    const std::string on_second = versions(second.dependency, second.dependency_versions, SetRole::Required);
    if (first.package.kind == PackageKind::Root)
        return root_requires(first.package) + " " + splice("", on_first, " ") + "and " + on_second;
    return splice("", versions(first.package, first.versions, SetRole::Concerned), " ") +
           (is_plural(first.package, first.versions, SetRole::Concerned) ? "depend on " : "depends on ") + splice("", on_first, " ") +
           "and" + splice(" ", on_second, "");
}

std::string Wording::conclusion(const Terms& unordered) const {
    Terms terms = unordered;
    std::stable_sort(terms.begin(), terms.end(), [](const auto& x, const auto& y) { return listed_before(x.first, y.first); });
    if (terms.empty()) return "the requirements are unsatisfiable";
    if (terms.size() == 1) {
        const auto& [p, t] = terms.front();
        if (p.kind == PackageKind::Root) {
            if (m_failure.workspace_members.empty()) return "your requirements are unsatisfiable";
            return m_failure.workspace_members.size() == 1 ? "your project's requirements are unsatisfiable"
                                                           : "your workspace's requirements are unsatisfiable";
        }
        if (p.kind == PackageKind::Package) {
            // A member has the one version its directory declares: what cannot hold is its own
            // requirements, as uv's `format_terms` says it.
            if (t.is_positive() && is_member(p)) return member(p) + "'s requirements are unsatisfiable";
            return versions(p, t.set(), SetRole::Concerned) + (t.is_positive() ? " cannot be used" : " must be used");
        }
    }
    if (terms.size() == 2 && terms[0].second.is_positive() != terms[1].second.is_positive()) {
        // "p (in S) and not q (in D)" is the dependency of p on q.
        const auto& used = terms[0].second.is_positive() ? terms[0] : terms[1];
        const auto& unused = terms[0].second.is_positive() ? terms[1] : terms[0];
        Fact f;
        f.kind = IncompatibilityKind::FromDependency;
        f.package = used.first;
        f.versions = used.second.set();
        f.dependency = unused.first;
        f.dependency_versions = unused.second.set();
        return fact(f);
    }
    std::vector<std::string> parts;
    for (const auto& [p, t] : terms) {
        if (t.is_positive()) parts.push_back(versions(p, t.set(), SetRole::Concerned));
        else if (const Version* v = t.set().as_singleton()) parts.push_back(p.to_string() + "!=" + v->to_string());
        else parts.push_back(versions(p, t.set().complement(), SetRole::Concerned));
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += parts.size() == 2 ? " and " : ", ";
        out += parts[i];
    }
    return out + (parts.size() == 1 ? " cannot be used" : " are incompatible");
}

} // namespace lockkit::resolver::failure
