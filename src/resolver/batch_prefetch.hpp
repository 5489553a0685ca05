#pragma once
// When to ask for many versions' metadata at once (internal; uv's `BatchPrefetcher`,
// uv-resolver/src/resolver/batch_prefetch.rs).
//
// Backtracking walks a package's versions one after another, and each step needs the metadata
// of the next version, which cold means one request per step. After a package has had 2, 5, 10
// and 20 versions tried, and then every further 20, the driver hints the metadata of the next
// candidates (as many as were tried, at least 5 and at most 50) so the requests run side by
// side; uv starts at 5 tries. Only hints leave here: the resolution itself never depends on
// what was fetched ahead.

#include <lockkit/pep440/version.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <unordered_map>

namespace lockkit::resolver::detail {

class BatchPrefetcher {
public:
    /// A version of `name` was chosen for a decision; false when it had been before (then
    /// `due` has nothing new to say).
    bool version_tried(const std::string& name, const pep440::Version& version) {
        return m_tried[name].insert(version).second;
    }

    /// How many candidates of `name` to hint now (0: not yet), recorded as done.
    std::size_t due(const std::string& name);

private:
    std::unordered_map<std::string, std::set<pep440::Version>> m_tried;
    std::unordered_map<std::string, std::size_t> m_last;  ///< tried count at the last batch
};

} // namespace lockkit::resolver::detail
