// Sync planning; see include/lockkit/install/sync_plan.hpp.

#include "lockkit/install/sync_plan.hpp"

#include "lockkit/install/direct_url.hpp"
#include "lockkit/install/record.hpp"
#include "lockkit/install/virtual_environment.hpp"
#include "lockkit/pep440/same_version.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/parallel.hpp"
#include "lockkit/util/sha256.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace lockkit::install {

namespace {

std::string relative_to_root(const std::filesystem::path& p, const Layout& layout) {
    return p.lexically_relative(layout.root).generic_string();
}

/// The outcome of checking one kept distribution's files.
struct Integrity {
    bool intact = true;
    std::string problem;                          ///< why not
    std::optional<InstallState::Files> refreshed; ///< new stamps to remember
};

class IntegrityCheck {
public:
    IntegrityCheck(const InstalledDistribution& dist, const Layout& layout, const InstallState& state,
                   const ChangedFiles* known, bool verify_files)
        : m_dist(dist), m_layout(layout), m_state(state), m_known(known), m_verify_files(verify_files) {}

    Integrity run() {
        const std::string key = relative_to_root(m_dist.metadata_dir, m_layout);
        if (m_state.contains(key) && !m_verify_files) {
            return {};  // installed and stamped by lockkit: trusted, as uv trusts what it installed
        }
        const auto stamps = m_state.find(key);
        if (stamps) {
            const auto known = m_known ? m_known->find(key) : ChangedFiles::const_iterator();
            const auto changed = m_known && known != m_known->end() ? known->second
                                                                     : changed_files(m_layout.root, *stamps);
            if (changed.empty()) {
                return {};
            }
            return recheck(*stamps, changed);
        }
        return check_all();
    }

private:
    std::optional<std::vector<RecordEntry>> record() {
        auto text = read_file(m_dist.metadata_dir / "RECORD");
        if (!text) {
            return std::nullopt;
        }
        auto rows = parse_record(*text);
        if (!rows) {
            return std::nullopt;
        }
        return std::move(*rows);
    }

    /// A RECORD row's file relative to the environment root; empty when outside it.
    std::string row_path(const RecordEntry& row) const {
        const auto abs = (m_dist.site_packages / row.path).lexically_normal();
        const auto rel = abs.lexically_relative(m_layout.root);
        if (rel.empty() || *rel.begin() == "..") {
            return {};
        }
        return rel.generic_string();
    }

    static std::optional<std::string> hash_of(const std::filesystem::path& file) {
        auto digest = sha256_file(file);
        if (!digest) {
            return std::nullopt;
        }
        return record_hash_from_hex(*digest);
    }

    Integrity recheck(const InstallState::Files& stamps, const std::vector<std::string>& changed) {
        auto rows = record();
        if (!rows) {
            return {false, "its RECORD is missing or unreadable", std::nullopt};
        }
        std::unordered_map<std::string, const RecordEntry*> by_path;
        for (const auto& row : *rows) {
            by_path.emplace(row_path(row), &row);
        }
        for (const auto& path : changed) {
            const auto it = by_path.find(path);
            if (it == by_path.end() || !it->second->hash.starts_with("sha256=")) {
                return {false, path + " changed", std::nullopt};
            }
            const auto actual = hash_of(m_layout.root / path);
            if (!actual) {
                return {false, path + " is missing", std::nullopt};
            }
            if (*actual != it->second->hash) {
                return {false, path + " was modified", std::nullopt};
            }
        }
        // Same bytes, new stamps (touched, or copied back): remember them.
        InstallState::Files fresh = stamps;
        for (auto& [path, stamp] : fresh) {
            if (std::find(changed.begin(), changed.end(), path) != changed.end()) {
                if (auto st = stamp_file(m_layout.root / path)) {
                    stamp = *st;
                }
            }
        }
        return {true, {}, std::move(fresh)};
    }

    Integrity check_all() {
        auto rows = record();
        if (!rows) {
            return {false, "its RECORD is missing or unreadable (an interrupted install?)", std::nullopt};
        }
        InstallState::Files fresh;
        for (const auto& row : *rows) {
            const std::string path = row_path(row);
            if (path.empty()) {
                continue;  // outside the environment: not ours to judge (lock-verify reports it)
            }
            if (row.hash.starts_with("sha256=")) {
                const auto actual = hash_of(m_layout.root / path);
                if (!actual) {
                    return {false, path + " is missing", std::nullopt};
                }
                if (*actual != row.hash) {
                    return {false, path + " was modified", std::nullopt};
                }
            }
            if (auto st = stamp_file(m_layout.root / path)) {
                fresh.emplace_back(path, *st);
            } else if (row.hash.empty() && !row.path.ends_with("/RECORD")) {
                continue;  // byte code and other unhashed rows may come and go
            } else if (!row.hash.empty()) {
                return {false, path + " is missing", std::nullopt};
            }
        }
        return {true, {}, std::move(fresh)};
    }

