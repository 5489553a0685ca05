#pragma once
// Whether a lock's artifact filenames agree with the package's name and version.
//
// Filenames are read with the wheel-tag module (`tags/`); what is lock-verify's
// own is the leniency of the comparison. A wheel only needs the shape of a
// wheel filename (five or six fields), its name normalizing to the package's,
// and its version equal to the locked one or to it without its local label
// (`torch-2.5.1-...` for `2.5.1+cpu`). Old sdists may keep `-` inside the name
// (`python-dateutil-2.8.2.tar.gz`), so an sdist filename matches when some
// split point yields the package's name and version.

#include "lockkit/pep440/version.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <string_view>

namespace lockkit::verify {

/// Whether a wheel's fields (from `tags::split_wheel_filename`) name package `name`
/// (normalized) at `version`: the versions are equal, or equal without the local label.
bool wheel_matches(const tags::WheelFields& wheel, std::string_view name, const pep440::Version& version);

/// Whether an sdist filename names package `name` (normalized) at `version`.
bool sdist_matches(std::string_view filename, std::string_view name, const pep440::Version& version);

} // namespace lockkit::verify
