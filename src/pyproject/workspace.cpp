// Workspace discovery: member globs expanded with std::filesystem (see workspace.hpp).

#include "lockkit/pyproject/workspace.hpp"

#include <algorithm>
#include <system_error>

namespace lockkit::pyproject {

const Member* Workspace::find(std::string_view name) const {
    for (const auto& m : members) {
        if (m.name == name) {
            return &m;
        }
    }
    return nullptr;
}

bool glob_segment_match(std::string_view p, std::string_view s) {
    // Iterative wildcard matching with backtracking to the last '*'.
    std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
            ++pi;
            ++si;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') {
        ++pi;
    }
    return pi == p.size();
}

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string_view seg = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (!seg.empty() && seg != ".") {
            out.push_back(seg);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return out;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

/// Relative paths (from `root`) of directories matching the glob segments.
void expand(const std::filesystem::path& root, const std::vector<std::string_view>& segs, std::size_t i,
            const std::string& rel, std::vector<std::string>& out, const SourceOverlay* overlay) {
    if (i == segs.size()) {
        out.push_back(rel.empty() ? "." : rel);
        return;
    }
    const std::string base = rel.empty() ? "" : rel + "/";
    std::error_code ec;
    if (!has_wildcard(segs[i])) {
        if (overlay_is_directory(root / (base + std::string(segs[i])), overlay)) {
            expand(root, segs, i + 1, base + std::string(segs[i]), out, overlay);
        }
        return;
    }
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(root / (rel.empty() ? "." : rel), ec)) {
        std::error_code ec2;
        if (!e.is_directory(ec2)) {
            continue;
        }
        const std::string name = e.path().filename().string();
        if (glob_segment_match(segs[i], name)) {
            names.push_back(name);
        }
    }
    if (overlay != nullptr) {
        for (const auto& name : overlay->subdirectories(root / (rel.empty() ? "." : rel))) {
            if (glob_segment_match(segs[i], name) && std::find(names.begin(), names.end(), name) == names.end()) {
                names.push_back(name);
            }
        }
    }
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
        expand(root, segs, i + 1, base + n, out, overlay);
    }
}

Diagnostic plain_error(std::string file, std::string message) {
    Diagnostic d;
    d.file = std::move(file);
    d.message = std::move(message);
    return d;
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
    const auto ps = split_path(pattern);
    const auto ss = split_path(path);
    if (ps.size() != ss.size()) {
        return false;
    }
    for (std::size_t i = 0; i < ps.size(); ++i) {
        if (!glob_segment_match(ps[i], ss[i])) {
            return false;
        }
    }
    return true;
}

std::expected<Workspace, Diagnostic> discover_workspace(const std::filesystem::path& root_in,
                                                       const SourceOverlay* overlay,
                                                       std::optional<PyProject> root_pyproject) {
    Workspace ws;
    ws.root = std::filesystem::absolute(root_in).lexically_normal();
    if (ws.root.has_filename() == false && ws.root.has_parent_path()) {
        ws.root = ws.root.parent_path();
    }
    if (root_pyproject) {
        ws.root_pyproject = std::move(*root_pyproject);
    } else {
        auto root_py = read_pyproject(ws.root / "pyproject.toml", overlay);
        if (!root_py) {
            return std::unexpected(std::move(root_py.error()));
        }
        ws.root_pyproject = std::move(*root_py);
    }

    std::vector<std::string> dirs;
    if (ws.root_is_project()) {
        dirs.push_back(".");
    }
    if (const auto& spec = ws.root_pyproject.tool_uv.workspace) {
        for (const auto& glob : spec->members) {
            std::vector<std::string> matched;
            expand(ws.root, split_path(glob), 0, "", matched, overlay);
            for (auto& m : matched) {
                const bool excluded = std::any_of(spec->exclude.begin(), spec->exclude.end(),
                                                  [&](const std::string& ex) { return glob_match(ex, m); });
                if (excluded || std::find(dirs.begin(), dirs.end(), m) != dirs.end()) {
                    continue;
                }
                const bool has_py = overlay_is_file(ws.root / m / "pyproject.toml", overlay);
                // A member the overlaid merge deletes: git removes its directory after the
                // driver has run, so it is not a member of the merged workspace.
                const auto* overlaid = overlay != nullptr ? overlay->find(ws.root / m / "pyproject.toml") : nullptr;
                if (!has_py && overlaid != nullptr && !overlaid->has_value()) continue;
                if (!has_py) {
                    const std::string last = std::filesystem::path(m).filename().string();
                    if (!last.empty() && last[0] == '.') {
                        continue;  // hidden directory, skipped silently by uv
                    }
                    return std::unexpected(plain_error(
                        (ws.root / m).generic_string(),
                        "workspace member `" + m + "` (matched by `" + glob + "`) has no pyproject.toml"));
                }
                dirs.push_back(m);
            }
        }
    }

    for (const auto& d : dirs) {
        Member member;
        member.path = d;
        member.directory = d == "." ? ws.root : (ws.root / d).lexically_normal();
        if (d == ".") {
            member.pyproject = ws.root_pyproject;
        } else {
            auto py = read_pyproject(member.directory / "pyproject.toml", overlay);
            if (!py) {
                return std::unexpected(std::move(py.error()));
            }
            member.pyproject = std::move(*py);
        }
        if (!member.pyproject.project) {
            return std::unexpected(plain_error(member.pyproject.file, "workspace member `" + d +
                                                                          "` has no `[project]` table"));
        }
        member.name = member.pyproject.project->name;
        if (ws.find(member.name) != nullptr) {
            return std::unexpected(plain_error(member.pyproject.file, "two workspace members are named `" +
                                                                          member.name + "`"));
        }
        ws.members.push_back(std::move(member));
    }
    std::sort(ws.members.begin(), ws.members.end(),
              [](const Member& a, const Member& b) { return a.name < b.name; });
    return ws;
}

} // namespace lockkit::pyproject
