// The reductions a proof goes through before it is worded, each one rewrite of the failure
// tree (failure_tree.hpp). What each does, and why, is specified in docs/ARCHITECTURE.md,
// "The tree before wording"; the numbers below are the steps there.

#include "failure_tree.hpp"

#include <algorithm>

namespace lockkit::resolver::failure {

using pep440::Version;
using Listing = std::map<std::string, std::vector<Version>>;

namespace {

NodeRef keep(NodeRef n) { return n; }

/// The listing for a package with a name (root and Python have none), if not empty.
const std::vector<Version>* listing_for(const Listing& listing, const std::string* name) {
    if (name == nullptr) return nullptr;
    auto it = listing.find(*name);
    return it == listing.end() || it->second.empty() ? nullptr : &it->second;
}

/// The name a package is listed under: a named root counts, Python does not.
const std::string* listed_name(const ResolverPackage& p) {
    if (p.kind == PackageKind::Python) return nullptr;
    if (p.kind == PackageKind::Root) return p.name.empty() ? nullptr : &p.name;
    return &p.name;
}

VersionRange versions_between(const Version& lowest, const Version& highest) {
    return VersionRange(VersionRanges::from_bounds(Bound<Version>::included(lowest), Bound<Version>::included(highest)));
}

// ---- what a node says about one package ---------------------------------------------------

/// The versions of `p` a node states as used: a conclusion's positive term, or the set of a
/// fact about `p` (what is unavailable, missing, or depending).
VersionRange stated_versions(const FailureTree& t, NodeRef n, const ResolverPackage& p) {
    if (const Conclusion* c = t.conclusion(n)) {
        const Term* term = c->term_for(p);
        return term != nullptr && term->is_positive() ? term->set() : VersionRange::empty();
    }
    const Fact& f = *t.fact(n);
    const bool about_p = f.is(IncompatibilityKind::Custom) || f.is(IncompatibilityKind::NoVersions) ||
                         f.is(IncompatibilityKind::FromDependency);
    return about_p && f.package == p ? f.versions : VersionRange::empty();
}

/// The versions of `p` a node demands: a conclusion's negative term, or what a dependency
/// fact asks of `p`.
VersionRange demanded_versions(const FailureTree& t, NodeRef n, const ResolverPackage& p) {
    if (const Conclusion* c = t.conclusion(n)) {
        const Term* term = c->term_for(p);
        return term != nullptr && !term->is_positive() ? term->set() : VersionRange::empty();
    }
    const Fact& f = *t.fact(n);
    return f.is(IncompatibilityKind::FromDependency) && f.dependency == p ? f.dependency_versions : VersionRange::empty();
}

/// The versions of `p` a node rules out on its own: a conclusion about `p` alone, or an
/// unavailability fact about `p`.
VersionRange excluded_versions(const FailureTree& t, NodeRef n, const ResolverPackage& p) {
    if (const Conclusion* c = t.conclusion(n)) {
        auto sole = c->sole_positive();
        return sole && sole->first == p ? sole->second : VersionRange::empty();
    }
    const Fact& f = *t.fact(n);
    return f.is(IncompatibilityKind::Custom) && f.package == p ? f.versions : VersionRange::empty();
}

/// The packages a node mentions, in order.
std::vector<ResolverPackage> mentioned_packages(const FailureTree& t, NodeRef n) {
    std::vector<ResolverPackage> out;
    if (const Conclusion* c = t.conclusion(n)) {
        for (const auto& [p, term] : c->terms) out.push_back(p);
        return out;
    }
    const Fact& f = *t.fact(n);
    out.push_back(f.package);
    if (f.is(IncompatibilityKind::FromDependency)) out.push_back(f.dependency);
    return out;
}

/// A conclusion with new terms (same children, same sharing).
NodeRef with_terms(FailureTree& t, NodeRef n, NodeRef first, NodeRef second, Terms terms) {
    return t.add(Conclusion{std::move(terms), t.conclusion(n)->shared, first, second});
}

// ---- 1. proxy links ------------------------------------------------------------------------

void drop_proxy_links(FailureTree& t) {
    auto is_link = [&](NodeRef n) {
        const Fact* f = t.fact_of_kind(n, IncompatibilityKind::FromDependency);
        return f != nullptr && f->package.is_proxy();
    };
    t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
        const bool a_link = a != k_gone && is_link(a);
        const bool b_link = b != k_gone && is_link(b);
        if (a_link && b_link) return k_gone;
        if (a_link) return b;
        if (b_link) return a;
        if (a == k_gone || b == k_gone) return a == k_gone ? b : a;
        return t.with_children(n, a, b);
    });
}

