// Failure reports in uv's words (see no_solution.hpp). The tree is first rewritten in uv's
// order (report_tree.hpp), then explained line by line the way pubgrub's default reporter
// does, with uv's `PubGrubReportFormatter` choosing every phrase
// (`uv-resolver/src/pubgrub/report.rs`).

#include <lockkit/resolver/no_solution.hpp>

#include "report_tree.hpp"
#include "tag_hints.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace lockkit::resolver {

using pep440::Version;
using report::External;
using report::Terms;
using report::Tree;

namespace {

/// Content with `left`/`right` added unless it starts/ends with whitespace (uv's `padded`).
std::string padded(std::string_view left, const std::string& content, std::string_view right) {
    std::string out;
    if (!content.empty() && !std::isspace(static_cast<unsigned char>(content.front()))) out += left;
    out += content;
    if (!content.empty() && !std::isspace(static_cast<unsigned char>(content.back()))) out += right;
    return out;
}

/// uv's `PrefixMatch`: `>=2.4.dev0,<2.5.dev0` is `==2.4.*`.
std::optional<std::string> prefix_match(const Bound<Version>& lower, const Bound<Version>& upper) {
    if (!lower.is_included() || !upper.is_excluded()) return std::nullopt;
    const Version& lo = lower.value;
    const Version& hi = upper.value;
    for (const Version* v : {&lo, &hi})
        if (v->pre() || v->is_postrelease() || v->has_local() || v->dev() != std::optional<std::uint64_t>(0))
            return std::nullopt;
    auto a = lo.release();
    auto b = hi.release();
    if (a.size() != b.size()) return std::nullopt;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (i + 1 == a.size() ? a[i] + 1 != b[i] : a[i] != b[i]) return std::nullopt;
    }
    return "==" + only_release(lo).to_string() + ".*";
}

/// uv's order of `PubGrubPackage` (variant, then fields), used to sort a conclusion's terms.
bool package_less(const ResolverPackage& a, const ResolverPackage& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.kind == PackageKind::Python) return a.python < b.python;
    if (a.name != b.name) return a.name < b.name;
    if (a.extra != b.extra) return a.extra < b.extra;
    if (a.group != b.group) return a.group < b.group;
    return a.marker.id() < b.marker.id();
}

enum class RangeKind { Dependency, Compatibility, Available };

class Formatter {
public:
    explicit Formatter(const NoSolution& failure) : m_failure(failure) {}

    std::string format_external(const External& e) const;
    std::string format_terms(const Terms& terms) const;
    std::string explain_both_external(const External& a, const External& b, const Terms& current) const {
        return "Because " + padded("", format_both_external(a, b), ", ") + "we can conclude that " +
               padded("", format_terms(current), ".");
    }
    std::string explain_both_ref(std::size_t r1, const Terms& d1, std::size_t r2, const Terms& d2,
                                 const Terms& current) const {
        return "Because we know from (" + std::to_string(r1) + ") that " + padded("", format_terms(d1), " ") +
               "and we know from (" + std::to_string(r2) + ") that " + padded("", format_terms(d2), ", ") +
               padded("", format_terms(current), ".");
    }
    std::string explain_ref_and_external(std::size_t r, const Terms& derived, const External& e,
                                         const Terms& current) const {
        return "Because we know from (" + std::to_string(r) + ") that " + padded("", format_terms(derived), " ") +
               "and " + padded("", format_external(e), ", ") + "we can conclude that " +
               padded("", format_terms(current), ".");
    }
    std::string and_explain_external(const External& e, const Terms& current) const {
        return "And because " + padded("", format_external(e), ", ") + "we can conclude that " +
               padded("", format_terms(current), ".");
    }
    std::string and_explain_ref(std::size_t r, const Terms& derived, const Terms& current) const {
        return "And because we know from (" + std::to_string(r) + ") that " + padded("", format_terms(derived), ", ") +
               "we can conclude that " + padded("", format_terms(current), ".");
    }
    std::string and_explain_prior_and_external(const External& prior, const External& e, const Terms& current) const {
        return "And because " + padded("", format_both_external(prior, e), ", ") + "we can conclude that " +
               padded("", format_terms(current), ".");
    }

