// Lowering pyproject.toml requirements to uv.lock requirement tables (see lowering.hpp).

#include "lockkit/pyproject/lowering.hpp"

#include "lockkit/pyproject/dependency_groups.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace lockkit::pyproject {

namespace {

using Unexpected = std::unexpected<Diagnostic>;

Diagnostic error_for(const PyProject& py, const Dependency& dep, std::string message) {
    if (dep.line > 0 && !py.source.empty()) {
        return diagnostic_at_line(py.file, py.source, dep.line, dep.column, std::move(message));
    }
    Diagnostic d;
    d.file = py.file;
    d.message = std::move(message);
    return d;
}

/// application/x-www-form-urlencoded, as the `url` crate's `query_pairs_mut` writes values.
std::string form_encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// `<repo>?subdirectory=..&lfs=true&branch|tag|rev=..` (uv's lock form of a git requirement).
std::string git_location(std::string repo, const std::optional<std::string>& subdirectory, bool lfs,
                         const std::optional<std::string>& branch, const std::optional<std::string>& tag,
                         const std::optional<std::string>& rev) {
    if (repo.starts_with("git+")) {
        repo.erase(0, 4);
    }
    std::vector<std::pair<std::string, std::string>> q;
    if (subdirectory) {
        q.emplace_back("subdirectory", *subdirectory);
    }
    if (lfs) {
        q.emplace_back("lfs", "true");
    }
    if (branch) {
        q.emplace_back("branch", *branch);
    } else if (tag) {
        q.emplace_back("tag", *tag);
    } else if (rev) {
        q.emplace_back("rev", *rev);
    }
    for (std::size_t i = 0; i < q.size(); ++i) {
        repo += (i == 0 ? '?' : '&') + q[i].first + '=' + form_encode(q[i].second);
    }
    return repo;
}

/// `path` relative to the workspace root, '/'-separated, "." for the root itself.
std::string relative_to_root(const Workspace& ws, const std::filesystem::path& absolute) {
    std::string rel = absolute.lexically_normal().lexically_relative(ws.root).generic_string();
    if (rel.empty()) {
        rel = absolute.lexically_normal().generic_string();
    }
    while (rel.size() > 1 && rel.back() == '/') {
        rel.pop_back();
    }
    return rel;
}

/// Fills the source of a local path: editable, directory, virtual or path.
void local_source(const Workspace& ws, const std::filesystem::path& install, bool editable,
                  std::optional<bool> package, lockfile::Requirement& out) {
    const std::string rel = relative_to_root(ws, install);
    std::error_code ec;
    const bool is_dir = std::filesystem::exists(install, ec) ? std::filesystem::is_directory(install, ec)
                                                              : !install.has_extension();
    if (!is_dir) {
        out.path = rel;
    } else if (editable) {
        out.editable = rel;
    } else if (package.value_or(true)) {
        out.directory = rel;
    } else {
        out.virtual_ = rel;
    }
}

/// The requirement with no `tool.uv.sources` entry: registry, or its PEP 508 URL.
void plain_source(const Workspace& ws, const pep508::Requirement& req, lockfile::Requirement& out) {
    if (!req.url) {
        if (!req.specifiers.empty()) {
            pep440::VersionSpecifiers specs = req.specifiers;
            specs.sort();
            out.specifier = specs.to_string(",");
        }
        return;
    }
    std::string url = *req.url;
    std::string fragment;
    if (const auto hash = url.find('#'); hash != std::string::npos) {
        fragment = url.substr(hash + 1);
        url.erase(hash);
    }
    std::optional<std::string> subdirectory;
    for (std::size_t start = 0; start <= fragment.size();) {
        const std::size_t amp = std::min(fragment.find('&', start), fragment.size());
        const std::string_view kv = std::string_view(fragment).substr(start, amp - start);
        if (kv.starts_with("subdirectory=")) {
            subdirectory = std::string(kv.substr(13));
        }
        start = amp + 1;
    }
    if (url.starts_with("git+")) {
        url.erase(0, 4);
        // A reference follows the last '@' in the path (not in the authority).
        std::optional<std::string> rev;
        const std::size_t scheme = url.find("://");
        const std::size_t path_start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
        if (path_start != std::string::npos) {
            if (const auto at = url.rfind('@'); at != std::string::npos && at > path_start) {
                rev = url.substr(at + 1);
                url.erase(at);
            }
        }
        out.git = git_location(url, subdirectory, false, std::nullopt, std::nullopt, rev);
        return;
    }
    if (url.starts_with("file://")) {
        std::string p = url.substr(7);
        if (p.starts_with("localhost/")) {
            p.erase(0, 9);
        }
        local_source(ws, std::filesystem::path(p), false, std::nullopt, out);
        return;
    }
    out.url = url;
    out.subdirectory = subdirectory;
}

const Index* find_index(const PyProject& py, std::string_view name) {
    for (const auto& idx : py.tool_uv.indexes) {
        if (idx.name && *idx.name == name) {
            return &idx;
        }
    }
    return nullptr;
}

} // namespace

