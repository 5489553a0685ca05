#include "lockkit/verify/distribution_filename.hpp"

#include "lockkit/pep508/package_name.hpp"

#include <array>
#include <vector>

namespace lockkit::verify {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> split_dash(std::string_view s) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '-') {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool version_matches(const pep440::Version& file_version, const pep440::Version& locked) {
    return file_version == locked || file_version == locked.without_local();
}

} // namespace

std::optional<WheelFilename> parse_wheel_filename(std::string_view filename) {
    if (!ends_with(filename, ".whl")) {
        return std::nullopt;
    }
    const auto parts = split_dash(filename.substr(0, filename.size() - 4));
    if (parts.size() != 5 && parts.size() != 6) {
        return std::nullopt;
    }
    WheelFilename out;
    out.name = pep508::normalize_name(parts[0]);
    out.version_text = std::string(parts[1]);
    if (auto v = pep440::Version::parse(parts[1])) {
        out.version = *v;
    }
    return out;
}

std::optional<std::string_view> sdist_stem(std::string_view filename) {
    static constexpr std::array<std::string_view, 7> k_suffixes = {".tar.gz", ".zip", ".tar.bz2", ".tar.xz",
                                                                     ".tgz",    ".tar", ".tar.zst"};
    for (const auto suffix : k_suffixes) {
        if (ends_with(filename, suffix)) {
            return filename.substr(0, filename.size() - suffix.size());
        }
    }
    return std::nullopt;
}

bool wheel_matches(const WheelFilename& wheel, std::string_view name, const pep440::Version& version) {
    return wheel.name == name && wheel.version && version_matches(*wheel.version, version);
}

bool sdist_matches(std::string_view filename, std::string_view name, const pep440::Version& version) {
    const auto stem = sdist_stem(filename);
    if (!stem) {
        return false;
    }
    // Try every '-' as the name/version boundary: names may contain '-', versions may not
    // (except as a PEP 440 separator, which parse() accepts, so also try earlier splits).
    for (std::size_t i = 0; i < stem->size(); ++i) {
        if ((*stem)[i] != '-') {
            continue;
        }
        if (pep508::normalize_name(stem->substr(0, i)) != name) {
            continue;
        }
        if (auto v = pep440::Version::parse(stem->substr(i + 1)); v && version_matches(*v, version)) {
            return true;
        }
    }
    return false;
}

} // namespace lockkit::verify
