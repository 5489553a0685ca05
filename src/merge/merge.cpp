// The package-level three-way merge; see include/lockkit/merge/merge.hpp.

#include "lockkit/merge/merge.hpp"

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/exclude_newer_package.hpp"
#include "lockkit/lockfile/roots.hpp"
#include "lockkit/merge/three_way.hpp"

#include "manifest_merge.hpp"
#include "package_id_hash.hpp"
#include "source_tree_merge.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep440/version.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace lockkit::merge {

using lockfile::Artifact;
using lockfile::Dependency;
using lockfile::Lock;
using lockfile::Package;
using lockfile::PackageId;
using detail::version_less;

const char* provenance_name(Provenance p) {
    switch (p) {
    case Provenance::Base: return "base";
    case Provenance::Ours: return "ours";
    case Provenance::Theirs: return "theirs";
    case Provenance::Both: return "both";
    case Provenance::Merged: return "merged";
    }
    return "?";
}

namespace {

std::string source_key(const lockfile::Source& s) {
    std::string k = lockfile::source_kind_key(s.kind);
    k += '\x1f';
    k += s.location;
    k += '\x1f';
    k += s.subdirectory.value_or("");
    return k;
}

/// Full identity as a string.
std::string id_key(const PackageId& id) {
    return id.name + '\x1e' + id.version.value_or("\x01") + '\x1e' + source_key(id.source);
}

/// The key packages are matched by: source trees ignore their version.
std::string match_key(const PackageId& id) {
    if (id.source.is_source_tree()) {
        return id.name + '\x1e' + '\x02' + '\x1e' + source_key(id.source);
    }
    return id_key(id);
}

/// `id_key(a) == id_key(b)` without building the keys.
bool same_id(const PackageId& a, const PackageId& b) {
    return a.name == b.name && a.source.kind == b.source.kind && a.source.location == b.source.location &&
           std::string_view(a.version ? *a.version : "\x01") == std::string_view(b.version ? *b.version : "\x01") &&
           std::string_view(a.source.subdirectory ? *a.source.subdirectory : "") ==
               std::string_view(b.source.subdirectory ? *b.source.subdirectory : "");
}

struct IdHash {
    std::size_t operator()(const PackageId* id) const { return detail::PackageIdHash{}(*id); }
};
struct IdEqual {
    bool operator()(const PackageId* a, const PackageId* b) const { return same_id(*a, *b); }
};

/// A lock's identities -> the index of the first package with that identity
/// (the lookups `id_key` strings did, without allocating a key per query).
class IdIndex {
public:
    explicit IdIndex(const std::vector<Package>& packages) {
        m_map.reserve(packages.size());
        for (std::size_t i = 0; i < packages.size(); ++i) m_map.emplace(&packages[i].id, i);
    }
    std::optional<std::size_t> find(const PackageId& id) const {
        const auto it = m_map.find(&id);
        if (it == m_map.end()) return std::nullopt;
        return it->second;
    }
    bool contains(const PackageId& id) const { return m_map.contains(&id); }

private:
    std::unordered_map<const PackageId*, std::size_t, IdHash, IdEqual> m_map;
};

struct Sides {
    const Package* base = nullptr;
    const Package* ours = nullptr;
    const Package* theirs = nullptr;
};

bool same(const Package* a, const Package* b) {
    if (a == nullptr || b == nullptr) return a == b;
    return *a == *b;
}

bool same_artifact_identity(const Artifact& a, const Artifact& b) {
    if (a.location_kind != b.location_kind || a.location != b.location) return false;
    return !(a.hash && b.hash && *a.hash != *b.hash);
}

/// Non-empty when the same identity carries different artifacts on the two sides.
std::string tamper_reason(const Package& o, const Package& t) {
    if (o.sdist && t.sdist && !same_artifact_identity(*o.sdist, *t.sdist)) {
        return "the sdist differs (" + o.sdist->filename() + ": URL or hash)";
    }
    if (o.variants_json && t.variants_json && !same_artifact_identity(*o.variants_json, *t.variants_json)) {
        return "variants-json differs";
    }
    std::unordered_map<std::string, const Artifact*> wheels;
    for (const auto& w : o.wheels) wheels.emplace(w.filename(), &w);
    for (const auto& w : t.wheels) {
        const auto it = wheels.find(w.filename());
        if (it != wheels.end() && !same_artifact_identity(*it->second, w)) {
            return "wheel " + w.filename() + " differs (URL or hash)";
        }
    }
    return {};
}

void fill_upload_time(Artifact& into, const Artifact& from) {
    if (!into.upload_time && from.upload_time && same_artifact_identity(into, from)) into.upload_time = from.upload_time;
}

/// The wheel of `from` with `wheel`'s filename: most often at the same
/// position (both sides list wheels sorted by filename), else searched.
const Artifact* same_wheel(const Artifact& wheel, std::size_t position, const Package& from) {
    const std::string_view name = wheel.filename_view();
    if (position < from.wheels.size() && from.wheels[position].filename_view() == name) return &from.wheels[position];
    for (const auto& f : from.wheels) {
        if (f.filename_view() == name) return &f;
    }
    return nullptr;
}

/// `into` with upload times it lacks taken from `from` (uv versions differ in writing them).
Package with_upload_times(Package into, const Package& from) {
    if (into.sdist && from.sdist) fill_upload_time(*into.sdist, *from.sdist);
    for (std::size_t i = 0; i < into.wheels.size(); ++i) {
        if (into.wheels[i].upload_time) continue;
        if (const Artifact* f = same_wheel(into.wheels[i], i, from)) fill_upload_time(into.wheels[i], *f);
    }
    return into;
}

/// Equal, where an upload time only one of the two records does not count.
bool same_but_upload_time(const Artifact& a, const Artifact& b) {
    return a.location_kind == b.location_kind && a.location == b.location && a.hash == b.hash && a.size == b.size &&
           a.zstd == b.zstd && (!a.upload_time || !b.upload_time || a.upload_time == b.upload_time);
}

bool same_but_upload_time(const std::optional<Artifact>& a, const std::optional<Artifact>& b) {
    if (!a || !b) return !a && !b;
    return same_but_upload_time(*a, *b);
}

/// Equal but for what one writer records and another leaves out: upload
/// times (revision 2 added them; an artifact keeps its time, so a missing
/// one is no change). Compared in place: packages can carry hundreds of wheels.
bool same_but_writer(const Package* a, const Package* b) {
    if (a == nullptr || b == nullptr || !(a->id == b->id) || a->wheels.size() != b->wheels.size()) return false;
    if (!same_but_upload_time(a->sdist, b->sdist) || !same_but_upload_time(a->variants_json, b->variants_json)) return false;
    for (std::size_t i = 0; i < a->wheels.size(); ++i) {
        const Artifact* w = same_wheel(a->wheels[i], i, *b);
        if (w == nullptr || !same_but_upload_time(a->wheels[i], *w)) return false;
    }
    return a->resolution_markers == b->resolution_markers && a->dependencies == b->dependencies &&
           a->optional_dependencies == b->optional_dependencies && a->dev_dependencies == b->dev_dependencies &&
           a->metadata == b->metadata;
}

/// `a` and `b` equal once every edge target's version is ignored.
bool same_but_edge_versions(const Package& a, const Package& b) {
    auto blank = [](Package p) {
        auto clear = [](std::vector<Dependency>& deps) {
            for (auto& d : deps) d.target.version.reset();
        };
        clear(p.dependencies);
        for (auto& [n, deps] : p.optional_dependencies) clear(deps);
        for (auto& [n, deps] : p.dev_dependencies) clear(deps);
        return p;
    };
    return with_upload_times(blank(a), b) == with_upload_times(blank(b), a);
}

/// Which packages (by index) the lock's roots reach (lockfile/roots.hpp);
/// nothing when the lock has no roots.
std::optional<std::vector<bool>> reachable(const Lock& lock) {
    return lockfile::reachable_packages(lock, lockfile::lock_roots(lock));
}

void dedupe(std::vector<Dependency>& deps) {
    std::vector<Dependency> out;
    for (auto& d : deps) {
        if (!contains(out, d)) out.push_back(std::move(d));
    }
    deps = std::move(out);
}

class Merger {
public:
    Merger(const Lock& base, const Lock& ours, const Lock& theirs, const MergeOptions& options)
        : m_base(base), m_ours(ours), m_theirs(theirs), m_options(options) {}

