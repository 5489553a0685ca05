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

struct IndexLocation {
    std::optional<std::string> name;
    std::string url;                      ///< without credentials; `file://` for a local one
    std::optional<std::filesystem::path> path;  ///< the folder (or HTML file) of a local location
    bool flat = false;                    ///< a flat index (`format = "flat"`, or a find-links location)
    bool is_explicit = false;
    bool is_default = false;
    std::optional<fetch::Credentials> credentials;  ///< from the URL, else from UV_INDEX_<NAME>_*

    bool is_local() const { return path.has_value(); }
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
