#pragma once
// A metadata builder that is made only when a build is first asked for. `lock resolve`
// locks for every platform and needs no interpreter of its own; only a source whose
// metadata is not static needs one, to run its build backend. The setup (finding the
// interpreter, the build requirements' resolver) runs on the first request, once; its
// failure is the answer to that request and to every later one.
//
// Requests come from many threads at once (the registry client's flows, which the
// resolver's look-ahead starts for the source distributions it will need): as many builds
// run at once as the machine has cores, uv's default for concurrent builds, the one the
// resolver waits for first (see build_slots.hpp). Each build has its own scratch folder,
// environment and processes; the cache entries they share are taken under file locks.

#include "lockkit/build/build_slots.hpp"
#include "lockkit/build/source_builder.hpp"

#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace lockkit::build {

class LazySourceBuilder : public index::MetadataBuilder {
public:
    /// Makes the builder's settings; its error (say: no interpreter fits) ends every build.
    using Setup = std::function<std::expected<BuilderSettings, std::string>()>;

    /// `concurrent` builds at most at once; 0 means one per core. `options` are the build
    /// options the setup will give (known before it runs), for cache_salt.
    explicit LazySourceBuilder(Setup setup, unsigned concurrent = 0, PackageBuildOptions options = {});

    std::expected<metadata::CoreMetadata, std::string> build_metadata(const index::BuildSource& source) override;
    void expedite(std::string_view name, const pep440::Version& version) override;
    std::string cache_salt(std::string_view package) const override { return m_options.cache_key(package); }

    /// Whether a build was asked for (so the setup ran).
    bool used() const;

private:
    mutable std::mutex m_mutex;  ///< guards the setup's answer
    Setup m_setup;
    std::unique_ptr<SourceBuilder> m_builder;
    std::optional<std::string> m_setup_error;
    BuildSlots m_slots;
    const PackageBuildOptions m_options;
};

} // namespace lockkit::build