    MergeOutcome run() {
        merge_top_level();
        merge_packages();
        resolve_version_sets();
        for (auto& [key, p] : m_result) m_out.lock.packages.push_back(std::move(p));
        retarget_edges();
        drop_unreachable();
        check_retargets();
        check_requirements();
        check_edges();
        lockfile::canonicalize(m_out.lock);
        for (const auto& p : m_out.lock.packages) {
            const auto it = m_provenance.find(match_key(p.id));
            m_out.report.provenance.push_back({p.id, it != m_provenance.end() ? it->second : Provenance::Merged});
        }
        return std::move(m_out);
    }

private:
    void conflict(const std::string& package, std::string reason, std::vector<Package> ours, std::vector<Package> theirs) {
        for (auto& c : m_out.conflicts) {
            if (!package.empty() && c.package == package) {
                c.reason += "; " + reason;
                for (auto& p : ours) c.ours.push_back(std::move(p));
                for (auto& p : theirs) c.theirs.push_back(std::move(p));
                return;
            }
        }
        m_out.conflicts.push_back({package, std::move(reason), std::move(ours), std::move(theirs)});
    }

    template <typename T>
    void top(T Lock::*member, const char* name) {
        if (auto v = merge_value(m_base.*member, m_ours.*member, m_theirs.*member)) {
            m_out.lock.*member = std::move(*v);
        } else {
            m_out.lock.*member = m_ours.*member;
            conflict("", std::string("both sides changed ") + name, {}, {});
        }
    }

