#include "order.hpp"

namespace lockkit::lockfile::order {

using pep508::MarkerTree;

namespace {

int to_int(std::strong_ordering o) { return o < 0 ? -1 : (o > 0 ? 1 : 0); }

} // namespace

const std::optional<MarkerTree>& MarkerKeys::parsed(Cache& cache, const std::string& text, bool edge) {
    auto it = cache.find(text);
    if (it != cache.end()) {
        return it->second;
    }
    std::optional<MarkerTree> tree;
    if (auto m = MarkerTree::parse(text)) {
        tree = edge ? m->and_with(environment()) : *m;
    }
    return cache.emplace(text, tree).first->second;
}

// uv (lock/mod.rs, `TryFrom<LockWire> for Lock`): the environment is the union of the PEP 508
// parts (extras removed) of the fork markers, each complexified with requires-python, then
// simplified with it again. Without fork markers uv takes requires-python itself, which
// simplifies to the always-true marker.
MarkerTree MarkerKeys::environment() {
    if (m_environment) {
        return *m_environment;
    }
    MarkerTree env = MarkerTree::always_true();
    if (m_lock->resolution_markers && !m_lock->resolution_markers->empty()) {
        const MarkerTree python =
            pep508::requires_python_marker(m_lock->requires_python).value_or(MarkerTree::always_true());
        const auto [lower, upper] = python.python_full_version_bounds();
        MarkerTree forks = MarkerTree::always_false();
        bool readable = true;
        for (const std::string& text : *m_lock->resolution_markers) {
            auto fork = MarkerTree::parse(text);
            if (!fork) {
                readable = false;  // not a lock uv could read; compare the markers alone
                break;
            }
            forks = forks.or_with(fork->complexify_python_versions(lower, upper).without_extras());
        }
        if (readable) {
            env = forks.simplify_python_versions(lower, upper);
        }
    }
    m_environment = env;
    return env;
}

int MarkerKeys::compare_requirement_markers(const std::string& a, const std::string& b) {
    if (a == b) {
        return 0;
    }
    const auto& x = parsed(m_requirements, a, false);
    const auto& y = parsed(m_requirements, b, false);
    return x && y ? to_int(x->compare(*y)) : 0;
}

int MarkerKeys::compare_edge_markers(const std::string& a, const std::string& b) {
    if (a == b) {
        return 0;
    }
    const auto& x = parsed(m_edges, a, true);
    const auto& y = parsed(m_edges, b, true);
    return x && y ? to_int(x->compare(*y)) : 0;
}

} // namespace lockkit::lockfile::order
