// The builder made on first use; see include/lockkit/build/lazy_builder.hpp.

#include "lockkit/build/lazy_builder.hpp"

#include <algorithm>
#include <thread>

namespace lockkit::build {

LazySourceBuilder::LazySourceBuilder(Setup setup, unsigned concurrent, PackageBuildOptions options)
    : m_setup(std::move(setup)),
      m_free_slots(concurrent != 0 ? concurrent : std::max(1u, std::thread::hardware_concurrency())),
      m_options(std::move(options)) {}

std::expected<metadata::CoreMetadata, std::string> LazySourceBuilder::build_metadata(const index::BuildSource& source) {
    SourceBuilder* builder = nullptr;
    {
        std::unique_lock lock(m_mutex);
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
        m_slot_freed.wait(lock, [&] { return m_free_slots > 0; });
        --m_free_slots;
        builder = m_builder.get();
    }
    // The builder is made once and never replaced, so it is used outside the lock.
    struct Slot {
        LazySourceBuilder& owner;
        ~Slot() {
            {
                const std::lock_guard guard(owner.m_mutex);
                ++owner.m_free_slots;
            }
            owner.m_slot_freed.notify_one();
        }
    } slot{*this};
    return builder->build_metadata(source);
}

bool LazySourceBuilder::used() const {
    const std::lock_guard guard(m_mutex);
    return m_builder || m_setup_error;
}

} // namespace lockkit::build
