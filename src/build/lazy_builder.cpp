// The builder made on first use; see include/lockkit/build/lazy_builder.hpp.

#include "lockkit/build/lazy_builder.hpp"

#include <algorithm>
#include <thread>

namespace lockkit::build {

namespace {

std::string slot_key(std::string_view name, const std::optional<pep440::Version>& version) {
    return std::string(name) + " " + (version ? version->to_string() : std::string());
}

} // namespace

LazySourceBuilder::LazySourceBuilder(Setup setup, unsigned concurrent, PackageBuildOptions options)
    : m_setup(std::move(setup)),
      m_slots(concurrent != 0 ? concurrent : std::max(1u, std::thread::hardware_concurrency())),
      m_options(std::move(options)) {}

std::expected<metadata::CoreMetadata, std::string> LazySourceBuilder::build_metadata(const index::BuildSource& source) {
    SourceBuilder* builder = nullptr;
    {
        const std::lock_guard lock(m_mutex);
        // The setup runs once, under the lock: later requests wait for it, then share its answer.
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
        builder = m_builder.get();
    }
    // The builder is made once and never replaced, so it is used outside the lock.
    const BuildSlots::Slot slot = m_slots.acquire(slot_key(source.name, source.version));
    return builder->build_metadata(source);
}

void LazySourceBuilder::expedite(std::string_view name, const pep440::Version& version) {
    m_slots.expedite(slot_key(name, version));
}

bool LazySourceBuilder::used() const {
    const std::lock_guard guard(m_mutex);
    return m_builder || m_setup_error;
}

} // namespace lockkit::build