    /// `[options]`; the order of `exclude-newer-package` carries no meaning (uv writes its
    /// hash map's order and compares it as a map), so a side that only reorders it is unchanged.
    void merge_options() {
        auto same = [](const lockfile::Options& a, const lockfile::Options& b) {
            if (a == b) return true;
            auto without_table = [](lockfile::Options o) {
                o.exclude_newer_package.clear();
                return o;
            };
            return without_table(a) == without_table(b) &&
                   a.exclude_newer_package.size() == b.exclude_newer_package.size() &&
                   lockfile::exclude_newer_package_by_name(a) == lockfile::exclude_newer_package_by_name(b);
        };
        const auto &base = m_base.options, &ours = m_ours.options, &theirs = m_theirs.options;
        if (same(ours, theirs) || same(base, theirs)) {
            m_out.lock.options = ours;
        } else if (same(base, ours)) {
            m_out.lock.options = theirs;
        } else {
            m_out.lock.options = ours;
            conflict("", "both sides changed options", {}, {});
        }
    }

    void merge_top_level() {
        m_out.lock.version = std::max(m_ours.version, m_theirs.version);
        m_out.lock.revision = std::max(m_ours.revision, m_theirs.revision);
        top(&Lock::requires_python, "requires-python");
        top(&Lock::resolution_markers, "resolution-markers");
        top(&Lock::supported_markers, "supported-markers");
        top(&Lock::required_markers, "required-markers");
        merge_options();
        m_out.lock.conflicts = merge_set(m_base.conflicts, m_ours.conflicts, m_theirs.conflicts);

        std::vector<std::string> manifest_conflicts;
        m_out.lock.manifest = detail::merge_manifest(m_base.manifest, m_ours.manifest, m_theirs.manifest, manifest_conflicts);
        for (auto& why : manifest_conflicts) conflict("", std::move(why), {}, {});
    }

