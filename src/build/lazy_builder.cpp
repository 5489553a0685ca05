// The builder made on first use; see include/lockkit/build/lazy_builder.hpp.

#include "lockkit/build/lazy_builder.hpp"

namespace lockkit::build {

std::expected<metadata::CoreMetadata, std::string> LazySourceBuilder::build_metadata(const index::BuildSource& source) {
    const std::lock_guard guard(m_mutex);
    if (!m_builder && !m_setup_error) {
        auto settings = m_setup();
        if (settings) {
            m_builder = std::make_unique<SourceBuilder>(std::move(*settings));
        } else {
            m_setup_error = std::move(settings.error());
        }
    }
    if (m_setup_error) {
        return std::unexpected("cannot build the metadata of `" + source.name + "`: " + *m_setup_error);
    }
    return m_builder->build_metadata(source);
}

bool LazySourceBuilder::used() const {
    const std::lock_guard guard(m_mutex);
    return m_builder || m_setup_error;
}

} // namespace lockkit::build
