#pragma once
// Which environments a wheel can serve, judged from its filename alone. A
// universal lock has no interpreter to test tags against, so uv reasons about
// wheels with Python version bounds and markers instead:
//
//   * `matches_requires_python`: whether some Python in the project's
//     requires-python range could install the wheel (uv's
//     `RequiresPython::matches_wheel_tag`): Python 2 wheels never; `cp39-cp39`
//     only when 3.9 lies within [lower, upper] by major.minor; `py312-none`
//     only when 3.12 is not above the upper bound; `abi3`, `py3-none` and
//     tags it does not know always.
//   * `implied_markers`: the PEP 508 marker of the environments the wheel's
//     tags admit (`sys_platform == 'linux' and platform_machine == 'x86_64'`
//     and `python_version == '3.12.*' and platform_python_implementation ==
//     'CPython'` for a cp312 manylinux x86_64 wheel); `any` and `none` admit all.
//   * `is_wheel_unreachable`: whether the lock drops the wheel for a package
//     whose reachability marker is `marker`. When every platform tag belongs to
//     one OS family (and architecture), the wheel is dropped if `marker` is
//     disjoint with that family's fixed marker (the constants below, uv's
//     `LINUX_MARKERS`, `MAC_ARM_MARKERS`, ...); when the tags span families only
//     the architecture is checked; wheels with no recognised platform tag stay.

#include "lockkit/pep508/marker.hpp"
#include "lockkit/tags/supported_tags.hpp"
#include "lockkit/tags/wheel_filename.hpp"

namespace lockkit::tags {

/// Whether some Python in [lower, upper] could install the wheel (see above).
bool matches_requires_python(const WheelFilename& wheel, const pep508::ReleaseBound& lower,
                             const pep508::ReleaseBound& upper);

/// The marker of the environments the wheel's platform and Python tags admit.
pep508::MarkerTree implied_markers(const WheelFilename& wheel);
/// Only the platform part of `implied_markers` (`sys_platform` and `platform_machine`).
pep508::MarkerTree implied_platform_markers(const WheelFilename& wheel);
/// Only the Python part of `implied_markers` (`python_version`, implementation).
pep508::MarkerTree implied_python_markers(const WheelFilename& wheel);

/// Whether a universal lock leaves this wheel out for a package reachable under
/// `marker` in the requires-python range [lower, upper]. With `tags` (a lock for one
/// target environment), a wheel those tags refuse is unreachable too.
bool is_wheel_unreachable(const WheelFilename& wheel, const pep508::ReleaseBound& lower,
                          const pep508::ReleaseBound& upper, pep508::MarkerTree marker,
                          const SupportedTags* tags = nullptr);

/// The fixed marker of an OS family and/or architecture, as uv's lock builder uses it.
/// `os` is one of "linux", "windows", "macos", "android" or empty (architecture only);
/// `arch` is one of "arm", "x86_64", "x86", "ppc64le", "ppc64", "s390x", "riscv64",
/// "loongarch64", "armv7l", "armv6l" or empty (the whole family).
pep508::MarkerTree platform_family_marker(std::string_view os, std::string_view arch);

} // namespace lockkit::tags
