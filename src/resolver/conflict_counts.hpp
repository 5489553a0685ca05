#pragma once
// "Too many conflicts" (internal; resolver-notes §1.7). When one package keeps being rejected
// because of another, deciding the rejected one first usually ends the back-and-forth: after a
// fixed number of conflicts the rejected package is moved to an earlier priority class and the
// one rejecting it to a later one (and undecided again).
//
// Each package keeps two tallies: how often a conflict was found while it was being decided,
// and how often it stood on the other side of one. A tally asks for a move once, when it
// reaches the threshold; the moves wait until the driver applies them after its next
// propagation.

#include <lockkit/resolver/incompatibility.hpp>
#include <lockkit/resolver/package.hpp>

#include <cstdint>
#include <map>
#include <vector>

namespace lockkit::resolver::detail {

class ConflictCounts {
public:
    /// uv's threshold: the number of conflicts after which a package changes class.
    static constexpr std::uint32_t k_threshold = 5;

    /// A conflict: `incompatibility` was found for `affected` while `deciding` was being
    /// decided. Its other packages are the culprits, except the proxies and bases that only
    /// mirror `affected` under the same name.
    void observe(const PackageStore& store, PackageId deciding, PackageId affected, const Incompatibility& incompatibility);

    /// The moves asked for since the last call: packages to decide earlier, then later.
    struct Moves {
        std::vector<PackageId> earlier;
        std::vector<PackageId> later;
    };
    Moves take_moves();

private:
    struct Tally {
        std::uint32_t while_deciding = 0;
        std::uint32_t as_culprit = 0;
    };
    std::map<PackageId, Tally> m_tallies;
    Moves m_moves;
};

} // namespace lockkit::resolver::detail
