// The requirements of a merge (see merged_project.hpp).

#include "lockkit/merge/merged_project.hpp"
#include "lockkit/lockfile/exclude_newer_package.hpp"

#include "source_tree_merge.hpp"

#include "lockkit/util/subprocess.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <set>

namespace lockkit::merge {

namespace fs = std::filesystem;

namespace {

bool is_project_file(std::string_view path) {
    const auto slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    return name == "pyproject.toml" || name == "uv.toml";
}

/// The project files a commit holds, repository-relative.
std::expected<std::vector<std::string>, std::string> project_files_at(const fs::path& work_tree, const std::string& commit) {
    auto r = run_process({"git", "-C", work_tree.string(), "ls-tree", "-r", "-z", "--name-only", commit});
    if (!r) return std::unexpected(r.error());
    if (r->exit_code != 0) return std::unexpected("git ls-tree " + commit + " failed");
    std::vector<std::string> out;
    for (std::size_t start = 0; start < r->out.size();) {
        std::size_t end = r->out.find('\0', start);
        if (end == std::string::npos) end = r->out.size();
        std::string path = r->out.substr(start, end - start);
        if (is_project_file(path)) out.push_back(std::move(path));
        start = end + 1;
    }
    return out;
}

/// A TOML basic string.
std::string toml_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

/// A lowered requirement restated as PEP 508 text plus, where needed, a `tool.uv.sources` entry.
struct Restated {
    std::string pep508;
    std::optional<std::string> source;  ///< the inline table of `tool.uv.sources.<name>`
};

/// The writer of one synthesized pyproject.toml (and the indexes it declares).
struct ProjectText {
    const std::set<std::string>& members;  ///< member names
    std::map<std::string, std::string> sources;  ///< name -> inline table
    std::vector<std::string> indexes;            ///< index URLs, named `lockkit-merge-N`
    std::string error;

    std::optional<Restated> restate(const lockfile::Requirement& r, const fs::path& member_dir) {
        Restated out;
        out.pep508 = r.name;
        if (r.extras && !r.extras->empty()) {
            out.pep508 += "[";
            for (std::size_t i = 0; i < r.extras->size(); ++i) out.pep508 += (i ? "," : "") + (*r.extras)[i];
            out.pep508 += "]";
        }
        if (r.git || r.url) {
            error = "the requirement on `" + r.name + "` is a git or URL source, which a lock alone cannot restate";
            return std::nullopt;
        }
        if (r.specifier) out.pep508 += *r.specifier;
        auto relative = [&](const std::string& path) {
            std::string rel = fs::path(path).lexically_relative(member_dir.empty() ? fs::path(".") : member_dir).generic_string();
            return rel.empty() ? std::string(".") : rel;
        };
        if (r.editable || r.directory || r.virtual_) {
            const std::string& path = r.editable ? *r.editable : r.directory ? *r.directory : *r.virtual_;
            if (members.contains(r.name)) out.source = "{ workspace = true }";
            else
                out.source = "{ path = " + toml_string(relative(path)) + (r.editable ? ", editable = true }" : " }");
        } else if (r.path) {
            out.source = "{ path = " + toml_string(relative(*r.path)) + " }";
        } else if (r.index) {
            auto it = std::find(indexes.begin(), indexes.end(), *r.index);
            if (it == indexes.end()) it = indexes.insert(indexes.end(), *r.index);
            out.source = "{ index = \"lockkit-merge-" + std::to_string(it - indexes.begin()) + "\" }";
        }
        if (!r.marker.empty()) out.pep508 += " ; " + r.marker;
        return out;
    }

