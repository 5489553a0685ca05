#include "lockkit/index/html_page.hpp"

#include "html_scanner.hpp"
#include "lockkit/index/url.hpp"
#include "lockkit/util/timestamp.hpp"

#include <charconv>

namespace lockkit::index {

namespace {

using detail::HtmlError;
using detail::HtmlScanner;
using detail::HtmlTag;

/// `<algorithm>=<hex>` into `hashes`. Returns false when the text is not of that shape;
/// throws for a shape with an algorithm uv does not know.
bool read_fragment(std::string_view fragment, HashDigests& hashes, ProjectFiles& out, std::size_t offset) {
    const auto eq = fragment.find('=');
    if (eq == std::string_view::npos || fragment.find('=', eq + 1) != std::string_view::npos) {
        return false;  // `#main`: not a hash
    }
    const auto name = fragment.substr(0, eq);
    const auto algorithm = parse_hash_algorithm(name);
    if (!algorithm) {
        if (name == "egg") {
            return false;  // pip's old `#egg=<project>` hint (see html_page.hpp)
        }
        throw HtmlError{offset, "unsupported hash algorithm `" + std::string(name) + "` in a link (expected one of "
                                "md5, sha256, sha384, sha512, blake2b)"};
    }
    hashes.push_back(HashDigest{*algorithm, out.store(fragment.substr(eq + 1))});
    return true;
}

/// An attribute's unescaped value, if the attribute is present with a value.
std::optional<std::string> value_of(const HtmlTag& tag, std::string_view name) {
    const auto* attribute = tag.attribute(name);
    if (attribute == nullptr || !attribute->has_value) {
        return std::nullopt;
    }
    return html_unescape(attribute->value);
}

enum class Naming { Project, Flat };

void read_anchor(const HtmlTag& tag, std::string_view base, std::string_view project, Naming naming,
                 ProjectFiles& out) {
    const auto href = value_of(tag, "href");
    if (!href || href->empty()) {
        return;  // an anchor that links nowhere lists no file
    }
    std::string_view path = *href;
    HashDigests hashes;
    if (const auto hash = path.find('#'); hash != std::string_view::npos) {
        const auto fragment = percent_decode(path.substr(hash + 1));
        path = path.substr(0, hash);
        read_fragment(fragment, hashes, out, tag.offset);
    }
    auto segment = path.substr(path.rfind('/') + 1);
    segment = segment.substr(0, segment.find('?'));
    const auto filename = out.store(percent_decode(segment));

    std::optional<tags::DistFilename> dist;
    std::string reason;
    if (naming == Naming::Project) {
        auto parsed = tags::DistFilename::parse(filename, project);
        if (parsed) {
            dist = std::move(*parsed);
        } else {
            reason = std::move(parsed.error());
        }
    } else {
        dist = tags::DistFilename::parse_normalized(filename);
        if (!dist) {
            reason.append("`").append(filename).append("` is not a wheel or source distribution filename");
        }
    }
    if (!dist) {
        out.add_skipped(filename, std::move(reason));
        return;
    }
    IndexFile file = out.make_file(filename, *dist);
    file.url = has_scheme(path) ? out.store(path) : out.store(resolve_url(base, path));
    file.hashes = std::move(hashes);
    if (const auto requires_python = value_of(tag, "data-requires-python")) {
        file.requires_python = out.intern_requires_python(*requires_python);
    }
    // PEP 714's name first, then PEP 658's.
    auto core = value_of(tag, "data-core-metadata");
    if (!core) {
        core = value_of(tag, "data-dist-info-metadata");
    }
    if (core) {
        file.core_metadata.stated = true;
        if (*core == "true") {
            file.core_metadata.available = true;
        } else if (*core != "false") {
            HashDigests digests;
            try {
                if (read_fragment(*core, digests, out, tag.offset)) {
                    file.core_metadata.available = true;
                    file.core_metadata.hashes = std::move(digests);
                }
            } catch (const HtmlError&) {
                // uv warns and treats an unreadable value as absent.
            }
        }
    }
    if (const auto* yanked = tag.attribute("data-yanked")) {
        file.yanked.yanked = true;
        if (yanked->has_value) {
            file.yanked.reason = out.store(html_unescape(yanked->value));
        }
    }
    // Not standardised for HTML (PEP 700 is JSON-only): read when they parse, as uv does.
    if (const auto size = value_of(tag, "data-size")) {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), value);
        if (ec == std::errc() && end == size->data() + size->size()) {
            file.size = value;
        }
    }
    if (const auto upload_time = value_of(tag, "data-upload-time")) {
        file.upload_time_ms = parse_timestamp_ms(*upload_time);
    }
    out.add_file(std::move(file));
}

std::expected<ProjectFiles, Diagnostic> read_page(std::string_view text, std::string_view page_url,
                                                  std::string_view project, Naming naming) {
    ProjectFiles out{std::string(project)};
    out.reserve_files(text.size() / 250 + 8);  // PyPI's anchors are 250-300 bytes
    HtmlScanner scanner(text);
    HtmlTag tag;
    std::string base(page_url);
    bool links_seen = false;
    try {
        while (scanner.next(tag)) {
            if (tag.is("a")) {
                links_seen = true;
                read_anchor(tag, base, project, naming, out);
            } else if (tag.is("link")) {
                links_seen = true;
            } else if (tag.is("base") && !links_seen) {
                // Only a <base> before any link counts (the HTML spec's rule).
                if (const auto href = value_of(tag, "href")) {
                    base = resolve_url(page_url, *href);
                }
                links_seen = true;
            } else if (tag.is("meta")) {
                const auto name = value_of(tag, "name");
                const auto content = value_of(tag, "content");
                if (name && content && *name == "pypi:repository-version") {
                    out.set_api_version(*content);
                }
            }
        }
    } catch (const HtmlError& error) {
        return std::unexpected(diagnostic_at(page_url, text, error.offset, "invalid HTML index page: " + error.message));
    }
    out.sort_files();
    return out;
}

} // namespace

std::expected<ProjectFiles, Diagnostic> parse_html_project_page(std::string_view text, std::string_view page_url,
                                                                std::string_view project) {
    return read_page(text, page_url, project, Naming::Project);
}

std::expected<ProjectFiles, Diagnostic> parse_flat_html_page(std::string_view text, std::string_view page_url) {
    return read_page(text, page_url, "", Naming::Flat);
}

} // namespace lockkit::index