// ---- 2. local-version sentinels ------------------------------------------------------------

void drop_local_sentinels(FailureTree& t) {
    t.rewrite(
        [&](NodeRef n) -> NodeRef {
            const Fact& f = *t.fact(n);
            if (f.is(IncompatibilityKind::NotRoot)) return n;
            if (f.is(IncompatibilityKind::NoVersions) && f.versions.is_local_version_complement()) return k_gone;
            Fact plain = f;
            plain.versions = f.versions.without_local_version_sentinels();
            if (f.is(IncompatibilityKind::FromDependency))
                plain.dependency_versions = f.dependency_versions.without_local_version_sentinels();
            return t.add(std::move(plain));
        },
        [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
            if (a == k_gone || b == k_gone) return a == k_gone ? b : a;
            Terms terms = t.conclusion(n)->terms;
            for (auto& [p, term] : terms) {
                VersionRange plain = term.set().without_local_version_sentinels();
                term = term.is_positive() ? Term::positive(std::move(plain)) : Term::negative(std::move(plain));
            }
            return with_terms(t, n, a, b, std::move(terms));
        });
}

// ---- 3. widened sets -----------------------------------------------------------------------

/// `set` on the known versions: all versions when it holds every one of them.
VersionRange onto_known(const VersionRange& set, const std::vector<Version>& known) {
    const bool holds_all = std::all_of(known.begin(), known.end(), [&](const Version& v) { return set.contains(v); });
    return holds_all ? VersionRange::full() : set.narrow_versions(known);
}

void narrow_widened_sets(FailureTree& t, const Listing& known) {
    auto known_for = [&](const ResolverPackage& p) { return listing_for(known, p.name_no_root()); };
    auto narrowed = [&](const ResolverPackage& p, const VersionRange& set) {
        const auto* versions = known_for(p);
        return versions != nullptr ? onto_known(set, *versions) : set;
    };
    // What a rejection of some versions covers: never more than the versions known.
    auto narrowed_rejection = [&](const ResolverPackage& p, const VersionRange& set) {
        const auto* versions = known_for(p);
        if (versions == nullptr) return set;
        if (versions->size() == 1 && set.contains(versions->front())) return VersionRange::singleton(versions->front());
        VersionRange out = onto_known(set, *versions);
        if (out == VersionRange::full()) return out;
        VersionRange clipped = out.intersection(versions_between(versions->front(), versions->back()));
        return clipped.is_empty() ? out : clipped;
    };
    t.rewrite(
        [&](NodeRef n) -> NodeRef {
            const Fact& f = *t.fact(n);
            Fact out = f;
            if (f.is(IncompatibilityKind::FromDependency)) {
                out.versions = f.dependency.kind == PackageKind::Python ? narrowed_rejection(f.package, f.versions)
                                                                        : narrowed(f.package, f.versions);
            } else if (f.is(IncompatibilityKind::Custom)) {
                out.versions = f.reason.whole_package ? narrowed(f.package, f.versions)
                                                      : narrowed_rejection(f.package, f.versions);
            } else {
                return n;
            }
            return t.add(std::move(out));
        },
        [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
            Terms terms = t.conclusion(n)->terms;
            for (auto& [p, term] : terms) {
                if (!term.is_positive()) continue;
                const auto* versions = known_for(p);
                if (versions != nullptr && versions->size() == 1 && term.set().contains(versions->front())) {
                    const VersionRange only = VersionRange::singleton(versions->front());
                    if (stated_versions(t, a, p).union_with(stated_versions(t, b, p)) == only) {
                        term = Term::positive(only);
                        continue;
                    }
                }
                term = Term::positive(narrowed(p, term.set()));
            }
            return with_terms(t, n, a, b, std::move(terms));
        });
}

// ---- 4. markers ----------------------------------------------------------------------------

