// `stale-lock`: the lock against the workspace's pyproject.toml files, without resolving.
// The expected [package.metadata] and [manifest] come from lockkit/pyproject lowering;
// comparison is as sets after normalisation (pyproject::normalized_key), as `uv lock
// --check` does, but every difference is reported, not only the first.

#include "lockkit/verify/staleness.hpp"

#include "finding_builder.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pyproject/compare.hpp"
#include "lockkit/pyproject/lowering.hpp"
#include "lockkit/pyproject/workspace.hpp"

#include <map>
#include <set>

namespace lockkit::verify {

using detail::make_finding;

namespace {

constexpr const char* k_fix = "run `uv lock` to update uv.lock from pyproject.toml, and commit both";

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) {
        out += (out.empty() ? "`" : ", `") + i + "`";
    }
    return out.empty() ? "nothing" : out;
}

// --- requires-python as a range ------------------------------------------------

struct Bound {
    std::optional<pep440::Version> version;
    bool inclusive = true;
    friend bool operator==(const Bound&, const Bound&) = default;
};

struct Range {
    Bound lower, upper;
};

pep440::Version bump_prefix(std::span<const std::uint64_t> release, std::size_t length) {
    std::vector<std::uint64_t> r(release.begin(), release.begin() + static_cast<std::ptrdiff_t>(std::min(length, release.size())));
    if (r.empty()) {
        r.push_back(0);
    }
    ++r.back();
    return pep440::Version::from_release(std::span<const std::uint64_t>(r));
}

void raise_lower(Bound& b, const pep440::Version& v, bool inclusive) {
    if (!b.version || v > *b.version || (v == *b.version && !inclusive)) {
        b.version = v;
        b.inclusive = inclusive;
    }
}

void cut_upper(Bound& b, const pep440::Version& v, bool inclusive) {
    if (!b.version || v < *b.version || (v == *b.version && !inclusive)) {
        b.version = v;
        b.inclusive = inclusive;
    }
}

void narrow(Range& range, const pep440::VersionSpecifiers& specs) {
    using pep440::Operator;
    for (const auto& s : specs.items()) {
        const auto& v = s.version();
        switch (s.op()) {
        case Operator::GreaterThanEqual: raise_lower(range.lower, v, true); break;
        case Operator::GreaterThan: raise_lower(range.lower, v, false); break;
        case Operator::LessThan: cut_upper(range.upper, v, false); break;
        case Operator::LessThanEqual: cut_upper(range.upper, v, true); break;
        case Operator::Equal:
            raise_lower(range.lower, v, true);
            cut_upper(range.upper, v, true);
            break;
        case Operator::EqualStar:
            raise_lower(range.lower, v, true);
            cut_upper(range.upper, bump_prefix(v.release(), v.release().size()), false);
            break;
        case Operator::TildeEqual:
            raise_lower(range.lower, v, true);
            cut_upper(range.upper, bump_prefix(v.release(), v.release().size() - 1), false);
            break;
        default: break;  // !=, !=V.*, === do not move the bounds
        }
    }
}

// --- per-member and manifest comparison ------------------------------------------

const lockfile::Package* find_source_tree(const lockfile::Lock& lock, std::string_view name) {
    for (const auto& p : lock.packages) {
        if (p.id.name == name && p.id.source.is_source_tree()) {
            return &p;
        }
    }
    return nullptr;
}

const std::vector<lockfile::Requirement>& or_empty(const std::optional<std::vector<lockfile::Requirement>>& v) {
    static const std::vector<lockfile::Requirement> none;
    return v ? *v : none;
}

std::map<std::string, std::vector<lockfile::Requirement>> group_map(
    const std::optional<lockfile::NamedLists<lockfile::Requirement>>& lists) {
    std::map<std::string, std::vector<lockfile::Requirement>> out;
    if (lists) {
        for (const auto& [n, v] : *lists) {
            out[n] = v;
        }
    }
    return out;
}

