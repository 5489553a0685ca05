#pragma once
// Printing a Lock in uv's exact byte layout (uv 0.12.5, `version = 1`,
// `revision = 3`). The layout is a pure function of the model: key order,
// the three array styles (always multi-line, size-dependent, always inline),
// blank lines before every table header, string quoting, and the omission
// rules all follow ../shared/docs/uv-lock-format.md §1-§3 and §8. Element order
// is the model's; call canonicalize() first for a lock built or edited in
// memory. Why hand-written: no TOML serializer reproduces uv's choices (which
// arrays break across lines depends on the key, not the content).

#include "lockkit/lockfile/lock.hpp"

#include <string>

namespace lockkit::lockfile {

/// The canonical text of `lock`.
std::string write_lock(const Lock& lock);

/// The `[[package]]` block of `package` (from its header line to its last newline) as
/// write_lock prints it inside `context`: an edge names its target's version and source
/// where `context` holds several packages of that name. For text assembled from blocks of
/// different locks (lock-merge's conflict markers).
std::string write_package(const Lock& context, const Package& package);

/// Appends `value` as a TOML string the way uv's writer quotes it.
void append_toml_string(std::string& out, std::string_view value);

} // namespace lockkit::lockfile