    /// A TOML array of the requirements' PEP 508 texts; sources are collected.
    std::optional<std::string> array(const std::vector<lockfile::Requirement>& list, const fs::path& member_dir) {
        std::string out = "[";
        for (const auto& r : list) {
            auto restated = restate(r, member_dir);
            if (!restated) return std::nullopt;
            out += "\n    " + toml_string(restated->pep508) + ",";
            if (restated->source) sources[r.name] = *restated->source;
        }
        return out + (list.empty() ? "]" : "\n]");
    }
};

/// `package` with its edges removed: what the lock records it requires, not what was resolved.
lockfile::Package requirements_only(lockfile::Package p) {
    p.dependencies.clear();
    p.optional_dependencies.clear();
    p.dev_dependencies.clear();
    return p;
}

const lockfile::Package* source_tree(const lockfile::Lock& lock, const std::string& name) {
    for (const auto& p : lock.packages)
        if (p.id.name == name && p.id.source.is_source_tree()) return &p;
    return nullptr;
}

} // namespace

std::expected<MergedProject, std::string> merged_project_from_git(const fs::path& work_tree, const git::MergeCommits& commits) {
    MergedProject out;
    out.origin = std::string("git's merge of the project files at ") + commits.ours.substr(0, 12) + " and " +
                 commits.theirs.substr(0, 12) + " (" + git::merge_operation_name(commits.operation) + ")";
    std::set<std::string> paths;
    // Three `git ls-tree` processes at once: each mostly waits for its start-up.
    std::future<std::expected<std::vector<std::string>, std::string>> listed[3];
    const std::string* ids[] = {&commits.base, &commits.ours, &commits.theirs};
    for (int i = 0; i < 3; ++i)
        listed[i] = std::async(std::launch::async | std::launch::deferred, project_files_at, std::cref(work_tree),
                               std::cref(*ids[i]));
    for (auto& pending : listed) {
        auto files = pending.get();
        if (!files) return std::unexpected(files.error());
        paths.insert(files->begin(), files->end());
    }
    for (const auto& path : paths) {
        auto merged = git::merge_file_at(work_tree, commits, path);
        if (!merged) return std::unexpected("cannot merge " + path + ": " + merged.error());
        if (merged->conflicted) {
            out.conflicted.push_back(path);
            continue;
        }
        out.overlay.put(work_tree / path, merged->text);
    }
    return out;
}

std::expected<MergedProject, std::string> merged_project_from_locks(const lockfile::Lock& base, const lockfile::Lock& ours,
                                                                    const lockfile::Lock& theirs,
                                                                    const MergeOutcome& outcome,
                                                                    const MergeOptions& options, const fs::path& root) {
    MergedProject out;
    out.origin = "the requirements the three locks record";
    for (const auto& c : outcome.conflicts) {
        if (c.package.empty() && c.reason.find("resolution-markers") == std::string::npos)
            return std::unexpected("both sides changed the project's requirements (" + c.reason + ")");
    }
    const lockfile::Lock& merged = outcome.lock;
    // The source trees of the result: each one's recorded requirements, merged without its
    // edges when the lock merge could not take the package whole.
    std::set<std::string> names;
    for (const auto* lock : {&ours, &theirs})
        for (const auto& p : lock->packages)
            if (p.id.source.is_source_tree()) names.insert(p.id.name);
    std::vector<lockfile::Package> trees;
    for (const auto& name : names) {
        // uv records a source tree's requirements in `[package.metadata]`; a lock without them
        // (hand-written, or from a uv before 0.4) cannot say what the project requires.
        for (const auto* lock : {&ours, &theirs})
            if (const auto* p = source_tree(*lock, name); p != nullptr && !p->metadata.present) {
                bool has_edges = !p->dependencies.empty() || !p->optional_dependencies.empty() || !p->dev_dependencies.empty();
                if (has_edges)
                    return std::unexpected("`" + name + "` records no requirements (`[package.metadata]`), so the "
                                           "merged requirements are unknown without the merged pyproject.toml");
            }
        if (const auto* p = source_tree(merged, name)) {
            trees.push_back(*p);
            continue;
        }
        const auto* o = source_tree(ours, name);
        const auto* t = source_tree(theirs, name);
        const auto* b = source_tree(base, name);
        if (o == nullptr || t == nullptr) continue;  // removed by a side (unreachable, or a conflict on its own)
        std::optional<lockfile::Package> bb;
        if (b != nullptr) bb = requirements_only(*b);
        std::vector<std::string> notes;
        std::string why;
        auto m = detail::merge_source_tree(bb ? &*bb : nullptr, requirements_only(*o), requirements_only(*t),
                                           {base.revision, ours.revision, theirs.revision}, options, notes, why);
        if (!m) return std::unexpected("both sides changed the requirements of `" + name + "` (" + why + ")");
        trees.push_back(std::move(*m));
    }
    std::set<std::string> member_names(merged.manifest.members.begin(), merged.manifest.members.end());
    const lockfile::Package* root_package = nullptr;
    for (const auto& p : trees) {
        if (p.id.source.location == ".") root_package = &p;
        if (merged.manifest.members.empty() && p.id.source.location == ".") member_names.insert(p.id.name);
    }
    if (merged.manifest.members.empty() && root_package == nullptr)
        return std::unexpected("the locks name no project at the root");

    std::vector<std::string> member_paths;
    for (const auto& p : trees)
        if (member_names.contains(p.id.name) && p.id.source.location != ".") member_paths.push_back(p.id.source.location);
    std::vector<std::string> index_urls;
    auto write_project = [&](const lockfile::Package* p, bool is_root) -> std::optional<std::string> {
        const fs::path dir = p == nullptr ? fs::path() : fs::path(p->id.source.location == "." ? "" : p->id.source.location);
        ProjectText text{member_names, {}, index_urls, {}};
        std::string body;
        if (p != nullptr) {
            if (!p->id.version) {
                out.origin = "`" + p->id.name + "` has a dynamic version, which a lock alone cannot restate";
                return std::nullopt;
            }
            body += "[project]\nname = " + toml_string(p->id.name) + "\nversion = " + toml_string(*p->id.version) + "\n";
            if (!merged.requires_python.empty()) body += "requires-python = " + toml_string(merged.requires_python) + "\n";
            static const std::vector<lockfile::Requirement> none;
            auto deps = text.array(p->metadata.requires_dist ? *p->metadata.requires_dist : none, dir);
            if (!deps) return std::nullopt;
            body += "dependencies = " + *deps + "\n";
            if (p->metadata.provides_extras && !p->metadata.provides_extras->empty()) {
                // The extras' requirements are in `dependencies` with their `extra == …` markers.
                body += "\n[project.optional-dependencies]\n";
                for (const auto& extra : *p->metadata.provides_extras) body += extra + " = []\n";
            }
            if (p->metadata.requires_dev && !p->metadata.requires_dev->empty()) {
                body += "\n[dependency-groups]\n";
                for (const auto& [group, reqs] : *p->metadata.requires_dev) {
                    auto list = text.array(reqs, dir);
                    if (!list) return std::nullopt;
                    body += group + " = " + *list + "\n";
                }
            }
        } else if (!merged.manifest.dependency_groups.empty()) {
            body += "[dependency-groups]\n";
            for (const auto& [group, reqs] : merged.manifest.dependency_groups) {
                auto list = text.array(reqs, dir);
                if (!list) return std::nullopt;
                body += group + " = " + *list + "\n";
            }
        }
        std::string uv;
        if (p != nullptr && p->id.source.kind == lockfile::SourceKind::Virtual) uv += "package = false\n";
        if (is_root) {
            const lockfile::Manifest& m = merged.manifest;
            if (!m.overrides.empty() || !m.excludes.empty() || !m.dependency_metadata.empty()) {
                out.origin = "the locks record overrides, excludes or dependency metadata, which a lock alone cannot restate";
                return std::nullopt;
            }
            if (!m.constraints.empty()) {
                auto list = text.array(m.constraints, dir);
                if (!list) return std::nullopt;
                uv += "constraint-dependencies = " + *list + "\n";
            }
            const lockfile::Options& o = merged.options;
            if (o.resolution_mode) uv += "resolution = " + toml_string(*o.resolution_mode) + "\n";
            if (o.prerelease_mode) uv += "prerelease = " + toml_string(*o.prerelease_mode) + "\n";
            if (o.fork_strategy) uv += "fork-strategy = " + toml_string(*o.fork_strategy) + "\n";
            if (o.exclude_newer && !o.exclude_newer_span) uv += "exclude-newer = " + toml_string(*o.exclude_newer) + "\n";
            if (!o.exclude_newer_package.empty()) {
                // In the lock's order: uv's own order for these names read from a file in it.
                uv += "exclude-newer-package = {";
                for (const auto& e : o.exclude_newer_package) {
                    const std::string value = lockfile::exclude_newer_package_text(e);
                    uv += (&e == &o.exclude_newer_package.front() ? " " : ", ") + toml_string(e.name) + " = " +
                          (e.kind == lockfile::ExcludeNewerPackage::Kind::Disabled ? value : toml_string(value));
                }
                uv += " }\n";
            }
        }
        if (!uv.empty()) body += "\n[tool.uv]\n" + uv;
        if (is_root && !member_paths.empty()) {
            body += "\n[tool.uv.workspace]\nmembers = [";
            for (const auto& path : member_paths) body += toml_string(path) + ", ";
            body += "]\n";
        }
        if (!text.sources.empty()) {
            body += "\n[tool.uv.sources]\n";
            for (const auto& [name, table] : text.sources) body += toml_string(name) + " = " + table + "\n";
        }
        index_urls = text.indexes;
        if (!text.error.empty()) {
            out.origin = text.error;
            return std::nullopt;
        }
        return body;
    };
    std::map<std::string, std::string> files;  // relative directory -> text
    for (const auto& p : trees) {
        const bool is_root = p.id.source.location == ".";
        auto text = write_project(&p, is_root);
        if (!text) return std::unexpected(out.origin);
        files[p.id.source.location] = std::move(*text);
    }
    if (root_package == nullptr) {
        auto text = write_project(nullptr, true);
        if (!text) return std::unexpected(out.origin);
        files["."] = std::move(*text);
    }
    // Named indexes are declared once, in the root.
    for (std::size_t i = 0; i < index_urls.size(); ++i)
        files["."] += "\n[[tool.uv.index]]\nname = \"lockkit-merge-" + std::to_string(i) + "\"\nurl = " +
                      toml_string(index_urls[i]) + "\nexplicit = true\n";
    for (const auto& [dir, text] : files) out.overlay.put(root / dir / "pyproject.toml", text);
    // A uv.toml on disk is ours' copy, not the merged one; the lock's `[options]` stand for it.
    out.overlay.put(root / "uv.toml", std::nullopt);
    return out;
}

} // namespace lockkit::merge
