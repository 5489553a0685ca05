// The requirements of a workspace lock (see lock_target.hpp).

#include <lockkit/project/lock_target.hpp>

#include <lockkit/index/url.hpp>
#include <lockkit/index/source_metadata.hpp>
#include <lockkit/index/wheel_archive.hpp>
#include <lockkit/metadata/core_metadata.hpp>
#include <lockkit/tags/source_dist_filename.hpp>
#include <lockkit/pyproject/dependency_groups.hpp>
#include <lockkit/pyproject/lowering.hpp>
#include <lockkit/util/sha256.hpp>

#include "group_conflicts.hpp"

#include <algorithm>
#include <deque>
#include <set>
#include <system_error>
#include <tuple>

namespace lockkit::project {

namespace fs = std::filesystem;
using pep508::MarkerTree;
using Unexpected = std::unexpected<Diagnostic>;

namespace {

Diagnostic error_in(const fs::path& file, std::string message, std::string hint = {}) {
    Diagnostic d;
    d.file = file.string();
    d.message = std::move(message);
    if (!hint.empty()) d.hints.push_back(std::move(hint));
    return d;
}

/// A failed build of a package declared in `file`: uv's report first (build/build_failure.hpp),
/// lockkit's `context` after it, before its hint; any other error after the context.
Diagnostic build_error(const fs::path& file, const std::string& context, const std::string& error) {
    if (!error.starts_with("Failed to build ")) return error_in(file, context + ": " + error);
    Diagnostic d;
    d.message = error;
    const auto hint = d.message.find("\nhint: ");
    d.message.insert(hint == std::string::npos ? d.message.size() : hint, "\n  " + context + " (" + file.string() + ")");
    return d;
}

std::string portable(const fs::path& p) { return p.generic_string(); }

/// The key hatchling sorts requirements by: the requirement as packaging prints it (name,
/// extras, specifiers in string order, marker), close enough to order what one project lists.
std::string hatchling_sort_key(const pyproject::Dependency& d) {
    const auto& r = d.requirement;
    std::string key = r.name;
    for (const auto& e : r.extras) key += "[" + e + "]";
    std::vector<std::string> specs;
    for (const auto& s : r.specifiers.items()) specs.push_back(s.to_string());
    std::sort(specs.begin(), specs.end());
    for (std::size_t i = 0; i < specs.size(); ++i) key += (i ? "," : "") + specs[i];
    if (r.url) key += "@" + *r.url;
    if (auto semi = d.text.find(';'); semi != std::string::npos) {
        key += ";";
        for (char c : std::string_view(d.text).substr(semi + 1))
            if (c != ' ' && c != '\t') key += c;
    }
    return key;
}

/// uv reads a built source tree's extras and requirements in the order of its metadata, and
/// that order is the backend's: it is the order of the lock's `provides-extras` and of the
/// resolver's forks. hatchling writes the extras sorted by name and the requirements of each
/// sorted as packaging prints them (seen in metadata uv 0.12.5 built with hatchling: black's
/// `d` extra, livekit-agents' extras); setuptools and most others write the order of
/// `[project]`. A source tree that is not built gets the order its backend would have written.
void order_as_backend_writes(pyproject::PyProject& py) {
    if (!py.build_backend.starts_with("hatchling.")) return;
    auto by_key = [](const pyproject::Dependency& a, const pyproject::Dependency& b) {
        return hatchling_sort_key(a) < hatchling_sort_key(b);
    };
    auto& project = *py.project;
    std::stable_sort(project.dependencies.begin(), project.dependencies.end(), by_key);
    for (auto& [extra, list] : project.optional_dependencies) std::stable_sort(list.begin(), list.end(), by_key);
    std::stable_sort(project.optional_dependencies.begin(), project.optional_dependencies.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

/// The version a source tree with a dynamic version resolves with when it is not built; the lock
/// never records it (a dynamic source tree's version is omitted).
constexpr std::string_view k_unbuilt_dynamic_version = "0";

/// A path the lock writes relative to the workspace root ("." for the root itself).
std::string relative_to(const fs::path& root, const fs::path& absolute) {
    std::string rel = absolute.lexically_normal().lexically_relative(root).generic_string();
    if (rel.empty()) rel = absolute.lexically_normal().generic_string();
    while (rel.size() > 1 && rel.back() == '/') rel.pop_back();
    return rel;
}

/// The local path a lowered requirement names (editable, directory, virtual or path), if any.
std::optional<std::pair<lockfile::SourceKind, std::string>> local_path(const lockfile::Requirement& r) {
    if (r.editable) return std::pair{lockfile::SourceKind::Editable, *r.editable};
    if (r.directory) return std::pair{lockfile::SourceKind::Directory, *r.directory};
    if (r.virtual_) return std::pair{lockfile::SourceKind::Virtual, *r.virtual_};
    if (r.path) return std::pair{lockfile::SourceKind::Path, *r.path};
    return std::nullopt;
}

fs::path absolute_under(const fs::path& root, const std::string& rel) {
    const fs::path p(rel);
    return (p.is_absolute() ? p : root / p).lexically_normal();
}

struct Builder {
    const pyproject::Workspace& ws;
    const ArchiveFetcher& fetch;
    const GitFetcher& git;
    const pyproject::SourceOverlay* overlay;
    index::MetadataBuilder* builder;  ///< null: metadata that is not static is an error
    const pyproject::NoSources& no_sources;
    LockTarget t;
    /// URL requirements still to read: (URL, how the lock names the package, declaring file).
    struct Pending {
        std::string name;
        std::string url;
        lockfile::Source source;
        fs::path declared_in;
    };
    std::deque<Pending> pending;

    /// A URL package as its archive's or checkout's core metadata declares it, from the source
    /// the requirement names; what the lock records beyond that is the caller's.
    static UrlPackage from_core_metadata(const Pending& p, const metadata::CoreMetadata& md) {
        UrlPackage pkg;
        pkg.name = p.name;
        pkg.metadata.version = md.version;
        pkg.metadata.metadata.requires_dist = md.requires_dist;
        pkg.metadata.metadata.requires_python = md.requires_python;
        pkg.metadata.metadata.provides_extra = md.provides_extra;
        pkg.lock.source = p.source;
        return pkg;
    }

    std::string url_of(const fs::path& absolute) const {
        std::string p = portable(absolute.lexically_normal());
        while (p.size() > 1 && p.back() == '/') p.pop_back();
        return index::file_url(p);
    }

    /// A lowered requirement as the resolver sees it; local sources become `file://` URLs.
    std::expected<pep508::Requirement, Diagnostic> to_resolver(const lockfile::Requirement& r,
                                                               const fs::path& declared_in) {
        pep508::Requirement out;
        out.name = r.name;
        if (r.extras) out.extras = *r.extras;
        if (r.groups) out.groups = *r.groups;
        if (auto m = MarkerTree::parse(r.marker)) out.marker = *m;
        else return Unexpected(error_in(declared_in, "invalid marker `" + r.marker + "` for `" + r.name + "`"));
        if (r.git) {
            if (!git)
                return Unexpected(error_in(declared_in, "`" + r.name + "` comes from git (`" + *r.git +
                                                            "`), which lockkit cannot lock without its git fetcher"));
            out.url = "git+" + *r.git;
            if (!t.url_packages.contains(*out.url)) {
                lockfile::Source source;
                source.kind = lockfile::SourceKind::Git;
                source.location = *r.git;
                pending.push_back(Pending{r.name, *out.url, source, declared_in});
            }
            return out;
        }
        if (r.specifier) {
            auto s = pep440::VersionSpecifiers::parse(*r.specifier);
            if (!s) return Unexpected(error_in(declared_in, "invalid specifier `" + *r.specifier + "` for `" + r.name + "`"));
            out.specifiers = *s;
        }
        if (r.index) t.index_pins[r.name] = *r.index;
        if (r.url) {
            const bool archive = r.url->ends_with(".whl") || r.url->ends_with(".tar.gz") || r.url->ends_with(".zip");
            if (!fetch || !archive)
                return Unexpected(error_in(declared_in, "`" + r.name + "` is a direct URL dependency (`" + *r.url +
                                                            "`), which lockkit cannot lock" +
                                                            (archive ? " without the network" : " unless it names a wheel or sdist"),
                                           "lock this project with `uv lock` for now"));
            out.url = *r.url;
            if (r.subdirectory) *out.url += "#subdirectory=" + *r.subdirectory;
            if (!t.url_packages.contains(*out.url)) {
                lockfile::Source source;
                source.kind = lockfile::SourceKind::Url;
                source.location = *r.url;
                source.subdirectory = r.subdirectory;
                pending.push_back(Pending{r.name, *out.url, source, declared_in});
            }
            return out;
        }
        if (auto local = local_path(r)) {
            const fs::path abs = absolute_under(ws.root, local->second);
            out.url = url_of(abs);
            if (!t.url_packages.contains(*out.url)) {
                lockfile::Source source;
                source.kind = local->first;
                source.location = local->second;
                pending.push_back(Pending{r.name, *out.url, source, declared_in});
            }
        }
        return out;
    }

    std::expected<std::vector<pep508::Requirement>, Diagnostic> convert(const std::vector<lockfile::Requirement>& list,
                                                                        const fs::path& declared_in) {
        std::vector<pep508::Requirement> out;
        for (const auto& r : list) {
            auto c = to_resolver(r, declared_in);
            if (!c) return Unexpected(std::move(c.error()));
            out.push_back(std::move(*c));
        }
        return out;
    }

    /// A source tree: version and requirements from its `[project]`.
    std::expected<void, Diagnostic> read_source_tree(const Pending& p) {
        const fs::path dir = absolute_under(ws.root, p.source.location);
        const pyproject::Member* member = nullptr;
        auto key = [](const fs::path& p) {
            std::string s = p.lexically_normal().generic_string();
            while (s.size() > 1 && s.back() == '/') s.pop_back();
            return s;
        };
        for (const auto& m : ws.members)
            if (key(m.directory) == key(dir)) member = &m;
        pyproject::Member standalone;
        pyproject::Workspace own_workspace;
        const pyproject::Workspace* context = &ws;
        if (member == nullptr) {
            auto py = pyproject::read_pyproject(dir / "pyproject.toml", overlay);
            if (!py) return Unexpected(std::move(py.error()));
            if (!py->project)
                return Unexpected(error_in(dir / "pyproject.toml", "`" + p.name + "` has no `[project]` table",
                                           "lockkit reads a local package's metadata from `[project]`; "
                                           "packages that need a build backend to describe themselves are not supported yet"));
            standalone.name = py->project->name;
            standalone.path = relative_to(ws.root, dir);
            standalone.directory = dir;
            standalone.pyproject = std::move(*py);
            // A package outside the workspace is lowered with its own sources only.
            own_workspace.root = ws.root;
            own_workspace.members.push_back(standalone);
            context = &own_workspace;
            member = &own_workspace.members.back();
        }
        const fs::path file = member->directory / "pyproject.toml";
        if (!member->pyproject.project) return Unexpected(error_in(file, "`" + p.name + "` has no `[project]` table"));
        const pyproject::Project& declared = *member->pyproject.project;
        if (declared.name != p.name)
            return Unexpected(error_in(file, "the package at `" + p.source.location + "` is named `" + declared.name +
                                                 "`, but it is required as `" + p.name + "`"));
        // When `[project]` leaves its requirements to the build backend (dynamic dependencies or
        // extras, or no version that says what it is), the backend's metadata is read in place of
        // `[project]`, as uv reads it: its requirements in its order (which orders the resolver's
        // forks) and its extras; `tool.uv.sources` lower it as they lower written dependencies
        // (uv's RequiresDist).
        //
        // A version that is only declared dynamic needs no build here. uv builds such a source
        // tree when it resolves, but what it writes depends on the answer only when a requirement
        // constrains that version: the lock omits a dynamic source tree's version, a workspace or
        // path requirement on it drops its specifier when lowered, and PEP 621 keeps the backend
        // from changing the static requirements. So the requirements are read from `[project]`,
        // the version is a stand-in, and the resolver asks for the build (`version_build`) only
        // when a requirement from elsewhere (a registry requirement of another package) carries
        // a specifier.
        const bool declared_dynamic_version = declared.is_dynamic("version");
        const bool dynamic_version = declared_dynamic_version || !declared.version;
        const bool dynamic_requirements = declared.is_dynamic("dependencies") || declared.is_dynamic("optional-dependencies");
        pyproject::Member built_member;
        std::optional<std::vector<std::string>> built_extras;
        if (declared_dynamic_version && !dynamic_requirements) {
            built_member = *member;
            built_member.pyproject.project->version = std::string(k_unbuilt_dynamic_version);
            order_as_backend_writes(built_member.pyproject);
            member = &built_member;
        } else if (dynamic_version || dynamic_requirements) {
            const std::string what = dynamic_requirements ? "dynamic dependencies" : "no static version";
            if (builder == nullptr)
                return Unexpected(error_in(file, "`" + p.name + "` has " + what + ": its metadata needs a build",
                                           "give `" + p.name + "` static `[project]` metadata, or lock with `uv lock`"));
            index::BuildSource source{dir, false, p.name, std::nullopt, std::nullopt};
            auto built = builder->build_metadata(source);
            if (!built)
                return Unexpected(build_error(file, "`" + p.name + "` has " + what + ", which only its build backend can tell",
                                              built.error()));
            built_member = *member;
            pyproject::Project& project = *built_member.pyproject.project;
            project.version = built->version.to_string();
            std::erase(project.dynamic, std::string("version"));
            // The built requirements carry their extras in their markers.
            project.dependencies.clear();
            for (const auto& r : built->requires_dist) project.dependencies.push_back(pyproject::Dependency{r, r.to_string(), 0, 0});
            project.has_dependencies = true;
            project.optional_dependencies.clear();
            std::erase(project.dynamic, std::string("dependencies"));
            std::erase(project.dynamic, std::string("optional-dependencies"));
            built_extras = built->provides_extra;
            member = &built_member;
        }
        const pyproject::PyProject& py = member->pyproject;
        const pyproject::Project& project = *py.project;
        auto version = pep440::Version::parse(*project.version);
        if (!version) return Unexpected(error_in(file, "`" + p.name + "` has an invalid version `" + *project.version + "`"));
        auto lowered = pyproject::lower_metadata(*context, *member, no_sources);
        if (!lowered) return Unexpected(std::move(lowered.error()));
        if (built_extras) {
            if (built_extras->empty()) lowered->provides_extras.reset();
            else lowered->provides_extras = *built_extras;
        }
        UrlPackage pkg;
        pkg.name = p.name;
        pkg.metadata.version = *version;
        if (lowered->requires_dist) {
            auto reqs = convert(*lowered->requires_dist, file);
            if (!reqs) return Unexpected(std::move(reqs.error()));
            pkg.metadata.metadata.requires_dist = std::move(*reqs);
        }
        if (lowered->provides_extras) pkg.metadata.metadata.provides_extra = *lowered->provides_extras;
        if (lowered->requires_dev)
            for (const auto& [group, list] : *lowered->requires_dev) {
                auto reqs = convert(list, file);
                if (!reqs) return Unexpected(std::move(reqs.error()));
                pkg.metadata.metadata.dependency_groups[group] = std::move(*reqs);
            }
        if (project.requires_python) {
            auto rp = pep440::VersionSpecifiers::parse(*project.requires_python);
            if (!rp) return Unexpected(error_in(file, "invalid `project.requires-python`: `" + *project.requires_python + "`"));
            pkg.metadata.metadata.requires_python = *rp;
        }
        if (declared_dynamic_version && !dynamic_requirements) {
            pkg.metadata.version_is_stand_in = true;
            pkg.version_build = index::BuildSource{dir, false, p.name, std::nullopt, std::nullopt};
        }
        pkg.lock.source = p.source;
        pkg.lock.dynamic_version = dynamic_version;
        pkg.lock.metadata = std::move(*lowered);
        t.url_packages.emplace(p.url, std::move(pkg));
        return {};
    }

    /// A wheel or sdist, on disk or at a URL: metadata from the archive, its hash for the lock.
    std::expected<void, Diagnostic> read_archive(const Pending& p) {
        const bool remote = p.source.kind == lockfile::SourceKind::Url;
        std::string location = p.source.location;
        if (remote) location = location.substr(0, location.find_first_of("?#"));
        const std::string filename = fs::path(location).filename().string();
        const bool wheel = filename.ends_with(".whl");
        fs::path file;
        std::string hash;
        if (remote) {
            if (!fetch)
                return Unexpected(error_in(p.declared_in, "`" + p.name + "` is a direct URL dependency (`" + p.source.location +
                                                              "`), which lockkit cannot lock without the network"));
            auto got = fetch(p.name, p.source.location);
            if (!got) return Unexpected(error_in(p.declared_in, "cannot download `" + p.name + "` from " + p.source.location + ": " + got.error()));
            file = got->path;
            hash = got->sha256;
        } else {
            file = absolute_under(ws.root, p.source.location);
            auto h = sha256_file(file);
            if (!h) return Unexpected(error_in(file, h.error()));
            hash = *h;
        }
        const std::string shown = remote ? p.source.location : file.string();
        std::expected<metadata::CoreMetadata, Diagnostic> md = Unexpected(Diagnostic{});
        if (wheel) {
            auto text = index::read_wheel_metadata_file(file, p.name);
            if (!text) return Unexpected(error_in(p.declared_in, "cannot read `" + p.name + "` from " + shown + ": " + text.error().message));
            md = metadata::parse_core_metadata(*text, shown);
            if (!md) return Unexpected(std::move(md.error()));
        } else {
            auto sdist = tags::SourceDistFilename::parse(filename, p.name);
            if (!sdist) return Unexpected(error_in(p.declared_in, "`" + filename + "` is not a source distribution of `" + p.name + "`: " + sdist.error()));
            auto found = index::read_sdist_metadata(file, p.name, sdist->version);
            if (!found && found.error().kind == index::StaticMetadataError::Kind::NeedsBuild && builder != nullptr) {
                auto built = builder->build_metadata(index::BuildSource{file, true, p.name, sdist->version, std::nullopt});
                if (!built) return Unexpected(build_error(p.declared_in, "`" + p.name + "` is declared here", built.error()));
                found = std::move(*built);
            }
            if (!found) {
                if (found.error().kind == index::StaticMetadataError::Kind::NeedsBuild)
                    return Unexpected(error_in(p.declared_in, "`" + p.name + "` needs a build to learn its metadata (" +
                                                                  found.error().message + ")"));
                return Unexpected(error_in(p.declared_in, "cannot read `" + p.name + "` from " + shown + ": " + found.error().message));
            }
            md = std::move(*found);
        }
        UrlPackage pkg = from_core_metadata(p, *md);
        lockfile::Artifact a;
        a.hash = "sha256:" + hash;
        if (wheel) {
            // A URL wheel is named by its URL, a path wheel by its filename.
            a.location_kind = remote ? lockfile::ArtifactLocation::Url : lockfile::ArtifactLocation::Filename;
            a.location = remote ? p.source.location : filename;
            pkg.lock.wheels.push_back(a);
        } else {
            pkg.lock.sdist = a;
        }
        // What the archive declares, as the lock records a mutable package's metadata.
        pkg.lock.metadata.present = true;
        std::vector<lockfile::Requirement> dist;
        for (const auto& r : md->requires_dist) {
            lockfile::Requirement lr;
            lr.name = r.name;
            if (!r.extras.empty()) lr.extras = r.extras;
            lr.marker = r.marker.to_string();
            if (!r.specifiers.empty()) {
                pep440::VersionSpecifiers s = r.specifiers;
                s.sort();
                lr.specifier = s.to_string(",");
            }
            if (r.url) lr.url = *r.url;
            dist.push_back(std::move(lr));
        }
        if (!dist.empty()) pkg.lock.metadata.requires_dist = std::move(dist);
        if (!md->provides_extra.empty()) pkg.lock.metadata.provides_extras = md->provides_extra;
        t.url_packages.emplace(p.url, std::move(pkg));
        return {};
    }

    /// A git source: checked out, then read as a source tree (static metadata only).
    std::expected<void, Diagnostic> read_git(const Pending& p) {
        const git::GitSource source = parse_git_location(p.source.location);
        auto checkout = git(source);
        if (!checkout) return Unexpected(error_in(p.declared_in, "cannot fetch `" + p.name + "` from git: " + checkout.error()));
        auto md = index::read_source_tree_metadata(checkout->directory, p.name);
        if (!md && md.error().kind == index::StaticMetadataError::Kind::NeedsBuild && builder != nullptr) {
            auto built = builder->build_metadata(index::BuildSource{checkout->directory, false, p.name, std::nullopt, std::nullopt});
            if (!built) return Unexpected(build_error(p.declared_in, "`" + p.name + "` is declared here", built.error()));
            md = std::move(*built);
        }
        if (!md) {
            if (md.error().kind == index::StaticMetadataError::Kind::NeedsBuild)
                return Unexpected(error_in(p.declared_in, "`" + p.name + "` (git, commit " + checkout->commit +
                                                              ") needs a build to learn its metadata (" + md.error().message +
                                                              ")"));
            return Unexpected(error_in(p.declared_in, "cannot read `" + p.name + "` from git: " + md.error().message));
        }
        if (md->name != p.name)
            return Unexpected(error_in(p.declared_in, "the package at `" + p.source.location + "` is named `" + md->name +
                                                          "`, but it is required as `" + p.name + "`"));
        for (const auto& r : md->requires_dist) {
            if (r.url)
                return Unexpected(error_in(p.declared_in, "`" + p.name + "` (git) requires `" + r.name + "` by a direct reference, "
                                                              "which lockkit cannot lock yet"));
        }
        // uv pins the reference to the commit it found, in the fragment; a git package is
        // immutable, so the lock keeps no `[package.metadata]` for it.
        UrlPackage pkg = from_core_metadata(p, *md);
        pkg.lock.source.location += "#" + checkout->commit;
        t.url_packages.emplace(p.url, std::move(pkg));
        return {};
    }

    std::expected<void, Diagnostic> drain() {
        while (!pending.empty()) {
            Pending p = std::move(pending.front());
            pending.pop_front();
            if (t.url_packages.contains(p.url)) continue;
            const bool archive = p.source.kind == lockfile::SourceKind::Path || p.source.kind == lockfile::SourceKind::Url;
            auto r = p.source.kind == lockfile::SourceKind::Git ? read_git(p)
                     : archive                                  ? read_archive(p)
                                                                : read_source_tree(p);
            if (!r) return r;
        }
        return {};
    }
};

/// The members another member (or the root) requires through `workspace = true`, with the
/// editability they ask for (uv's `collect_required_members`).
std::map<std::string, std::optional<bool>> required_members(const pyproject::Workspace& ws) {
    std::map<std::string, std::optional<bool>> out;
    auto visit = [&](const pyproject::PyProject& py, const std::string& self) {
        for (const auto& ps : py.tool_uv.sources) {
            if (ps.name == self) continue;
            for (const auto& s : ps.sources) {
                if (s.kind != pyproject::Source::Kind::Workspace) continue;
                auto [it, inserted] = out.emplace(ps.name, s.editable);
                if (!inserted && s.editable) it->second = s.editable;
            }
        }
    };
    visit(ws.root_pyproject, ws.root_pyproject.project ? ws.root_pyproject.project->name : std::string());
    for (const auto& m : ws.members) visit(m.pyproject, m.name);
    return out;
}

} // namespace

fs::path find_workspace_root(const fs::path& directory, const pyproject::SourceOverlay* overlay,
                             std::optional<pyproject::PyProject>* root_pyproject) {
    const fs::path start = fs::absolute(directory).lexically_normal();
    // `dir/` (as `.` normalizes) and `dir` are one directory: walk from the latter, so that its
    // pyproject.toml is read once.
    fs::path first = start;
    if (!first.has_filename() && first.has_parent_path()) first = first.parent_path();
    std::optional<pyproject::PyProject> start_pyproject;
    for (fs::path dir = first;; dir = dir.parent_path()) {
        const fs::path file = dir / "pyproject.toml";
        if (pyproject::overlay_is_file(file, overlay)) {
            auto py = pyproject::read_pyproject(file, overlay);
            if (py && py->tool_uv.workspace) {
                bool root = dir == first;
                if (!root) {
                    const std::string rel = start.lexically_relative(dir).generic_string();
                    bool included = false, excluded = false;
                    for (const auto& g : py->tool_uv.workspace->members) included = included || pyproject::glob_match(g, rel);
                    for (const auto& g : py->tool_uv.workspace->exclude) excluded = excluded || pyproject::glob_match(g, rel);
                    root = included && !excluded;
                }
                if (root) {
                    if (root_pyproject != nullptr) *root_pyproject = std::move(*py);
                    return dir == first ? start : dir;
                }
            }
            if (py && dir == first && root_pyproject != nullptr) start_pyproject = std::move(*py);
        }
        if (dir == dir.parent_path()) break;
    }
    if (root_pyproject != nullptr) *root_pyproject = std::move(start_pyproject);
    return start;
}

git::GitSource parse_git_location(std::string_view location) {
    git::GitSource out;
    const auto query = location.find('?');
    out.url = std::string(location.substr(0, query));
    if (query == std::string_view::npos) return out;
    std::string_view rest = location.substr(query + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        std::string value(pair.substr(eq + 1));
        std::replace(value.begin(), value.end(), '+', ' ');  // form encoding
        value = index::percent_decode(value);
        const std::string_view key = pair.substr(0, eq);
        if (key == "subdirectory") out.subdirectory = value;
        else if (key == "branch") out.reference = {git::GitReference::Kind::Branch, value};
        else if (key == "tag") out.reference = {git::GitReference::Kind::Tag, value};
        else if (key == "rev") out.reference = {git::GitReference::Kind::Rev, value};
    }
    return out;
}

namespace {

/// `tool.uv.conflicts` as uv collects them (`Workspace::conflicts`): a non-project root's sets,
/// then each member's, an item without `package` naming the member it is declared in, then the
/// sets uv infers from the root project's `include-group` (group_conflicts.hpp).
std::optional<Diagnostic> collect_conflicts(const pyproject::Workspace& ws, LockTarget& t) {
    auto add = [&](const pyproject::PyProject& pyproject, const fs::path& file,
                   const std::string& owner) -> std::optional<Diagnostic> {
        for (const auto& set : pyproject.tool_uv.conflicts) {
            resolver::ConflictSet items;
            std::vector<lockfile::ConflictItem> recorded;
            for (const auto& item : set) {
                const std::string package = item.package.empty() ? owner : item.package;
                if (package.empty())
                    return error_in(file, "a `tool.uv.conflicts` item of a workspace root without `[project]` needs `package`",
                                    "name the member the extra or group belongs to");
                resolver::ConflictItem ci{package, {}, {}};
                lockfile::ConflictItem li{package, lockfile::ConflictItem::Kind::Extra, item.name};
                if (item.kind.empty()) {
                    li.kind = lockfile::ConflictItem::Kind::Project;
                } else if (item.kind == "extra") {
                    ci.extra = item.name;
                } else {
                    ci.group = item.name;
                    li.kind = lockfile::ConflictItem::Kind::Group;
                }
                items.push_back(std::move(ci));
                recorded.push_back(std::move(li));
            }
            // uv keeps a set's items sorted, and the resolver forks in that order.
            std::stable_sort(items.begin(), items.end(), detail::conflict_item_before);
            t.conflicts.push_back(std::move(items));
            t.lock_conflicts.push_back(std::move(recorded));
        }
        return std::nullopt;
    };
    if (!ws.root_pyproject.project)
        if (auto problem = add(ws.root_pyproject, ws.root / "pyproject.toml", "")) return problem;
    for (const auto& m : ws.members)
        if (auto problem = add(m.pyproject, m.directory / "pyproject.toml", m.name)) return problem;

    // The root project's groups that include a conflicting group conflict too.
    if (ws.root_pyproject.project) {
        auto inferred = detail::inferred_group_conflicts(t.conflicts, ws.root_pyproject.project->name,
                                                         ws.root_pyproject.dependency_groups);
        if (!inferred)
            return error_in(ws.root / "pyproject.toml",
                            "lockkit cannot write the conflicts of this project as uv does: " + inferred.error(),
                            "lock this project with `uv lock`, or declare the conflicts of the groups that include "
                            "a conflicting group yourself");
        for (auto& set : *inferred) {
            std::vector<lockfile::ConflictItem> recorded;
            for (const auto& item : set) {
                lockfile::ConflictItem li{item.package, lockfile::ConflictItem::Kind::Project, ""};
                if (item.extra) li = {item.package, lockfile::ConflictItem::Kind::Extra, *item.extra};
                if (item.group) li = {item.package, lockfile::ConflictItem::Kind::Group, *item.group};
                recorded.push_back(std::move(li));
            }
            t.conflicts.push_back(std::move(set));
            t.lock_conflicts.push_back(std::move(recorded));
        }
    }
    return std::nullopt;
}

} // namespace

std::expected<LockTarget, Diagnostic> lock_target(const pyproject::Workspace& ws, const ArchiveFetcher& fetch,
                                                  const GitFetcher& git, const pyproject::SourceOverlay* overlay,
                                                  index::MetadataBuilder* builder,
                                                  const DefaultRequiresPython& default_requires_python,
                                                  const pyproject::NoSources& no_sources) {
    Builder b{ws, fetch, git, overlay, builder, no_sources, {}, {}};
    LockTarget& t = b.t;
    t.root = ws.root;
    const fs::path root_file = ws.root / "pyproject.toml";
    const pyproject::ToolUv& uv = ws.root_pyproject.tool_uv;
    t.indexes = uv.indexes;
    if (auto problem = collect_conflicts(ws, t)) return Unexpected(std::move(*problem));

    // requires-python: the intersection of the members'.
    std::vector<pep440::VersionSpecifiers> declared;
    for (const auto& m : ws.members) {
        if (!m.pyproject.project || !m.pyproject.project->requires_python) continue;
        auto s = pep440::VersionSpecifiers::parse(*m.pyproject.project->requires_python);
        if (!s)
            return Unexpected(error_in(m.directory / "pyproject.toml",
                                       "invalid `project.requires-python`: `" + *m.pyproject.project->requires_python + "`"));
        declared.push_back(*s);
    }
    if (declared.empty()) {
        // As uv: the found interpreter's `>=X.Y` (the caller warns that it was taken).
        const auto fallback = default_requires_python ? default_requires_python()
                                                      : std::expected<std::string, std::string>(std::unexpected(""));
        std::optional<pep440::VersionSpecifiers> parsed;
        if (fallback)
            if (auto p = pep440::VersionSpecifiers::parse(*fallback)) parsed = std::move(*p);
        if (!parsed) {
            Diagnostic d = error_in(root_file, "no `requires-python` in the workspace, and no Python interpreter was found "
                                               "to take one from",
                                    "add `requires-python = \">=3.X\"` to `[project]`: a universal lock needs the "
                                    "Python versions it is for");
            // The search's own summary line (its hint is the one above, said another way).
            if (!fallback && !fallback.error().empty()) d.context.push_back(fallback.error().substr(0, fallback.error().find('\n')));
            return Unexpected(std::move(d));
        }
        declared.push_back(*parsed);
    }
    auto rp = resolver::RequiresPython::intersection(declared);
    if (!rp)
        return Unexpected(error_in(root_file, "the members' `requires-python` ranges have no version in common"));
    t.requires_python = *rp;

    // The members with all their extras, then with all their groups.
    const auto required = required_members(ws);
    std::vector<pep508::Requirement> group_requirements;
    for (const auto& m : ws.members) {
        t.members.push_back(m.name);
        t.manifest.workspace_members.insert(m.name);  // failure reports say "your project" / "your workspace"
        const auto req = required.find(m.name);
        lockfile::Source source;
        source.location = m.path;
        if (m.pyproject.is_package(req == required.end()))
            source.kind = req != required.end() && req->second == false ? lockfile::SourceKind::Directory
                                                                          : lockfile::SourceKind::Editable;
        else
            source.kind = lockfile::SourceKind::Virtual;
        const std::string url = b.url_of(m.directory);
        b.pending.push_back(Builder::Pending{m.name, url, source, m.directory / "pyproject.toml"});
        if (auto r = b.drain(); !r) return Unexpected(std::move(r.error()));

        pep508::Requirement member;
        member.name = m.name;
        member.url = url;
        member.extras = t.url_packages.at(url).metadata.metadata.provides_extra;
        std::sort(member.extras.begin(), member.extras.end());
        t.manifest.requirements.push_back(member);

        std::vector<std::string> groups;
        for (const auto& g : m.pyproject.dependency_groups) groups.push_back(g.name);
        if (m.pyproject.tool_uv.dev_dependencies) groups.push_back("dev");
        std::sort(groups.begin(), groups.end());
        groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
        if (!groups.empty()) {
            pep508::Requirement g;
            g.name = m.name;
            g.url = url;
            g.groups = std::move(groups);
            group_requirements.push_back(std::move(g));
        }
    }
    for (auto& g : group_requirements) t.manifest.requirements.push_back(std::move(g));

    // `[manifest]`: constraints, overrides and a non-project root's groups.
    auto manifest = pyproject::lower_manifest(ws, no_sources);
    if (!manifest) return Unexpected(std::move(manifest.error()));
    t.lock_manifest = std::move(*manifest);
    for (const auto& [name, list] : t.lock_manifest.dependency_groups) {
        auto reqs = b.convert(list, root_file);
        if (!reqs) return Unexpected(std::move(reqs.error()));
        for (auto& r : *reqs) t.manifest.requirements.push_back(std::move(r));
    }
    auto constraints = b.convert(t.lock_manifest.constraints, root_file);
    if (!constraints) return Unexpected(std::move(constraints.error()));
    t.manifest.constraints = std::move(*constraints);
    for (const auto& o : t.lock_manifest.overrides) {
        if (!o.requirement) continue;
        auto r = b.to_resolver(*o.requirement, root_file);
        if (!r) return Unexpected(std::move(r.error()));
        t.manifest.overrides.push_back(std::move(*r));
    }
    if (auto r = b.drain(); !r) return Unexpected(std::move(r.error()));

    // Environments, as written and complexified with requires-python.
    auto markers = [&](const std::vector<std::string>& texts, const char* key,
                       std::vector<MarkerTree>& out) -> std::expected<void, Diagnostic> {
        const auto [lower, upper] = t.requires_python.to_marker_tree().python_full_version_bounds();
        for (const auto& text : texts) {
            auto m = MarkerTree::parse(text);
            if (!m) return Unexpected(error_in(root_file, std::string("invalid marker in `tool.uv.") + key + "`: `" + text + "`"));
            out.push_back(m->complexify_python_versions(lower, upper));
        }
        return {};
    };
    t.environments_text = uv.environments;
    t.required_environments_text = uv.required_environments;
    if (auto r = markers(uv.environments, "environments", t.environments); !r) return Unexpected(std::move(r.error()));
    if (auto r = markers(uv.required_environments, "required-environments", t.required_environments); !r)
        return Unexpected(std::move(r.error()));
    return t;
}

} // namespace lockkit::project
