#include "lockkit/verify/distribution_filename.hpp"

#include "lockkit/pep508/package_name.hpp"

#include <array>

namespace lockkit::verify {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool version_matches(const pep440::Version& file_version, const pep440::Version& locked) {
    return file_version == locked || file_version == locked.without_local();
}

} // namespace

std::optional<WheelFields> split_wheel_filename(std::string_view filename) {
    if (!ends_with(filename, ".whl")) {
        return std::nullopt;
    }
    std::string_view rest = filename.substr(0, filename.size() - 4);
    std::array<std::string_view, 6> parts{};
    std::size_t count = 0;
    for (;;) {
        const auto dash = rest.find('-');
        if (count == parts.size()) {
            return std::nullopt;  // a seventh field
        }
        parts[count++] = rest.substr(0, dash);
        if (dash == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(dash + 1);
    }
    if (count == 5) {
        return WheelFields{parts[0], parts[1], {}, parts[2], parts[3], parts[4]};
    }
    if (count == 6) {
        return WheelFields{parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]};
    }
    return std::nullopt;
}

std::optional<WheelFilename> parse_wheel_filename(std::string_view filename) {
    const auto fields = split_wheel_filename(filename);
    if (!fields) {
        return std::nullopt;
    }
    WheelFilename out;
    out.name = pep508::normalize_name(fields->name);
    out.version_text = std::string(fields->version);
    if (auto v = pep440::Version::parse(fields->version)) {
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