    void merge_packages() {
        std::map<std::string, Sides> sides;
        for (const auto& p : m_base.packages) sides[match_key(p.id)].base = &p;
        for (const auto& p : m_ours.packages) sides[match_key(p.id)].ours = &p;
        for (const auto& p : m_theirs.packages) sides[match_key(p.id)].theirs = &p;
        for (const auto& [key, s] : sides) {
            const Package* b = s.base;
            const Package* o = s.ours;
            const Package* t = s.theirs;
            // Each comparison once (most packages are unchanged on both sides,
            // and then ours equals theirs without comparing them).
            const bool ours_exact = same(o, b);
            const bool theirs_exact = same(t, b);
            const bool ours_unchanged = ours_exact || same_but_writer(o, b);
            const bool theirs_unchanged = theirs_exact || same_but_writer(t, b);
            const bool sides_agree = (ours_unchanged && theirs_unchanged) || same(o, t);
            // Only when both sides changed it: a change on one side alone was
            // reviewed on that branch and is simply taken.
            if (o != nullptr && t != nullptr && o->id == t->id && !ours_unchanged && !theirs_unchanged) {
                if (auto why = tamper_reason(*o, *t); !why.empty()) {
                    m_out.refusals.push_back({o->id, why});
                    continue;
                }
            }
            // A side that changed the files of an unchanged identity is taken
            // (it was reviewed on its branch) but never silently: say so.
            if (b != nullptr) {
                for (const auto& [side, name, unchanged] :
                     {std::tuple{o, "ours", ours_unchanged}, std::tuple{t, "theirs", theirs_unchanged}}) {
                    if (side != nullptr && side->id == b->id && !unchanged) {
                        if (auto why = tamper_reason(*b, *side); !why.empty()) {
                            m_out.report.notes.push_back(std::string("security: ") + name + " changed `" + b->id.name +
                                                         "` " + b->id.version.value_or("") +
                                                         " without a version change (" + why + "); review it");
                        }
                    }
                }
            }
            if (ours_unchanged && theirs_unchanged && !(ours_exact && theirs_exact)) {
                // Only a writer differs (upload times): keep every time either
                // side records; the result takes the higher of their
                // revisions, whose writer records them.
                take(key, with_upload_times(*o, *t), Provenance::Base);
            } else if (sides_agree) {
                if (o != nullptr) take(key, *o, ours_unchanged ? Provenance::Base : Provenance::Both);
            } else if (ours_unchanged) {
                if (t != nullptr) take(key, *t, Provenance::Theirs);
            } else if (theirs_unchanged) {
                if (o != nullptr) take(key, *o, Provenance::Ours);
            } else if (o != nullptr && t != nullptr && o->id == t->id &&
                       with_upload_times(*o, *t) == with_upload_times(*t, *o)) {
                take(key, with_upload_times(*o, *t), Provenance::Both);
            } else if (o != nullptr && t != nullptr && o->id == t->id && !o->id.source.is_source_tree() &&
                       same_but_edge_versions(*o, *t)) {
                // Both sides only moved where its edges point (each side bumped a
                // dependency): the version decision for those names settles the
                // edges, and retargeting checks each one (retarget_edges).
                take(key, with_upload_times(*o, *t), Provenance::Merged);
            } else if (o != nullptr && t != nullptr && o->id.source.is_source_tree()) {
                std::string why;
                if (auto merged = detail::merge_source_tree(b, *o, *t, {m_base.revision, m_ours.revision, m_theirs.revision},
                                                            m_options, m_out.report.notes, why)) {
                    take(key, std::move(*merged), Provenance::Merged);
                } else {
                    conflict(o->id.name, why, {*o}, {*t});
                }
            } else {
                const std::string& name = o != nullptr ? o->id.name : t->id.name;
                std::vector<Package> os, ts;
                if (o != nullptr) os.push_back(*o);
                if (t != nullptr) ts.push_back(*t);
                conflict(name, o == nullptr || t == nullptr ? "one side removed it, the other changed it"
                                                            : "both sides changed it differently",
                         std::move(os), std::move(ts));
            }
        }
    }

    void take(const std::string& key, Package p, Provenance provenance) {
        m_provenance[key] = provenance;
        m_result.emplace(key, std::move(p));
    }

    /// Non-source-tree identities by name (a lock holds each identity once).
    using IdSet = std::vector<const PackageId*>;
    static std::map<std::string_view, IdSet> version_sets(const Lock& lock) {
        std::map<std::string_view, IdSet> out;
        for (const auto& p : lock.packages) {
            if (p.id.source.is_source_tree()) continue;
            auto& set = out[p.id.name];
            if (std::none_of(set.begin(), set.end(), [&](const PackageId* id) { return same_id(*id, p.id); })) {
                set.push_back(&p.id);
            }
        }
        return out;
    }

    static bool same_set(const IdSet& a, const IdSet& b) {
        return a.size() == b.size() && std::all_of(a.begin(), a.end(), [&](const PackageId* x) {
                   return std::any_of(b.begin(), b.end(), [&](const PackageId* y) { return same_id(*x, *y); });
               });
    }

    static std::vector<Package> named(const Lock& lock, const std::string& name) {
        std::vector<Package> out;
        for (const auto& p : lock.packages) {
            if (p.id.name == name && !p.id.source.is_source_tree()) out.push_back(p);
        }
        return out;
    }

