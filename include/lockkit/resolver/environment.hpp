#pragma once
// The environment a resolution (or one of its forks) is for (uv's `ResolverEnvironment`,
// `uv-resolver/src/resolver/environment.rs`).
//
// A *specific* environment is one marker environment (`pip install`, `pip compile`): markers
// are evaluated, never forked on. A *universal* environment is a marker expression the fork
// covers (TRUE at the start of `uv lock`); requirements whose markers are disjoint with it are
// dropped, the others may fork the resolution.

#include <lockkit/pep440/version.hpp>
#include <lockkit/pep508/marker.hpp>
#include <lockkit/resolver/conflicts.hpp>
#include <lockkit/resolver/ranges.hpp>

#include <set>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::resolver {

class ResolverEnvironment {
public:
    /// One marker environment.
    static ResolverEnvironment specific(pep508::MarkerEnvironment env);
    /// Every environment where `markers` holds.
    static ResolverEnvironment universal(pep508::MarkerTree markers = pep508::MarkerTree::always_true());
    /// Every environment, starting from these forks (an existing lock's `resolution-markers`,
    /// or `tool.uv.environments`) instead of one.
    static ResolverEnvironment universal_with_forks(std::vector<pep508::MarkerTree> initial_forks);

    /// The forks a universal resolution starts from (empty: one fork, the whole space).
    const std::vector<pep508::MarkerTree>& initial_forks() const { return m_initial_forks; }

    /// The marker environment of a specific resolution.
    const pep508::MarkerEnvironment* marker_environment() const { return m_env ? &*m_env : nullptr; }
    /// The fork's markers in a universal resolution (TRUE in a specific one).
    pep508::MarkerTree markers() const { return m_markers; }

    bool is_universal() const { return !m_env.has_value(); }
    /// A universal fork narrowed to `marker` as well.
    ResolverEnvironment narrow(pep508::MarkerTree marker) const;
    /// The Python range the fork's markers imply, if they constrain Python.
    std::optional<std::pair<Bound<pep440::Version>, Bound<pep440::Version>>> requires_python() const;
    /// "split (markers: ...; included: ...; excluded: ...)" for a fork, nothing for the whole
    /// space (uv's `end_user_fork_display`).
    std::optional<std::string> fork_display() const;

    /// The conflict items this fork forces on and off (`tool.uv.conflicts`).
    const std::set<ConflictItem>& included() const { return m_include; }
    const std::set<ConflictItem>& excluded() const { return m_exclude; }
    /// Whether a dependency belonging to this conflict item may be part of the fork: not when
    /// excluded, and an extra not when its whole project is excluded (unless the extra itself
    /// is included). Always in a specific environment.
    bool included_by_group(const ConflictItem& item) const;
    /// The fork with these items included (`true`) or excluded (`false`); nothing when a rule
    /// contradicts an earlier one.
    std::optional<ResolverEnvironment> filter_by_group(const std::vector<std::pair<ConflictItem, bool>>& rules) const;
    /// The fork's universal marker: its markers and-ed with the pseudo-extra of every included
    /// item and the negated pseudo-extra of every excluded one (conflicts.hpp).
    pep508::MarkerTree universal_markers() const;

    /// False only when this is a universal fork disjoint with `marker`.
    bool included_by_marker(pep508::MarkerTree marker) const {
        return m_env.has_value() || !m_markers.is_disjoint(marker);
    }
    /// Whether a requirement with this marker applies: evaluated in a specific environment
    /// (with no extras active), always in a universal one.
    bool evaluate(pep508::MarkerTree marker) const { return !m_env || marker.evaluate(*m_env); }

private:
    std::optional<pep508::MarkerEnvironment> m_env;
    pep508::MarkerTree m_markers;
    std::vector<pep508::MarkerTree> m_initial_forks;
    std::set<ConflictItem> m_include;
    std::set<ConflictItem> m_exclude;
};

} // namespace lockkit::resolver
