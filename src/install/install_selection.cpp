#include "lockkit/install/install_selection.hpp"

#include "lockkit/lockfile/roots.hpp"

#include "lockkit/pep508/package_name.hpp"
#include "lockkit/pyproject/pyproject.hpp"
#include "lockkit/util/strings.hpp"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace lockkit::install {

using lockfile::Dependency;
using lockfile::Lock;
using lockfile::Package;

namespace {

/// uv's encoding of a conflict item as an extra name in markers: the length of the
/// package name makes the split unambiguous.
std::string encode_extra(const std::string& package, const std::string& extra) {
    return "extra-" + std::to_string(package.size()) + "-" + package + "-" + extra;
}
std::string encode_group(const std::string& package, const std::string& group) {
    return "group-" + std::to_string(package.size()) + "-" + package + "-" + group;
}
std::string encode_project(const std::string& package) {
    return "project-" + std::to_string(package.size()) + "-" + package;
}

std::vector<std::string> extras_of(const Package& p) {
    std::set<std::string> names;
    for (const auto& [extra, deps] : p.optional_dependencies) {
        names.insert(pep508::normalize_name(extra));
    }
    if (p.metadata.provides_extras) {
        for (const auto& extra : *p.metadata.provides_extras) {
            names.insert(pep508::normalize_name(extra));
        }
    }
    return {names.begin(), names.end()};
}

std::vector<std::string> groups_of(const Package& p) {
    std::set<std::string> names;
    for (const auto& [group, deps] : p.dev_dependencies) {
        names.insert(pep508::normalize_name(group));
    }
    if (p.metadata.requires_dev) {
        for (const auto& [group, reqs] : *p.metadata.requires_dev) {
            names.insert(pep508::normalize_name(group));
        }
    }
    return {names.begin(), names.end()};
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

class Walker {
public:
    Walker(const Lock& lock, const pep508::MarkerEnvironment& env) : m_lock(lock), m_env(env) {
        for (std::size_t i = 0; i < lock.packages.size(); ++i) {
            m_by_name[lock.packages[i].id.name].push_back(i);
        }
    }

    /// Whether a marker holds with the conflict items activated so far; a marker that
    /// does not parse holds nowhere (invalid-marker reports it).
    bool holds(const std::string& marker) {
        if (marker.empty()) {
            return true;
        }
        auto it = m_markers.find(marker);
        if (it == m_markers.end()) {
            auto parsed = pep508::MarkerTree::parse(marker);
            it = m_markers.emplace(marker, parsed ? std::optional(*parsed) : std::nullopt).first;
        }
        return it->second && it->second->evaluate(m_env, m_activated);
    }

    void activate(std::string item) {
        if (!contains(m_activated, item)) {
            m_activated.push_back(std::move(item));
        }
    }
    std::size_t activated_count() const { return m_activated.size(); }

    std::ptrdiff_t index_of(const lockfile::PackageId& id) const {
        if (auto it = m_by_name.find(id.name); it != m_by_name.end()) {
            for (const std::size_t i : it->second) {
                if (m_lock.packages[i].id == id) {
                    return static_cast<std::ptrdiff_t>(i);
                }
            }
        }
        return -1;
    }

    /// The package of this name for the environment: the only one, or the fork whose
    /// resolution-markers hold.
    std::ptrdiff_t find_by_markers(const std::string& name) {
        const auto it = m_by_name.find(pep508::normalize_name(name));
        if (it == m_by_name.end()) {
            return -1;
        }
        if (it->second.size() == 1) {
            return static_cast<std::ptrdiff_t>(it->second.front());
        }
        for (const std::size_t i : it->second) {
            const auto& markers = m_lock.packages[i].resolution_markers;
            if (markers.empty() || std::any_of(markers.begin(), markers.end(), [&](const std::string& m) {
                    return holds(m);
                })) {
                return static_cast<std::ptrdiff_t>(i);
            }
        }
        return -1;
    }

    // ---- one walk -------------------------------------------------------------------

    void reset() {
        m_seen.clear();
        m_queue.clear();
    }

    void push(std::size_t index, const std::string& extra) {
        if (m_seen.insert({index, extra}).second) {
            m_queue.emplace_back(index, extra);
        }
    }

    void follow(const Dependency& dep) {
        if (!holds(dep.marker)) {
            return;
        }
        const auto target = index_of(dep.target);
        if (target < 0) {
            return;  // the reader guarantees edges resolve; be safe anyway
        }
        push(static_cast<std::size_t>(target), "");
        for (const auto& extra : dep.extras) {
            const std::string normalized = pep508::normalize_name(extra);
            push(static_cast<std::size_t>(target), normalized);
            activate(encode_extra(dep.target.name, normalized));
        }
    }

    /// A requirement recorded in `[manifest]`. Without `install_target` (uv's `--only-group`
    /// on a workspace without a root project) the target is not installed, but what it
    /// depends on still is, as uv does.
    void follow_requirement(const lockfile::Requirement& req, bool install_target) {
        if (!holds(req.marker)) {
            return;
        }
        const auto target = find_by_markers(req.name);
        if (target < 0) {
            return;
        }
        if (!install_target) {
            for (const auto& dep : m_lock.packages[static_cast<std::size_t>(target)].dependencies) {
                follow(dep);
            }
            return;
        }
        push(static_cast<std::size_t>(target), "");
        if (req.extras) {
            for (const auto& extra : *req.extras) {
                push(static_cast<std::size_t>(target), pep508::normalize_name(extra));
            }
        }
    }

    void drain() {
        while (!m_queue.empty()) {
            const auto [index, extra] = m_queue.front();
            m_queue.pop_front();
            const Package& p = m_lock.packages[index];
            if (extra.empty()) {
                for (const auto& dep : p.dependencies) {
                    follow(dep);
                }
                continue;
            }
            for (const auto& [name, deps] : p.optional_dependencies) {
                if (pep508::normalize_name(name) == extra) {
                    for (const auto& dep : deps) {
                        follow(dep);
                    }
                }
            }
        }
    }

    bool reached(std::size_t index) const { return m_seen.contains({index, ""}); }

private:
    const Lock& m_lock;
    const pep508::MarkerEnvironment& m_env;
    std::unordered_map<std::string, std::vector<std::size_t>> m_by_name;
    std::unordered_map<std::string, std::optional<pep508::MarkerTree>> m_markers;
    std::vector<std::string> m_activated;
    std::set<std::pair<std::size_t, std::string>> m_seen;
    std::deque<std::pair<std::size_t, std::string>> m_queue;
};

} // namespace

std::expected<void, std::string> read_default_groups(const std::filesystem::path& path, InstallSelection& selection) {
    auto project = pyproject::read_pyproject(path);
    if (!project) {
        return std::unexpected(project.error().render());
    }
    if (project->tool_uv.default_groups_all) {
        selection.default_groups_all = true;
    } else if (project->tool_uv.default_groups) {
        selection.default_groups = project->tool_uv.default_groups;
    }
    return {};
}

std::expected<std::vector<SelectedPackage>, std::string> select_packages(const Lock& lock,
                                                                         const pep508::MarkerEnvironment& env,
                                                                         const InstallSelection& selection) {
    // The lock's members, one definition for every tool (lockfile/roots.hpp).
    const auto lock_members = lockfile::lock_roots(lock);
    const std::vector<std::string>& member_names = lock_members.member_names;
    std::ptrdiff_t root_at_dot = -1;
    for (const std::size_t i : lock_members.members) {
        const auto& location = lock.packages[i].id.source.location;
        if (location == "." || location.empty()) {
            root_at_dot = static_cast<std::ptrdiff_t>(i);
            break;
        }
    }
    auto member_index = [&](const std::string& name) -> std::ptrdiff_t {
        for (std::size_t i = 0; i < lock.packages.size(); ++i) {
            if (lock.packages[i].id.name == name && lock.packages[i].id.source.is_source_tree()) {
                return static_cast<std::ptrdiff_t>(i);
            }
        }
        return -1;
    };

    std::vector<std::size_t> roots;
    bool include_manifest = false;
    if (!selection.packages.empty()) {
        for (const auto& given : selection.packages) {
            const std::string name = pep508::normalize_name(given);
            const auto index = contains(member_names, name) ? member_index(name) : -1;
            if (index < 0) {
                return std::unexpected("package `" + given + "` is not a workspace member of the lock (members: " +
                                       (member_names.empty() ? std::string("none") : join(member_names, ", ")) + ")");
            }
            roots.push_back(static_cast<std::size_t>(index));
        }
    } else if (!selection.all_packages && root_at_dot >= 0 &&
               contains(member_names, lock.packages[static_cast<std::size_t>(root_at_dot)].id.name)) {
        roots.push_back(static_cast<std::size_t>(root_at_dot));
    } else {
        for (const auto& name : member_names) {
            if (const auto index = member_index(name); index >= 0) {
                roots.push_back(static_cast<std::size_t>(index));
            }
        }
        // A workspace without a root project (or a script) keeps its own requirements and
        // groups in [manifest]; with a root project those tables are empty.
        include_manifest = true;
    }
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());

