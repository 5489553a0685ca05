// Conflict markers around package blocks; see include/lockkit/merge/conflict_render.hpp.

#include "lockkit/merge/conflict_render.hpp"

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/writer.hpp"

#include "package_id_hash.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace lockkit::merge {

using lockfile::Lock;
using lockfile::Package;
using lockfile::PackageId;

namespace {

/// The header of `lock`: everything before the first `[[package]]`.
std::string header_of(const Lock& lock) {
    Lock copy = lock;
    copy.packages.clear();
    return lockfile::write_lock(copy);
}

/// The `[[package]]` block of one package as the writer prints it within `context` (the lock
/// whose reading it belongs to, so that an edge to a name with several versions keeps them).
std::string block_of(const Lock& context, const Package& package) { return lockfile::write_package(context, package); }

/// Identities held, for membership tests that do not scan a package list.
using IdSet = std::unordered_set<PackageId, detail::PackageIdHash>;

IdSet ids_of(const std::vector<Package>& packages) {
    IdSet out;
    out.reserve(packages.size());
    for (const auto& p : packages) out.insert(p.id);
    return out;
}

/// The identity `as_side_reads` finds a merged package's own copy by: a source tree's version
/// does not count (each side may have rebuilt it), any other package's full identity does.
PackageId copy_key(const PackageId& id) {
    if (!id.source.is_source_tree()) return id;
    PackageId key = id;
    key.version.reset();
    return key;
}

/// One side's lock, indexed once: every lookup below would otherwise scan its packages, once per
/// edge, which made rendering quadratic in the size of the conflict.
class LockIndex {
public:
    explicit LockIndex(const Lock& lock) {
        for (const auto& p : lock.packages) {
            m_by_id.emplace(p.id, &p);              // the first package of an identity
            m_by_copy_key[copy_key(p.id)] = &p;     // the last one, as the scan it replaces found it
            m_by_name[p.id.name].push_back(&p);
        }
    }
    const Package* find(const PackageId& id) const {
        const auto it = m_by_id.find(id);
        return it == m_by_id.end() ? nullptr : it->second;
    }
    /// The copy of merged package `id` in this lock, if any.
    const Package* copy_of(const PackageId& id) const {
        const auto it = m_by_copy_key.find(copy_key(id));
        return it == m_by_copy_key.end() ? nullptr : it->second;
    }
    std::vector<Package> named(const std::string& name) const {
        std::vector<Package> out;
        if (const auto it = m_by_name.find(name); it != m_by_name.end()) {
            for (const Package* p : it->second) out.push_back(*p);
        }
        return out;
    }

private:
    std::unordered_map<PackageId, const Package*, detail::PackageIdHash> m_by_id;
    std::unordered_map<PackageId, const Package*, detail::PackageIdHash> m_by_copy_key;
    std::unordered_map<std::string, std::vector<const Package*>> m_by_name;
};

/// What one side of the markers holds besides the merged part (a `std::vector<Package>`, "side
/// blocks" below): its conflicting blocks and the packages they (or merged edges to a
/// conflicting name) reach that the merged part lacks. Read with the merged part, it must be a
/// lock: `lock resolve` reads each side as one.
using SideBlocks = std::vector<Package>;

/// Adds to `side` (the blocks of side `own`) every package an edge of the merged part or of the
/// side's blocks targets that neither holds, transitively: from `own` first, else from `other`
/// (a merged edge into a name only the other side kept). Every edge gets its exact target, so
/// however the edge is printed it reads back as that target. A block whose identity the merged
/// part already holds is left out: the side would hold it twice.
void complete_side(SideBlocks& side, const Lock& merged, const IdSet& merged_ids, const LockIndex& own,
                   const LockIndex& other) {
    IdSet side_ids;
    std::vector<Package> unique;
    for (auto& p : side) {
        if (!merged_ids.contains(p.id) && side_ids.insert(p.id).second) unique.push_back(std::move(p));
    }
    side = std::move(unique);

    auto need = [&](const lockfile::Dependency& d) {
        if (merged_ids.contains(d.target) || side_ids.contains(d.target)) return;
        const Package* p = own.find(d.target);
        if (p == nullptr) p = other.find(d.target);
        if (p != nullptr) {
            side.push_back(*p);
            side_ids.insert(p->id);
        }
    };
    for (const auto& p : merged.packages) lockfile::for_each_dependency(p, need);
    for (std::size_t i = 0; i < side.size(); ++i) {
        const Package p = side[i];  // a copy: need() may grow the vector
        lockfile::for_each_dependency(p, need);
    }
}

/// A lock holding `parts`' packages, each identity once: the context blocks are printed in, so
/// that an edge names its target's version and source wherever the reading holds that name twice.
Lock context_of(const Lock& header, std::initializer_list<const std::vector<Package>*> parts, IdSet* ids = nullptr) {
    Lock context;
    context.version = header.version;
    context.revision = header.revision;
    IdSet own_ids;
    IdSet& held = ids != nullptr ? *ids : own_ids;
    for (const auto* part : parts) {
        for (const auto& p : *part) {
            if (held.insert(p.id).second) context.packages.push_back(p);
        }
    }
    return context;
}

/// A context in which a name counts several packages exactly when the merged part read with
/// one of the two sides' blocks holds several.
Lock merged_context_of(const Lock& merged, const SideBlocks& ours, const SideBlocks& theirs) {
    IdSet held;
    Lock context = context_of(merged, {&merged.packages, &ours}, &held);
    std::map<std::string, int> our_count, their_count;
    for (const auto& p : context.packages) ++our_count[p.id.name];
    for (const auto* part : {&merged.packages, &theirs}) {
        for (const auto& p : *part) ++their_count[p.id.name];
    }
    for (const auto& p : theirs) {
        if (their_count[p.id.name] > our_count[p.id.name] && held.insert(p.id).second) context.packages.push_back(p);
    }
    return context;
}

/// The reading of one side: the merged part and that side's blocks, with the identities it holds
/// and, per name, its packages' identities in reading order (the merged part first).
class Reading {
public:
    Reading(const std::vector<Package>& merged, const SideBlocks& side) {
        for (const auto* part : {&merged, &side}) {
            for (const auto& p : *part) add(p.id);
        }
    }
    /// Records a block appended to the side.
    void add(const PackageId& id) {
        m_ids.insert(id);
        m_by_name[id.name].push_back(id);
    }
    bool contains(const PackageId& id) const { return m_ids.contains(id); }
    /// Every package of `name` in the reading, once per block (a block the side copies from the
    /// merged part counts twice).
    const std::vector<PackageId>& named(const std::string& name) const {
        static const std::vector<PackageId> none;
        const auto it = m_by_name.find(name);
        return it == m_by_name.end() ? none : it->second;
    }

private:
    IdSet m_ids;
    std::unordered_map<std::string, std::vector<PackageId>> m_by_name;
};

/// `p` (a merged package) as side `side` reads it: each edge whose target that reading lacks
/// (an edge still aimed at a version neither side kept) is re-pointed to the only package of
/// that name in the reading, else to the one `own`'s copy of `p` points at under the same marker.
Package as_side_reads(Package p, const Reading& reading, const LockIndex& own) {
    const Package* own_copy = own.copy_of(p.id);
    auto fix = [&](std::vector<lockfile::Dependency>& deps) {
        for (auto& d : deps) {
            if (reading.contains(d.target)) continue;
            const std::vector<PackageId>& candidates = reading.named(d.target.name);
            if (candidates.size() == 1) {
                d.target = candidates.front();
                continue;
            }
            if (own_copy == nullptr) continue;
            lockfile::for_each_dependency(*own_copy, [&](const lockfile::Dependency& o) {
                if (o.target.name == d.target.name && o.marker == d.marker && reading.contains(o.target)) {
                    d.target = o.target;
                }
            });
        }
        std::vector<lockfile::Dependency> unique;
        for (auto& d : deps) {
            if (std::find(unique.begin(), unique.end(), d) == unique.end()) unique.push_back(std::move(d));
        }
        deps = std::move(unique);
    };
    fix(p.dependencies);
    for (auto& [n, deps] : p.optional_dependencies) fix(deps);
    for (auto& [n, deps] : p.dev_dependencies) fix(deps);
    return p;
}

/// Moves out of `merged` every package with an edge one side's reading cannot follow: each side
/// then gets its own copy of it, with that edge aimed at what the side holds.
void split_stale_edges(std::vector<Package>& merged, SideBlocks& ours_side, SideBlocks& theirs_side,
                       const LockIndex& ours, const LockIndex& theirs) {
    Reading ours_reading(merged, ours_side), theirs_reading(merged, theirs_side);
    std::vector<Package> kept, split;
    for (auto& p : merged) {
        bool stale = false;
        lockfile::for_each_dependency(p, [&](const lockfile::Dependency& d) {
            stale = stale || !ours_reading.contains(d.target) || !theirs_reading.contains(d.target);
        });
        (stale ? split : kept).push_back(p);
    }
    if (split.empty()) return;
    // Each copy joins its side's reading before the next package is read: the next one may
    // count it among the packages of its name.
    for (const auto& p : split) {
        ours_side.push_back(as_side_reads(p, ours_reading, ours));
        ours_reading.add(ours_side.back().id);
        theirs_side.push_back(as_side_reads(p, theirs_reading, theirs));
        theirs_reading.add(theirs_side.back().id);
    }
    merged = std::move(kept);
}

struct Entry {
    PackageId sort_id;
    std::string text;
};

} // namespace