void shorten_markers(FailureTree& t, const PythonRequirement& python) {
    auto release_bound = [](const Bound<Version>& b) {
        pep508::ReleaseBound r;
        if (b.is_unbounded()) return r;
        r.kind = b.is_included() ? pep508::ReleaseBound::Kind::Included : pep508::ReleaseBound::Kind::Excluded;
        r.release.assign(b.value.release().begin(), b.value.release().end());
        return r;
    };
    const auto lower = release_bound(python.target.lower());
    const auto upper = release_bound(python.target.upper());
    auto shortened = [&](ResolverPackage p) {
        if (p.kind != PackageKind::Root && p.kind != PackageKind::Python)
            p.marker = p.marker.simplify_python_versions(lower, upper);
        return p;
    };
    t.rewrite(
        [&](NodeRef n) -> NodeRef {
            Fact f = *t.fact(n);
            f.package = shortened(f.package);
            if (f.is(IncompatibilityKind::FromDependency)) f.dependency = shortened(f.dependency);
            return t.add(std::move(f));
        },
        [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
            Terms terms = t.conclusion(n)->terms;
            for (auto& [p, term] : terms) p = shortened(p);
            return with_terms(t, n, a, b, std::move(terms));
        });
}

// ---- workspace members ---------------------------------------------------------------------

/// uv's `collapse_no_versions_of_workspace_members`: a member has the one version its directory
/// declares, so "only member==0.1.0 is available" tells nothing; a conclusion drawn from no
/// versions of a member (or of its extras and groups) is its other cause.
void drop_no_versions_of_members(FailureTree& t, const std::set<std::string>& members) {
    if (members.empty()) return;
    auto is_member = [&](NodeRef n) {
        const Fact* f = t.fact_of_kind(n, IncompatibilityKind::NoVersions);
        if (f == nullptr) return false;
        const ResolverPackage& p = f->package;
        const bool named = p.kind == PackageKind::Package || p.kind == PackageKind::Extra || p.kind == PackageKind::Group;
        return named && members.contains(p.name);
    };
    t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
        if (is_member(a)) return b;
        if (is_member(b)) return a;
        return t.with_children(n, a, b);
    });
}

// ---- the project itself -----------------------------------------------------------------

/// In a workspace of one member, "the root requires the project" goes without saying: a
/// conclusion drawn from it and from "the project cannot be used" is that second conclusion,
/// restated about the root. When the other side is a fact about the project itself (its own
/// requirement allows no versions), that fact is the whole report, as in uv's
/// `drop_root_dependency_on_project`: "your project depends on a<0.dev0, which does not allow
/// any versions", not "… and your project requires your project, we can conclude …".
void drop_requirement_on_project(FailureTree& t, const std::set<std::string>& members) {
    if (members.size() != 1) return;
    auto is_project = [&](const ResolverPackage& p) {
        return p.kind == PackageKind::Package && !p.extra && !p.group && p.marker.is_true() && members.contains(p.name);
    };
    t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
        for (const auto& [fact, other] : {std::pair{a, b}, std::pair{b, a}}) {
            const Fact* f = t.fact_of_kind(fact, IncompatibilityKind::FromDependency);
            const Conclusion* c = t.conclusion(other);
            if (f == nullptr || f->package.kind != PackageKind::Root || !is_project(f->dependency)) continue;
            if (const Fact* about = other == k_gone ? nullptr : t.fact(other); about != nullptr && is_project(about->package))
                return other;
            if (c == nullptr) continue;
            auto sole = c->sole_positive();
            if (!sole || !is_project(sole->first)) continue;
            return t.add(Conclusion{t.conclusion(n)->terms, t.conclusion(n)->shared, c->first, c->second});
        }
        return t.with_children(n, a, b);
    });
}

// ---- 5. unavailable versions ---------------------------------------------------------------

/// Whether two unavailable facts about one package give the same reason, in the same words.
bool twin_unavailable(const Fact& x, const Fact& y) {
    if (!(x.package == y.package)) return false;
    const UnavailableReason& a = x.reason;
    const UnavailableReason& b = y.reason;
    if (a.whole_package != b.whole_package) return false;
    if (a.whole_package) return a.package.kind == b.package.kind && a.package.detail == b.package.detail;
    return a.version.kind == b.version.kind && a.version.singular_message() == b.version.singular_message();
}

