#include "lockkit/verify/distribution_filename.hpp"

#include "lockkit/tags/source_dist_filename.hpp"

namespace lockkit::verify {

namespace {

bool version_matches(const pep440::Version& file_version, const pep440::Version& locked) {
    return file_version == locked || file_version == locked.without_local();
}

} // namespace

bool wheel_matches(const tags::WheelFields& wheel, std::string_view name, const pep440::Version& version) {
    if (!tags::name_matches(wheel.name, name)) {
        return false;
    }
    const auto parsed = pep440::Version::parse(wheel.version);
    return parsed && version_matches(*parsed, version);
}

bool sdist_matches(std::string_view filename, std::string_view name, const pep440::Version& version) {
    const auto stem = tags::sdist_stem(filename);
    if (!stem) {
        return false;
    }
    // Try every '-' as the name/version boundary: names may contain '-', versions may not
    // (except as a PEP 440 separator, which parse() accepts, so also try earlier splits).
    for (std::size_t i = 0; i < stem->size(); ++i) {
        if ((*stem)[i] != '-' || !tags::name_matches(stem->substr(0, i), name)) {
            continue;
        }
        if (auto v = pep440::Version::parse(stem->substr(i + 1)); v && version_matches(*v, version)) {
            return true;
        }
    }
    return false;
}

} // namespace lockkit::verify
