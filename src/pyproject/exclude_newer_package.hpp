#pragma once
// How uv merges `exclude-newer-package` across settings layers, in the order uv's lock writes
// the result (internal to the settings merge).
//
// uv keeps the table in an `FxHashMap` and writes `[options.exclude-newer-package]` in its
// iteration order, so the order depends on how the map was built (uv 0.12.5,
// `uv-settings/src/combine.rs`, `uv/src/settings.rs`, `uv-resolver/src/exclude_newer.rs`):
// a file's table is deserialized key by key in document order into an empty map; the command
// line's `--exclude-newer-package` list is collected (room reserved for all of it); the files
// are merged highest first (`project.combine(user).combine(system)`), then the command line
// over them, each merge adding the lower layer's keys it lacks in the lower map's order; the
// merged map is finally collected again into a fresh map (room reserved for all of it).

#include <lockkit/pyproject/settings.hpp>

#include <string>
#include <utility>
#include <vector>

namespace lockkit::pyproject::detail {

/// The merged entries, highest layer's value first-come, in uv's order. `command_line` is the
/// command line's layer; `files` the files' layers, highest first; each layer's entries are in
/// the order given (document order for a file).
std::vector<std::pair<std::string, ExcludeNewerSetting>>
merge_exclude_newer_package(const SettingsLayer& command_line, const std::vector<const SettingsLayer*>& files);

} // namespace lockkit::pyproject::detail
