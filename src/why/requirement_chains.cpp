// `lock why P`: requirement chains from the roots to P; see requirement_chains.hpp.

#include <lockkit/why/requirement_chains.hpp>

#include <lockkit/pep440/version.hpp>
#include <lockkit/pep508/marker.hpp>
#include <lockkit/pep508/package_name.hpp>
#include <lockkit/why/lock_graph.hpp>

#include <algorithm>

namespace lockkit::why {

namespace {

using pep508::MarkerTree;

constexpr std::size_t k_chain_ceiling = 10000;
constexpr std::size_t k_work_ceiling = 2000000;

std::string id_label(const lockfile::PackageId& id) { return id.version ? id.name + " " + *id.version : id.name; }

/// The requirement a local package recorded for the edge `from` -> `target`, if the lock has it.
std::optional<RecordedRequirement> recorded_for(const lockfile::Package& parent, const VariantNode& from,
                                                const lockfile::PackageId& target) {
    const auto& md = parent.metadata;
    std::vector<RecordedRequirement> candidates;
    auto consider = [&](const lockfile::Requirement& r, RecordedRequirement::Origin origin, std::optional<std::string> group) {
        if (pep508::normalize_name(r.name) != target.name) return;
        RecordedRequirement rr;
        rr.origin = origin;
        rr.declared_by = parent.id;
        rr.requirement = r;
        rr.group = std::move(group);
        if (origin == RecordedRequirement::Origin::RequiresDist) rr.extra = extra_of_marker(r.marker);
        candidates.push_back(std::move(rr));
    };
    if (from.kind == VariantNode::Kind::Group) {
        if (md.requires_dev)
            for (const auto& [group, reqs] : *md.requires_dev)
                if (pep508::normalize_name(group) == from.name)
                    for (const auto& r : reqs) consider(r, RecordedRequirement::Origin::Group, group);
    } else if (md.requires_dist) {
        for (const auto& r : *md.requires_dist) {
            const auto extra = extra_of_marker(r.marker);
            if (from.kind == VariantNode::Kind::Main ? !extra : extra == from.name)
                consider(r, RecordedRequirement::Origin::RequiresDist, {});
        }
    }
    if (candidates.empty()) return std::nullopt;
    for (auto& c : candidates)
        if (!target.version || admits(c.requirement, *target.version)) return std::move(c);
    return std::move(candidates.front());
}

class ChainFinder {
public:
    ChainFinder(const lockfile::Lock& lock, const LockGraph& graph) : m_lock(lock), m_graph(graph) {}

    /// Chains to `target` (a node), shortest first, at most `limit`.
    std::pair<std::vector<RequirementChain>, bool> find(std::size_t target, std::size_t limit) {
        std::vector<RequirementChain> found;
        m_on_path.assign(m_graph.nodes().size(), false);
        m_work = 0;
        bool more = false;
        for (std::size_t depth = 1; depth <= m_graph.nodes().size(); ++depth) {
            m_depth = depth;
            m_reached_depth = false;
            m_path.clear();
            m_on_path[target] = true;
            walk(target, found, limit, more);
            m_on_path[target] = false;
            if (more || !m_reached_depth || m_work > k_work_ceiling) {
                more = more || m_work > k_work_ceiling;
                break;
            }
        }
        return {std::move(found), more};
    }

private:
    void walk(std::size_t node, std::vector<RequirementChain>& found, std::size_t limit, bool& more) {
        if (++m_work > k_work_ceiling) return;
        if (m_path.size() == m_depth) {
            m_reached_depth = true;
            if (!m_graph.nodes()[node].is_root) return;
            auto chain = build(node);
            if (!chain) return;
            if (found.size() >= limit) {
                more = true;
                return;
            }
            found.push_back(std::move(*chain));
            return;
        }
        for (const IncomingEdge& e : m_graph.incoming(node)) {
            if (more || m_work > k_work_ceiling) return;
            if (m_on_path[e.from]) continue;
            m_on_path[e.from] = true;
            m_path.push_back(PathEdge{e, node});
            walk(e.from, found, limit, more);
            m_path.pop_back();
            m_on_path[e.from] = false;
        }
    }

