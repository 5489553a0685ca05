#pragma once
// Which lock file guards a resource. Every lock lives in one directory, named
// by a hash of the resource's path, so the name must not depend on how the
// path was spelled: relative or absolute, through a symlink or not, before or
// after the resource exists.
//
// The path is normalised as follows: made absolute against the current
// directory; its longest prefix that exists is canonicalised (symlinks and
// `..` resolved by the kernel, as realpath(3) does); the remaining components,
// which do not exist yet, are appended with `.` removed. A `..` among them is
// refused: whether it climbs out of a symlinked folder cannot be known until
// the folder exists. So `foo/new` and `bar/new`, where `bar` is a symlink to
// `foo`, name one lock even before `new` is created.

#include "lockkit/fs/lock_error.hpp"

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::fs {

/// The normalised absolute path of `resource` (see above).
std::expected<std::filesystem::path, LockError> normalise_resource_path(const std::filesystem::path& resource);

/// The lock file's name for a normalised path: the first 32 hex digits of
/// SHA-256 over the path's bytes, then `.lock`.
std::string lock_file_name(const std::filesystem::path& normalised);

/// Whether `name` has the shape lock_file_name produces (what prune may remove).
bool is_lock_file_name(std::string_view name);

} // namespace lockkit::fs
