#pragma once
// A metadata builder that is made only when a build is first asked for. `lock resolve`
// locks for every platform and needs no interpreter of its own; only a source whose
// metadata is not static needs one, to run its build backend. The setup (finding the
// interpreter, the build requirements' resolver) runs on the first request, once; its
// failure is the answer to that request and to every later one.
//
// Requests may come from many threads at once (the registry client's flows): they are
// served one at a time, as each build runs Python processes of its own.

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

    explicit LazySourceBuilder(Setup setup) : m_setup(std::move(setup)) {}

    std::expected<metadata::CoreMetadata, std::string> build_metadata(const index::BuildSource& source) override;

    /// Whether a build was asked for (so the setup ran).
    bool used() const;

private:
    mutable std::mutex m_mutex;
    Setup m_setup;
    std::unique_ptr<SourceBuilder> m_builder;
    std::optional<std::string> m_setup_error;
};

} // namespace lockkit::build