    /// The chain of the current path, which starts at the root `root`; nothing when its
    /// markers contradict each other.
    std::optional<RequirementChain> build(std::size_t root) const {
        const auto& nodes = m_graph.nodes();
        RequirementChain chain;
        const VariantNode& r = nodes[root];
        if (r.package != m_graph.manifest_package()) chain.root.package = m_lock.packages[r.package].id;
        if (r.kind == VariantNode::Kind::Extra) chain.root.extra = r.name;
        if (r.kind == VariantNode::Kind::Group) chain.root.group = r.name;
        MarkerTree all = MarkerTree::always_true();
        // The path runs from the target back to the root: walk it in reverse.
        for (auto it = m_path.rbegin(); it != m_path.rend(); ++it) {
            const VariantNode& from = nodes[it->edge.from];
            const VariantNode& to = nodes[it->to];
            ChainStep step;
            step.package = m_lock.packages[to.package].id;
            if (to.kind == VariantNode::Kind::Extra) step.extra = to.name;
            if (it->edge.manifest_requirement) {
                RecordedRequirement rr;
                rr.requirement = *it->edge.manifest_requirement;
                step.requirement = rr.text();
                step.requirement_recorded = true;
                step.marker = rr.requirement.marker;
            } else {
                const lockfile::Dependency& d = *it->edge.dependency;
                step.marker = d.marker;
                if (auto rec = recorded_for(m_lock.packages[from.package], from, step.package)) {
                    step.requirement = rec->text();
                    step.requirement_recorded = true;
                } else {
                    step.requirement = d.target.name;
                    if (!d.extras.empty()) {
                        step.requirement += '[';
                        for (std::size_t i = 0; i < d.extras.size(); ++i) step.requirement += (i ? "," : "") + d.extras[i];
                        step.requirement += ']';
                    }
                }
            }
            if (!step.marker.empty())
                if (auto m = MarkerTree::parse(step.marker)) all = all.and_with(*m);
            chain.steps.push_back(std::move(step));
        }
        if (all.is_false()) return std::nullopt;
        chain.marker = all.to_string();
        return chain;
    }

    struct PathEdge {
        IncomingEdge edge;
        std::size_t to;
    };
    const lockfile::Lock& m_lock;
    const LockGraph& m_graph;
    std::vector<bool> m_on_path;
    std::vector<PathEdge> m_path;
    std::size_t m_depth = 0;
    std::size_t m_work = 0;
    bool m_reached_depth = false;
};

} // namespace

std::string ChainRoot::label() const {
    std::string out = package ? id_label(*package) : std::string("the workspace root");
    if (extra) out += " [extra " + *extra + "]";
    if (group) out += " (group " + *group + ")";
    return out;
}

WhyReport explain_why(const lockfile::Lock& lock, std::string_view name, const WhyOptions& options) {
    WhyReport report;
    report.package = pep508::normalize_name(name);
    const LockGraph graph(lock);
    ChainFinder finder(lock, graph);
    const std::size_t limit = options.max_chains == 0 ? k_chain_ceiling : options.max_chains;
    for (std::size_t p = 0; p < lock.packages.size(); ++p) {
        const lockfile::Package& pkg = lock.packages[p];
        if (pkg.id.name != report.package) continue;
        LockedVersionChains v;
        v.id = pkg.id;
        v.resolution_markers = pkg.resolution_markers;
        v.is_member = graph.nodes()[graph.main_node(p)].is_root;
        auto [chains, more] = finder.find(graph.main_node(p), limit);
        v.chains = std::move(chains);
        v.more = more;
        report.versions.push_back(std::move(v));
    }
    std::stable_sort(report.versions.begin(), report.versions.end(), [](const auto& a, const auto& b) {
        if (!a.id.version || !b.id.version) return false;
        auto va = pep440::Version::parse(*a.id.version), vb = pep440::Version::parse(*b.id.version);
        return va && vb && *va < *vb;
    });
    for (auto& r : recorded_requirements_on(lock, report.package))
        if (r.origin == RecordedRequirement::Origin::Constraint || r.origin == RecordedRequirement::Origin::Override)
            report.constraints.push_back(std::move(r));
    return report;
}

} // namespace lockkit::why
