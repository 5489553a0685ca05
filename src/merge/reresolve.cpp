// Finishing a merge by resolving again (see reresolve.hpp).

#include "lockkit/merge/reresolve.hpp"

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/project/existing_lock.hpp"
#include "lockkit/project/lock_project.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace lockkit::merge {

namespace {

/// The versions of each package name in one lock, gathered once: the merge asks for every
/// name of three 2 MB locks, and a scan per question made that quadratic.
class VersionsByName {
public:
    explicit VersionsByName(const lockfile::Lock& lock) {
        for (const auto& p : lock.packages) m_versions[p.id.name].insert(p.id.version.value_or(""));
    }
    const std::set<std::string>& operator()(const std::string& name) const {
        static const std::set<std::string> none;
        const auto it = m_versions.find(name);
        return it == m_versions.end() ? none : it->second;
    }

private:
    std::unordered_map<std::string, std::set<std::string>> m_versions;
};

std::string listed(const std::set<std::string>& versions) {
    std::string out;
    for (const auto& v : versions) out += (out.empty() ? "" : ", ") + v;
    return out;
}

/// The preferences of the merge (see reresolve.hpp).
std::vector<resolver::Preference> merge_preferences(const lockfile::Lock& base, const lockfile::Lock& ours,
                                                    const lockfile::Lock& theirs, Prefer prefer) {
    const auto from_ours = project::lock_preferences(ours, {});
    const auto from_theirs = project::lock_preferences(theirs, {});
    std::set<std::string> ours_names, theirs_names;
    for (const auto& p : from_ours) ours_names.insert(p.name);
    for (const auto& p : from_theirs) theirs_names.insert(p.name);
    const VersionsByName in_base(base), in_ours(ours), in_theirs(theirs);
    auto differs = [&](const std::string& name) { return in_ours(name) != in_theirs(name); };
    // A side that left a name as base had it gives way to the side that moved it (a downgrade
    // too): the resolver tries preferences newest first, so the unchanged version would win.
    auto unchanged = [&](const VersionsByName& side, const std::string& name) { return side(name) == in_base(name); };
    std::vector<resolver::Preference> out;
    for (const auto& p : from_ours) {
        if (prefer == Prefer::Theirs && theirs_names.contains(p.name) && differs(p.name)) continue;
        if (theirs_names.contains(p.name) && unchanged(in_ours, p.name) && !unchanged(in_theirs, p.name)) continue;
        out.push_back(p);
    }
    // Theirs' preferences the same as one of ours (most of them: what neither side touched)
    // are left out: the resolver would try the same version for the same fork twice, and it
    // goes through every preference of a package on each choice of its version.
    std::unordered_multimap<std::string, std::size_t> of_ours;
    for (std::size_t i = 0; i < out.size(); ++i) of_ours.emplace(out[i].name, i);
    auto already = [&](const resolver::Preference& p) {
        const auto [first, last] = of_ours.equal_range(p.name);
        return std::any_of(first, last, [&](const auto& entry) {
            const resolver::Preference& o = out[entry.second];
            return o.version == p.version && o.marker == p.marker && o.index == p.index && o.source == p.source;
        });
    };
    for (const auto& p : from_theirs) {
        if (prefer == Prefer::Ours && ours_names.contains(p.name) && differs(p.name)) continue;
        if (ours_names.contains(p.name) && unchanged(in_theirs, p.name) && !unchanged(in_ours, p.name)) continue;
        if (already(p)) continue;
        out.push_back(p);
    }
    for (const auto& p : project::lock_preferences(base, {}))
        if (!ours_names.contains(p.name) && !theirs_names.contains(p.name)) out.push_back(p);
    return out;
}

/// A package the result does not lock at the newest version ours or theirs preferred for it
/// (the one the merge means to keep: a side that left a package as base prefers nothing, and
/// `--prefer` leaves one side's), as "name (preferred …, the locks give …)"; nothing when
/// every such package got it. The locks alone answer only with the pairings they hold, so
/// that version may be missing from their answer merely because no lock paired it with the
/// other side's additions; the full resolver must then decide.
/// Whether a requirement the merged project declares on `name` (recorded in the result's
/// `[package.metadata]` tables) excludes `version`: then not taking it needs no index to
/// explain it.
/// A requirement pinned to an index (`index = …`) excludes a version that the locks hold only
/// from other indexes than the one the result took the package from (the pinned one).
bool declared_requirement_excludes(const lockfile::Lock& result, const std::string& name,
                                   const pep440::Version& version, const lockfile::Lock& ours,
                                   const lockfile::Lock& theirs) {
    auto only_elsewhere = [&] {
        std::set<std::string> taken_from;
        for (const auto& p : result.packages)
            if (p.id.name == name && p.id.source.kind == lockfile::SourceKind::Registry) taken_from.insert(p.id.source.location);
        for (const auto* side : {&ours, &theirs})
            for (const auto& p : side->packages) {
                if (p.id.name != name || !p.id.version) continue;
                auto v = pep440::Version::parse(*p.id.version);
                if (v && *v == version && taken_from.contains(p.id.source.location)) return false;
            }
        return true;
    };
    auto excludes = [&](const lockfile::Requirement& r) {
        if (r.name != name) return false;
        if (r.index && only_elsewhere()) return true;
        if (!r.specifier) return false;
        auto specifiers = pep440::VersionSpecifiers::parse(*r.specifier);
        return specifiers && !specifiers->contains(version);
    };
    for (const auto& p : result.packages) {
        if (p.metadata.requires_dist)
            for (const auto& r : *p.metadata.requires_dist)
                if (excludes(r)) return true;
        if (p.metadata.requires_dev)
            for (const auto& [group, list] : *p.metadata.requires_dev)
                for (const auto& r : list)
                    if (excludes(r)) return true;
    }
    return false;
}

std::optional<std::string> skipped_side_preference(const lockfile::Lock& result,
                                                   const std::vector<resolver::Preference>& preferences,
                                                   const lockfile::Lock& ours, const lockfile::Lock& theirs) {
    const VersionsByName in_result(result), in_ours(ours), in_theirs(theirs);
    std::map<std::string, pep440::Version> wanted;
    for (const auto& p : preferences) {
        if (in_ours(p.name).empty() && in_theirs(p.name).empty()) continue;  // base's only
        auto [it, fresh] = wanted.emplace(p.name, p.version);
        if (!fresh && it->second < p.version) it->second = p.version;
    }
    for (const auto& [name, version] : wanted) {
        const auto& locked = in_result(name);
        if (locked.empty()) continue;  // no longer required: nothing was undone
        const bool kept = std::any_of(locked.begin(), locked.end(), [&](const std::string& v) {
            auto parsed = pep440::Version::parse(v);
            return parsed && *parsed == version;
        });
        if (!kept && !declared_requirement_excludes(result, name, version, ours, theirs))
            return "they do not keep " + name + " " + version.to_string() + ", a version a side chose (they give " +
                   listed(locked) + ")";
    }
    return std::nullopt;
}

} // namespace

