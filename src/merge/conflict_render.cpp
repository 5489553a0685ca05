// Conflict markers around package blocks; see include/lockkit/merge/conflict_render.hpp.

#include "lockkit/merge/conflict_render.hpp"

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/writer.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>

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

std::vector<Package> named(const Lock& lock, const std::string& name) {
    std::vector<Package> out;
    for (const auto& p : lock.packages) {
        if (p.id.name == name) out.push_back(p);
    }
    return out;
}

const Package* find_id(const std::vector<Package>& packages, const PackageId& id) {
    for (const auto& p : packages) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

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
void complete_side(SideBlocks& side, const Lock& merged, const Lock& own, const Lock& other) {
    std::vector<Package> unique;
    for (auto& p : side) {
        if (find_id(merged.packages, p.id) == nullptr && find_id(unique, p.id) == nullptr) unique.push_back(std::move(p));
    }
    side = std::move(unique);

    auto need = [&](const lockfile::Dependency& d) {
        if (find_id(merged.packages, d.target) != nullptr || find_id(side, d.target) != nullptr) return;
        const Package* p = find_id(own.packages, d.target);
        if (p == nullptr) p = find_id(other.packages, d.target);
        if (p != nullptr) side.push_back(*p);
    };
    for (const auto& p : merged.packages) lockfile::for_each_dependency(p, need);
    for (std::size_t i = 0; i < side.size(); ++i) {
        const Package p = side[i];  // a copy: need() may grow the vector
        lockfile::for_each_dependency(p, need);
    }
}

/// A lock holding `parts`' packages, each identity once: the context blocks are printed in, so
/// that an edge names its target's version and source wherever the reading holds that name twice.
Lock context_of(const Lock& header, std::initializer_list<const std::vector<Package>*> parts) {
    Lock context;
    context.version = header.version;
    context.revision = header.revision;
    for (const auto* part : parts) {
        for (const auto& p : *part) {
            if (find_id(context.packages, p.id) == nullptr) context.packages.push_back(p);
        }
    }
    return context;
}

/// A context in which a name counts several packages exactly when the merged part read with
/// one of the two sides' blocks holds several.
Lock merged_context_of(const Lock& merged, const SideBlocks& ours, const SideBlocks& theirs) {
    Lock context = context_of(merged, {&merged.packages, &ours});
    std::map<std::string, int> our_count, their_count;
    for (const auto& p : context.packages) ++our_count[p.id.name];
    for (const auto* part : {&merged.packages, &theirs}) {
        for (const auto& p : *part) ++their_count[p.id.name];
    }
    for (const auto& p : theirs) {
        if (their_count[p.id.name] > our_count[p.id.name] && find_id(context.packages, p.id) == nullptr) {
            context.packages.push_back(p);
        }
    }
    return context;
}

/// Whether `target` is in the reading of one side: the merged part and that side's blocks.
bool in_reading(const std::vector<Package>& merged, const SideBlocks& side, const PackageId& target) {
    return find_id(merged, target) != nullptr || find_id(side, target) != nullptr;
}

/// `p` (a merged package) as side `side` reads it: each edge whose target that reading lacks
/// (an edge still aimed at a version neither side kept) is re-pointed to the only package of
/// that name in the reading, else to the one `own`'s copy of `p` points at under the same marker.
Package as_side_reads(Package p, const std::vector<Package>& merged, const SideBlocks& side, const Lock& own) {
    const Package* own_copy = nullptr;
    for (const auto& q : own.packages) {
        const bool same = q.id.source.is_source_tree() ? q.id.name == p.id.name && q.id.source == p.id.source : q.id == p.id;
        if (same) own_copy = &q;
    }
    auto fix = [&](std::vector<lockfile::Dependency>& deps) {
        for (auto& d : deps) {
            if (in_reading(merged, side, d.target)) continue;
            std::vector<const Package*> candidates;
            for (const auto* part : {&merged, &side}) {
                for (const auto& q : *part) {
                    if (q.id.name == d.target.name) candidates.push_back(&q);
                }
            }
            if (candidates.size() == 1) {
                d.target = candidates.front()->id;
                continue;
            }
            if (own_copy == nullptr) continue;
            lockfile::for_each_dependency(*own_copy, [&](const lockfile::Dependency& o) {
                if (o.target.name == d.target.name && o.marker == d.marker && in_reading(merged, side, o.target)) {
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
void split_stale_edges(std::vector<Package>& merged, SideBlocks& ours_side, SideBlocks& theirs_side, const Lock& ours,
                       const Lock& theirs) {
    std::vector<Package> kept, split;
    for (auto& p : merged) {
        bool stale = false;
        lockfile::for_each_dependency(p, [&](const lockfile::Dependency& d) {
            stale = stale || !in_reading(merged, ours_side, d.target) || !in_reading(merged, theirs_side, d.target);
        });
        (stale ? split : kept).push_back(p);
    }
    if (split.empty()) return;
    for (const auto& p : split) {
        ours_side.push_back(as_side_reads(p, merged, ours_side, ours));
        theirs_side.push_back(as_side_reads(p, merged, theirs_side, theirs));
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

    SideBlocks our_side, their_side;
    std::vector<std::string> conflicted;
    for (const auto& c : outcome.conflicts) {
        if (c.package.empty()) continue;
        std::vector<Package> os = c.ours, ts = c.theirs;
        if (os.empty() && ts.empty()) {
            os = named(ours, c.package);
            ts = named(theirs, c.package);
        }
        for (auto& p : os) our_side.push_back(std::move(p));
        for (auto& p : ts) their_side.push_back(std::move(p));
        conflicted.push_back(c.package);
    }
    complete_side(our_side, outcome.lock, ours, theirs);
    complete_side(their_side, outcome.lock, theirs, ours);
    Lock merged = outcome.lock;
    split_stale_edges(merged.packages, our_side, their_side, ours, theirs);
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
        const bool is_conflict = std::find(conflicted.begin(), conflicted.end(), name) != conflicted.end();
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
