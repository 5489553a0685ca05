// When to ask for many versions' metadata at once (see batch_prefetch.hpp).

#include "batch_prefetch.hpp"

#include <algorithm>

namespace lockkit::resolver::detail {

std::size_t BatchPrefetcher::due(const std::string& name) {
    auto tried = m_tried.find(name);
    const std::size_t count = tried == m_tried.end() ? 0 : tried->second.size();
    if (count < 2) return 0;  // most packages: never a batch, and no second lookup by name
    std::size_t& last = m_last[name];
    // Start at the second try (uv waits for the fifth): cold, each try before the batch costs a
    // round trip, and a package that failed twice usually walks on. Later every 20 tries, which
    // keeps about 50 requests ahead of the solver.
    const bool now = (count >= 2 && last < 2) || (count >= 5 && last < 5) || (count >= 10 && last < 10) ||
                     (count >= 20 && last < 20) || (count >= 20 && count - last >= 20);
    if (!now) return 0;
    last = count;
    return std::min<std::size_t>(std::max<std::size_t>(count, 5), 50);
}

} // namespace lockkit::resolver::detail
