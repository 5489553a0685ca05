#pragma once
// A time budget for a resolution. The solver has no clock of its own and no I/O: every
// question it asks the world goes through its provider, so the provider is where a budget can
// end it. `BudgetProvider` passes each question to the provider it wraps until the deadline,
// then throws `ResolutionBudgetExceeded`, which unwinds the resolver (it holds no resources
// outside RAII) back to the caller. A solver that runs long without asking anything is not
// stopped until its next question; with answers from memory those come every few microseconds.

#include <lockkit/resolver/forwarding_provider.hpp>

#include <chrono>
#include <stdexcept>

namespace lockkit::project {

struct ResolutionBudgetExceeded : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class BudgetProvider : public resolver::ForwardingProvider {
public:
    BudgetProvider(resolver::ResolverProvider& inner, std::chrono::steady_clock::time_point deadline)
        : ForwardingProvider(inner), m_deadline(deadline) {}

    // The questions the solver waits for; prefetch hints pass unchecked.
    const resolver::PackageVersions& versions(const std::string& name) override;
    resolver::MetadataResult metadata(const std::string& name, const pep440::Version& version,
                                      const resolver::DistributionFile& file) override;
    std::expected<resolver::UrlMetadata, std::string> url_metadata(const std::string& name,
                                                                   const std::string& url) override;
    resolver::WheelTagVerdict wheel_tags(std::string_view filename) override;
    /// The solver waits here while a long answer (a build) comes in.
    void await_progress() override;

private:
    void check() const;

    std::chrono::steady_clock::time_point m_deadline;
};

} // namespace lockkit::project