    std::string range(const ResolverPackage& package, const VersionRange& set, RangeKind kind) const;
    bool plural(const ResolverPackage& package, const VersionRange& set, RangeKind kind) const;
    std::string depends_on(const ResolverPackage& package, const VersionRange& set, const ResolverPackage& dep1,
                           const VersionRange& set1, const ResolverPackage* dep2, const VersionRange* set2) const;

private:
    std::string format_both_external(const External& a, const External& b) const;
    std::optional<std::string> format_root_requires(const ResolverPackage& p) const {
        if (p.kind != PackageKind::Root) return std::nullopt;
        if (!p.name.empty()) return p.name + " depends on";
        return "you require";
    }
    std::optional<std::string> format_root(const ResolverPackage& p) const {
        if (p.kind != PackageKind::Root) return std::nullopt;
        return "your requirements";
    }
    VersionRange availability_range(const VersionRange& range, const std::vector<Version>& available) const;

    const NoSolution& m_failure;
};

std::string Formatter::range(const ResolverPackage& package, const VersionRange& set, RangeKind kind) const {
    if (auto root = format_root(package)) return *root;
    const std::string name = package.to_string();
    if (set.is_empty()) return name + " ∅";
    const auto segments = set.encoded().segments();
    std::string out;
    if (segments.size() > 1) {
        out += kind == RangeKind::Dependency      ? "one of:"
               : kind == RangeKind::Compatibility ? "all of:"
                                                  : "are available:";
    }
    for (const auto& [lo, hi] : segments) {
        if (segments.size() > 1) out += "\n    ";
        if (lo.is_unbounded() && hi.is_unbounded()) {
            out += kind == RangeKind::Compatibility ? "all versions of " + name : name;
        } else if (lo.is_unbounded()) {
            out += name + (hi.is_included() ? "<=" : "<") + hi.value.to_string();
        } else if (hi.is_unbounded()) {
            out += name + (lo.is_included() ? ">=" : ">") + lo.value.to_string();
        } else if (lo.is_included() && hi.is_included()) {
            if (lo.value == hi.value) out += name + "==" + lo.value.to_string();
            else out += name + ">=" + lo.value.to_string() + ",<=" + hi.value.to_string();
        } else if (lo.is_included()) {
            if (auto prefix = prefix_match(lo, hi)) out += name + *prefix;
            else out += name + ">=" + lo.value.to_string() + ",<" + hi.value.to_string();
        } else if (hi.is_included()) {
            out += name + ">" + lo.value.to_string() + ",<=" + hi.value.to_string();
        } else {
            out += name + ">" + lo.value.to_string() + ",<" + hi.value.to_string();
        }
    }
    if (segments.size() > 1) out += "\n";
    return out;
}

bool Formatter::plural(const ResolverPackage&, const VersionRange& set, RangeKind kind) const {
    const auto segments = set.encoded().segments();
    if (segments.empty()) return false;
    if (kind == RangeKind::Compatibility && segments[0].first.is_unbounded() && segments[0].second.is_unbounded())
        return true;
    return segments.size() > 1;
}

std::string Formatter::depends_on(const ResolverPackage& package, const VersionRange& set, const ResolverPackage& dep1,
                                  const VersionRange& set1, const ResolverPackage* dep2,
                                  const VersionRange* set2) const {
    std::string out = padded("", range(package, set, RangeKind::Compatibility), " ");
    out += plural(package, set, RangeKind::Compatibility) ? "depend on " : "depends on ";
    const std::string d1 = range(dep1, set1, RangeKind::Dependency);
    if (dep2 != nullptr) out += padded("", d1, " ") + "and" + padded(" ", range(*dep2, *set2, RangeKind::Dependency), "");
    else out += d1;
    return out;
}

VersionRange Formatter::availability_range(const VersionRange& range, const std::vector<Version>& available) const {
    if (available.empty()) return VersionRange::empty();
    const Version& first = available.front();
    const Version& last = available.back();
    using B = Bound<Version>;
    const VersionRange available_range(VersionRanges::from_bounds(B::included(first), B::included(last)));
    if (first == last) return available_range;
    auto contained = [&](const Version& v) {
        auto has = [&](const Version& x) { return std::binary_search(available.begin(), available.end(), x); };
        return has(v) || has(v.without_min_max());
    };
    std::vector<VersionRanges::Segment> out;
    for (const auto& [lo, hi] : range.encoded().segments()) {
        const VersionRange segment(VersionRanges::from_bounds(lo, hi));
        if (segment.is_disjoint(available_range)) continue;
        if (available_range.subset_of(segment)) {
            if (lo.is_unbounded()) out.push_back({B::unbounded(), B::included(last)});
            else if (hi.is_unbounded()) out.push_back({B::included(first), B::unbounded()});
            else out.push_back({B::included(first), B::included(last)});
            continue;
        }
        B l = lo, h = hi;
        if (lo.is_included() && !contained(lo.value)) l = B::excluded(lo.value);
        if (hi.is_included() && !contained(hi.value)) h = B::excluded(hi.value);
        out.push_back({l, h});
    }
    return VersionRange(VersionRanges::from_segments(std::move(out)));
}

