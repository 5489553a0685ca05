// Short phrases shared by the renderers (see render.hpp).

#include "lockkit/diff/render.hpp"

namespace lockkit::diff {

namespace {
std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string version_or_dynamic(const std::optional<std::string>& v) { return v ? *v : std::string("(dynamic)"); }
} // namespace

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
    if (!c.wheels_added.empty()) out.push_back("wheels gained: " + join(c.wheels_added, ", "));
    if (!c.wheels_removed.empty()) out.push_back("wheels lost: " + join(c.wheels_removed, ", "));
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

} // namespace lockkit::diff