std::vector<PackageOrigin> package_origins(const lockfile::Lock& result, const lockfile::Lock& base,
                                           const lockfile::Lock& ours, const lockfile::Lock& theirs, Prefer prefer) {
    std::vector<PackageOrigin> out;
    const VersionsByName in_base(base), in_ours(ours), in_theirs(theirs);
    for (const auto& p : result.packages) {
        const std::string version = p.id.version.value_or("");
        const auto &b = in_base(p.id.name), &o = in_ours(p.id.name), &t = in_theirs(p.id.name);
        const bool in_b = b.contains(version), in_o = o.contains(version), in_t = t.contains(version);
        PackageOrigin origin{p.id, "re-resolved", {}};
        if (p.id.source.is_source_tree()) {
            origin.from = in_o && in_t ? "both" : in_o ? "ours" : in_t ? "theirs" : "re-resolved";
            origin.reason = "a project of the workspace, as the merged pyproject.toml declares it";
        } else if (in_o && in_t) {
            origin.from = "both";
            origin.reason = in_b ? "unchanged on both sides" : "both sides lock this version";
        } else if (in_o || in_t) {
            origin.from = in_o ? "ours" : "theirs";
            const auto& other = in_o ? t : o;
            const char* other_name = in_o ? "theirs" : "ours";
            const auto chosen = pep440::Version::parse(version);
            const bool newest = chosen && std::all_of(other.begin(), other.end(), [&](const std::string& v) {
                                    auto parsed = pep440::Version::parse(v);
                                    return parsed && *parsed < *chosen;
                                });
            if (other.empty())
                origin.reason = "only " + origin.from + " locks it";
            else if (other == b)
                origin.reason = origin.from + " moved it from " + listed(b);
            else if (in_b || (prefer == Prefer::Ours && !in_o) || (prefer == Prefer::Theirs && !in_t))
                origin.reason = std::string(other_name) + "' " + listed(other) + " does not fit the merged requirements";
            else if (newest)
                origin.reason = "both sides moved it; " + origin.from + "' version is the newer";
            else
                origin.reason = "both sides moved it; " + std::string(other_name) + "' " + listed(other) +
                                " is not taken: it does not fit the merged requirements";
        } else if (in_b) {
            origin.from = "base";
            origin.reason = "neither side's version (" + listed(o) + " / " + listed(t) + ") fits the merged requirements";
        } else {
            origin.reason = o.empty() && t.empty() ? "a new dependency of the merged requirements"
                                                   : "no locked version (ours " + (o.empty() ? "-" : listed(o)) +
                                                         ", theirs " + (t.empty() ? "-" : listed(t)) +
                                                         ") fits the merged requirements";
        }
        out.push_back(std::move(origin));
    }
    return out;
}