std::string Formatter::format_external(const External& e) const {
    switch (e.kind) {
    case IncompatibilityKind::NotRoot:
        return "we are solving dependencies of " + e.package.to_string() + " " + e.root_version.to_string();
    case IncompatibilityKind::NoVersions: {
        if (e.package.kind == PackageKind::Python) {
            const std::string r = range(e.package, e.set, RangeKind::Compatibility);
            if (e.package.python == PythonKind::Target)
                return "the requested Python version (" + m_failure.python.target.specifiers().to_string(", ") +
                       ") does not satisfy " + r;
            return "the current Python version (" + m_failure.python.exact.to_string() + ") does not satisfy " + r;
        }
        const std::string name = e.package.to_string();
        if (e.set.encoded().is_full()) return "there are no versions of " + name;
        if (e.set.as_singleton() != nullptr) return "there is no version of " + name + e.set.to_string();
        VersionRange complement = e.set.complement();
        if (const std::string* n = e.package.name_no_root()) {
            if (auto it = m_failure.included_versions.find(*n); it != m_failure.included_versions.end())
                complement = availability_range(complement, it->second);
        }
        if (complement.is_empty()) return "there are no versions of " + name;
        if (complement.encoded().segments().size() == 1)
            return "only " + range(e.package, complement, RangeKind::Available) + " is available";
        return "only the following versions of " + name + " " + range(e.package, complement, RangeKind::Available);
    }
    case IncompatibilityKind::Custom: {
        if (!e.reason.whole_package && e.reason.version.kind == UnavailableVersion::Kind::UnsatisfiableDependency) {
            if (auto root = format_root_requires(e.package))
                return *root + " " + unsatisfiable_requirement_text(e.reason.version.requirement);
        }
        if (auto root = format_root(e.package)) return *root + " cannot be used because " + e.reason.to_string();
        if (e.reason.whole_package) return e.package.to_string() + padded(" ", e.reason.package.singular_message(), "");
        const std::string r = range(e.package, e.set, RangeKind::Compatibility);
        const std::string message = plural(e.package, e.set, RangeKind::Compatibility)
                                        ? e.reason.version.plural_message()
                                        : e.reason.version.singular_message();
        if (auto context = detail::tag_context(m_failure, e.reason.version))
            return r + padded(" ", message, " ") + *context;
        return r + padded(" ", message, "");
    }
    case IncompatibilityKind::FromDependency: {
        if (e.dependency_set.is_empty()) {
            if (auto root = format_root(e.package)) return *root + " for " + e.dependency.to_string() + " cannot be satisfied";
        }
        if (auto root = format_root_requires(e.package))
            return *root + " " + range(e.dependency, e.dependency_set, RangeKind::Dependency);
        return depends_on(e.package, e.set, e.dependency, e.dependency_set, nullptr, nullptr);
    }
    case IncompatibilityKind::Derived: break;
    }
    return {};
}

std::string Formatter::format_both_external(const External& a, const External& b) const {
    if (a.kind == IncompatibilityKind::FromDependency && b.kind == IncompatibilityKind::FromDependency &&
        a.package == b.package && a.set == b.set) {
        const std::string d1 = range(a.dependency, a.dependency_set, RangeKind::Dependency);
        const std::string d2 = range(b.dependency, b.dependency_set, RangeKind::Dependency);
        if (auto root = format_root_requires(a.package)) return *root + " " + padded("", d1, " ") + "and " + d2;
        return depends_on(a.package, a.set, a.dependency, a.dependency_set, &b.dependency, &b.dependency_set);
    }
    return padded("", format_external(a), " ") + "and " + format_external(b);
}