    // Extras and groups must be defined by some root, as uv insists.
    std::vector<std::string> manifest_groups;
    if (include_manifest) {
        for (const auto& [group, reqs] : lock.manifest.dependency_groups) {
            manifest_groups.push_back(pep508::normalize_name(group));
        }
    }
    for (const auto& extra : selection.extras) {
        const std::string name = pep508::normalize_name(extra);
        if (std::none_of(roots.begin(), roots.end(),
                         [&](std::size_t r) { return contains(extras_of(lock.packages[r]), name); })) {
            return std::unexpected("extra `" + extra + "` is not defined by the project(s) synced");
        }
    }
    std::vector<std::string> named_groups = selection.groups;
    named_groups.insert(named_groups.end(), selection.only_groups.begin(), selection.only_groups.end());
    named_groups.insert(named_groups.end(), selection.no_groups.begin(), selection.no_groups.end());
    for (const auto& group : named_groups) {
        const std::string name = pep508::normalize_name(group);
        if (!contains(manifest_groups, name) &&
            std::none_of(roots.begin(), roots.end(),
                         [&](std::size_t r) { return contains(groups_of(lock.packages[r]), name); })) {
            return std::unexpected("dependency group `" + group + "` is not defined by the project(s) synced");
        }
    }

    // uv's DependencyGroups: `--no-group` beats everything; `--only-group` names groups
    // like `--group` does but turns the defaults off and leaves the roots out.
    const bool prod = selection.only_groups.empty();
    auto named = [](const std::vector<std::string>& list, const std::string& g) {
        return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return pep508::normalize_name(s) == g; });
    };
    auto active_groups = [&](const std::vector<std::string>& defined) {
        std::vector<std::string> active;
        for (const auto& g : defined) {
            if (named(selection.no_groups, g)) {
                continue;
            }
            bool on = selection.all_groups || named(selection.groups, g) || named(selection.only_groups, g);
            if (!on && !selection.no_default_groups && prod) {
                if (selection.default_groups_all) {
                    on = true;
                } else if (selection.default_groups) {
                    on = named(*selection.default_groups, g);
                } else {
                    on = g == "dev";
                }
            }
            if (on) {
                active.push_back(g);
            }
        }
        return active;
    };
    auto active_extras = [&](const std::vector<std::string>& defined) {
        std::vector<std::string> active;
        for (const auto& e : defined) {
            if ((selection.all_extras && !named(selection.no_extras, e)) || named(selection.extras, e)) {
                active.push_back(e);
            }
        }
        return active;
    };

    Walker walker(lock, env);
    for (const std::size_t r : roots) {
        const Package& p = lock.packages[r];
        if (prod) {
            walker.activate(encode_project(p.id.name));
            for (const auto& e : active_extras(extras_of(p))) {
                walker.activate(encode_extra(p.id.name, e));
            }
        }
        for (const auto& g : active_groups(groups_of(p))) {
            walker.activate(encode_group(p.id.name, g));
        }
    }
    // Walk until no new conflict item gets activated (each round activates at least one
    // more, and there are finitely many).
    for (;;) {
        const std::size_t before = walker.activated_count();
        walker.reset();
        for (const std::size_t r : roots) {
            const Package& p = lock.packages[r];
            if (prod) {
                walker.push(r, "");
                for (const auto& e : active_extras(extras_of(p))) {
                    walker.push(r, e);
                }
            }
            const auto groups = active_groups(groups_of(p));
            for (const auto& [group, deps] : p.dev_dependencies) {
                if (contains(groups, pep508::normalize_name(group))) {
                    for (const auto& dep : deps) {
                        walker.follow(dep);
                    }
                }
            }
        }
        if (include_manifest) {
            for (const auto& req : lock.manifest.requirements) {
                walker.follow_requirement(req, prod);
            }
            const auto groups = active_groups(manifest_groups);
            for (const auto& [group, reqs] : lock.manifest.dependency_groups) {
                if (contains(groups, pep508::normalize_name(group))) {
                    for (const auto& req : reqs) {
                        walker.follow_requirement(req, true);
                    }
                }
            }
        }
        walker.drain();
        if (walker.activated_count() == before) {
            break;
        }
    }

    // uv's InstallOptions::include_package: the project synced is the `--package` named, or
    // the root project.
    std::vector<std::string> projects;
    if (!selection.packages.empty()) {
        for (const std::size_t r : roots) {
            projects.push_back(lock.packages[r].id.name);
        }
    } else if (root_at_dot >= 0) {
        projects.push_back(lock.packages[static_cast<std::size_t>(root_at_dot)].id.name);
    }
    auto installable = [&](const Package& p) {
        using lockfile::SourceKind;
        if (p.id.source.kind == SourceKind::Virtual) {
            return false;
        }
        if ((selection.no_install_project || selection.no_install_workspace) && contains(projects, p.id.name)) {
            return false;
        }
        if (selection.no_install_workspace && contains(member_names, p.id.name) && p.id.source.is_source_tree()) {
            return false;
        }
        if (selection.no_install_local && (p.id.source.kind == SourceKind::Path || p.id.source.is_source_tree())) {
            return false;
        }
        return !named(selection.no_install_packages, p.id.name);
    };

    std::vector<SelectedPackage> out;
    for (std::size_t i = 0; i < lock.packages.size(); ++i) {
        const Package& p = lock.packages[i];
        if (walker.reached(i) && installable(p)) {
            out.push_back({&p, std::binary_search(roots.begin(), roots.end(), i)});
        }
    }
    return out;
}

} // namespace lockkit::install