ReresolveOutcome reresolve_merge(const lockfile::Lock& base, const lockfile::Lock& ours, const lockfile::Lock& theirs,
                                 Prefer prefer, const std::filesystem::path& project_dir,
                                 const pyproject::SourceOverlay& overlay, const ReresolveOptions& options) {
    ReresolveOutcome out;
    if (options.budget <= std::chrono::microseconds::zero()) {
        out.failure = "the time budget is 0 seconds, so no re-resolution was tried";
        return out;
    }
    project::LockProjectOptions o;
    o.project_dir = project_dir;
    o.environment = options.environment;
    o.check = true;  // the driver writes %A; the work tree's uv.lock is not touched
    o.cache_dir = options.cache_dir;
    o.overlay = &overlay;
    o.read_existing_lock = false;
    o.run_builds = false;  // no package code runs in a merge
    o.preferences = merge_preferences(base, ours, theirs, prefer);
    // The forks to start from: the sides' when they agree, else the one that changed them.
    const auto base_forks = project::lock_forks(base), ours_forks = project::lock_forks(ours),
               theirs_forks = project::lock_forks(theirs);
    o.initial_forks = ours_forks == theirs_forks || theirs_forks == base_forks ? ours_forks
                      : ours_forks == base_forks                            ? theirs_forks
                                                                            : std::vector<pep508::MarkerTree>{};
    o.seed_locks = {&ours, &theirs, &base};
    if (options.offline) o.command_line.offline = true;
    if (options.exclude_newer) {
        pyproject::ExcludeNewerSetting e;
        e.value = *options.exclude_newer;
        o.command_line.exclude_newer = e;
    }
    o.command_line.origin = "lock-merge";
    o.deadline = std::chrono::steady_clock::now() + options.budget;
    auto locked = project::lock_project(o);
    if (!locked) {
        out.failure = locked.error().message;
        for (const auto& h : locked.error().hints) out.failure += "\n" + h;
        return out;
    }
    out.from_locks = locked->from_seed_locks;
    auto lock = lockfile::parse_lock(locked->new_text, "uv.lock (re-resolved)");
    if (!lock) {
        out.failure = "the re-resolved lock does not read back: " + lock.error().message;
        return out;
    }
    if (out.from_locks) {
        if (auto skipped = skipped_side_preference(*lock, o.preferences, ours, theirs)) {
            // Not trusted: the full resolver decides, or the merge ends with markers.
            if (options.offline) {
                out.failure = "the locks alone cannot decide: " + *skipped +
                              "; deciding needs the indexes, which offline mode forbids";
                return out;
            }
            o.seed_locks.clear();
            locked = project::lock_project(o);
            if (!locked) {
                out.failure = "the locks alone cannot decide: " + *skipped +
                              "; the full resolution failed: " + locked.error().message;
                for (const auto& h : locked.error().hints) out.failure += "\n" + h;
                return out;
            }
            out.from_locks = false;
            lock = lockfile::parse_lock(locked->new_text, "uv.lock (re-resolved)");
            if (!lock) {
                out.failure = "the re-resolved lock does not read back: " + lock.error().message;
                return out;
            }
        }
    }
    out.origins = package_origins(*lock, base, ours, theirs, prefer);
    out.lock = std::move(*lock);
    return out;
}

} // namespace lockkit::merge