/// Differences of requires-dist, provides-extras and requires-dev, each prefixed by the field.
std::vector<std::string> metadata_differences(const lockfile::PackageMetadata& declared,
                                              const lockfile::PackageMetadata& locked) {
    std::vector<std::string> out;
    for (auto& d : requirement_differences(or_empty(declared.requires_dist), or_empty(locked.requires_dist))) {
        out.push_back("requires-dist: " + d);
    }
    const std::vector<std::string> none;
    const auto& de = declared.provides_extras ? *declared.provides_extras : none;
    const auto& le = locked.provides_extras ? *locked.provides_extras : none;
    const std::set<std::string> ds(de.begin(), de.end()), ls(le.begin(), le.end());
    for (const auto& e : ds) {
        if (!ls.contains(e)) {
            out.push_back("provides-extras: pyproject.toml declares extra `" + e + "`, which uv.lock does not record");
        }
    }
    for (const auto& e : ls) {
        if (!ds.contains(e)) {
            out.push_back("provides-extras: uv.lock records extra `" + e + "`, which pyproject.toml no longer declares");
        }
    }
    const auto dg = group_map(declared.requires_dev);
    const auto lg = group_map(locked.requires_dev);
    for (const auto& [n, v] : dg) {
        auto it = lg.find(n);
        if (it == lg.end()) {
            out.push_back("requires-dev: pyproject.toml declares dependency group `" + n +
                          "`, which uv.lock does not record");
            continue;
        }
        for (auto& d : requirement_differences(v, it->second)) {
            out.push_back("requires-dev." + n + ": " + d);
        }
    }
    for (const auto& [n, v] : lg) {
        if (!dg.contains(n)) {
            out.push_back("requires-dev: uv.lock records dependency group `" + n +
                          "`, which pyproject.toml no longer declares");
        }
    }
    return out;
}

std::vector<lockfile::Requirement> global_overrides(const std::vector<lockfile::ManifestEntry>& entries) {
    std::vector<lockfile::Requirement> out;
    for (const auto& e : entries) {
        if (e.requirement) {
            out.push_back(*e.requirement);
        }
    }
    return out;
}

} // namespace

std::vector<std::string> requirement_differences(const std::vector<lockfile::Requirement>& declared,
                                                 const std::vector<lockfile::Requirement>& locked) {
    std::set<std::string> dk, lk;
    for (const auto& r : declared) {
        dk.insert(pyproject::normalized_key(r));
    }
    for (const auto& r : locked) {
        lk.insert(pyproject::normalized_key(r));
    }
    // Per name, in first-seen order: what only pyproject.toml has and what only uv.lock has.
    std::vector<std::string> names;
    std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> by_name;
    auto note = [&](const lockfile::Requirement& r, bool is_declared) {
        auto [it, inserted] = by_name.try_emplace(r.name);
        if (inserted) {
            names.push_back(r.name);
        }
        auto& side = is_declared ? it->second.first : it->second.second;
        const std::string text = pyproject::describe_requirement(r);
        if (std::find(side.begin(), side.end(), text) == side.end()) {
            side.push_back(text);
        }
    };
    for (const auto& r : declared) {
        if (!lk.contains(pyproject::normalized_key(r))) {
            note(r, true);
        }
    }
    for (const auto& r : locked) {
        if (!dk.contains(pyproject::normalized_key(r))) {
            note(r, false);
        }
    }
    std::vector<std::string> out;
    for (const auto& name : names) {
        const auto& [only_declared, only_locked] = by_name[name];
        if (!only_declared.empty() && !only_locked.empty()) {
            out.push_back("`" + name + "` changed: pyproject.toml requires " + quoted_list(only_declared) +
                          ", uv.lock records " + quoted_list(only_locked));
        } else if (!only_declared.empty()) {
            out.push_back("pyproject.toml requires " + quoted_list(only_declared) + ", which uv.lock does not record");
        } else {
            out.push_back("uv.lock records " + quoted_list(only_locked) + ", which pyproject.toml no longer requires");
        }
    }
    return out;
}

bool same_python_range(const std::string& declared, const std::string& locked) {
    auto d = pep440::VersionSpecifiers::parse(declared);
    auto l = pep440::VersionSpecifiers::parse(locked);
    if (!d || !l) {
        return true;
    }
    Range dr, lr;
    narrow(dr, *d);
    narrow(lr, *l);
    return dr.lower == lr.lower && dr.upper == lr.upper;
}

