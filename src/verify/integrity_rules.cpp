// The offline integrity rules of lock-verify (see verify.hpp). Each rule is a
// function over the whole lock that appends findings; check_integrity() runs them
// in a fixed order so output is deterministic.

#include "finding_builder.hpp"
#include "lockkit/lockfile/roots.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/pep508/marker.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "lockkit/tags/source_dist_filename.hpp"
#include "lockkit/tags/wheel_filename.hpp"
#include "lockkit/verify/distribution_filename.hpp"
#include "lockkit/verify/verify.hpp"

#include <cctype>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace lockkit::verify {

using lockfile::Artifact;
using lockfile::ArtifactLocation;
using lockfile::Lock;
using lockfile::Package;
using lockfile::SourceKind;
using detail::make_finding;
using detail::package_label;

namespace {

using NameIndex = std::unordered_map<std::string, std::vector<std::size_t>>;

NameIndex index_by_name(const Lock& lock) {
    NameIndex index;
    for (std::size_t i = 0; i < lock.packages.size(); ++i) {
        index[lock.packages[i].id.name].push_back(i);
    }
    return index;
}

// ---- filename-mismatch -------------------------------------------------------------

/// The value of a hexadecimal digit, or -1.
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// URLs carry filenames percent-encoded ("torch-2.5.1%2Bcpu-...whl").
std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const int high = s[i] == '%' && i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
        const int low = high >= 0 ? hex_digit(s[i + 2]) : -1;
        if (low >= 0) {
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// "name-1.0-" of a filename shaped like a wheel's, else empty.
std::string_view name_version_prefix(std::string_view filename) {
    const auto fields = tags::split_wheel_filename(filename);
    if (!fields) {
        return {};
    }
    return filename.substr(0, fields->version.data() + fields->version.size() + 1 - filename.data());
}

void check_filenames(const Lock& lock, std::vector<Finding>& out) {
    for (const Package& p : lock.packages) {
        if (!p.id.version) {
            continue;
        }
        const auto version = pep440::Version::parse(*p.id.version);
        if (!version) {
            continue;  // the reader accepted it; nothing to compare against
        }
        const std::string fix = "the version was changed without its artifacts: re-run `uv lock` "
                                "(or restore the matching sdist/wheels entries)";
        // A package's wheels nearly all start with the same `name-version-`: once
        // one matched, later ones with that prefix and a wheel's shape match too.
        std::string matched_prefix;
        for (const Artifact& wheel : p.wheels) {
            if (wheel.location_kind == ArtifactLocation::None) {
                continue;
            }
            const std::string_view raw = wheel.filename_view();
            const std::string name = raw.find('%') == std::string_view::npos ? std::string(raw) : percent_decode(raw);
            const std::string_view prefix = name_version_prefix(name);
            if (!prefix.empty() && prefix == matched_prefix) {
                continue;
            }
            const auto fields = tags::split_wheel_filename(name);
            if (!fields) {
                out.push_back(make_finding(rule::filename_mismatch, Severity::Error, &p,
                                           "wheel `" + name + "` of " + package_label(p) +
                                               " is not a valid wheel filename",
                                           "wheel filenames are name-version[-build]-python-abi-platform.whl"));
            } else if (!wheel_matches(*fields, p.id.name, *version)) {
                out.push_back(make_finding(rule::filename_mismatch, Severity::Error, &p,
                                           "wheel `" + name + "` is for " + pep508::normalize_name(fields->name) +
                                               "==" + std::string(fields->version) +
                                               ", but the package is locked as " +
                                               package_label(p),
                                           fix));
            } else {
                matched_prefix = prefix;
            }
        }
        if (p.sdist && p.sdist->location_kind != ArtifactLocation::None) {
            const std::string name = percent_decode(p.sdist->filename());
            if (tags::sdist_stem(name) && !sdist_matches(name, p.id.name, *version)) {
                out.push_back(make_finding(rule::filename_mismatch, Severity::Error, &p,
                                           "sdist `" + name + "` does not match " + package_label(p), fix));
            }
        }
    }
}

// ---- missing-hash / bad-hash --------------------------------------------------------

bool is_hex(std::string_view s) {
    for (const char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

/// Checks one artifact's hash text; `what` ("wheel `x.whl`") is only built for a finding.
template <typename What>
void check_hash_text(const Package& p, const Artifact& a, What&& what, std::vector<Finding>& out) {
    const std::string& h = *a.hash;
    const auto colon = h.find(':');
    const std::string_view algo = colon == std::string::npos ? std::string_view() : std::string_view(h).substr(0, colon);
    const std::string_view digest = colon == std::string::npos ? std::string_view(h) : std::string_view(h).substr(colon + 1);
    if (algo == "sha256") {
        if (digest.size() != 64 || !is_hex(digest)) {
            out.push_back(make_finding(rule::bad_hash, Severity::Error, &p,
                                       what() + " of " + package_label(p) + " has a malformed hash `" + h + "`",
                                       "a sha256 hash is `sha256:` followed by 64 hex digits; re-run `uv lock`"));
        }
    } else if (algo == "sha384" || algo == "sha512") {
        if (!is_hex(digest) || digest.empty()) {
            out.push_back(make_finding(rule::bad_hash, Severity::Error, &p,
                                       what() + " of " + package_label(p) + " has a malformed hash `" + h + "`",
                                       "re-run `uv lock`"));
        }
    } else {
        out.push_back(make_finding(rule::bad_hash, Severity::Warning, &p,
                                   what() + " of " + package_label(p) + " has a hash `" + h +
                                       "` that is not sha256/sha384/sha512",
                                   "use an index that publishes sha256 hashes"));
    }
}

void check_hashes(const Lock& lock, std::vector<Finding>& out) {
    for (const Package& p : lock.packages) {
        const bool remote_registry = p.id.source.is_remote_registry();
        const bool direct = p.id.source.kind == SourceKind::Url || p.id.source.kind == SourceKind::Path;
        auto visit = [&](const Artifact& a, std::string_view kind) {
            const auto what = [&] { return std::string(kind) + " `" + a.filename() + "`"; };
            if (a.hash) {
                check_hash_text(p, a, what, out);
            } else if (remote_registry || direct) {
                out.push_back(make_finding(rule::missing_hash, Severity::Error, &p,
                                           what() + " of " + package_label(p) + " has no hash",
                                           "re-run `uv lock` so every artifact records its sha256 hash"));
            }
        };
        if (p.sdist) {
            visit(*p.sdist, "sdist");
        }
        for (const Artifact& w : p.wheels) {
            visit(w, "wheel");
        }
        if (direct && !p.sdist && p.wheels.empty()) {
            out.push_back(make_finding(rule::missing_hash, Severity::Error, &p,
                                       std::string(lockfile::source_kind_key(p.id.source.kind)) + " source `" +
                                           p.id.source.location + "` of " + package_label(p) +
                                           " records no artifact hash",
                                       "re-run `uv lock` so the archive's sha256 hash is recorded"));
        }
    }
}

// ---- invalid-marker ---------------------------------------------------------------

/// Marker texts repeat: the transformers lock has ~2,200 markers but 89 distinct
/// texts. Each text is parsed once; the error (or nothing) is remembered, and
/// the description of where a marker sits is only built for a finding.
class MarkerChecker {
public:
    explicit MarkerChecker(std::vector<Finding>& out) : out_(out) {}

    template <typename Where>
    void check(const Package* p, const std::string& marker, Where&& where) {
        if (marker.empty()) {
            return;
        }
        auto [it, fresh] = verdicts_.try_emplace(marker);
        if (fresh) {
            if (auto parsed = pep508::MarkerTree::parse(marker); !parsed) {
                it->second = parsed.error().message;
            }
        }
        if (!it->second) {
            return;
        }
        // Variables newer than this parser (e.g. uv's preview `variant_label`) are not
        // proof of a broken lock: warn instead of failing.
        const bool unknown_variable = it->second->find("unknown marker variable") != std::string::npos;
        out_.push_back(make_finding(rule::invalid_marker, unknown_variable ? Severity::Warning : Severity::Error, p,
                                    std::string(where()) + ": marker `" + marker + "` does not parse: " + *it->second,
                                    "fix the marker expression or re-run `uv lock`"));
    }

    void check_requirements(const Package& p, const std::vector<lockfile::Requirement>& reqs) {
        for (const auto& r : reqs) {
            check(&p, r.marker, [&] { return "requirement `" + r.name + "` in [package.metadata]"; });
        }
    }

private:
    std::vector<Finding>& out_;
    std::unordered_map<std::string_view, std::optional<std::string>> verdicts_;  ///< keys view the lock's strings
};

void check_markers(const Lock& lock, std::vector<Finding>& out) {
    MarkerChecker checker(out);
    auto list = [&](const std::optional<std::vector<std::string>>& markers, std::string_view where) {
        if (markers) {
            for (const auto& m : *markers) {
                checker.check(nullptr, m, [&] { return std::string(where); });
            }
        }
    };
    list(lock.resolution_markers, "resolution-markers");
    list(lock.supported_markers, "supported-markers");
    list(lock.required_markers, "required-markers");
    for (const Package& p : lock.packages) {
        for (const auto& m : p.resolution_markers) {
            checker.check(&p, m, [&] { return "resolution-markers of " + package_label(p); });
        }
        auto edges = [&](const std::vector<lockfile::Dependency>& deps, std::string_view kind) {
            for (const auto& d : deps) {
                checker.check(&p, d.marker, [&] {
                    return std::string(kind) + " edge " + package_label(p) + " -> " + d.target.name;
                });
            }
        };
        edges(p.dependencies, "dependency");
        for (const auto& [extra, deps] : p.optional_dependencies) {
            edges(deps, "optional-dependency");
        }
        for (const auto& [group, deps] : p.dev_dependencies) {
            edges(deps, "dev-dependency");
        }
        if (p.metadata.requires_dist) {
            checker.check_requirements(p, *p.metadata.requires_dist);
        }
        if (p.metadata.requires_dev) {
            for (const auto& [group, reqs] : *p.metadata.requires_dev) {
                checker.check_requirements(p, reqs);
            }
        }
    }
}

// ---- unreachable-package ----------------------------------------------------------

void check_reachability(const Lock& lock, std::vector<Finding>& out) {
    // The roots are the lock's one definition (lockfile/roots.hpp); a lock
    // with none (only registry packages) has nothing to anchor reachability.
    const auto reached = lockfile::reachable_packages(lock, lockfile::lock_roots(lock));
    if (!reached) {
        return;
    }
    const std::vector<bool>& seen = *reached;
    for (std::size_t i = 0; i < lock.packages.size(); ++i) {
        if (!seen[i]) {
            const Package& p = lock.packages[i];
            out.push_back(make_finding(rule::unreachable_package, Severity::Error, &p,
                                       package_label(p) + " is not reachable from any workspace member",
                                       "remove the [[package]] entry or re-run `uv lock` (a hand merge may have "
                                       "dropped the edge that needed it)"));
        }
    }
}

// ---- unsatisfied-requirement ------------------------------------------------------

/// Which requirements of a source tree were part of the resolution: a workspace
/// member's every requirement (uv resolves all extras and groups of members); for
/// any other source tree (a path dependency) only requires-dist entries whose
/// extras some edge in the lock activates, and none of its groups.
struct Applicability {
    bool is_member = false;
    std::vector<std::string> activated_extras;
    pep508::MarkerTree python_range;  ///< the lock's requires-python as a marker
    pep508::MarkerTree environments;  ///< the lock's supported-markers (tool.uv.environments), or always-true
};

/// `requires-python = ">=3.11"` as the marker `python_full_version >= '3.11'`
/// (always-true when absent or unreadable, which only makes the check stricter).
pep508::MarkerTree requires_python_marker(const std::string& requires_python) {
    return pep508::requires_python_marker(requires_python).value_or(pep508::MarkerTree::always_true());
}

/// Names uv leaves out of the resolution whatever requires them: `[manifest] overrides`
/// (an override may give a requirement a marker that never holds) and `excludes`.
struct Unjudged {
    std::unordered_set<std::string> overridden;
    std::unordered_set<std::string> excluded;
};

void check_requirement(const Lock& lock, const NameIndex& by_name, const Unjudged& unjudged, const Package& member,
                       const Applicability& scope, const lockfile::Requirement& r, std::string_view where,
                       std::vector<Finding>& out) {
    const std::string name = pep508::normalize_name(r.name);
    if (unjudged.overridden.contains(name) || unjudged.excluded.contains(name)) {
        return;
    }
    const auto marker = pep508::MarkerTree::parse(r.marker);
    if (!marker || marker->is_false() || marker->is_disjoint(scope.python_range) ||
        marker->is_disjoint(scope.environments)) {
        return;  // the requirement cannot apply under the lock's requires-python or environments
    }
    if (!scope.is_member && !marker->evaluate_extras_only(scope.activated_extras)) {
        return;  // an extra nobody activates: the requirement was never resolved
    }
    const auto it = by_name.find(name);
    if (it == by_name.end()) {
        // uv locks a package for every requirement that can apply (all extras and groups of
        // a workspace member), so none at all means the lock lost it: a merge that kept
        // the requirement but dropped the package, or a hand edit.
        std::string requirement = r.name + r.specifier.value_or("");
        if (!r.marker.empty()) {
            requirement += "; " + r.marker;
        }
        out.push_back(make_finding(rule::unsatisfied_requirement, Severity::Error, &member,
                                   package_label(member) + " " + std::string(where) + " requires `" + requirement +
                                       "`, but the lock has no `" + name + "` package",
                                   "re-run `uv lock` (a merge or hand edit dropped " + name +
                                       " but kept the requirement)"));
        return;
    }
    if (!r.specifier || r.specifier->empty() || r.url || r.git || r.path || r.directory || r.editable || r.virtual_) {
        return;
    }
    if (it->second.size() != 1) {
        return;  // forked: which version serves which environment is too ambiguous to judge offline
    }
    const Package& locked = lock.packages[it->second.front()];
    if (!locked.id.version) {
        return;
    }
    const auto specs = pep440::VersionSpecifiers::parse(*r.specifier);
    const auto version = pep440::Version::parse(*locked.id.version);
    if (!specs || !version || specs->contains(*version)) {
        return;
    }
    out.push_back(make_finding(rule::unsatisfied_requirement, Severity::Error, &locked,
                               package_label(member) + " " + std::string(where) + " requires `" + r.name +
                                   *r.specifier + "`, but " + package_label(locked) + " is locked",
                               "re-run `uv lock` (a hand edit or merge moved " + name +
                                   " outside the recorded requirement)"));
}

void check_requirements(const Lock& lock, const NameIndex& by_name, std::vector<Finding>& out) {
    Unjudged unjudged;
    for (const auto& o : lock.manifest.overrides) {
        if (o.requirement) {
            unjudged.overridden.insert(pep508::normalize_name(o.requirement->name));
        }
        if (o.scoped) {
            for (const auto& r : o.scoped->dependencies) {
                unjudged.overridden.insert(pep508::normalize_name(r.name));
            }
        }
    }
    for (const auto& e : lock.manifest.excludes) {
        if (e.scoped) {
            for (const auto& n : e.scoped->names) {
                unjudged.excluded.insert(pep508::normalize_name(n));
            }
        } else if (e.name) {
            unjudged.excluded.insert(pep508::normalize_name(*e.name));
        }
    }
    std::unordered_set<std::string> members;
    for (const auto& m : lock.manifest.members) {
        members.insert(pep508::normalize_name(m));
    }
    // Extras requested of each package by some edge in the lock.
    std::unordered_map<std::string, std::vector<std::string>> activated;
    for (const Package& p : lock.packages) {
        auto collect = [&](const std::vector<lockfile::Dependency>& deps) {
            for (const auto& d : deps) {
                auto& list = activated[d.target.name];
                list.insert(list.end(), d.extras.begin(), d.extras.end());
            }
        };
        collect(p.dependencies);
        for (const auto& [extra, deps] : p.optional_dependencies) {
            collect(deps);
        }
        for (const auto& [group, deps] : p.dev_dependencies) {
            collect(deps);
        }
    }
    const pep508::MarkerTree python_range = requires_python_marker(lock.requires_python);
    pep508::MarkerTree environments = pep508::MarkerTree::always_true();
    if (lock.supported_markers && !lock.supported_markers->empty()) {
        environments = pep508::MarkerTree::always_false();
        for (const auto& text : *lock.supported_markers) {
            const auto m = pep508::MarkerTree::parse(text);
            environments = m ? environments.or_with(*m) : pep508::MarkerTree::always_true();
            if (!m) {
                break;  // unreadable: judge as if every environment were supported
            }
        }
    }
    for (const Package& p : lock.packages) {
        if (!p.id.source.is_source_tree()) {
            continue;
        }
        Applicability scope;
        scope.python_range = python_range;
        scope.environments = environments;
        // Without a members list, the project at "." is the workspace.
        scope.is_member = members.empty() ? p.id.source.location == "." : members.contains(p.id.name);
        if (auto it = activated.find(p.id.name); it != activated.end()) {
            scope.activated_extras = it->second;
        }
        if (p.metadata.requires_dist) {
            for (const auto& r : *p.metadata.requires_dist) {
                check_requirement(lock, by_name, unjudged, p, scope, r, "requires-dist", out);
            }
        }
        if (p.metadata.requires_dev && scope.is_member) {
            for (const auto& [group, reqs] : *p.metadata.requires_dev) {
                for (const auto& r : reqs) {
                    check_requirement(lock, by_name, unjudged, p, scope, r, "group `" + group + "`", out);
                }
            }
        }
    }
}

} // namespace

std::vector<Finding> check_integrity(const Lock& lock) {
    std::vector<Finding> out;
    const NameIndex by_name = index_by_name(lock);
    check_filenames(lock, out);
    check_hashes(lock, out);
    check_markers(lock, out);
    check_reachability(lock, out);
    check_requirements(lock, by_name, out);
    return out;
}

} // namespace lockkit::verify