    const InstalledDistribution& m_dist;
    const Layout& m_layout;
    const InstallState& m_state;
    const ChangedFiles* m_known;
    bool m_verify_files;
};

} // namespace

SyncPlan plan_sync(const std::vector<WantedDistribution>& wanted, const std::vector<InstalledDistribution>& installed,
                   const Layout& layout, const InstallState& state, const PlanOptions& options) {
    SyncPlan plan;
    std::map<std::string, std::vector<const InstalledDistribution*>> by_name;
    for (const auto& d : installed) {
        by_name[d.name].push_back(&d);
    }

    struct Candidate {
        std::size_t wanted;
        const InstalledDistribution* dist;
        Integrity integrity;
    };
    std::vector<Candidate> candidates;  // wanted distributions in place by name, version and origin
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const auto& w = wanted[i];
        const auto& p = *w.package;
        const std::string version = p.id.version.value_or("");
        SyncAction action;
        action.name = p.id.name;
        action.version = version;
        action.wanted = i;
        const auto it = by_name.find(p.id.name);
        if (it == by_name.end()) {
            action.kind = SyncAction::Kind::Install;
            plan.actions.push_back(std::move(action));
            continue;
        }
        const auto& copies = it->second;
        action.kind = SyncAction::Kind::Reinstall;
        for (const auto* d : copies) {
            action.old_dist_infos.push_back(d->metadata_dir);
        }
        action.old_version = copies.front()->version;
        if (copies.size() > 1) {
            action.reason = "installed " + std::to_string(copies.size()) + " times";
        } else if (!version.empty() && !pep440::same_version(copies.front()->version, version)) {
            // (A source tree whose version is dynamic has none in the lock: any will do.)
            action.reason = "version " + copies.front()->version + " is installed";
        } else if (!same_origin(copies.front()->direct_url, w.direct_url)) {
            action.reason = copies.front()->direct_url ? "installed from " + copies.front()->direct_url->url
                                                       : "installed from an index";
        } else if (copies.front()->egg_info) {
            action.reason = "installed as a legacy egg-info";
        } else {
            candidates.push_back({i, copies.front(), {}});
            continue;
        }
        plan.actions.push_back(std::move(action));
    }

    // Distributions in place: are their files still those installed?
    parallel_for(candidates.size(), options.jobs, [&](std::size_t k) {
        candidates[k].integrity = IntegrityCheck(*candidates[k].dist, layout, state, options.changed, options.verify_files).run();
    });
    for (auto& c : candidates) {
        if (c.integrity.intact) {
            ++plan.kept;
            if (c.integrity.refreshed) {
                plan.refreshed.emplace_back(relative_to_root(c.dist->metadata_dir, layout),
                                            std::move(*c.integrity.refreshed));
            }
            continue;
        }
        const auto& p = *wanted[c.wanted].package;
        SyncAction action;
        action.kind = SyncAction::Kind::Reinstall;
        action.name = p.id.name;
        action.version = p.id.version.value_or("");
        action.old_version = c.dist->version;
        action.reason = c.integrity.problem;
        action.wanted = c.wanted;
        action.old_dist_infos.push_back(c.dist->metadata_dir);
        action.files_changed = true;
        plan.actions.push_back(std::move(action));
    }

    if (options.exact) {
        for (const auto& [name, copies] : by_name) {
            const bool is_wanted = std::any_of(wanted.begin(), wanted.end(),
                                               [&](const WantedDistribution& w) { return w.package->id.name == name; });
            if (is_wanted || (is_seed_package(name) && !options.seedless)) {
                continue;
            }
            for (const auto* d : copies) {
                SyncAction action;
                action.kind = SyncAction::Kind::Remove;
                action.name = name;
                action.version = d->version;
                action.reason = "not selected by the lock";
                action.old_dist_infos.push_back(d->metadata_dir);
                plan.actions.push_back(std::move(action));
            }
        }
    }
    std::stable_sort(plan.actions.begin(), plan.actions.end(),
                     [](const SyncAction& a, const SyncAction& b) { return a.name < b.name; });
    return plan;
}

} // namespace lockkit::install