    static std::optional<std::string> max_version(const std::vector<Package>& packages) {
        std::optional<std::string> best;
        for (const auto& p : packages) {
            if (!best || version_less(best, p.id.version)) best = p.id.version;
        }
        return best;
    }

    /// Both sides changed the set of versions of one name differently (both bumped it).
    void resolve_version_sets() {
        const auto b = version_sets(m_base);
        const auto o = version_sets(m_ours);
        const auto t = version_sets(m_theirs);
        static const IdSet none;
        std::set<std::string_view> names;
        for (const auto& [n, s] : o) names.insert(n);
        for (const auto& [n, s] : t) names.insert(n);
        for (const auto name_view : names) {
            auto get = [&](const auto& m) -> const IdSet& {
                const auto it = m.find(name_view);
                return it == m.end() ? none : it->second;
            };
            const auto &sb = get(b), &so = get(o), &st = get(t);
            if (same_set(so, sb) || same_set(st, sb) || same_set(so, st)) continue;
            // One side dropped the name, the other moved it: keep the moved
            // versions the package pass took; if nothing needs the name after
            // the merge, drop_unreachable removes them, which is what the
            // dropping side meant.
            if (so.empty() || st.empty()) continue;
            const std::string name(name_view);
            // Replace whatever the package-level pass made of this name.
            for (auto it = m_result.begin(); it != m_result.end();) {
                if (it->second.id.name == name && !it->second.id.source.is_source_tree()) {
                    it = m_result.erase(it);
                } else {
                    ++it;
                }
            }
            std::erase_if(m_out.conflicts, [&](const MergeConflict& c) { return c.package == name; });
            // Refusals stay: a changed hash under an unchanged version is never
            // settled by a version policy.
            auto ours = named(m_ours, name);
            auto theirs = named(m_theirs, name);
            Prefer prefer = m_options.prefer;
            if (prefer == Prefer::Newer) {
                prefer = version_less(max_version(ours), max_version(theirs)) ? Prefer::Theirs : Prefer::Ours;
            }
            if (prefer == Prefer::None) {
                conflict(name, "both sides changed its version(s) differently (use --prefer newer|ours|theirs)",
                         std::move(ours), std::move(theirs));
                continue;
            }
            const bool take_ours = prefer == Prefer::Ours;
            for (auto& p : take_ours ? ours : theirs) {
                const std::string key = match_key(p.id);
                take(key, std::move(p), take_ours ? Provenance::Ours : Provenance::Theirs);
            }
        }
    }

    /// An edge whose exact target left the lock is re-pointed to the only
    /// package of that name (a side moved that version). A lock records no
    /// requirements of registry packages, so a re-pointed edge is trusted only
    /// where some side's lock already pairs the same package with the new
    /// target (uv resolved the two together), or where it starts at a source
    /// tree whose recorded requirements `check_requirements` judges. Any other
    /// re-pointed edge makes its target a conflict (`check_retargets`): only a
    /// resolver can tell whether bar 1.0 accepts the foo 2.0 the other side
    /// moved to.
    void retarget_edges() {
        const IdIndex present(m_out.lock.packages);  // only edges change below, never an identity
        std::unordered_map<std::string_view, std::vector<const Package*>> by_name;
        for (const auto& p : m_out.lock.packages) by_name[p.id.name].push_back(&p);
        std::unordered_map<std::string_view, PackageId> unique;
        for (const auto& [name, ps] : by_name) {
            if (ps.size() == 1) unique.emplace(name, ps.front()->id);
        }
        auto fix = [&](const Package& from, std::vector<Dependency>& deps) {
            bool changed = false;
            for (auto& d : deps) {
                if (present.contains(d.target)) continue;
                auto it = unique.find(d.target.name);
                if (it == unique.end()) {
                    // Several versions remain (forks): the one some side's lock
                    // already pairs with `from`, if exactly one is.
                    const auto candidates = by_name.find(d.target.name);
                    if (candidates == by_name.end()) continue;
                    const Package* only = nullptr;
                    int trusted = 0;
                    for (const Package* q : candidates->second) {
                        if (retarget_trusted(from, q->id, false)) {
                            only = q;
                            ++trusted;
                        }
                    }
                    if (trusted != 1) continue;
                    d.target = only->id;
                    changed = true;
                    continue;
                }
                if (!retarget_trusted(from, it->second)) {
                    m_unverified_retargets.try_emplace(
                        d.target.name, from.id.name + " " + from.id.version.value_or("") + " was locked with " +
                                           d.target.name + " " + d.target.version.value_or("") + ", the merge moves " +
                                           d.target.name + " to " + it->second.version.value_or("") + ", and the lock does not record " +
                                           from.id.name + "'s requirement on " + d.target.name +
                                           " (re-resolve to check it)");
                }
                d.target = it->second;
                changed = true;
            }
            if (changed) dedupe(deps);
        };
        for (auto& p : m_out.lock.packages) {
            fix(p, p.dependencies);
            for (auto& [n, deps] : p.optional_dependencies) fix(p, deps);
            for (auto& [n, deps] : p.dev_dependencies) fix(p, deps);
        }
    }