std::string Formatter::format_terms(const Terms& unsorted) const {
    Terms terms = unsorted;
    std::stable_sort(terms.begin(), terms.end(),
                     [](const auto& x, const auto& y) { return package_less(x.first, y.first); });
    if (terms.empty()) return "the requirements are unsatisfiable";
    if (terms.size() == 1) {
        const auto& [p, t] = terms[0];
        if (p.kind == PackageKind::Root) return *format_root(p) + " are unsatisfiable";
        if (p.kind == PackageKind::Package) {
            if (t.is_positive()) return range(p, t.set(), RangeKind::Compatibility) + " cannot be used";
            return range(p, t.set(), RangeKind::Compatibility) + " must be used";
        }
    }
    if (terms.size() == 2 && terms[0].second.is_positive() != terms[1].second.is_positive()) {
        const auto& pos = terms[0].second.is_positive() ? terms[0] : terms[1];
        const auto& neg = terms[0].second.is_positive() ? terms[1] : terms[0];
        External e;
        e.kind = IncompatibilityKind::FromDependency;
        e.package = pos.first;
        e.set = pos.second.set();
        e.dependency = neg.first;
        e.dependency_set = neg.second.set();
        return format_external(e);
    }
    std::vector<std::string> parts;
    for (const auto& [p, t] : terms) {
        if (t.is_positive()) {
            parts.push_back(range(p, t.set(), RangeKind::Compatibility));
        } else if (const Version* v = t.set().as_singleton()) {
            parts.push_back(p.to_string() + "!=" + v->to_string());
        } else {
            parts.push_back(range(p, t.set().complement(), RangeKind::Compatibility));
        }
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += parts[i];
        if (parts.size() == 2 && i == 0) out += " and ";
        else if (parts.size() > 2 && i + 1 < parts.size()) out += ", ";
    }
    out += parts.size() == 1 ? " cannot be used" : " are incompatible";
    return out;
}

/// pubgrub's default reporter, phrased by the formatter.
class Reporter {
public:
    explicit Reporter(const Formatter& f) : m_f(f) {}

    void build(const Tree& current) {
        build_helper(current);
        if (current->shared_id && !m_refs.contains(*current->shared_id)) {
            add_line_ref();
            m_refs[*current->shared_id] = m_ref_count;
        }
    }

    std::string text() const {
        std::string out;
        for (std::size_t i = 0; i < m_lines.size(); ++i) {
            if (i > 0) out += '\n';
            out += m_lines[i];
        }
        return out;
    }

private:
    void build_helper(const Tree& current) {
        const Tree& c1 = current->cause1;
        const Tree& c2 = current->cause2;
        if (!c1->derived && !c2->derived) {
            m_lines.push_back(m_f.explain_both_external(c1->external, c2->external, current->terms));
        } else if (c1->derived && !c2->derived) {
            report_one_each(c1, c2->external, current->terms);
        } else if (!c1->derived && c2->derived) {
            report_one_each(c2, c1->external, current->terms);
        } else {
            auto r1 = ref_of(c1->shared_id);
            auto r2 = ref_of(c2->shared_id);
            if (r1 && r2) {
                m_lines.push_back(m_f.explain_both_ref(*r1, c1->terms, *r2, c2->terms, current->terms));
            } else if (r1) {
                build(c2);
                m_lines.push_back(m_f.and_explain_ref(*r1, c1->terms, current->terms));
            } else if (r2) {
                build(c1);
                m_lines.push_back(m_f.and_explain_ref(*r2, c2->terms, current->terms));
            } else {
                build(c1);
                if (c1->shared_id) {
                    m_lines.push_back("");
                    build(current);
                } else {
                    add_line_ref();
                    const std::size_t ref1 = m_ref_count;
                    m_lines.push_back("");
                    build(c2);
                    m_lines.push_back(m_f.and_explain_ref(ref1, c1->terms, current->terms));
                }
            }
        }
    }

    void report_one_each(const Tree& derived, const External& external, const Terms& current) {
        if (auto r = ref_of(derived->shared_id)) {
            m_lines.push_back(m_f.explain_ref_and_external(*r, derived->terms, external, current));
            return;
        }
        const Tree& d1 = derived->cause1;
        const Tree& d2 = derived->cause2;
        if (d1->derived && !d2->derived) {
            build(d1);
            m_lines.push_back(m_f.and_explain_prior_and_external(d2->external, external, current));
        } else if (!d1->derived && d2->derived) {
            build(d2);
            m_lines.push_back(m_f.and_explain_prior_and_external(d1->external, external, current));
        } else {
            build(derived);
            m_lines.push_back(m_f.and_explain_external(external, current));
        }
    }

