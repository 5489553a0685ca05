#pragma once
// Which of a locked package's wheels an interpreter installs: among the wheels whose
// tags the interpreter accepts, the one of highest priority, the first in lock order
// on a tie (uv's `find_best_wheel`). A package with no fitting wheel would need its
// source distribution built, which this installer does not do; the error says so
// and names the wheels that were there.
//
// `wheel_priority` is the one place that judges tags. It answers with the coarse
// filter lock-verify --download uses (verify/download_target.hpp: Python version,
// OS and architecture; every fitting wheel ranks the same, glibc and macOS minimums
// are not judged, the interpreter is taken for CPython). The wheel-tag module's
// `SupportedTags::compatibility` (PEP 425 priority for the probed interpreter)
// replaces that call, and nothing else here changes.

#include "lockkit/interpreter/interim_probe.hpp"
#include "lockkit/lockfile/lock.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::install {

/// How well a wheel fits the interpreter (higher is better), or nullopt if it does not.
std::optional<std::uint32_t> wheel_priority(std::string_view filename, const interpreter::InterpreterInfo& info);

/// The wheel to install for `package`; the error explains why there is none.
std::expected<const lockfile::Artifact*, std::string> choose_wheel(const lockfile::Package& package,
                                                                   const interpreter::InterpreterInfo& info);

/// "CPython 3.12.1 on linux x86_64", for messages.
std::string describe_interpreter(const interpreter::InterpreterInfo& info);

} // namespace lockkit::install