bool NoSources::for_package(std::string_view name) const {
    return all || std::find(packages.begin(), packages.end(), name) != packages.end();
}

std::expected<std::vector<lockfile::Requirement>, Diagnostic> lower_requirement(
    const Workspace& ws, const Member* member, const Dependency& dep, pep508::MarkerTree marker,
    const std::optional<std::string>& extra, const std::optional<std::string>& group, const NoSources& no_sources) {
    const PyProject& own = member != nullptr ? member->pyproject : ws.root_pyproject;
    const std::filesystem::path project_dir = member != nullptr ? member->directory : ws.root;
    const pep508::Requirement& req = dep.requirement;

    // Ignored sources are not looked at: the requirement stands as written.
    const bool ignore_sources = no_sources.for_package(req.name);
    const PackageSources* sources = ignore_sources ? nullptr : own.sources_for(req.name);
    bool from_root = false;
    if (sources == nullptr && !ignore_sources) {
        sources = ws.root_pyproject.sources_for(req.name);
        from_root = sources != nullptr;
    }

    lockfile::Requirement base;
    base.name = req.name;
    if (!req.extras.empty()) {
        base.extras = req.extras;
    }

    std::vector<const Source*> applicable;
    if (sources != nullptr) {
        for (const auto& s : sources->sources) {
            if (s.extra && (!extra || *s.extra != *extra)) {
                continue;
            }
            if (s.group && (!group || *s.group != *group)) {
                continue;
            }
            applicable.push_back(&s);
        }
    }

    std::vector<lockfile::Requirement> out;
    if (applicable.empty()) {
        lockfile::Requirement r = base;
        r.marker = marker.to_string();
        plain_source(ws, req, r);
        out.push_back(std::move(r));
        return out;
    }
    if (req.url) {
        return Unexpected(error_for(own, dep, "can't combine URLs from both `project.dependencies` and "
                                              "`tool.uv.sources` for `" + req.name + "`"));
    }

    // The part of the marker space no source covers keeps the plain requirement.
    pep508::MarkerTree covered = pep508::MarkerTree::always_false();
    for (const Source* s : applicable) {
        covered = covered.or_with(s->marker);
    }
    const pep508::MarkerTree remaining = marker.and_with(covered.negate());
    if (!remaining.is_false()) {
        lockfile::Requirement r = base;
        r.marker = remaining.to_string();
        plain_source(ws, req, r);
        out.push_back(std::move(r));
    }

    const PyProject& declaring = from_root ? ws.root_pyproject : own;
    const std::filesystem::path base_dir = from_root ? ws.root : project_dir;
    for (const Source* s : applicable) {
        const pep508::MarkerTree m = marker.and_with(s->marker);
        if (m.is_false()) {
            continue;
        }
        lockfile::Requirement r = base;
        r.marker = m.to_string();
        switch (s->kind) {
        case Source::Kind::Workspace: {
            const Member* target = ws.find(req.name);
            if (target == nullptr) {
                return Unexpected(error_for(own, dep, "`" + req.name +
                                                          "` uses `workspace = true` but is not a workspace member"));
            }
            // A member required by another is a package unless it says `package = false`.
            if (!target->pyproject.is_package(false)) {
                r.virtual_ = target->path;
            } else if (s->editable.value_or(true)) {
                r.editable = target->path;
            } else {
                r.directory = target->path;
            }
            break;
        }
        case Source::Kind::Path: {
            const std::filesystem::path install = (base_dir / s->location).lexically_normal();
            local_source(ws, install, s->editable.value_or(false), s->package, r);
            break;
        }
        case Source::Kind::Git:
            r.git = git_location(s->location, s->subdirectory, s->lfs.value_or(false), s->branch, s->tag, s->rev);
            break;
        case Source::Kind::Url:
            r.url = s->location;
            r.subdirectory = s->subdirectory;
            break;
        case Source::Kind::Registry: {
            const Index* idx = find_index(own, s->location);
            if (idx == nullptr) {
                idx = find_index(ws.root_pyproject, s->location);
            }
            if (idx == nullptr) {
                return Unexpected(error_for(declaring.file == own.file ? own : declaring, dep,
                                            "`" + req.name + "` is pinned to index `" + s->location +
                                                "`, which no `[[tool.uv.index]]` declares"));
            }
            plain_source(ws, req, r);
            r.index = idx->url;
            break;
        }
        }
        out.push_back(std::move(r));
    }
    return out;
}