std::expected<std::vector<Finding>, std::string> check_stale(const lockfile::Lock& lock,
                                                             const std::filesystem::path& workspace_root) {
    auto ws = pyproject::discover_workspace(workspace_root);
    if (!ws) {
        return std::unexpected(ws.error().render());
    }
    std::vector<Finding> out;
    auto lock_wide = [&](std::string message) {
        out.push_back(make_finding(rule::stale_lock, Severity::Error, nullptr, std::move(message), k_fix));
    };

    // requires-python: the intersection of the members' ranges against the lock's.
    std::vector<std::string> declared_python;
    Range declared_range;
    bool python_parsed = true;
    for (const auto& m : ws->members) {
        if (m.pyproject.project && m.pyproject.project->requires_python) {
            declared_python.push_back(*m.pyproject.project->requires_python);
            if (auto s = pep440::VersionSpecifiers::parse(*m.pyproject.project->requires_python)) {
                narrow(declared_range, *s);
            } else {
                python_parsed = false;
            }
        }
    }
    if (!declared_python.empty() && python_parsed && !lock.requires_python.empty()) {
        if (auto l = pep440::VersionSpecifiers::parse(lock.requires_python)) {
            Range lr;
            narrow(lr, *l);
            if (!(lr.lower == declared_range.lower && lr.upper == declared_range.upper)) {
                std::string joined;
                for (const auto& p : declared_python) {
                    joined += (joined.empty() ? "`" : "` and `") + p;
                }
                lock_wide("requires-python: pyproject.toml declares " + joined + "`, uv.lock records `" +
                          lock.requires_python + "`");
            }
        }
    }

    // The members list (uv.lock omits it for a single-project workspace).
    auto manifest = pyproject::lower_manifest(*ws);
    if (!manifest) {
        lock_wide("cannot compute the expected [manifest]: " + manifest.error().message);
    } else {
        const std::set<std::string> dm(manifest->members.begin(), manifest->members.end());
        const std::set<std::string> lm(lock.manifest.members.begin(), lock.manifest.members.end());
        for (const auto& m : dm) {
            if (!lm.contains(m)) {
                lock_wide("members: `" + m + "` is a workspace member, but uv.lock's [manifest] members do not list it");
            }
        }
        for (const auto& m : lm) {
            if (!dm.contains(m)) {
                lock_wide("members: uv.lock lists `" + m + "`, which is no longer a workspace member");
            }
        }
        auto field = [&](std::string_view name, const std::vector<lockfile::Requirement>& d,
                         const std::vector<lockfile::Requirement>& l) {
            for (auto& diff : requirement_differences(d, l)) {
                lock_wide("[manifest] " + std::string(name) + ": " + diff);
            }
        };
        field("constraints", manifest->constraints, lock.manifest.constraints);
        field("overrides", global_overrides(manifest->overrides), global_overrides(lock.manifest.overrides));
        field("build-constraints", manifest->build_constraints, lock.manifest.build_constraints);
        lockfile::PackageMetadata a, b;
        a.requires_dev = manifest->dependency_groups;
        b.requires_dev = lock.manifest.dependency_groups;
        for (auto& diff : metadata_differences(a, b)) {
            lock_wide("[manifest] dependency-groups: " + diff.substr(diff.find(": ") + 2));
        }
    }

    // Each member's [package.metadata] and static version.
    for (const auto& member : ws->members) {
        const lockfile::Package* pkg = find_source_tree(lock, member.name);
        const std::string where = member.path == "." ? "pyproject.toml" : member.path + "/pyproject.toml";
        if (pkg == nullptr) {
            lock_wide("workspace member `" + member.name + "` (" + where + ") is not in uv.lock");
            continue;
        }
        const auto& project = member.pyproject.project;
        if (project && project->version && !project->is_dynamic("version") && pkg->id.version) {
            auto dv = pep440::Version::parse(*project->version);
            auto lv = pep440::Version::parse(*pkg->id.version);
            if (dv && lv && !(*dv == *lv)) {
                out.push_back(make_finding(rule::stale_lock, Severity::Error, pkg,
                                           "version: " + where + " declares `" + *project->version +
                                               "`, uv.lock records `" + *pkg->id.version + "`",
                                           k_fix));
            }
        }
        auto md = pyproject::lower_metadata(*ws, member);
        if (!md) {
            out.push_back(make_finding(rule::stale_lock, Severity::Warning, pkg,
                                       "cannot compare with " + where + ": " + md.error().message,
                                       "check this member with `uv lock --check`"));
            continue;
        }
        for (auto& diff : metadata_differences(*md, pkg->metadata)) {
            out.push_back(make_finding(rule::stale_lock, Severity::Error, pkg, diff + " (" + where + ")", k_fix));
        }
    }
    return out;
}

} // namespace lockkit::verify