std::string render_with_conflicts(const MergeOutcome& outcome, const Lock& ours, const Lock& theirs,
                                  const MarkerLabels& labels) {
    const std::string open = std::string(static_cast<std::size_t>(labels.marker_size), '<') + " " + labels.ours + "\n";
    const std::string mid = std::string(static_cast<std::size_t>(labels.marker_size), '=') + "\n";
    const std::string close = std::string(static_cast<std::size_t>(labels.marker_size), '>') + " " + labels.theirs + "\n";

    std::string out;
    const bool top_conflict = std::any_of(outcome.conflicts.begin(), outcome.conflicts.end(),
                                          [](const MergeConflict& c) { return c.package.empty(); });
    if (top_conflict) {
        out += open + header_of(ours) + mid + header_of(theirs) + close;
    } else {
        out += header_of(outcome.lock);
    }

    const LockIndex ours_index(ours), theirs_index(theirs);
    SideBlocks our_side, their_side;
    std::set<std::string> conflicted;
    for (const auto& c : outcome.conflicts) {
        if (c.package.empty()) continue;
        std::vector<Package> os = c.ours, ts = c.theirs;
        if (os.empty() && ts.empty()) {
            os = ours_index.named(c.package);
            ts = theirs_index.named(c.package);
        }
        for (auto& p : os) our_side.push_back(std::move(p));
        for (auto& p : ts) their_side.push_back(std::move(p));
        conflicted.insert(c.package);
    }
    const IdSet outcome_ids = ids_of(outcome.lock.packages);
    complete_side(our_side, outcome.lock, outcome_ids, ours_index, theirs_index);
    complete_side(their_side, outcome.lock, outcome_ids, theirs_index, ours_index);
    Lock merged = outcome.lock;
    split_stale_edges(merged.packages, our_side, their_side, ours_index, theirs_index);
    // Each side's blocks are read with the merged part; the merged part with either side's
    // blocks, so its edges name a version wherever one of the two readings holds the name twice
    // (an edge still aimed at a version neither side kept reads as the side's only one).
    const Lock merged_context = merged_context_of(merged, our_side, their_side);
    const Lock our_context = context_of(ours, {&merged.packages, &our_side});
    const Lock their_context = context_of(theirs, {&merged.packages, &their_side});

    // One entry per name: the sides' blocks of that name between markers, or printed once
    // outside them when the name is no conflict and both sides pulled in the same blocks.
    struct Named {
        std::vector<Package> ours, theirs;
    };
    std::map<std::string, Named> by_name;
    for (auto& p : our_side) by_name[p.id.name].ours.push_back(std::move(p));
    for (auto& p : their_side) by_name[p.id.name].theirs.push_back(std::move(p));
    for (const auto& name : conflicted) by_name.try_emplace(name);

    std::vector<Entry> entries;
    for (const auto& p : merged.packages) entries.push_back({p.id, block_of(merged_context, p)});
    auto by_id = [](const Package& a, const Package& b) { return lockfile::package_id_less(a.id, b.id); };
    for (auto& [name, sides] : by_name) {
        auto& os = sides.ours;
        auto& ts = sides.theirs;
        std::sort(os.begin(), os.end(), by_id);
        std::sort(ts.begin(), ts.end(), by_id);
        if (os.empty() && ts.empty()) continue;
        auto text_of = [](const Lock& context, const std::vector<Package>& ps) {
            std::string t;
            for (std::size_t i = 0; i < ps.size(); ++i) {
                if (i != 0) t += "\n";
                t += block_of(context, ps[i]);
            }
            return t;
        };
        const std::string ours_text = text_of(our_context, os);
        const std::string theirs_text = text_of(their_context, ts);
        Entry e;
        e.sort_id = !os.empty() ? os.front().id : ts.front().id;
        if (!os.empty() && !ts.empty() && lockfile::package_id_less(ts.front().id, os.front().id)) e.sort_id = ts.front().id;
        const bool is_conflict = conflicted.contains(name);
        e.text = !is_conflict && ours_text == theirs_text ? ours_text : open + ours_text + mid + theirs_text + close;
        entries.push_back(std::move(e));
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return lockfile::package_id_less(a.sort_id, b.sort_id); });
    for (const auto& e : entries) {
        out += "\n";
        out += e.text;
    }
    return out;
}

} // namespace lockkit::merge
