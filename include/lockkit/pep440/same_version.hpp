#pragma once
// Whether two version strings name the same release: an installed distribution's METADATA and a
// lock may spell one version differently ("1.0" and "1.0.0", "1.0a1" and "1.0.0a1").

#include <string_view>

namespace lockkit::pep440 {

/// True when the texts are equal, or both parse as PEP 440 versions that compare equal
/// (local labels included). A text that does not parse equals only itself.
bool same_version(std::string_view a, std::string_view b);

} // namespace lockkit::pep440
