#pragma once
// Loading one side of a diff. A side that does not exist in the sense git uses
// (`/dev/null`, as git passes for an added or deleted file, or an empty file)
// is an empty lock, so everything on the other side shows as added or removed.
// A file that cannot be read or parsed is an error carrying the reader's
// located Diagnostic.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <expected>
#include <filesystem>
#include <string_view>

namespace lockkit::diff {

/// Reads a side given as a path.
std::expected<lockfile::Lock, Diagnostic> load_lock_file(const std::filesystem::path& path);
/// Parses a side given as text (`name` labels diagnostics); empty text is an empty lock.
std::expected<lockfile::Lock, Diagnostic> load_lock_text(std::string_view text, std::string_view name);

} // namespace lockkit::diff
