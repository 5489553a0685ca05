// A provider that ends a resolution at its deadline (see budget_provider.hpp).

#include <lockkit/project/budget_provider.hpp>

namespace lockkit::project {

void BudgetProvider::check() const {
    if (std::chrono::steady_clock::now() >= m_deadline)
        throw ResolutionBudgetExceeded("the resolution did not finish within its time budget");
}

const resolver::PackageVersions& BudgetProvider::versions(const std::string& name) {
    check();
    return ForwardingProvider::versions(name);
}

resolver::MetadataResult BudgetProvider::metadata(const std::string& name, const pep440::Version& version,
                                                  const resolver::DistributionFile& file) {
    check();
    return ForwardingProvider::metadata(name, version, file);
}

std::expected<resolver::UrlMetadata, std::string> BudgetProvider::url_metadata(const std::string& name,
                                                                               const std::string& url) {
    check();
    return ForwardingProvider::url_metadata(name, url);
}

void BudgetProvider::await_progress() {
    check();
    ForwardingProvider::await_progress();
}

resolver::WheelTagVerdict BudgetProvider::wheel_tags(std::string_view filename) {
    check();
    return ForwardingProvider::wheel_tags(filename);
}

} // namespace lockkit::project
