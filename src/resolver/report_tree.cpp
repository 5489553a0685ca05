// Rewriting derivation trees before they are worded (see report_tree.hpp). Each pass mirrors
// the uv function of the same name in uv-resolver/src/error.rs.

#include "report_tree.hpp"

#include <algorithm>
#include <functional>

namespace lockkit::resolver::report {

using pep440::Version;
using Versions = std::map<std::string, std::vector<Version>>;

Tree make_external(External external) {
    auto n = std::make_shared<Node>();
    n->external = std::move(external);
    return n;
}

Tree make_derived(Terms terms, std::optional<std::size_t> shared_id, Tree cause1, Tree cause2) {
    auto n = std::make_shared<Node>();
    n->derived = true;
    n->terms = std::move(terms);
    n->shared_id = shared_id;
    n->cause1 = std::move(cause1);
    n->cause2 = std::move(cause2);
    return n;
}

const Term* find_term(const Terms& terms, const ResolverPackage& package) {
    for (const auto& [p, t] : terms)
        if (p == package) return &t;
    return nullptr;
}

namespace {

Term* find_term_mut(Terms& terms, const ResolverPackage& package) {
    for (auto& [p, t] : terms)
        if (p == package) return &t;
    return nullptr;
}

/// A derived node's metadata while its causes are rewritten.
struct Metadata {
    Terms terms;
    std::optional<std::size_t> shared_id;
};

using ExternalFn = std::function<Tree(const External&)>;  // null: drop
using DerivedFn = std::function<Tree(Metadata, Tree, Tree)>;  // causes may be null

/// uv's `transform_derivation_tree`: bottom-up, a derived node sees its rewritten causes.
Tree transform(const Tree& tree, const ExternalFn& external, const DerivedFn& derived) {
    if (!tree->derived) return external(tree->external);
    Tree c1 = transform(tree->cause1, external, derived);
    Tree c2 = transform(tree->cause2, external, derived);
    return derived(Metadata{tree->terms, tree->shared_id}, std::move(c1), std::move(c2));
}

/// uv's `map_derivation_tree`: the same, with every node kept.
Tree map_tree(const Tree& tree, const std::function<Tree(const External&)>& external,
              const std::function<Tree(Metadata, Tree, Tree)>& derived) {
    return transform(tree, external, derived);
}

Tree keep_external(const External& e) { return make_external(e); }

Tree rebuild(Metadata m, Tree c1, Tree c2) { return make_derived(std::move(m.terms), m.shared_id, std::move(c1), std::move(c2)); }

const std::string* name_no_root(const ResolverPackage& p) { return p.name_no_root(); }

/// uv's `PubGrubPackage::name()`: also the named root.
const std::string* name_of(const ResolverPackage& p) {
    if (p.kind == PackageKind::Python) return nullptr;
    if (p.kind == PackageKind::Root) return p.name.empty() ? nullptr : &p.name;
    return &p.name;
}

/// A set narrowed onto the known versions (uv's `narrow_to_known`).
VersionRange narrow_to_known(const VersionRange& set, const std::vector<Version>& versions) {
    if (std::all_of(versions.begin(), versions.end(), [&](const Version& v) { return set.contains(v); }))
        return VersionRange::full();
    return set.narrow_versions(versions);
}

/// The package a derivation concludes about alone (one positive term).
std::optional<std::pair<ResolverPackage, VersionRange>> concluded_package(const Terms& terms) {
    if (terms.size() != 1 || !terms[0].second.is_positive()) return std::nullopt;
    return std::pair{terms[0].first, terms[0].second.set()};
}

std::vector<ResolverPackage> cause_packages(const Tree& cause) {
    if (cause->derived) {
        std::vector<ResolverPackage> out;
        for (const auto& [p, t] : cause->terms) out.push_back(p);
        return out;
    }
    if (cause->external.kind == IncompatibilityKind::FromDependency)
        return {cause->external.package, cause->external.dependency};
    return {cause->external.package};
}

VersionRange required_versions(const ResolverPackage& package, const Tree& cause) {
    if (cause->derived) {
        const Term* t = find_term(cause->terms, package);
        return t != nullptr && !t->is_positive() ? t->set() : VersionRange::empty();
    }
    if (cause->external.kind == IncompatibilityKind::FromDependency && cause->external.dependency == package)
        return cause->external.dependency_set;
    return VersionRange::empty();
}

VersionRange ruled_out_versions(const ResolverPackage& package, const Tree& cause) {
    if (cause->derived) {
        auto c = concluded_package(cause->terms);
        return c && c->first == package ? c->second : VersionRange::empty();
    }
    if (cause->external.kind == IncompatibilityKind::Custom && cause->external.package == package)
        return cause->external.set;
    return VersionRange::empty();
}

VersionRange reported_versions(const ResolverPackage& package, const Tree& cause) {
    if (cause->derived) {
        const Term* t = find_term(cause->terms, package);
        return t != nullptr && t->is_positive() ? t->set() : VersionRange::empty();
    }
    const External& e = cause->external;
    if ((e.kind == IncompatibilityKind::Custom || e.kind == IncompatibilityKind::NoVersions ||
         e.kind == IncompatibilityKind::FromDependency) &&
        e.package == package)
        return e.set;
    return VersionRange::empty();
}

} // namespace

bool same_reason(const UnavailableReason& a, const UnavailableReason& b) {
    if (a.whole_package != b.whole_package) return false;
    if (a.whole_package) return a.package.kind == b.package.kind && a.package.detail == b.package.detail;
    if (a.version.kind != b.version.kind) return false;
    return a.version.singular_message() == b.version.singular_message();
}

Tree from_derivation_tree(const NoSolution& failure) {
    const DerivationTree& dt = failure.tree;
    std::vector<Tree> built(dt.nodes.size());
    // Nodes are in topological order: causes first.
    for (std::size_t i = 0; i < dt.nodes.size(); ++i) {
        const DerivationNode& n = dt.nodes[i];
        if (n.kind == IncompatibilityKind::Derived) {
            Terms terms;
            for (const auto& [p, t] : n.terms) terms.emplace_back(failure.packages[p], t);
            built[i] = make_derived(std::move(terms), n.shared_id, built[n.cause1], built[n.cause2]);
            continue;
        }
        External e;
        e.kind = n.kind;
        e.package = failure.packages[n.package];
        e.set = n.package_set;
        if (n.kind == IncompatibilityKind::FromDependency) {
            e.dependency = failure.packages[n.dependency];
            e.dependency_set = n.dependency_set;
        }
        e.root_version = n.root_version;
        if (n.kind == IncompatibilityKind::Custom) e.reason = failure.reasons[n.reason];
        built[i] = make_external(std::move(e));
    }
    return built[dt.root];
}

Tree collapse_proxies(const Tree& tree) {
    auto is_proxy = [](const Tree& t) {
        return t && !t->derived && t->external.kind == IncompatibilityKind::FromDependency &&
               t->external.package.is_proxy();
    };
    return transform(tree, keep_external, [&](Metadata m, Tree c1, Tree c2) -> Tree {
        if (c1 && c2 && is_proxy(c1) && is_proxy(c2)) return nullptr;
        if (c1 && is_proxy(c1)) return c2;
        if (c2 && is_proxy(c2)) return c1;
        if (c1 && c2) return rebuild(std::move(m), c1, c2);
        return c1 ? c1 : c2;
    });
}

Tree collapse_local_version_segments(const Tree& tree) {
    return transform(
        tree,
        [](const External& e) -> Tree {
            External out = e;
            switch (e.kind) {
            case IncompatibilityKind::NotRoot: return make_external(out);
            case IncompatibilityKind::NoVersions:
                if (e.set.is_local_version_complement()) return nullptr;
                out.set = e.set.without_local_version_sentinels();
                return make_external(out);
            case IncompatibilityKind::FromDependency:
                out.set = e.set.without_local_version_sentinels();
                out.dependency_set = e.dependency_set.without_local_version_sentinels();
                return make_external(out);
            default:
                out.set = e.set.without_local_version_sentinels();
                return make_external(out);
            }
        },
        [](Metadata m, Tree c1, Tree c2) -> Tree {
            for (auto& [p, t] : m.terms)
                t = t.is_positive() ? Term::positive(t.set().without_local_version_sentinels())
                                    : Term::negative(t.set().without_local_version_sentinels());
            if (c1 && c2) return rebuild(std::move(m), c1, c2);
            return c1 ? c1 : c2;
        });
}

Tree narrow_widened_sets(const Tree& tree, const Versions& known) {
    auto listed = [&](const ResolverPackage& p) -> const std::vector<Version>* {
        const std::string* name = name_no_root(p);
        if (name == nullptr) return nullptr;
        auto it = known.find(*name);
        if (it == known.end() || it->second.empty()) return nullptr;
        return &it->second;
    };
    auto narrow = [&](const ResolverPackage& p, const VersionRange& set) {
        const auto* versions = listed(p);
        return versions ? narrow_to_known(set, *versions) : set;
    };
    // A rejection of one version says nothing about versions outside the listing.
    auto narrow_unavailable = [&](const ResolverPackage& p, const VersionRange& set) {
        const auto* versions = listed(p);
        if (versions == nullptr) return set;
        if (versions->size() == 1 && set.contains(versions->front())) return VersionRange::singleton(versions->front());
        VersionRange narrowed = narrow_to_known(set, *versions);
        if (narrowed == VersionRange::full()) return narrowed;
        const VersionRange envelope(VersionRanges::from_bounds(Bound<Version>::included(versions->front()),
                                                               Bound<Version>::included(versions->back())));
        VersionRange clamped = narrowed.intersection(envelope);
        return clamped == VersionRange::empty() ? narrowed : clamped;
    };
    auto narrow_conclusion = [&](const ResolverPackage& p, const VersionRange& set, const Tree& c1, const Tree& c2) {
        const auto* versions = listed(p);
        if (versions == nullptr || versions->size() != 1) return narrow(p, set);
        const VersionRange single = VersionRange::singleton(versions->front());
        if (set.contains(versions->front()) && reported_versions(p, c1).union_with(reported_versions(p, c2)) == single)
            return single;
        return narrow(p, set);
    };
    return map_tree(
        tree,
        [&](const External& e) {
            External out = e;
            if (e.kind == IncompatibilityKind::FromDependency) {
                out.set = e.dependency.kind == PackageKind::Python ? narrow_unavailable(e.package, e.set)
                                                                   : narrow(e.package, e.set);
            } else if (e.kind == IncompatibilityKind::Custom) {
                out.set = e.reason.whole_package ? narrow(e.package, e.set) : narrow_unavailable(e.package, e.set);
            }
            return make_external(out);
        },
        [&](Metadata m, Tree c1, Tree c2) {
            for (auto& [p, t] : m.terms)
                if (t.is_positive()) t = Term::positive(narrow_conclusion(p, t.set(), c1, c2));
            return rebuild(std::move(m), c1, c2);
        });
}

Tree simplify_markers(const Tree& tree, const PythonRequirement& python) {
    const auto [lower, upper] = python.target.release_bounds();
    auto simplify = [&](ResolverPackage p) {
        if (p.kind != PackageKind::Root && p.kind != PackageKind::Python)
            p.marker = p.marker.simplify_python_versions(lower, upper);
        return p;
    };
    return map_tree(
        tree,
        [&](const External& e) {
            External out = e;
            out.package = simplify(e.package);
            if (e.kind == IncompatibilityKind::FromDependency) out.dependency = simplify(e.dependency);
            return make_external(out);
        },
        [&](Metadata m, Tree c1, Tree c2) {
            for (auto& [p, t] : m.terms) p = simplify(p);
            return rebuild(std::move(m), c1, c2);
        });
}

namespace {

std::optional<Tree> merge_unavailable_versions(const External& custom, const Tree& other) {
    if (!other->derived) return std::nullopt;
    auto merge = [&](const Tree& cause) -> std::optional<VersionRange> {
        if (cause->derived || cause->external.kind != IncompatibilityKind::Custom) return std::nullopt;
        if (!(cause->external.package == custom.package) || !same_reason(cause->external.reason, custom.reason))
            return std::nullopt;
        return cause->external.set.union_with(custom.set);
    };
    Tree unchanged;
    VersionRange merged;
    bool merged_is_cause2;
    if (auto m2 = merge(other->cause2)) {
        unchanged = other->cause1;
        merged = *m2;
        merged_is_cause2 = true;
    } else if (auto m1 = merge(other->cause1)) {
        unchanged = other->cause2;
        merged = *m1;
        merged_is_cause2 = false;
    } else {
        return std::nullopt;
    }
    External e = custom;
    e.set = merged;
    Tree merged_cause = make_external(e);
    Terms terms = other->terms;
    if (Term* t = find_term_mut(terms, custom.package); t && t->is_positive()) *t = Term::positive(merged);
    return merged_is_cause2 ? make_derived(terms, other->shared_id, unchanged, merged_cause)
                            : make_derived(terms, other->shared_id, merged_cause, unchanged);
}

std::optional<Tree> merge_unavailable_siblings(const Tree& derived) {
    const Tree& a = derived->cause1;
    const Tree& b = derived->cause2;
    if (a->derived || a->external.kind != IncompatibilityKind::Custom) return std::nullopt;
    if (b->derived || b->external.kind != IncompatibilityKind::Custom) return std::nullopt;
    if (!(a->external.package == b->external.package)) return std::nullopt;
    if (derived->terms.size() != 1 || !derived->terms[0].second.is_positive() ||
        !(derived->terms[0].first == a->external.package))
        return std::nullopt;
    const VersionRange versions = a->external.set.union_with(b->external.set);
    if (same_reason(a->external.reason, b->external.reason)) {
        External e = a->external;
        e.set = versions;
        return make_external(e);
    }
    const VersionRange& term_versions = derived->terms[0].second.set();
    if (versions.subset_of(term_versions)) return std::nullopt;
    return make_derived({{a->external.package, Term::positive(term_versions.union_with(versions))}}, derived->shared_id,
                        a, b);
}

Tree collapse_redundant_dependency_child(const Tree& tree, const ResolverPackage& package, const VersionRange& versions) {
    if (!tree->derived) return tree;
    const Tree& a = tree->cause1;
    const Tree& b = tree->cause2;
    auto check = [&](const Tree& no_versions, const Tree& clause) -> bool {
        if (no_versions->derived || no_versions->external.kind != IncompatibilityKind::NoVersions) return false;
        if (clause->derived || clause->external.kind != IncompatibilityKind::FromDependency) return false;
        return no_versions->external.package == clause->external.dependency && package == no_versions->external.package &&
               versions.subset_of(clause->external.dependency_set);
    };
    if (check(a, b)) return b;
    if (check(b, a)) return a;
    return tree;
}

bool can_drop_no_versions(const ResolverPackage& package, const VersionRange& versions, const Tree& other,
                          const Terms& parent_terms) {
    const Term* t = other->derived ? find_term(other->terms, package) : find_term(parent_terms, package);
    if (t == nullptr || !t->is_positive()) return false;
    const VersionRange complement = versions.complement();
    // Keep single-version exclusions: "only foo==1.0.0 is available" is useful.
    return complement.as_singleton() == nullptr && (t->set() == VersionRange::full() || t->set() == complement);
}

bool starts_lower(const VersionRange& first, const VersionRange& second) {
    auto lowest = [](const VersionRange& v) -> std::optional<std::optional<Version>> {
        auto b = v.encoded().bounding_range();
        if (!b) return std::nullopt;
        if (b->first.is_unbounded()) return std::optional<Version>{};
        return std::optional<Version>{b->first.value};
    };
    auto f = lowest(first), s = lowest(second);
    if (f && s) {
        // An unbounded start sorts below every version.
        if (!*f) return true;
        if (!*s) return false;
        return !(**s < **f);
    }
    return f.has_value();  // a non-empty set starts below an empty one
}

std::optional<std::pair<ResolverPackage, VersionRange>> unlisted_versions(const Terms& terms, const Tree& c1,
                                                                          const Tree& c2, const Versions& included) {
    struct Candidate {
        ResolverPackage package;
        VersionRange covered;
        VersionRange reported;
    };
    std::vector<Candidate> candidates;
    if (auto c = concluded_package(terms))
        candidates.push_back({c->first, c->second, reported_versions(c->first, c1).union_with(reported_versions(c->first, c2))});
    std::vector<ResolverPackage> packages = cause_packages(c1);
    for (auto& p : cause_packages(c2)) packages.push_back(p);
    for (const auto& p : packages) {
        if (find_term(terms, p) != nullptr) continue;
        candidates.push_back({p, required_versions(p, c1).union_with(required_versions(p, c2)),
                              ruled_out_versions(p, c1).union_with(ruled_out_versions(p, c2))});
    }
    for (const auto& c : candidates) {
        if (c.reported.is_empty()) continue;
        VersionRange unlisted = c.covered.intersection(c.reported.complement());
        if (unlisted.is_empty()) continue;
        const std::string* name = name_no_root(c.package);
        if (name == nullptr) continue;
        auto it = included.find(*name);
        if (it == included.end()) continue;
        if (std::any_of(it->second.begin(), it->second.end(), [&](const Version& v) { return unlisted.contains(v); }))
            continue;
        return std::pair{c.package, unlisted};
    }
    return std::nullopt;
}

} // namespace

Tree collapse_unavailable_versions(const Tree& tree) {
    return map_tree(tree, keep_external, [](Metadata m, Tree c1, Tree c2) {
        Tree t;
        if (!c1->derived && c1->external.kind == IncompatibilityKind::Custom) {
            if (auto merged = merge_unavailable_versions(c1->external, c2)) t = *merged;
        }
        if (!t && !c2->derived && c2->external.kind == IncompatibilityKind::Custom) {
            if (auto merged = merge_unavailable_versions(c2->external, c1)) t = *merged;
        }
        if (!t) t = rebuild(std::move(m), c1, c2);
        if (t->derived)
            if (auto merged = merge_unavailable_siblings(t)) return *merged;
        return t;
    });
}

Tree collapse_redundant_depends_on_no_versions(const Tree& tree) {
    return map_tree(tree, keep_external, [](Metadata m, Tree c1, Tree c2) {
        if (!c1->derived && c1->external.kind == IncompatibilityKind::FromDependency) {
            Tree n2 = collapse_redundant_dependency_child(c2, c1->external.package, c1->external.set);
            return rebuild(std::move(m), c1, n2);
        }
        if (!c2->derived && c2->external.kind == IncompatibilityKind::FromDependency) {
            Tree n1 = collapse_redundant_dependency_child(c1, c2->external.package, c2->external.set);
            return rebuild(std::move(m), n1, c2);
        }
        return rebuild(std::move(m), c1, c2);
    });
}

Tree simplify_ranges(const Tree& tree, const Versions& included, const std::set<std::string>& prerelease_disallowed) {
    auto simplify = [&](const VersionRange& range, const ResolverPackage& package) -> std::optional<VersionRange> {
        const std::string* name = name_of(package);
        if (name == nullptr) return std::nullopt;
        auto it = included.find(*name);
        if (it == included.end()) return std::nullopt;
        const auto& versions = it->second;
        if (range.encoded().is_full()) return std::nullopt;
        if (versions.size() == 1 && range.contains(versions.front())) return VersionRange::singleton(versions.front());
        const bool disallowed = prerelease_disallowed.contains(*name);
        bool any_prerelease = false;
        for (const auto& [lo, hi] : range.encoded().segments()) {
            if (!lo.is_unbounded() && lo.value.is_prerelease()) any_prerelease = true;
            if (!hi.is_unbounded() && hi.value.is_prerelease()) any_prerelease = true;
        }
        std::vector<Version> kept;
        for (const auto& v : versions)
            if (any_prerelease || !(disallowed && v.is_prerelease())) kept.push_back(v);
        return VersionRange(range.encoded().simplify(kept));
    };
    return map_tree(
        tree,
        [&](const External& e) {
            External out = e;
            switch (e.kind) {
            case IncompatibilityKind::FromDependency:
                if (auto s = simplify(e.set, e.package)) out.set = *s;
                if (auto s = simplify(e.dependency_set, e.dependency)) out.dependency_set = *s;
                break;
            case IncompatibilityKind::NoVersions:
            case IncompatibilityKind::Custom:
                if (auto s = simplify(e.set, e.package)) out.set = *s;
                break;
            default: break;
            }
            return make_external(out);
        },
        [&](Metadata m, Tree c1, Tree c2) {
            for (auto& [p, t] : m.terms) {
                auto s = simplify(t.set(), p);
                if (!s) continue;
                t = t.is_positive() ? Term::positive(*s) : Term::negative(*s);
            }
            return rebuild(std::move(m), c1, c2);
        });
}

Tree restate_available_versions(const Tree& tree, const Versions& included) {
    return map_tree(tree, keep_external, [&](Metadata m, Tree c1, Tree c2) -> Tree {
        auto found = unlisted_versions(m.terms, c1, c2, included);
        if (!found) return rebuild(std::move(m), c1, c2);
        const auto& [package, unlisted] = *found;
        auto statement = [&]() {
            External e;
            e.kind = IncompatibilityKind::NoVersions;
            e.package = package;
            e.set = unlisted;
            return make_external(e);
        };
        auto carry = [&](const Tree& cause) {
            VersionRange carried = ruled_out_versions(package, cause).union_with(unlisted);
            return make_derived({{package, Term::positive(carried)}}, std::nullopt, cause, statement());
        };
        const VersionRange first = ruled_out_versions(package, c1);
        const VersionRange second = ruled_out_versions(package, c2);
        if (first.is_empty() && second.is_empty()) {
            const Term* t = find_term(m.terms, package);
            Term concluded = t ? *t : Term::positive(unlisted);
            const auto shared = m.shared_id;
            Terms inner{{package, Term::positive(reported_versions(package, c1).union_with(reported_versions(package, c2)))}};
            return make_derived({{package, concluded}}, shared, make_derived(std::move(inner), std::nullopt, c1, c2),
                                statement());
        }
        if (starts_lower(first, second)) return rebuild(std::move(m), carry(c1), c2);
        return rebuild(std::move(m), c1, carry(c2));
    });
}

Tree collapse_redundant_no_versions(const Tree& tree) {
    return map_tree(tree, keep_external, [](Metadata m, Tree c1, Tree c2) {
        if (!c1->derived && c1->external.kind == IncompatibilityKind::NoVersions &&
            can_drop_no_versions(c1->external.package, c1->external.set, c2, m.terms))
            return c2;
        if (!c2->derived && c2->external.kind == IncompatibilityKind::NoVersions &&
            can_drop_no_versions(c2->external.package, c2->external.set, c1, m.terms))
            return c1;
        return rebuild(std::move(m), c1, c2);
    });
}

std::pair<Tree, bool> collapse_redundant_no_versions_tree(const Tree& tree) {
    bool changed = false;
    Tree out = map_tree(tree, keep_external, [&](Metadata m, Tree c1, Tree c2) {
        if (!c1->derived && !c2->derived && c1->external.kind == IncompatibilityKind::NoVersions &&
            c2->external.kind == IncompatibilityKind::NoVersions && c1->external.package == c2->external.package) {
            const Term* t = find_term(m.terms, c1->external.package);
            if (t && t->is_positive() && c1->external.set.subset_of(t->set()) && c2->external.set.subset_of(t->set())) {
                changed = true;
                External e = c1->external;
                e.set = t->set();
                return make_external(e);
            }
        }
        return rebuild(std::move(m), c1, c2);
    });
    return {out, changed};
}

std::vector<ResolverPackage> tree_packages(const Tree& tree) {
    std::vector<ResolverPackage> out;
    auto add = [&](const ResolverPackage& p) {
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    };
    std::vector<const Node*> stack{tree.get()};
    while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        if (n->derived) {
            for (const auto& [p, t] : n->terms) add(p);
            stack.push_back(n->cause2.get());
            stack.push_back(n->cause1.get());
        } else {
            add(n->external.package);
            if (n->external.kind == IncompatibilityKind::FromDependency) add(n->external.dependency);
        }
    }
    return out;
}

} // namespace lockkit::resolver::report
