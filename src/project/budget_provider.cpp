// A provider that ends a resolution at its deadline (see budget_provider.hpp).

#include <lockkit/project/budget_provider.hpp>

namespace lockkit::project {

void BudgetProvider::check() const {
    if (std::chrono::steady_clock::now() >= m_deadline)
        throw ResolutionBudgetExceeded("the resolution did not finish within its time budget");
}

void BudgetProvider::prefetch_versions(const std::string& name) { m_inner.prefetch_versions(name); }

void BudgetProvider::prefetch_metadata(const std::string& name, const pep440::Version& version,
                                       const resolver::DistributionFile& file) {
    m_inner.prefetch_metadata(name, version, file);
}

const resolver::PackageVersions& BudgetProvider::versions(const std::string& name) {
    check();
    return m_inner.versions(name);
}

resolver::MetadataResult BudgetProvider::metadata(const std::string& name, const pep440::Version& version,
                                                  const resolver::DistributionFile& file) {
    check();
    return m_inner.metadata(name, version, file);
}

std::expected<resolver::UrlMetadata, std::string> BudgetProvider::url_metadata(const std::string& name,
                                                                               const std::string& url) {
    check();
    return m_inner.url_metadata(name, url);
}

resolver::WheelTagVerdict BudgetProvider::wheel_tags(std::string_view filename) {
    check();
    return m_inner.wheel_tags(filename);
}

} // namespace lockkit::project