    void add_line_ref() {
        ++m_ref_count;
        if (!m_lines.empty()) m_lines.back() += " (" + std::to_string(m_ref_count) + ")";
    }

    std::optional<std::size_t> ref_of(std::optional<std::size_t> shared) const {
        if (!shared) return std::nullopt;
        auto it = m_refs.find(*shared);
        if (it == m_refs.end()) return std::nullopt;
        return it->second;
    }

    const Formatter& m_f;
    std::size_t m_ref_count = 0;
    std::map<std::size_t, std::size_t> m_refs;
    std::vector<std::string> m_lines;
};

/// The tree after uv's rewriting passes, in uv's order.
Tree reduced_tree(const NoSolution& failure) {
    Tree tree = report::from_derivation_tree(failure);
    tree = report::collapse_local_version_segments(report::collapse_proxies(tree));
    tree = report::narrow_widened_sets(tree, failure.known_versions);
    tree = report::simplify_markers(tree, failure.python);
    tree = report::collapse_unavailable_versions(tree);
    tree = report::collapse_redundant_depends_on_no_versions(tree);
    tree = report::simplify_ranges(tree, failure.included_versions, failure.prerelease_disallowed);
    tree = report::restate_available_versions(tree, failure.included_versions);
    tree = report::collapse_redundant_no_versions(tree);
    for (;;) {
        auto [collapsed, changed] = report::collapse_redundant_no_versions_tree(tree);
        tree = collapsed;
        if (!changed) break;
    }
    return tree;
}

} // namespace

std::string NoSolution::header() const {
    if (fork_display.empty()) return "No solution found when resolving dependencies:";
    return "No solution found when resolving dependencies for " + fork_display + ":";
}

std::string NoSolution::report() const {
    const Tree tree = reduced_tree(*this);
    Formatter formatter(*this);
    if (!tree->derived) return formatter.format_external(tree->external);
    Reporter reporter(formatter);
    reporter.build(tree);
    return reporter.text();
}

