#pragma once
// `direct_url.json` (the *Direct URL data structure* spec, PEP 610) for what a lock
// installs, in uv's exact spelling: compact JSON with keys in uv's order, `url`
// first. A registry package gets none (its absence is how tools recognise an index
// install). A wheel from a URL or a local path records that URL with an empty
// `archive_info` (uv records no hash there), plus `subdirectory` when the lock has
// one; source trees record `dir_info` (`{"editable": true}` for editable members).

#include "lockkit/install/installed_distribution.hpp"
#include "lockkit/lockfile/lock.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace lockkit::install {

/// The direct_url.json text for `package`, whose relative paths are relative to
/// `lock_dir` (absolute); nullopt for registry packages.
std::optional<std::string> direct_url_for(const lockfile::Package& package, const std::filesystem::path& lock_dir);

/// `file:///abs/path` with the path percent-encoded as URLs require.
std::string file_url(const std::filesystem::path& absolute);

/// Whether an installed distribution came from where the lock says (`wanted` is the
/// result of direct_url_for): both from an index, or the same kind, URL, subdirectory
/// and editable flag.
bool same_origin(const std::optional<DirectUrl>& installed, const std::optional<std::string>& wanted);

} // namespace lockkit::install
