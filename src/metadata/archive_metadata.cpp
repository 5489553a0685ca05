// Reading one metadata member out of a wheel or sdist with libarchive (see archive_metadata.hpp).

#include "lockkit/metadata/archive_metadata.hpp"

#include "libarchive_api.hpp"

#include <memory>

namespace lockkit::metadata {

namespace {

using detail::ArchiveApi;

struct ArchiveCloser {
    const ArchiveApi* api;
    void operator()(archive* a) const { api->read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

/// Whether an entry path is the metadata member we look for.
using Matcher = bool (*)(std::string_view);

bool is_wheel_metadata(std::string_view path) {
    // `<dist>.dist-info/METADATA`, at depth one.
    const auto slash = path.find('/');
    return slash != std::string_view::npos && path.substr(slash) == "/METADATA" &&
           path.substr(0, slash).ends_with(".dist-info");
}

bool is_pkg_info(std::string_view path) {
    // `<dist>-<version>/PKG-INFO`, at depth one.
    const auto slash = path.find('/');
    return slash != std::string_view::npos && path.substr(slash) == "/PKG-INFO";
}

std::expected<std::string, std::string> find_member(const ArchiveApi& api, archive* a, Matcher matches,
                                                    std::string_view what) {
    archive_entry* entry = nullptr;
    for (;;) {
        const int r = api.read_next_header(a, &entry);
        if (r == ARCHIVE_EOF) break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            const char* e = api.error_string(a);
            return std::unexpected(std::string("not a readable archive: ") + (e != nullptr ? e : "unknown error"));
        }
        const char* path = api.entry_pathname(entry);
        if (path == nullptr || !matches(path)) continue;
        std::string text;
        char buffer[16384];
        for (;;) {
            const la_ssize_t n = api.read_data(a, buffer, sizeof buffer);
            if (n < 0) {
                const char* e = api.error_string(a);
                return std::unexpected(std::string("cannot read ") + path + ": " + (e != nullptr ? e : "unknown error"));
            }
            if (n == 0) break;
            text.append(buffer, static_cast<std::size_t>(n));
        }
        return text;
    }
    return std::unexpected("the archive has no " + std::string(what));
}

std::expected<ArchivePtr, std::string> open_reader() {
    auto api = detail::archive_api();
    if (!api) return std::unexpected(api.error());
    ArchivePtr a((*api)->read_new(), ArchiveCloser{*api});
    (*api)->read_support_filter_all(a.get());
    (*api)->read_support_format_zip(a.get());
    (*api)->read_support_format_tar(a.get());
    return a;
}

std::expected<std::string, std::string> read_file(const std::filesystem::path& path, Matcher m, std::string_view what) {
    auto a = open_reader();
    if (!a) return std::unexpected(a.error());
    const ArchiveApi& api = *a->get_deleter().api;
    if (api.read_open_filename(a->get(), path.c_str(), 65536) != ARCHIVE_OK) {
        const char* e = api.error_string(a->get());
        return std::unexpected(path.string() + ": " + (e != nullptr ? e : "cannot open"));
    }
    return find_member(api, a->get(), m, what);
}

std::expected<std::string, std::string> read_bytes(std::string_view bytes, Matcher m, std::string_view what) {
    auto a = open_reader();
    if (!a) return std::unexpected(a.error());
    const ArchiveApi& api = *a->get_deleter().api;
    if (api.read_open_memory(a->get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
        const char* e = api.error_string(a->get());
        return std::unexpected(std::string("not a readable archive: ") + (e != nullptr ? e : "unknown error"));
    }
    return find_member(api, a->get(), m, what);
}

} // namespace

std::expected<std::string, std::string> read_wheel_metadata_text(const std::filesystem::path& wheel) {
    return read_file(wheel, is_wheel_metadata, ".dist-info/METADATA");
}
std::expected<std::string, std::string> read_wheel_metadata_text(std::string_view bytes) {
    return read_bytes(bytes, is_wheel_metadata, ".dist-info/METADATA");
}
std::expected<std::string, std::string> read_sdist_pkg_info_text(const std::filesystem::path& sdist) {
    return read_file(sdist, is_pkg_info, "PKG-INFO");
}
std::expected<std::string, std::string> read_sdist_pkg_info_text(std::string_view bytes) {
    return read_bytes(bytes, is_pkg_info, "PKG-INFO");
}

} // namespace lockkit::metadata