std::vector<std::string> NoSolution::hints() const {
    const Tree tree = reduced_tree(*this);
    Formatter formatter(*this);
    std::vector<std::string> hints;
    auto add = [&](std::string h) {
        if (std::find(hints.begin(), hints.end(), h) == hints.end()) hints.push_back(std::move(h));
    };
    // The ranges each package was requested with (the depended-on side of dependencies).
    std::map<std::string, std::vector<VersionRange>> requested;
    std::vector<const report::Node*> stack{tree.get()};
    while (!stack.empty()) {
        const report::Node* n = stack.back();
        stack.pop_back();
        if (n->derived) {
            stack.push_back(n->cause1.get());
            stack.push_back(n->cause2.get());
        } else if (n->external.kind == IncompatibilityKind::FromDependency) {
            if (const std::string* name = n->external.dependency.name_no_root())
                requested[*name].push_back(n->external.dependency_set);
        }
    }
    auto prerelease_hint = [&](const std::string& name, const VersionRange& set) {
        if (!prerelease_disallowed.contains(name)) return;
        const bool package_override = options.prerelease_packages.contains(name);
        const std::string argument = package_override ? "--prerelease-package " + name + "=allow" : "--prerelease=allow";
        for (const VersionRange& r : requested[name]) {
            bool pre = false;
            for (const auto& [lo, hi] : r.encoded().segments()) {
                if (prefix_match(lo, hi)) continue;
                if (!lo.is_unbounded() && lo.value.is_prerelease()) pre = true;
                if (hi.is_included() && hi.value.is_prerelease()) pre = true;
                if (hi.is_excluded() && hi.value.is_prerelease() &&
                    !(hi.value.dev() == std::optional<std::uint64_t>(0) && !hi.value.pre() && !hi.value.is_postrelease() &&
                      !hi.value.has_local()))
                    pre = true;
            }
            if (pre) {
                add("`" + name + "` was requested with a pre-release marker (e.g., " +
                    formatter.range(ResolverPackage::package(name), r, RangeKind::Compatibility) +
                    "), but pre-releases weren't enabled (try: `" + argument + "`)");
                return;
            }
        }
        auto it = included_versions.find(name);
        if (it == included_versions.end()) return;
        for (auto v = it->second.rbegin(); v != it->second.rend(); ++v) {
            if (v->is_prerelease() && set.contains(*v)) {
                add("Pre-releases are available for `" + name + "` in the requested range (e.g., " + v->to_string() +
                    "), but pre-releases weren't enabled (try: `" + argument + "`)");
                return;
            }
        }
    };
    // Depth first, first cause first (uv's traversal order decides the order of hints).
    std::vector<const report::Node*> pending{tree.get()};
    while (!pending.empty()) {
        const report::Node* n = pending.back();
        pending.pop_back();
        if (n->derived) {
            pending.push_back(n->cause2.get());
            pending.push_back(n->cause1.get());
            continue;
        }
        const External& e = n->external;
        const std::string* name = e.package.name_no_root();
        switch (e.kind) {
        case IncompatibilityKind::Custom: {
            if (!e.reason.whole_package && e.reason.version.kind == UnavailableVersion::Kind::UnsatisfiableDependency)
                break;
            if (name == nullptr) break;
            prerelease_hint(*name, e.set);
            if (!e.reason.whole_package && e.reason.version.kind == UnavailableVersion::Kind::IncompatibleDist) {
                const IncompatibleDist& d = e.reason.version.dist;
                if (d.kind == IncompatibleDist::Kind::Wheel && d.wheel.kind == IncompatibleWheel::Kind::NoBinary) {
                    const std::string option = options.build.no_binary
                                                   ? "for all packages (i.e., with `--no-binary`)"
                                                   : "for `" + *name + "` (i.e., with `--no-binary-package " + *name + "`)";
                    add("A source distribution is required for `" + *name +
                        "` because using pre-built wheels is disabled " + option);
                }
                if (d.kind == IncompatibleDist::Kind::Source && d.source.kind == IncompatibleSource::Kind::NoBuild) {
                    const std::string option = options.build.no_build
                                                   ? "for all packages (i.e., with `--no-build`)"
                                                   : "for `" + *name + "` (i.e., with `--no-build-package " + *name + "`)";
                    add("Wheels are required for `" + *name + "` because building from source is disabled " + option);
                }
                if (d.kind == IncompatibleDist::Kind::Wheel && d.wheel.kind == IncompatibleWheel::Kind::Tag)
                    if (auto hint = detail::tag_hint(*this, *name, e.set, d.wheel.tag)) add(std::move(*hint));
            }
            break;
        }
        case IncompatibilityKind::NoVersions:
            if (name != nullptr) prerelease_hint(*name, e.set);
            break;
        case IncompatibilityKind::FromDependency:
            if (e.dependency.kind == PackageKind::Python && e.dependency.python == PythonKind::Target) {
                const std::string* pname = e.package.kind == PackageKind::Root && e.package.name.empty() ? nullptr : &e.package.name;
                if (pname == nullptr) break;
                const ResolverPackage base = ResolverPackage::package(*pname);
                const bool plural = formatter.plural(base, e.set, RangeKind::Compatibility);
                const std::string package_range = formatter.range(base, e.set, RangeKind::Compatibility);
                const std::string rp = e.dependency_set.to_string();
                const std::string supports = plural ? "support" : "supports";
                switch (python.source) {
                case PythonRequirementSource::PythonVersion:
                    add("The `--python-version` value (" + python.target.specifiers().to_string(", ") +
                        ") includes Python versions that are not supported by your dependencies (e.g., " +
                        package_range + " only " + supports + " " + rp +
                        "). Consider using a higher `--python-version` value.");
                    break;
                case PythonRequirementSource::RequiresPython:
                    add("The `requires-python` value (" + python.target.specifiers().to_string(", ") +
                        ") includes Python versions that are not supported by your dependencies (e.g., " +
                        package_range + " only " + supports + " " + rp +
                        "). Consider using a more restrictive `requires-python` value (like " + rp + ").");
                    break;
                case PythonRequirementSource::Interpreter:
                    add("The Python interpreter uses a Python version that is not supported by your dependencies (e.g., " +
                        package_range + " only " + supports + " " + rp +
                        "). Consider passing a `--python-version` value to raise the minimum supported version.");
                    break;
                }
            }
            break;
        default: break;
        }
    }
    return hints;
}

} // namespace lockkit::resolver
