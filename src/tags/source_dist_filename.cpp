#include "lockkit/tags/source_dist_filename.hpp"

#include "lockkit/pep508/package_name.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <array>

namespace lockkit::tags {

namespace {

constexpr std::array<std::string_view, 12> k_names = {"tar.gz",  "zip",     "tar",    "tar.bz2", "tar.lz", "tar.lzma",
                                                      "tar.xz",  "tar.zst", "tbz",    "tgz",     "tlz",    "txz"};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (x != b[i]) {
            return false;
        }
    }
    return true;
}

std::string failure(std::string_view filename, std::string_view why) {
    std::string message = "Failed to parse source distribution filename ";
    message += filename;
    message += ": ";
    message += why;
    return message;
}

} // namespace

std::optional<SourceDistExtension> source_dist_extension(std::string_view filename) {
    using E = SourceDistExtension;
    // As Rust's Path::extension: the text after the last dot of the last component.
    const auto dot = filename.rfind('.');
    if (dot == std::string_view::npos || dot == 0) {
        return std::nullopt;
    }
    const auto extension = filename.substr(dot + 1);
    // The compressed-tar suffixes need a `.tar` (any case) before them.
    const auto stem = filename.substr(0, dot);
    const auto inner_dot = stem.rfind('.');
    const bool tar = inner_dot != std::string_view::npos && inner_dot != 0 && iequals(stem.substr(inner_dot + 1), "tar");
    if (extension == "gz") {
        return tar ? std::optional(E::TarGz) : std::nullopt;
    }
    for (const auto& [name, kind] : {std::pair{std::string_view("zip"), E::Zip}, std::pair{std::string_view("tar"), E::Tar},
                                     std::pair{std::string_view("tgz"), E::Tgz}, std::pair{std::string_view("tbz"), E::Tbz},
                                     std::pair{std::string_view("txz"), E::Txz}, std::pair{std::string_view("tlz"), E::Tlz}}) {
        if (extension == name) {
            return kind;
        }
    }
    for (const auto& [name, kind] :
         {std::pair{std::string_view("bz2"), E::TarBz2}, std::pair{std::string_view("xz"), E::TarXz},
          std::pair{std::string_view("lz"), E::TarLz}, std::pair{std::string_view("lzma"), E::TarLzma},
          std::pair{std::string_view("zst"), E::TarZst}}) {
        if (extension == name) {
            return tar ? std::optional(kind) : std::nullopt;
        }
    }
    return std::nullopt;
}

std::string_view extension_name(SourceDistExtension extension) {
    return k_names[static_cast<std::size_t>(extension)];
}

bool is_pep625_compliant(SourceDistExtension extension) {
    return extension == SourceDistExtension::TarGz || extension == SourceDistExtension::Zip;
}

std::optional<std::string_view> sdist_stem(std::string_view filename) {
    const auto extension = source_dist_extension(filename);
    if (!extension) {
        return std::nullopt;
    }
    const std::size_t suffix = extension_name(*extension).size() + 1;
    if (filename.size() <= suffix) {
        return std::nullopt;
    }
    return filename.substr(0, filename.size() - suffix);
}

std::expected<SourceDistFilename, std::string> SourceDistFilename::parse(std::string_view filename,
                                                                         std::string_view project) {
    const auto extension = source_dist_extension(filename);
    const auto stem = sdist_stem(filename);
    if (!extension || !stem) {
        return std::unexpected(failure(filename, "File extension is invalid"));
    }
    const auto mismatch = [&] {
        return std::unexpected(failure(filename, "Name doesn't start with package name " + std::string(project)));
    };
    if (stem->size() <= project.size() + 1 || (*stem)[project.size()] != '-') {
        return mismatch();
    }
    const auto written = stem->substr(0, project.size());
    if (!name_matches(written, project)) {
        if (!pep508::is_valid_name(written)) {
            return std::unexpected(failure(filename, "Not a valid package or extra name: \"" + std::string(written) + "\""));
        }
        return mismatch();
    }
    auto version = pep440::Version::parse(stem->substr(project.size() + 1));
    if (!version) {
        return std::unexpected(failure(filename, "Version section is invalid: " + version.error().message));
    }
    return SourceDistFilename{std::string(project), std::move(*version), *extension};
}

std::expected<SourceDistFilename, std::string> SourceDistFilename::parse_normalized(std::string_view filename) {
    const auto extension = source_dist_extension(filename);
    const auto stem = sdist_stem(filename);
    if (!extension || !stem) {
        return std::unexpected(failure(filename, "File extension is invalid"));
    }
    const auto dash = stem->rfind('-');
    if (dash == std::string_view::npos) {
        return std::unexpected(failure(filename, "Missing name-version separator"));
    }
    const auto name = stem->substr(0, dash);
    if (!pep508::is_valid_name(name)) {
        return std::unexpected(failure(filename, "Not a valid package or extra name: \"" + std::string(name) + "\""));
    }
    auto version = pep440::Version::parse(stem->substr(dash + 1));
    if (!version) {
        return std::unexpected(failure(filename, "Version section is invalid: " + version.error().message));
    }
    return SourceDistFilename{pep508::normalize_name(name), std::move(*version), *extension};
}

std::string SourceDistFilename::to_string() const {
    std::string out = dist_info_name(name);
    out += '-';
    out += version.to_string();
    out += '.';
    out += extension_name(extension);
    return out;
}

} // namespace lockkit::tags
