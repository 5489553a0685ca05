// Same release under two spellings; see include/lockkit/pep440/same_version.hpp.

#include <lockkit/pep440/same_version.hpp>

#include <lockkit/pep440/version.hpp>

namespace lockkit::pep440 {

bool same_version(std::string_view a, std::string_view b) {
    if (a == b) {
        return true;
    }
    const auto va = Version::parse(a);
    const auto vb = Version::parse(b);
    return va && vb && *va == *vb;
}

} // namespace lockkit::pep440
