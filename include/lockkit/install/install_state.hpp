#pragma once
// What lockkit remembers about an environment it installed into, to notice cheaply
// when an installed file changed: for every distribution it installed, the stamp
// (size, modification time, inode) of every file, taken right after the install.
//
//   <environment>/.lockkit/state
//     lockkit-environment-state 1
//     D lib/python3.12/site-packages/alpha-1.0.dist-info
//     20 1733412345123456789 1234567 lib/python3.12/site-packages/alpha/__init__.py
//     ...
//
// Paths are relative to the environment's root. A sync compares the stamps of the
// distributions it keeps (lstat only, on every core); a file whose stamp differs is
// hashed against RECORD, and a distribution with a changed or missing file is
// reinstalled. A distribution without stamps (installed by another tool, or by a sync
// that was killed before it wrote this file) is checked by hashing every RECORD row
// once. The file is replaced atomically at the end of a sync, so after a crash it
// describes the state before that sync: anything it lists that changed since is
// caught by the comparison. A state of another format version is ignored (all
// distributions are then checked by hash once).

#include "lockkit/install/linker.hpp"

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::install {

class InstallState {
public:
    using Files = std::vector<std::pair<std::string, FileStamp>>;

    /// Reads the state of the environment at `root`; empty when absent, unreadable or of
    /// another format version.
    static InstallState read(const std::filesystem::path& root);

    /// Writes it atomically under `root`.
    std::expected<void, std::string> write(const std::filesystem::path& root) const;

    /// The stamps of a distribution (its .dist-info path relative to the root), or nullptr.
    const Files* find(const std::string& dist_info) const;
    void set(const std::string& dist_info, Files files) { m_dists[dist_info] = std::move(files); }
    void erase(const std::string& dist_info) { m_dists.erase(dist_info); }
    /// Drops distributions whose .dist-info folder is no longer under `root`.
    void prune(const std::filesystem::path& root);
    bool operator==(const InstallState&) const = default;
    const std::map<std::string, Files>& distributions() const { return m_dists; }

private:
    std::map<std::string, Files> m_dists;
};

/// The files (relative paths) whose current stamp under `root` differs from `files`.
std::vector<std::string> changed_files(const std::filesystem::path& root, const InstallState::Files& files);

/// changed_files for every distribution of `state`, on `jobs` threads (0: every core).
using ChangedFiles = std::map<std::string, std::vector<std::string>>;
ChangedFiles changed_files(const std::filesystem::path& root, const InstallState& state, unsigned jobs = 0);

} // namespace lockkit::install
