// Short phrases shared by the renderers (see render.hpp).

#include "lockkit/diff/render.hpp"
#include "lockkit/util/strings.hpp"

#include <algorithm>

namespace lockkit::diff {

namespace {
std::string version_or_dynamic(const std::optional<std::string>& v) { return v ? *v : std::string("(dynamic)"); }
} // namespace

std::string format_only_note(const LockDiff& diff) {
    std::string note;
    if (diff.cosmetic_packages > 0) {
        note += std::to_string(diff.cosmetic_packages) +
                " package(s) with format-only changes (upload-time, URL spelling, metadata newly recorded) not shown";
    }
    if (diff.revision) {
        if (!note.empty()) note += "; ";
        note += "lock revision " + std::to_string(diff.revision->first) + " -> " + std::to_string(diff.revision->second);
    }
    return note;
}

std::string summary_line(const LockDiff& diff) {
    std::vector<std::string> parts;
    auto add = [&](std::size_t n, const char* what) {
        if (n > 0) parts.push_back(std::to_string(n) + " " + what);
    };
    add(diff.count(ChangeKind::Upgraded), "upgraded");
    add(diff.count(ChangeKind::Downgraded), "downgraded");
    add(diff.count(ChangeKind::Added), "added");
    add(diff.count(ChangeKind::Removed), "removed");
    add(diff.count(ChangeKind::Unchanged), "changed");
    std::size_t security = 0;
    for (const auto& c : diff.changes) security += c.has_security_findings() ? 1 : 0;
    add(security, security == 1 ? "security finding" : "security findings");
    add(diff.lock_changes.size(), diff.lock_changes.size() == 1 ? "lock setting changed" : "lock settings changed");
    return parts.empty() ? std::string("no changes") : join(parts, ", ");
}

std::string describe_versions(const PackageChange& c) {
    switch (c.kind) {
    case ChangeKind::Added: return version_or_dynamic(c.new_version);
    case ChangeKind::Removed: return version_or_dynamic(c.old_version);
    case ChangeKind::Upgraded:
    case ChangeKind::Downgraded: {
        std::string out = *c.old_version + " -> " + *c.new_version;
        if (c.bump != BumpKind::None) out += std::string(" (") + bump_kind_name(c.bump) + ")";
        if (c.kind == ChangeKind::Downgraded) out += " DOWNGRADE";
        return out;
    }
    case ChangeKind::Unchanged:
        if (c.old_version != c.new_version) return version_or_dynamic(c.old_version) + " -> " + version_or_dynamic(c.new_version);
        return version_or_dynamic(c.new_version);
    }
    return "";
}

std::vector<std::string> describe_findings(const PackageChange& c) {
    std::vector<std::string> out;
    if (c.source_changed && c.old_source && c.new_source) {
        out.push_back("source " + describe_source(*c.old_source) + " -> " + describe_source(*c.new_source));
    }
    std::size_t hashes_added = 0;
    for (const auto& a : c.artifact_changes) {
        if (a.kind == ArtifactChange::Kind::HashAdded) {
            ++hashes_added;  // folded: a hash newly recorded is good news, not a finding per file
            continue;
        }
        std::string s = a.filename + " " + artifact_change_name(a.kind);
        if (!a.old_value.empty() || !a.new_value.empty()) {
            s += " (" + (a.old_value.empty() ? std::string("none") : a.old_value) + " -> " +
                 (a.new_value.empty() ? std::string("none") : a.new_value) + ")";
        }
        out.push_back(std::move(s));
    }
    if (hashes_added > 0) out.push_back("hash recorded for " + std::to_string(hashes_added) + " file(s) that had none");
    if (c.became_sdist_only) out.push_back("now sdist-only (no wheels)");
    if (const auto coverage = describe_coverage(c); !coverage.empty()) {
        out.push_back(coverage);
    } else {
        // Same platforms, different files (a rebuilt wheel under a new name): list them.
        if (!c.wheels_added.empty()) out.push_back("wheels gained: " + join(c.wheels_added, ", "));
        if (!c.wheels_removed.empty()) out.push_back("wheels lost: " + join(c.wheels_removed, ", "));
    }
    if (c.compare_url) out.push_back("compare " + *c.compare_url);
    if (c.markers_changed) {
        out.push_back("resolution-markers [" + join(c.old_markers, " | ") + "] -> [" + join(c.new_markers, " | ") + "]");
    }
    if (!c.dependencies_added.empty()) out.push_back("dependencies added: " + join(c.dependencies_added, ", "));
    if (!c.dependencies_removed.empty()) out.push_back("dependencies removed: " + join(c.dependencies_removed, ", "));
    if (!c.requirements_added.empty()) out.push_back("requirements added: " + join(c.requirements_added, ", "));
    if (!c.requirements_removed.empty()) out.push_back("requirements removed: " + join(c.requirements_removed, ", "));
    return out;
}

std::string describe_via(const PackageChange& c) {
    if (c.relation != Relation::Transitive || c.via.empty()) return "";
    return "via " + join(c.via, " -> ");
}

std::string describe_reach(const PackageChange& c) {
    if (c.relation == Relation::Member || c.reached_from.main) return "";
    std::vector<std::string> parts;
    for (const auto& g : c.reached_from.groups) parts.push_back(g + " group");
    for (const auto& e : c.reached_from.extras) parts.push_back("extra `" + e + "`");
    return join(parts, ", ");
}

std::string describe_location(const PackageChange& c) {
    std::vector<std::string> parts;
    if (auto via = describe_via(c); !via.empty()) parts.push_back(std::move(via));
    if (auto reach = describe_reach(c); !reach.empty()) parts.push_back(std::move(reach));
    return join(parts, ", ");
}

std::string describe_coverage(const PackageChange& c) {
    if (c.wheel_coverage.empty()) return "";
    // Tags with the same move are named together: "cp39, cp310 (+Windows arm64)".
    struct Group {
        std::vector<std::string> tags;
        const WheelCoverageChange* first;
    };
    std::vector<Group> groups;
    for (const auto& w : c.wheel_coverage) {
        auto same = [&](const Group& g) {
            return g.first->kind == w.kind && g.first->platforms_added == w.platforms_added &&
                   g.first->platforms_removed == w.platforms_removed;
        };
        auto it = std::find_if(groups.begin(), groups.end(), same);
        const std::string sign = w.kind == WheelCoverageChange::Kind::Added ? "+" : w.kind == WheelCoverageChange::Kind::Removed ? "-" : "";
        if (it == groups.end()) groups.push_back({{sign + w.python}, &w});
        else it->tags.push_back(sign + w.python);
    }
    std::vector<std::string> parts;
    for (const auto& g : groups) {
        const auto& w = *g.first;
        switch (w.kind) {
        case WheelCoverageChange::Kind::Added: parts.push_back(join(g.tags, ", ") + " (" + join(w.platforms_added, ", ") + ")"); break;
        case WheelCoverageChange::Kind::Removed: parts.push_back(join(g.tags, ", ")); break;
        case WheelCoverageChange::Kind::Changed: {
            std::vector<std::string> moves;
            for (const auto& p : w.platforms_added) moves.push_back("+" + p);
            for (const auto& p : w.platforms_removed) moves.push_back("-" + p);
            parts.push_back(join(g.tags, ", ") + " (" + join(moves, ", ") + ")");
            break;
        }
        }
    }
    return "wheels: " + join(parts, "; ");
}

} // namespace lockkit::diff
