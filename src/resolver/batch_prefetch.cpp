// When to ask for many versions' metadata at once (see batch_prefetch.hpp).

#include "batch_prefetch.hpp"

#include <algorithm>

namespace lockkit::resolver::detail {

std::size_t BatchPrefetcher::due(const std::string& name) {
    auto tried = m_tried.find(name);
    const std::size_t count = tried == m_tried.end() ? 0 : tried->second.size();
    std::size_t& last = m_last[name];
    // Start early but not too eagerly; later every 20 tries, which keeps about 50 requests
    // ahead of the solver.
    const bool now = (count >= 5 && last < 5) || (count >= 10 && last < 10) || (count >= 20 && last < 20) ||
                     (count >= 20 && count - last >= 20);
    if (!now) return 0;
    last = count;
    return std::min<std::size_t>(count, 50);
}

} // namespace lockkit::resolver::detail