/// `fact` (unavailable) beside `other`: when one of `other`'s children is its twin, `other`
/// with the twin replaced by the two merged (the second child is tried first).
std::optional<NodeRef> merge_into_neighbour(FailureTree& t, const Fact& fact, NodeRef other) {
    const Conclusion* c = t.conclusion(other);
    if (c == nullptr) return std::nullopt;
    for (const bool second : {true, false}) {
        const NodeRef child = second ? c->second : c->first;
        const Fact* twin = t.fact_of_kind(child, IncompatibilityKind::Custom);
        if (twin == nullptr || !twin_unavailable(*twin, fact)) continue;
        Fact merged = fact;
        merged.versions = twin->versions.union_with(fact.versions);
        Terms terms = c->terms;
        for (auto& [p, term] : terms)
            if (p == fact.package && term.is_positive()) term = Term::positive(merged.versions);
        const NodeRef merged_ref = t.add(std::move(merged));
        c = t.conclusion(other);
        const NodeRef first = second ? c->first : merged_ref;
        const NodeRef second_ref = second ? merged_ref : c->second;
        return t.add(Conclusion{std::move(terms), c->shared, first, second_ref});
    }
    return std::nullopt;
}

/// A conclusion about one package drawn from two unavailable facts about it.
std::optional<NodeRef> merge_unavailable_pair(FailureTree& t, NodeRef n) {
    const Conclusion& c = *t.conclusion(n);
    const Fact* x = t.fact_of_kind(c.first, IncompatibilityKind::Custom);
    const Fact* y = t.fact_of_kind(c.second, IncompatibilityKind::Custom);
    if (x == nullptr || y == nullptr || !(x->package == y->package)) return std::nullopt;
    auto sole = c.sole_positive();
    if (!sole || !(sole->first == x->package)) return std::nullopt;
    const VersionRange both = x->versions.union_with(y->versions);
    if (twin_unavailable(*x, *y)) {
        Fact merged = *x;
        merged.versions = both;
        return t.add(std::move(merged));
    }
    if (both.subset_of(sole->second)) return std::nullopt;
    return t.add(Conclusion{{{x->package, Term::positive(sole->second.union_with(both))}}, c.shared, c.first, c.second});
}

void merge_unavailable_versions(FailureTree& t) {
    t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
        std::optional<NodeRef> out;
        if (const Fact* f = t.fact_of_kind(a, IncompatibilityKind::Custom)) out = merge_into_neighbour(t, Fact(*f), b);
        if (!out)
            if (const Fact* f = t.fact_of_kind(b, IncompatibilityKind::Custom)) out = merge_into_neighbour(t, Fact(*f), a);
        const NodeRef result = out ? *out : t.with_children(n, a, b);
        if (t.conclusion(result) != nullptr)
            if (auto pair = merge_unavailable_pair(t, result)) return *pair;
        return result;
    });
}

// ---- 6. a dependency beside a redundant "no versions" step ---------------------------------

/// `n` when it is drawn from "no versions of `package`" and a dependency on `package` that
/// demands at least `versions`: that dependency. Otherwise `n`.
NodeRef skip_missing_step(const FailureTree& t, NodeRef n, const ResolverPackage& package, const VersionRange& versions) {
    const Conclusion* c = t.conclusion(n);
    if (c == nullptr) return n;
    for (const auto& [missing, dependency] : {std::pair{c->first, c->second}, std::pair{c->second, c->first}}) {
        const Fact* none = t.fact_of_kind(missing, IncompatibilityKind::NoVersions);
        const Fact* dep = t.fact_of_kind(dependency, IncompatibilityKind::FromDependency);
        if (none == nullptr || dep == nullptr) continue;
        if (none->package == dep->dependency && none->package == package && versions.subset_of(dep->dependency_versions))
            return dependency;
    }
    return n;
}

void drop_missing_steps_beside_dependencies(FailureTree& t) {
    t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
        if (const Fact* f = t.fact_of_kind(a, IncompatibilityKind::FromDependency))
            return t.with_children(n, a, skip_missing_step(t, b, f->package, f->versions));
        if (const Fact* f = t.fact_of_kind(b, IncompatibilityKind::FromDependency))
            return t.with_children(n, skip_missing_step(t, a, f->package, f->versions), b);
        return t.with_children(n, a, b);
    });
}

// ---- 7. sets in terms of listed versions ---------------------------------------------------

