#include "lockkit/index/json_page.hpp"

#include "json_cursor.hpp"
#include "lockkit/index/url.hpp"
#include "lockkit/util/timestamp.hpp"

namespace lockkit::index {

namespace {

using detail::JsonCursor;
using detail::JsonError;

/// The fields of one file object, gathered before the filename (which may come last) is parsed.
struct RawFile {
    std::string_view filename;  ///< stored in the arena
    std::string_view url;       ///< stored in the arena, absolute
    bool has_hashes = false;
    HashDigests hashes;
    const RequiresPython* requires_python = nullptr;
    Yanked yanked;
    std::optional<std::uint64_t> size;
    std::optional<std::int64_t> upload_time_ms;
    bool core_metadata_seen = false;
    CoreMetadataFile core_metadata;
};

/// `{"sha256": "...", ...}`: uv's five algorithms kept, others left out.
HashDigests read_hashes(JsonCursor& json, ProjectFiles& out) {
    HashDigests hashes;
    if (json.begin_object()) {
        do {
            const auto algorithm = parse_hash_algorithm(json.key());
            if (json.peek() != '"') {
                json.fail_expected("a hash digest in quotes");
            }
            const auto hex = json.string();
            if (algorithm) {
                hashes.push_back(HashDigest{*algorithm, out.keep(hex)});
            }
        } while (json.next_member());
    }
    return hashes;
}

/// `true`, `false`, `null` or a hashes object (PEP 714).
CoreMetadataFile read_core_metadata(JsonCursor& json, ProjectFiles& out) {
    CoreMetadataFile file;
    file.stated = true;
    const char c = json.peek();
    if (c == '{') {
        file.available = true;
        file.hashes = read_hashes(json, out);
    } else if (!json.null()) {
        file.available = json.boolean();
    }
    return file;
}

void read_file(JsonCursor& json, std::string_view page_url, std::string_view project, ProjectFiles& out) {
    const std::size_t start = json.offset();
    RawFile raw;
    if (json.begin_object()) {
        do {
            const auto key = json.key();
            if (key == "filename") {
                raw.filename = out.keep(json.string());
            } else if (key == "url") {
                const auto url = json.string();
                raw.url = has_scheme(url) ? out.keep(url) : out.store(resolve_url(page_url, url));
            } else if (key == "hashes") {
                raw.hashes = read_hashes(json, out);
                raw.has_hashes = true;
            } else if (key == "requires-python") {
                if (!json.null()) {
                    raw.requires_python = out.intern_requires_python(json.string());
                }
            } else if (key == "size") {
                if (!json.null()) {
                    raw.size = json.unsigned_integer();
                }
            } else if (key == "upload-time") {
                if (!json.null()) {
                    const std::size_t at = json.offset();
                    const auto text = json.string();
                    raw.upload_time_ms = parse_timestamp_ms(text);
                    if (!raw.upload_time_ms) {
                        throw JsonError{at, "`upload-time` `" + std::string(text) + "` is not an RFC 3339 timestamp"};
                    }
                }
            } else if (key == "yanked") {
                if (json.peek() == '"') {
                    raw.yanked = Yanked{true, out.keep(json.string())};
                } else if (!json.null()) {
                    raw.yanked.yanked = json.boolean();
                }
            } else if (key == "core-metadata" || key == "dist-info-metadata" || key == "data-dist-info-metadata") {
                // PEP 714 renamed the key; the first spelling present wins, as in uv.
                if (raw.core_metadata_seen) {
                    json.skip_value();
                } else {
                    raw.core_metadata = read_core_metadata(json, out);
                    raw.core_metadata_seen = true;
                }
            } else {
                json.skip_value();
            }
        } while (json.next_member());
    }
    for (const auto& [present, name] : {std::pair{!raw.filename.empty(), "filename"},
                                        std::pair{!raw.url.empty(), "url"}, std::pair{raw.has_hashes, "hashes"}}) {
        if (!present) {
            throw JsonError{start, std::string("a file has no `") + name + "`"};
        }
    }
    auto dist = tags::DistFilename::parse(raw.filename, project);
    if (!dist) {
        out.add_skipped(raw.filename, std::move(dist.error()));
        return;
    }
    IndexFile file = out.make_file(raw.filename, *dist);
    file.url = raw.url;
    file.hashes = std::move(raw.hashes);
    file.requires_python = raw.requires_python;
    file.yanked = raw.yanked;
    file.size = raw.size;
    file.upload_time_ms = raw.upload_time_ms;
    file.core_metadata = std::move(raw.core_metadata);
    out.add_file(std::move(file));
}

} // namespace

namespace {

std::expected<ProjectFiles, Diagnostic> read_page(std::shared_ptr<const char> owner, std::string_view text,
                                                  std::string_view page_url, std::string_view project,
                                                  std::shared_ptr<std::pmr::memory_resource> memory) {
    ProjectFiles out{std::string(project), std::move(memory)};
    if (owner) {
        out.share_text(std::move(owner), text);
    }
    out.reserve_files(text.size() / 300 + 8);  // PyPI's file objects are 350-450 bytes
    JsonCursor json(text);
    try {
        bool saw_files = false;
        if (json.peek() != '{') {
            json.fail_expected("a JSON object (a PEP 691 project page)");
        }
        if (json.begin_object()) {
            do {
                const auto key = json.key();
                if (key == "files") {
                    saw_files = true;
                    if (json.begin_array()) {
                        do {
                            read_file(json, page_url, project, out);
                        } while (json.next_item());
                    }
                } else if (key == "meta") {
                    if (json.begin_object()) {
                        do {
                            if (json.key() == "api-version" && json.peek() == '"') {
                                out.set_api_version(json.string());
                            } else {
                                json.skip_value();
                            }
                        } while (json.next_member());
                    }
                } else if (key == "versions") {
                    if (json.begin_array()) {
                        do {
                            out.add_version(json.string());
                        } while (json.next_item());
                    }
                } else {
                    json.skip_value();  // `name`, `project-status`, and keys of later API versions
                }
            } while (json.next_member());
        }
        json.finish();
        if (!saw_files) {
            throw JsonError{0, "the page has no `files` list"};
        }
    } catch (const JsonError& error) {
        auto d = diagnostic_at(page_url, text, error.offset, "invalid PEP 691 project page: " + error.message);
        return std::unexpected(std::move(d));
    }
    out.sort_files();
    return out;
}

} // namespace

std::expected<ProjectFiles, Diagnostic> parse_json_project_page(std::string_view text, std::string_view page_url,
                                                                std::string_view project) {
    return read_page(nullptr, text, page_url, project, nullptr);
}

std::expected<ProjectFiles, Diagnostic> parse_json_project_page(std::shared_ptr<const char> owner, std::string_view text,
                                                                std::string_view page_url, std::string_view project,
                                                                std::shared_ptr<std::pmr::memory_resource> memory) {
    return read_page(std::move(owner), text, page_url, project, std::move(memory));
}

} // namespace lockkit::index