    /// Whether some input lock holds `from` with an edge to exactly `to`, and no
    /// override on its name (an override would make that pairing no evidence).
    bool retarget_trusted(const Package& from, const PackageId& to, bool source_tree_metadata_suffices = true) {
        if (source_tree_metadata_suffices && from.id.source.is_source_tree() && from.metadata.present) return true;
        for (int side = 0; side < 3; ++side) {
            const Lock& lock = side == 0 ? m_base : side == 1 ? m_ours : m_theirs;
            auto& index = m_side_index[side];
            if (!index) index.emplace(lock.packages);
            const auto at = index->find(from.id);
            if (!at) continue;
            const bool overridden = std::any_of(lock.manifest.overrides.begin(), lock.manifest.overrides.end(),
                                                [&](const lockfile::ManifestEntry& e) {
                                                    return (e.requirement && e.requirement->name == to.name) || e.scoped;
                                                });
            if (overridden) continue;
            bool found = false;
            lockfile::for_each_dependency(lock.packages[*at], [&](const Dependency& d) { found = found || same_id(d.target, to); });
            if (found) return true;
        }
        return false;
    }

    /// Each name an untrusted re-pointed edge targets becomes a conflict, with
    /// both sides' packages of that name between the markers.
    void check_retargets() {
        for (const auto& [name, reason] : m_unverified_retargets) {
            if (std::any_of(m_out.conflicts.begin(), m_out.conflicts.end(),
                            [&](const MergeConflict& c) { return c.package == name; })) {
                continue;
            }
            std::erase_if(m_out.lock.packages,
                          [&](const Package& q) { return q.id.name == name && !q.id.source.is_source_tree(); });
            std::erase_if(m_out.report.dropped, [&](const PackageId& id) { return id.name == name; });
            conflict(name, reason, named(m_ours, name), named(m_theirs, name));
        }
    }

    /// Drops packages nothing reaches any more; a package a side already kept
    /// unreachable stays (the merge must not change what it did not merge).
    void drop_unreachable() {
        const auto now = reachable(m_out.lock);
        if (!now) return;
        // The sides' reachability only matters for a package the result no
        // longer reaches: computed on the first such package, if any.
        struct SideReach {
            std::optional<IdIndex> index;
            std::optional<std::vector<bool>> reached;
        };
        std::optional<SideReach> ours, theirs;
        auto unreachable_in = [](std::optional<SideReach>& side, const Lock& lock, const PackageId& id) {
            if (!side) {
                side.emplace();
                side->index.emplace(lock.packages);
                side->reached = reachable(lock);
            }
            const auto i = side->index->find(id);
            return i && (!side->reached || !(*side->reached)[*i]);
        };
        auto& packages = m_out.lock.packages;
        std::vector<bool> keep(packages.size());
        for (std::size_t i = 0; i < packages.size(); ++i) {
            const PackageId& id = packages[i].id;
            keep[i] = (*now)[i] || unreachable_in(ours, m_ours, id) || unreachable_in(theirs, m_theirs, id);
        }
        std::vector<Package> kept;
        kept.reserve(packages.size());
        for (std::size_t i = 0; i < packages.size(); ++i) {
            if (keep[i]) {
                kept.push_back(std::move(packages[i]));
            } else {
                m_out.report.dropped.push_back(packages[i].id);
            }
        }
        packages = std::move(kept);
    }