void express_in_listed_versions(FailureTree& t, const Listing& listed, const std::set<std::string>& no_prereleases) {
    auto expressed = [&](const ResolverPackage& p, const VersionRange& set) -> VersionRange {
        const std::string* name = listed_name(p);
        if (name == nullptr) return set;
        auto it = listed.find(*name);
        if (it == listed.end() || set.encoded().is_full()) return set;
        const std::vector<Version>& versions = it->second;
        if (versions.size() == 1 && set.contains(versions.front())) return VersionRange::singleton(versions.front());
        bool names_prerelease = false;
        for (const auto& [lo, hi] : set.encoded().segments())
            names_prerelease = names_prerelease || (!lo.is_unbounded() && lo.value.is_prerelease()) ||
                               (!hi.is_unbounded() && hi.value.is_prerelease());
        const bool skip_prereleases = !names_prerelease && no_prereleases.contains(*name);
        std::vector<Version> usable;
        for (const Version& v : versions)
            if (!(skip_prereleases && v.is_prerelease())) usable.push_back(v);
        return VersionRange(set.encoded().simplify(usable));
    };
    t.rewrite(
        [&](NodeRef n) -> NodeRef {
            const Fact& f = *t.fact(n);
            if (f.is(IncompatibilityKind::NotRoot)) return n;
            Fact out = f;
            out.versions = expressed(f.package, f.versions);
            if (f.is(IncompatibilityKind::FromDependency))
                out.dependency_versions = expressed(f.dependency, f.dependency_versions);
            return t.add(std::move(out));
        },
        [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
            Terms terms = t.conclusion(n)->terms;
            for (auto& [p, term] : terms) {
                VersionRange set = expressed(p, term.set());
                term = term.is_positive() ? Term::positive(std::move(set)) : Term::negative(std::move(set));
            }
            return with_terms(t, n, a, b, std::move(terms));
        });
}

// ---- 8. unlisted versions ------------------------------------------------------------------

/// Whether `x` starts below `y` (an empty set starts nowhere; unbounded starts lowest).
bool starts_below(const VersionRange& x, const VersionRange& y) {
    if (x.is_empty() || y.is_empty()) return !x.is_empty();
    const Bound<Version>& xs = x.encoded().segments().front().first;
    const Bound<Version>& ys = y.encoded().segments().front().first;
    if (xs.is_unbounded()) return true;
    if (ys.is_unbounded()) return false;
    return !(ys.value < xs.value);
}

struct Gap {
    ResolverPackage package;
    VersionRange versions;
};

/// The first package for which the conclusion `n` (with children `a`, `b`) covers versions
/// that neither child ruled out and that nothing lists.
std::optional<Gap> find_unlisted_gap(const FailureTree& t, NodeRef n, NodeRef a, NodeRef b, const Listing& listed) {
    struct Candidate {
        ResolverPackage package;
        VersionRange covered;
        VersionRange accounted;
    };
    std::vector<Candidate> candidates;
    const Conclusion& c = *t.conclusion(n);
    if (auto sole = c.sole_positive())
        candidates.push_back({sole->first, sole->second,
                              stated_versions(t, a, sole->first).union_with(stated_versions(t, b, sole->first))});
    std::vector<ResolverPackage> others = mentioned_packages(t, a);
    for (auto& p : mentioned_packages(t, b)) others.push_back(std::move(p));
    for (const auto& p : others) {
        if (c.term_for(p) != nullptr) continue;
        candidates.push_back({p, demanded_versions(t, a, p).union_with(demanded_versions(t, b, p)),
                              excluded_versions(t, a, p).union_with(excluded_versions(t, b, p))});
    }
    for (const Candidate& cand : candidates) {
        if (cand.accounted.is_empty()) continue;
        const VersionRange gap = cand.covered.intersection(cand.accounted.complement());
        if (gap.is_empty()) continue;
        const std::string* name = cand.package.name_no_root();
        if (name == nullptr) continue;
        auto it = listed.find(*name);
        if (it == listed.end()) continue;
        if (std::any_of(it->second.begin(), it->second.end(), [&](const Version& v) { return gap.contains(v); }))
            continue;
        return Gap{cand.package, gap};
    }
    return std::nullopt;
}

