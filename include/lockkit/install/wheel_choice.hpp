#pragma once
// Which of a locked package's wheels an interpreter installs: among the wheels
// whose tags the interpreter accepts (the tags module's PEP 425 priority for the
// probed interpreter), the one of highest priority, then the highest build tag,
// then the first in lock order (uv's `find_best_wheel`). A package with no
// fitting wheel would need its source distribution built, which this installer
// does not do; the error says so and names the wheels that were there.

#include "lockkit/interpreter/probe.hpp"
#include "lockkit/lockfile/lock.hpp"
#include "lockkit/tags/supported_tags.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::install {

/// How well a wheel fits (higher is better), or nullopt if it does not or its name does not parse.
std::optional<std::uint32_t> wheel_priority(std::string_view filename, const tags::SupportedTags& supported);

/// The wheel to install for `package`; the error explains why there is none.
std::expected<const lockfile::Artifact*, std::string> choose_wheel(const lockfile::Package& package,
                                                                   const interpreter::InterpreterInfo& info,
                                                                   const tags::SupportedTags& supported);

/// "CPython 3.12.1 on linux x86_64", for messages.
std::string describe_interpreter(const interpreter::InterpreterInfo& info);

} // namespace lockkit::install
