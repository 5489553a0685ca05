#pragma once
// Where packages are looked for, as uv's settings describe it: the indexes in
// the order they are consulted (command line first, the default index, PyPI
// unless replaced, last), which of them are explicit (only for packages pinned
// to them through `tool.uv.sources`) or flat (`format = "flat"`), the
// `--find-links` locations whose files join every unpinned package's, and how
// several indexes combine (the index strategy).
//
// A location is remote (`http(s)://`) or local (a `file://` URL or a path,
// relative paths taken from `base_directory`). A local index is a folder of
// `<project>/index.html` pages; a local flat location is a folder of
// distributions or one HTML page of links.
//
// Credentials written into a URL are taken out of it here: the URL kept is
// the one shown in messages and used as a cache key, the credentials travel
// separately (fetch/credentials.hpp), as do those of `UV_INDEX_<NAME>_*`.

#include "lockkit/fetch/credentials.hpp"
#include "lockkit/pyproject/settings.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::index {

/// What an HTTP error status on an index's project page means (uv's IndexStatusCodeStrategy).
enum class StatusVerdict : std::uint8_t {
    NotHere,  ///< the package is not on this index: ask the next one
    Refused,  ///< 401 or 403: first-index ends the search there, quietly
    Error,    ///< the search fails with this status
};

struct IndexLocation {
    std::optional<std::string> name;
    std::string url;                      ///< without credentials; `file://` for a local one
    std::optional<std::filesystem::path> path;  ///< the folder (or HTML file) of a local location
    bool flat = false;                    ///< a flat index (`format = "flat"`, or a find-links location)
    bool is_explicit = false;
    bool is_default = false;
    std::optional<fetch::Credentials> credentials;  ///< from the URL, else from UV_INDEX_<NAME>_*
    /// `ignore-error-codes`; unset, uv's defaults (404 only; 403 too for download.pytorch.org).
    std::optional<std::vector<int>> ignore_error_codes;

    bool is_local() const { return path.has_value(); }
    /// What `status` on a project page means under `strategy`: under first-index, 404 and the
    /// ignored codes mean "ask the next index", 401/403 end the search, anything else fails;
    /// the unsafe strategies pass over 401, 403, 404, 407 and 511 and ignore
    /// `ignore-error-codes` (uv's registry client does both).
    StatusVerdict page_status_verdict(long status, pyproject::IndexStrategy strategy) const;
    /// Whether `ignore-error-codes` names `status`: a file request so answered makes its
    /// version unusable instead of failing the run (uv's resolver provider).
    bool ignores_error_code(long status) const;
    /// `name (url)` or the URL: how messages name the index.
    std::string display() const;
};

struct IndexLocations {
    std::vector<IndexLocation> indexes;     ///< consulted in this order
    std::vector<IndexLocation> find_links;  ///< flat locations merged into unpinned packages
    bool no_index = false;
    pyproject::IndexStrategy strategy = pyproject::IndexStrategy::FirstIndex;

    /// The index named `name` (`[[tool.uv.index]] name`), if any.
    const IndexLocation* find(std::string_view name) const;
};

/// One location from a URL or path as a setting gives it.
IndexLocation make_location(std::string_view url_or_path, const std::filesystem::path& base_directory,
                            const std::map<std::string, std::string>& environment, std::optional<std::string> name = {});

/// The locations uv's merged settings describe.
IndexLocations index_locations(const pyproject::Settings& settings, const std::filesystem::path& base_directory,
                               const std::map<std::string, std::string>& environment);

} // namespace lockkit::index
