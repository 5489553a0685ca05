#pragma once
// A provider that passes every question to another one. Decorators (a time budget, the
// packages a lock target read up front, one interpreter's wheel tags) derive from it and
// override only what they change, so a question added to ResolverProvider, or one a
// decorator does not care about (refused indexes for the failure hints, the target's tags),
// still reaches the provider that knows the answer.

#include "lockkit/resolver/provider.hpp"

namespace lockkit::resolver {

class ForwardingProvider : public ResolverProvider {
public:
    explicit ForwardingProvider(ResolverProvider& inner) : m_inner(inner) {}

    void prefetch_versions(const std::string& name) override { m_inner.prefetch_versions(name); }
    void prefetch_metadata(const std::string& name, const pep440::Version& version,
                           const DistributionFile& file) override {
        m_inner.prefetch_metadata(name, version, file);
    }
    void prefetch_candidate_metadata(const std::string& name, const pep440::Version& version,
                                     const DistributionFile& file) override {
        m_inner.prefetch_candidate_metadata(name, version, file);
    }
    bool versions_ready(const std::string& name) override { return m_inner.versions_ready(name); }
    bool metadata_ready(const std::string& name, const pep440::Version& version,
                        const DistributionFile& file) override {
        return m_inner.metadata_ready(name, version, file);
    }
    void await_progress() override { m_inner.await_progress(); }
    const PackageVersions& versions(const std::string& name) override { return m_inner.versions(name); }
    MetadataResult metadata(const std::string& name, const pep440::Version& version,
                            const DistributionFile& file) override {
        return m_inner.metadata(name, version, file);
    }
    std::expected<UrlMetadata, std::string> url_metadata(const std::string& name, const std::string& url) override {
        return m_inner.url_metadata(name, url);
    }
    std::expected<pep440::Version, std::string> url_version(const std::string& name, const std::string& url) override {
        return m_inner.url_version(name, url);
    }
    WheelTagVerdict wheel_tags(std::string_view filename) override { return m_inner.wheel_tags(filename); }
    const tags::SupportedTags* target_tags() const override { return m_inner.target_tags(); }
    std::vector<RefusedIndex> refused_indexes() const override { return m_inner.refused_indexes(); }

protected:
    ResolverProvider& inner() const { return m_inner; }

private:
    ResolverProvider& m_inner;
};

} // namespace lockkit::resolver
