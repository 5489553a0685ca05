// Conflict markers around package blocks; see include/lockkit/merge/conflict_render.hpp.

#include "lockkit/merge/conflict_render.hpp"

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/writer.hpp"

#include <algorithm>

namespace lockkit::merge {

using lockfile::Lock;
using lockfile::Package;

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

struct Entry {
    lockfile::PackageId sort_id;
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

    std::vector<Entry> entries;
    for (const auto& p : outcome.lock.packages) entries.push_back({p.id, block_of(outcome.lock, p)});
    for (const auto& c : outcome.conflicts) {
        if (c.package.empty()) continue;
        std::vector<Package> os = c.ours, ts = c.theirs;
        if (os.empty() && ts.empty()) {
            os = named(ours, c.package);
            ts = named(theirs, c.package);
        }
        auto by_id = [](const Package& a, const Package& b) { return lockfile::package_id_less(a.id, b.id); };
        std::sort(os.begin(), os.end(), by_id);
        std::sort(ts.begin(), ts.end(), by_id);
        if (os.empty() && ts.empty()) continue;
        Entry e;
        e.sort_id = !os.empty() ? os.front().id : ts.front().id;
        if (!os.empty() && !ts.empty() && lockfile::package_id_less(ts.front().id, os.front().id)) e.sort_id = ts.front().id;
        e.text = open;
        for (std::size_t i = 0; i < os.size(); ++i) {
            if (i != 0) e.text += "\n";
            e.text += block_of(ours, os[i]);
        }
        e.text += mid;
        for (std::size_t i = 0; i < ts.size(); ++i) {
            if (i != 0) e.text += "\n";
            e.text += block_of(theirs, ts[i]);
        }
        e.text += close;
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