void restate_unlisted_versions(FailureTree& t, const Listing& listed) {
    t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
        auto gap = find_unlisted_gap(t, n, a, b, listed);
        if (!gap) return t.with_children(n, a, b);
        const ResolverPackage& p = gap->package;
        Fact missing;
        missing.kind = IncompatibilityKind::NoVersions;
        missing.package = p;
        missing.versions = gap->versions;
        const NodeRef statement = t.add(std::move(missing));
        const VersionRange from_a = excluded_versions(t, a, p);
        const VersionRange from_b = excluded_versions(t, b, p);
        if (from_a.is_empty() && from_b.is_empty()) {
            const Term* own = t.conclusion(n)->term_for(p);
            const Term concluded = own != nullptr ? *own : Term::positive(gap->versions);
            const VersionRange stated = stated_versions(t, a, p).union_with(stated_versions(t, b, p));
            const NodeRef both = t.add(Conclusion{{{p, Term::positive(stated)}}, std::nullopt, a, b});
            return t.add(Conclusion{{{p, concluded}}, t.conclusion(n)->shared, both, statement});
        }
        auto joined = [&](NodeRef child, const VersionRange& excluded) {
            return t.add(Conclusion{{{p, Term::positive(excluded.union_with(gap->versions))}}, std::nullopt, child, statement});
        };
        if (starts_below(from_a, from_b)) return t.with_children(n, joined(a, from_a), b);
        return t.with_children(n, a, joined(b, from_b));
    });
}

// ---- 9. redundant "no versions" facts ------------------------------------------------------

/// Whether "no versions of `p` in `missing`" adds nothing beside `sibling` under `parent`.
bool says_nothing_new(const FailureTree& t, const ResolverPackage& p, const VersionRange& missing, NodeRef sibling,
                      const Conclusion& parent) {
    const Conclusion* s = t.conclusion(sibling);
    const Term* term = s != nullptr ? s->term_for(p) : parent.term_for(p);
    if (term == nullptr || !term->is_positive()) return false;
    const VersionRange rest = missing.complement();
    if (rest.as_singleton() != nullptr) return false;
    return term->set() == VersionRange::full() || term->set() == rest;
}

void drop_redundant_no_versions(FailureTree& t) {
    t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
        const Conclusion& c = *t.conclusion(n);
        if (const Fact* f = t.fact_of_kind(a, IncompatibilityKind::NoVersions))
            if (says_nothing_new(t, f->package, f->versions, b, c)) return b;
        if (const Fact* f = t.fact_of_kind(b, IncompatibilityKind::NoVersions))
            if (says_nothing_new(t, f->package, f->versions, a, c)) return a;
        return t.with_children(n, a, b);
    });
}

// ---- 10. sibling "no versions" facts -------------------------------------------------------

void merge_sibling_no_versions(FailureTree& t) {
    for (;;) {
        const NodeRef before = t.root();
        t.rewrite(keep, [&](NodeRef n, NodeRef a, NodeRef b) -> NodeRef {
            const Fact* x = t.fact_of_kind(a, IncompatibilityKind::NoVersions);
            const Fact* y = t.fact_of_kind(b, IncompatibilityKind::NoVersions);
            if (x != nullptr && y != nullptr && x->package == y->package) {
                const Term* term = t.conclusion(n)->term_for(x->package);
                if (term != nullptr && term->is_positive() && x->versions.subset_of(term->set()) &&
                    y->versions.subset_of(term->set())) {
                    Fact merged = *x;
                    merged.versions = term->set();
                    return t.add(std::move(merged));
                }
            }
            return t.with_children(n, a, b);
        });
        if (t.root() == before) return;
    }
}

} // namespace

FailureTree reduce(const NoSolution& failure) {
    FailureTree t = FailureTree::from_solver(failure);
    drop_proxy_links(t);
    drop_local_sentinels(t);
    narrow_widened_sets(t, failure.known_versions);
    shorten_markers(t, failure.python);
    drop_no_versions_of_members(t, failure.workspace_members);
    drop_requirement_on_project(t, failure.workspace_members);
    merge_unavailable_versions(t);
    drop_missing_steps_beside_dependencies(t);
    express_in_listed_versions(t, failure.included_versions, failure.prerelease_disallowed);
    restate_unlisted_versions(t, failure.included_versions);
    drop_redundant_no_versions(t);
    merge_sibling_no_versions(t);
    return t;
}

} // namespace lockkit::resolver::failure
