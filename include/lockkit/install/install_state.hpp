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
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::install {

class InstallState {
public:
    using Files = std::vector<std::pair<std::string, FileStamp>>;

    /// Reads the state of the environment at `root`; empty when absent, unreadable or of
    /// another format version. Only the distributions' names are parsed here (a no-op
    /// sync needs nothing more); their stamps are parsed by `find`.
    static InstallState read(const std::filesystem::path& root);

    /// Writes it atomically under `root`.
    std::expected<void, std::string> write(const std::filesystem::path& root) const;

    /// Whether the distribution (its .dist-info path relative to the root) has stamps.
    bool contains(const std::string& dist_info) const { return m_dists.contains(dist_info); }
    /// The stamps of a distribution; nullopt when it has none or they are damaged.
    std::optional<Files> find(const std::string& dist_info) const;
    void set(const std::string& dist_info, const Files& files);
    void erase(const std::string& dist_info) { m_dists.erase(dist_info); }
    /// Drops distributions whose .dist-info folder is no longer under `root`.
    void prune(const std::filesystem::path& root);
    /// The distributions with stamps.
    std::vector<std::string> distributions() const;
    bool operator==(const InstallState&) const = default;

private:
    /// Per distribution, its stamp lines as written in the file ("size mtime inode path\n"...).
    std::map<std::string, std::string> m_dists;
};

/// The files (relative paths) whose current stamp under `root` differs from `files`.
std::vector<std::string> changed_files(const std::filesystem::path& root, const InstallState::Files& files);

/// changed_files for every distribution of `state`, on `jobs` threads (0: every core).
using ChangedFiles = std::map<std::string, std::vector<std::string>>;
ChangedFiles changed_files(const std::filesystem::path& root, const InstallState& state, unsigned jobs = 0);

} // namespace lockkit::install