    /// Re-checks each source tree's recorded requirements (`[package.metadata]`
    /// requires-dist and requires-dev) against the versions its edges point at:
    /// a locked version that satisfies none of the package's registry
    /// specifiers on that name is a conflict needing a re-lock. Judging by the
    /// edges (not by every package of the name) keeps forks and marker-split
    /// requirements from raising false alarms.
    void check_requirements() {
        std::set<std::string> conflicted;
        for (const auto& c : m_out.conflicts) conflicted.insert(c.package);
        std::map<std::string, std::string> unsatisfied;  // name -> reason
        for (const auto& p : m_out.lock.packages) {
            if (!p.id.source.is_source_tree()) continue;
            std::map<std::string, std::vector<pep440::VersionSpecifiers>> specs;
            std::set<std::string> unconstrained;  // a requirement without a specifier or with a URL
            auto collect = [&](const std::vector<lockfile::Requirement>& reqs) {
                for (const auto& r : reqs) {
                    const bool registry = !(r.url || r.git || r.path || r.directory || r.editable || r.virtual_);
                    if (!registry || !r.specifier || r.specifier->empty()) {
                        unconstrained.insert(r.name);
                        continue;
                    }
                    if (auto parsed = pep440::VersionSpecifiers::parse(*r.specifier)) {
                        specs[r.name].push_back(std::move(*parsed));
                    } else {
                        unconstrained.insert(r.name);
                    }
                }
            };
            if (p.metadata.requires_dist) collect(*p.metadata.requires_dist);
            if (p.metadata.requires_dev) {
                for (const auto& [group, reqs] : *p.metadata.requires_dev) collect(reqs);
            }
            if (specs.empty()) continue;
            lockfile::for_each_dependency(p, [&](const Dependency& d) {
                const std::string& name = d.target.name;
                if (conflicted.contains(name) || unconstrained.contains(name) || unsatisfied.contains(name)) return;
                const auto it = specs.find(name);
                if (it == specs.end() || !d.target.version || d.target.source.is_source_tree()) return;
                const auto v = pep440::Version::parse(*d.target.version);
                if (!v) return;
                const bool ok = std::any_of(it->second.begin(), it->second.end(),
                                            [&](const pep440::VersionSpecifiers& s) { return s.contains(*v); });
                if (!ok) {
                    std::string wanted;
                    for (const auto& s : it->second) wanted += (wanted.empty() ? "" : " or ") + name + s.to_string();
                    unsatisfied.emplace(name, p.id.name + " requires " + wanted + " but the merge locks " + name + " " +
                                                  *d.target.version + " (re-lock with `uv lock`)");
                }
            });
        }
        for (const auto& [name, reason] : unsatisfied) {
            std::erase_if(m_out.lock.packages,
                          [&](const Package& q) { return q.id.name == name && !q.id.source.is_source_tree(); });
            std::erase_if(m_out.report.dropped, [&](const PackageId& id) { return id.name == name; });
            conflict(name, reason, named(m_ours, name), named(m_theirs, name));
        }
    }

    void check_edges() {
        const IdIndex present(m_out.lock.packages);
        std::set<std::string> conflicted;
        for (const auto& c : m_out.conflicts) conflicted.insert(c.package);
        for (const auto& p : m_out.lock.packages) {
            lockfile::for_each_dependency(p, [&](const Dependency& d) {
                if (present.contains(d.target) || conflicted.contains(d.target.name)) return;
                conflict(d.target.name, "an edge from " + p.id.name + " has no target after the merge", {}, {});
                conflicted.insert(d.target.name);
            });
        }
    }

    const Lock& m_base;
    const Lock& m_ours;
    const Lock& m_theirs;
    MergeOptions m_options;
    MergeOutcome m_out;
    std::map<std::string, Package> m_result;
    std::map<std::string, Provenance> m_provenance;
    /// Target name -> why a re-pointed edge to it could not be checked.
    std::map<std::string, std::string> m_unverified_retargets;
    std::optional<IdIndex> m_side_index[3];  ///< base, ours, theirs; built on first use
};

} // namespace

MergeOutcome merge_locks(const Lock& base, const Lock& ours, const Lock& theirs, const MergeOptions& options) {
    return Merger(base, ours, theirs, options).run();
}

} // namespace lockkit::merge
