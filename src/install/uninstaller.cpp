// Uninstalling through RECORD; see include/lockkit/install/uninstaller.hpp.

#include "lockkit/install/uninstaller.hpp"

#include "lockkit/install/record.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <unistd.h>

namespace lockkit::install {

namespace {

bool inside(const std::filesystem::path& path, const std::filesystem::path& folder) {
    auto p = path.begin();
    for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
        if (f->empty()) {
            continue;  // a trailing separator
        }
        if (p == path.end() || *p != *f) {
            return false;
        }
    }
    return true;
}

/// Removes a file (or, if RECORD named a folder, the folder); "already gone" is fine.
std::expected<bool, std::string> remove_entry(const std::filesystem::path& path) {
    if (::unlink(path.c_str()) == 0) {
        return true;
    }
    if (errno == ENOENT || errno == ENOTDIR) {
        return false;
    }
    if (errno == EISDIR || errno == EPERM) {
        std::error_code ec;
        if (std::filesystem::remove_all(path, ec) > 0 || !ec) {
            return true;
        }
        return std::unexpected("cannot remove " + path.string() + ": " + ec.message());
    }
    return std::unexpected("cannot remove " + path.string() + ": " + std::strerror(errno));
}

} // namespace

std::expected<UninstallOutcome, std::string> uninstall_distribution(const std::filesystem::path& dist_info,
                                                                    const Layout& layout) {
    UninstallOutcome out;
    const auto site_packages = dist_info.parent_path();
    const auto record = read_file(dist_info / "RECORD");
    std::set<std::filesystem::path> touched;
    if (!record) {
        out.warnings.push_back("cannot uninstall " + dist_info.filename().string() +
                               " cleanly: it has no RECORD, so only its metadata folder is removed");
    } else {
        auto rows = parse_record(*record);
        if (!rows) {
            return std::unexpected((dist_info / "RECORD").string() + " " + rows.error());
        }
        const auto folders = layout.scheme_folders();
        bool warned = false;
        for (const auto& row : *rows) {
            auto path = (site_packages / row.path).lexically_normal();
            if (inside(path, dist_info)) {
                continue;  // the metadata folder goes last
            }
            if (std::none_of(folders.begin(), folders.end(), [&](const auto& f) { return inside(path, f); })) {
                if (!warned) {
                    out.warnings.push_back("ignoring RECORD rows of " + dist_info.filename().string() +
                                           " outside the environment, such as `" + row.path + "`");
                    warned = true;
                }
                continue;
            }
            auto removed = remove_entry(path);
            if (!removed) {
                return std::unexpected(removed.error());
            }
            if (*removed) {
                ++out.files_removed;
                touched.insert(path.parent_path());
            }
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dist_info, ec);
    if (ec) {
        return std::unexpected("cannot remove " + dist_info.string() + ": " + ec.message());
    }
    // Deepest first, so a folder emptied by pruning its child is pruned too.
    for (auto it = touched.rbegin(); it != touched.rend(); ++it) {
        if (!inside(*it, site_packages)) {
            continue;  // bin/, include/, share/: left as they are (uv does the same)
        }
        for (auto folder = *it; folder != site_packages && inside(folder, site_packages); folder = folder.parent_path()) {
            std::filesystem::remove_all(folder / "__pycache__", ec);
            if (::rmdir(folder.c_str()) != 0 && errno != ENOENT) {
                break;  // not empty
            }
        }
    }
    return out;
}

} // namespace lockkit::install