namespace {

std::expected<void, Diagnostic> lower_list(const Workspace& ws, const Member* member,
                                           const std::vector<Dependency>& deps, const std::optional<std::string>& extra,
                                           const std::optional<std::string>& group, const NoSources& no_sources,
                                           std::vector<lockfile::Requirement>& out) {
    pep508::MarkerTree extra_marker;
    if (extra) {
        auto m = pep508::MarkerTree::parse("extra == '" + *extra + "'");
        if (m) {
            extra_marker = *m;
        }
    }
    for (const auto& d : deps) {
        auto lowered = lower_requirement(ws, member, d, d.requirement.marker.and_with(extra_marker), extra, group,
                                         no_sources);
        if (!lowered) {
            return Unexpected(std::move(lowered.error()));
        }
        for (auto& r : *lowered) {
            out.push_back(std::move(r));
        }
    }
    return {};
}

std::expected<lockfile::NamedLists<lockfile::Requirement>, Diagnostic> lower_groups(const Workspace& ws,
                                                                                    const Member* member,
                                                                                    const PyProject& py,
                                                                                    const NoSources& no_sources) {
    auto flat = flatten_dependency_groups(py);
    if (!flat) {
        return Unexpected(std::move(flat.error()));
    }
    lockfile::NamedLists<lockfile::Requirement> out;
    for (const auto& g : *flat) {
        std::vector<lockfile::Requirement> reqs;
        if (auto r = lower_list(ws, member, g.requirements, std::nullopt, g.name, no_sources, reqs); !r) {
            return Unexpected(std::move(r.error()));
        }
        out.emplace_back(g.name, std::move(reqs));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

} // namespace

std::expected<lockfile::PackageMetadata, Diagnostic> lower_metadata(const Workspace& ws, const Member& member,
                                                                    const NoSources& no_sources) {
    lockfile::PackageMetadata md;
    md.present = true;
    const PyProject& py = member.pyproject;
    if (py.project) {
        const Project& p = *py.project;
        for (const char* field : {"dependencies", "optional-dependencies"}) {
            if (p.is_dynamic(field)) {
                Diagnostic d;
                d.file = py.file;
                d.message = std::string("`project.") + field +
                            "` is dynamic: the metadata needs a build backend, not a static read";
                return Unexpected(std::move(d));
            }
        }
        std::vector<lockfile::Requirement> dist;
        if (auto r = lower_list(ws, &member, p.dependencies, std::nullopt, std::nullopt, no_sources, dist); !r) {
            return Unexpected(std::move(r.error()));
        }
        std::vector<std::string> extras;
        for (const auto& [extra, deps] : p.optional_dependencies) {
            extras.push_back(extra);
            if (auto r = lower_list(ws, &member, deps, extra, std::nullopt, no_sources, dist); !r) {
                return Unexpected(std::move(r.error()));
            }
        }
        if (!dist.empty()) {
            md.requires_dist = std::move(dist);
        }
        if (!extras.empty()) {
            md.provides_extras = std::move(extras);
        }
    }
    auto groups = lower_groups(ws, &member, py, no_sources);
    if (!groups) {
        return Unexpected(std::move(groups.error()));
    }
    if (!groups->empty()) {
        md.requires_dev = std::move(*groups);
    }
    return md;
}

std::expected<lockfile::Manifest, Diagnostic> lower_manifest(const Workspace& ws, const NoSources& no_sources) {
    lockfile::Manifest mf;
    if (!ws.is_single_project()) {
        for (const auto& m : ws.members) {
            mf.members.push_back(m.name);
        }
    }
    const ToolUv& uv = ws.root_pyproject.tool_uv;
    const Member* root_member = ws.root_is_project() ? ws.find(ws.root_pyproject.project->name) : nullptr;
    if (auto r = lower_list(ws, root_member, uv.constraint_dependencies, std::nullopt, std::nullopt, no_sources,
                            mf.constraints);
        !r) {
        return Unexpected(std::move(r.error()));
    }
    std::vector<lockfile::Requirement> overrides;
    if (auto r = lower_list(ws, root_member, uv.override_dependencies, std::nullopt, std::nullopt, no_sources, overrides); !r) {
        return Unexpected(std::move(r.error()));
    }
    for (auto& o : overrides) {
        lockfile::ManifestEntry e;
        e.requirement = std::move(o);
        mf.overrides.push_back(std::move(e));
    }
    if (auto r = lower_list(ws, root_member, uv.build_constraint_dependencies, std::nullopt, std::nullopt,
                            no_sources, mf.build_constraints);
        !r) {
        return Unexpected(std::move(r.error()));
    }
    if (!ws.root_is_project()) {
        auto groups = lower_groups(ws, nullptr, ws.root_pyproject, no_sources);
        if (!groups) {
            return Unexpected(std::move(groups.error()));
        }
        for (auto& [name, reqs] : *groups) {
            if (!reqs.empty()) {
                mf.dependency_groups.emplace_back(name, std::move(reqs));
            }
        }
        mf.has_dependency_groups_table = !mf.dependency_groups.empty();
    }
    mf.present = !mf.empty();
    return mf;
}

} // namespace lockkit::pyproject
