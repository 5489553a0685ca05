#pragma once
// The resolver's provider over the package indexes main reads today: simple-API indexes over
// HTTP (PEP 691 JSON or PEP 503 HTML, chosen by content negotiation), `file://` and local-path
// indexes, and `--find-links` folders and pages. Metadata comes from PEP 658 `.metadata` files
// when the index announces them, else from the wheel itself (its METADATA member by HTTP range
// requests, or read on disk), or from a static sdist PKG-INFO. An sdist whose PKG-INFO is not
// static stops the resolution (`NeedsBuild`): uv would build it. Requests go through one `fetch::HttpClient`: the resolver's
// prefetch hints start page and metadata requests at once, so the network stays busy while
// the solver thinks. Pages and metadata are kept in an on-disk HTTP cache (uv's rules:
// `--refresh` revalidates, `--offline` takes any entry however old and fetches nothing).
//
// Indexes are asked in order and, with the default first-index strategy, the first that knows
// a package answers for it (a package pinned to an index asks only that one). Find-links
// locations answer as flat indexes after the indexes (uv merges them into the first
// answering index instead; only versions listed in both places can differ).
//
// This file is the seam for the full registry client: everything above the transport
// (what the resolver is told) stays when the client replaces it.

#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/resolver/options.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::project {

/// One place packages are looked up, in the spelling the lock records.
struct IndexLocation {
    std::string url;  ///< as configured: `https://…/simple`, `file:///…`, or a path
    bool flat = false;       ///< a find-links location (folder or HTML page)
    bool is_explicit = false;  ///< used only by packages pinned to it
};

struct IndexProviderOptions {
    std::vector<IndexLocation> indexes;  ///< in priority order, find-links last
    resolver::IndexStrategy strategy = resolver::IndexStrategy::FirstIndex;
    std::map<std::string, std::string> pins;  ///< package -> index URL (`tool.uv.sources`)
    bool offline = false;
    bool refresh = false;
    /// Where pages and metadata are cached; none: nothing is cached.
    std::optional<std::filesystem::path> cache_dir;
    /// The project's range, which decides universal wheel verdicts.
    resolver::RequiresPython requires_python;
    /// Relative index paths are relative to this directory (the workspace root).
    std::filesystem::path base_dir;
};

class IndexProvider : public resolver::ResolverProvider {
public:
    explicit IndexProvider(IndexProviderOptions options);
    ~IndexProvider() override;

    void prefetch_versions(const std::string& name) override;
    void prefetch_metadata(const std::string& name, const pep440::Version& version,
                           const resolver::DistributionFile& file) override;
    const resolver::PackageVersions& versions(const std::string& name) override;
    resolver::MetadataResult metadata(const std::string& name, const pep440::Version& version,
                                      const resolver::DistributionFile& file) override;
    resolver::WheelTagVerdict wheel_tags(std::string_view filename) override;

    /// Errors that are not about one package (an index page that does not read), for the
    /// program to show; they also make the package unavailable.
    const std::vector<std::string>& warnings() const;
    /// How many pages and metadata files came from the network, the cache, and disk.
    struct Counts {
        std::size_t network = 0, cached = 0, local = 0;
    };
    Counts counts() const;

    struct State;  ///< requests in flight and answers (index_provider.cpp)

private:
    /// Starts fetching the metadata of the likeliest candidate of a package.
    void speculate(const resolver::PackageVersions& answer);

    std::unique_ptr<State> m_state;
};

/// An index location's absolute filesystem path, for `file://` URLs and plain paths; nothing
/// for http(s).
std::optional<std::filesystem::path> local_index_path(const std::string& url, const std::filesystem::path& base_dir);

} // namespace lockkit::project
