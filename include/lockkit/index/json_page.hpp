#pragma once
// PEP 691 JSON project pages, with PEP 700 (`versions`, `size`,
// `upload-time`), PEP 592 (`yanked`: true or a reason) and PEP 714
// (`core-metadata`, also read under its older names `dist-info-metadata` and
// `data-dist-info-metadata`, the first one present winning):
//
//   {"meta": {"api-version": "1.1"}, "name": "a", "versions": ["1.0"],
//    "files": [{"filename": ..., "url": ..., "hashes": {"sha256": ...},
//               "requires-python": ">=3.8" | null, "size": 123,
//               "upload-time": "2024-03-24T00:00:00.000000Z",
//               "yanked": false | true | "reason", "core-metadata": true | {...}}]}
//
// `filename`, `url` and `hashes` are required in every file, as uv requires
// them; unknown keys are ignored, and hash algorithms other than uv's five are
// left out. Relative URLs resolve against the page's URL (after redirects).
//
// The reader is a dedicated scanner rather than a general JSON library: large
// pages (botocore: 2 MB) are read at several hundred MB/s, which nlohmann's
// parser (110 MB/s DOM, 165 MB/s SAX here) cannot reach. It still checks the
// whole text is JSON; any error names the byte's line and column.

#include "lockkit/index/project_files.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <expected>
#include <memory>
#include <memory_resource>
#include <string_view>

namespace lockkit::index {

/// Reads a JSON project page of `project` (normalized) fetched from `page_url`.
std::expected<ProjectFiles, Diagnostic> parse_json_project_page(std::string_view text, std::string_view page_url,
                                                                std::string_view project);

/// The same for a page whose bytes `owner` holds: the result keeps them and points its
/// filenames, URLs and hashes into them instead of copying (a response body, 2 MB for
/// the largest projects, is then the page's storage). The file list comes from `memory`
/// when given (see ProjectFiles).
std::expected<ProjectFiles, Diagnostic> parse_json_project_page(std::shared_ptr<const char> owner, std::string_view text,
                                                                std::string_view page_url, std::string_view project,
                                                                std::shared_ptr<std::pmr::memory_resource> memory = nullptr);

} // namespace lockkit::index
