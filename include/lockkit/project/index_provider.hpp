#pragma once
// The resolver's provider for `lock resolve`: a thin adapter of `resolver::ResolverProvider`
// over the registry client (index/registry_client.hpp), which owns everything about indexes
// (uv's index strategies, explicit and pinned indexes, find-links, the page and metadata
// caches, `.metadata` / ranges / streamed wheels, sdists' static metadata, credentials,
// offline, refresh). This file only translates:
//
//   prefetch hints   -> the client's futures (started, not waited for);
//   versions(name)   -> `PackageListing` into `resolver::PackageVersions`: one `IndexVersions`
//                       per index that answered, in index order, then one per find-links
//                       location that lists the package (flat: no exclude-newer, files in
//                       uv's flat order); a version's files are made from the page only when
//                       the resolver looks at them (`resolver::FileSource`);
//   metadata(file)   -> `RegistryClient::metadata`, its errors as the resolver's statuses (an
//                       sdist whose metadata is not static is `NeedsBuild`: the resolution stops);
//   wheel_tags       -> `resolver::WheelTagJudge` for the project's requires-python (universal).
//
// Index URLs handed to the resolver are the client's location URLs (`file://…` for local
// ones); the caller maps them to the spelling the lock records.

#include <lockkit/index/registry_client.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/resolver/wheel_tags.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lockkit::project {

struct IndexProviderOptions {
    /// Package -> the name of the index it is pinned to (`tool.uv.sources` `index = …`),
    /// as the client's locations name it.
    std::map<std::string, std::string> pins;
    /// The project's range, which decides universal wheel verdicts.
    resolver::RequiresPython requires_python;
    /// The resolution's exclude-newer, so that files are fetched ahead for the version the
    /// resolver is likely to choose (the newest one before the cutoff).
    resolver::ExcludeNewer exclude_newer;
};

class IndexProvider : public resolver::ResolverProvider {
public:
    IndexProvider(std::shared_ptr<index::RegistryClient> client, IndexProviderOptions options);
    ~IndexProvider() override;

    void prefetch_versions(const std::string& name) override;
    void prefetch_metadata(const std::string& name, const pep440::Version& version,
                           const resolver::DistributionFile& file) override;
    /// Fetched ahead only when the index publishes the file's `.metadata` (PEP 658).
    void prefetch_candidate_metadata(const std::string& name, const pep440::Version& version,
                                     const resolver::DistributionFile& file) override;
    bool versions_ready(const std::string& name) override;
    const resolver::PackageVersions& versions(const std::string& name) override;
    resolver::MetadataResult metadata(const std::string& name, const pep440::Version& version,
                                      const resolver::DistributionFile& file) override;
    bool metadata_ready(const std::string& name, const pep440::Version& version,
                        const resolver::DistributionFile& file) override;
    void await_progress() override;
    resolver::WheelTagVerdict wheel_tags(std::string_view filename) override;

    /// Errors that are not about one package (an index page that does not read), for the
    /// program to show; they also make the package unavailable.
    const std::vector<std::string>& warnings() const;

    struct State;  ///< answers and the files behind them (index_provider.cpp)

private:
    /// Starts fetching the metadata of the likeliest candidate of a package.
    void speculate(const std::string& name, const resolver::PackageVersions& answer);
    /// Follows what arrived in the background: listings asked for ahead get their likeliest
    /// candidate's metadata fetched, and that metadata's dependencies get their listings asked
    /// for, so that the requests run ahead of the solver (uv's prefetches of undecided packages).
    void pump();
    /// Waits for `future`, pumping meanwhile.
    template <typename T>
    const T& wait(const std::shared_future<T>& future);

    std::unique_ptr<State> m_state;
};

} // namespace lockkit::project
