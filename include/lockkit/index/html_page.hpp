#pragma once
// PEP 503 HTML project pages and flat `--find-links` pages: every `<a href>`
// is a file.
//
//   <a href="../../files/a-1.0.tar.gz#sha256=9f..." data-requires-python="&gt;=3.8"
//      data-yanked="reason" data-core-metadata="sha256=...">a-1.0.tar.gz</a>
//
// As uv reads them (uv-client `html.rs`): tag and attribute names compare
// case-insensitively; the filename is the href's last path segment without
// its query, percent-decoded (the anchor text is not used); the hash is the
// fragment `#<algorithm>=<hex>` (md5, sha256, sha384, sha512, blake2b), other
// fragments without `=` (`#main`) are ignored, and another algorithm name is an
// error, except `egg` (`#egg=name`, pip's old project hint), which lockkit
// ignores where uv 0.12.5 stops with an error; attribute values are
// HTML-unescaped; `data-yanked` present means yanked, its value the reason;
// `data-core-metadata` (or PEP 658's `data-dist-info-metadata`) is `true`,
// `false` or `<algorithm>=<hex>`, anything else counts as absent;
// `data-size` and `data-upload-time` are read when they parse. A `<base
// href>` before the first `<a>` or `<link>` replaces the page URL as the base of
// relative links. `<meta name="pypi:repository-version">` (PEP 629) is kept.
//
// Text that is not HTML (a tag or comment never closed, an attribute quote
// never closed) is an error naming its line and column.

#include "lockkit/index/project_files.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <expected>
#include <string_view>

namespace lockkit::index {

/// Reads an HTML project page of `project` (normalized) fetched from `page_url`.
std::expected<ProjectFiles, Diagnostic> parse_html_project_page(std::string_view text, std::string_view page_url,
                                                                std::string_view project);

/// Reads a flat index page (`--find-links` URL or HTML file): files of any project,
/// named by their filenames alone (an sdist's version is what follows its last `-`).
std::expected<ProjectFiles, Diagnostic> parse_flat_html_page(std::string_view text, std::string_view page_url);

} // namespace lockkit::index
