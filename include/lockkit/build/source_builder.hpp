#pragma once
// lockkit's PEP 517/660 build front end: a source distribution or a source
// tree in, a wheel (or an editable wheel) or core metadata out.
//
//   1. the build key (source_key.hpp); a cached result is the answer;
//   2. otherwise, holding the key's cache lock: an sdist is unpacked
//      (sdist_archive.hpp); its build system is read (build_system.hpp); an
//      isolated environment gets `build-system.requires` and the package's
//      extra build dependencies (build_environment.hpp);
//   3. the hooks run (hook_runner.hpp), with the package's extra build variables:
//      get_requires_for_build_*, whose answer is installed too, then
//      build_wheel / build_editable, or for metadata
//      prepare_metadata_for_build_wheel (falling back to building the wheel, and
//      skipped, as uv skips it, for hatchling projects whose dependencies are
//      dynamic, whose prepared metadata may differ from the wheel's);
//   4. the wheel is checked (a plain file named like a wheel of the expected
//      name, and version when known) and published in the build cache with its
//      METADATA.
//
// A package whose builds are not isolated (package_build_options.hpp) skips the
// environment and get_requires_for_build_*: its hooks run in the shared environment.
//
// setuptools writes into the tree it builds (`build/`, `*.egg-info`): builds of
// one tree by setuptools take the tree's lock, as uv does.
//
// Serves the index layer's MetadataBuilder, so the resolver can read the
// metadata of sources that need a build.

#include "lockkit/build/build_cache.hpp"
#include "lockkit/build/build_environment.hpp"
#include "lockkit/build/package_build_options.hpp"
#include "lockkit/index/source_metadata.hpp"
#include "lockkit/metadata/core_metadata.hpp"
#include "lockkit/pep440/version.hpp"

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace lockkit::build {

/// What to build.
struct BuildRequest {
    std::filesystem::path path;  ///< an sdist archive, or a source tree's folder
    bool is_archive = false;
    std::string name;            ///< normalized; the result must carry it
    std::optional<pep440::Version> version;  ///< the result must carry it when known
    std::optional<std::string> subdirectory;  ///< the project inside the tree or archive
    std::string sha256;          ///< the archive's hash when already known (saves hashing it)
    /// How uv names the distribution in a report (`name @ https://...`); empty: `name==version`
    /// for an archive, `name @ file:///<folder>` for a source tree.
    std::string label{};
};

struct BuilderSettings {
    std::filesystem::path cache_root;
    interpreter::InterpreterInfo interpreter;  ///< the Python the results are for
    std::shared_ptr<RequirementResolver> resolver;
    fetch::DownloadOptions download;
    install::UnpackRules unpack;
    /// Isolation, extra build dependencies and variables per package (uv's build settings).
    PackageBuildOptions options;
};

class SourceBuilder : public index::MetadataBuilder {
public:
    explicit SourceBuilder(BuilderSettings settings);

    /// A wheel (or an editable wheel) of the source; the error says which step failed and
    /// carries the backend's output when a hook failed.
    std::expected<BuiltWheel, std::string> build_wheel(const BuildRequest& request, BuildKind kind);

    /// The source's core metadata, without building a wheel where the backend can say.
    std::expected<metadata::CoreMetadata, std::string> metadata(const BuildRequest& request);

    std::expected<metadata::CoreMetadata, std::string> build_metadata(const index::BuildSource& source) override;

private:
    BuilderSettings m_settings;
    BuildCache m_cache;
};

} // namespace lockkit::build
