// JSON rendering of a LockDiff, schema version 1 (documented in docs/lock-diff.md).
// Keys are only ever added within a schema version; renaming or removing one
// bumps "schema_version".

#include "lockkit/diff/render.hpp"

#include <nlohmann/json.hpp>

namespace lockkit::diff {

namespace {

nlohmann::json optional_string(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

nlohmann::json optional_source(const std::optional<lockfile::Source>& s) {
    return s ? nlohmann::json(describe_source(*s)) : nlohmann::json(nullptr);
}

} // namespace

std::string render_json(const LockDiff& diff) {
    nlohmann::json doc;
    doc["schema_version"] = k_json_schema_version;
    std::size_t security = 0;
    for (const auto& c : diff.changes) security += c.has_security_findings() ? 1 : 0;
    doc["summary"] = {
        {"added", diff.count(ChangeKind::Added)},
        {"removed", diff.count(ChangeKind::Removed)},
        {"upgraded", diff.count(ChangeKind::Upgraded)},
        {"downgraded", diff.count(ChangeKind::Downgraded)},
        {"changed", diff.count(ChangeKind::Unchanged)},
        {"security_findings", security},
        {"cosmetic_packages", diff.cosmetic_packages},
    };
    doc["revision"] = diff.revision ? nlohmann::json{{"old", diff.revision->first}, {"new", diff.revision->second}} : nlohmann::json(nullptr);
    doc["lock_changes"] = nlohmann::json::array();
    for (const auto& f : diff.lock_changes) {
        doc["lock_changes"].push_back({{"field", f.field}, {"old", f.old_value}, {"new", f.new_value}});
    }
    doc["packages"] = nlohmann::json::array();
    for (const auto& c : diff.changes) {
        nlohmann::json p;
        p["name"] = c.name;
        p["change"] = change_kind_name(c.kind);
        p["bump"] = c.bump == BumpKind::None ? nlohmann::json(nullptr) : nlohmann::json(bump_kind_name(c.bump));
        p["old_version"] = optional_string(c.old_version);
        p["new_version"] = optional_string(c.new_version);
        p["old_source"] = optional_source(c.old_source);
        p["new_source"] = optional_source(c.new_source);
        p["source_changed"] = c.source_changed;
        p["relation"] = relation_name(c.relation);
        p["via"] = c.via;
        p["reached_from"] = {{"main", c.reached_from.main}, {"groups", c.reached_from.groups}, {"extras", c.reached_from.extras}};
        p["artifact_changes"] = nlohmann::json::array();
        for (const auto& a : c.artifact_changes) {
            p["artifact_changes"].push_back({{"filename", a.filename},
                                             {"kind", artifact_change_name(a.kind)},
                                             {"old", a.old_value},
                                             {"new", a.new_value},
                                             {"security", a.is_security()}});
        }
        p["wheels_added"] = c.wheels_added;
        p["wheels_removed"] = c.wheels_removed;
        p["became_sdist_only"] = c.became_sdist_only;
        p["wheel_coverage"] = nlohmann::json::array();
        for (const auto& w : c.wheel_coverage) {
            const char* kind = w.kind == WheelCoverageChange::Kind::Added     ? "added"
                               : w.kind == WheelCoverageChange::Kind::Removed ? "removed"
                                                                              : "changed";
            p["wheel_coverage"].push_back({{"python", w.python},
                                           {"change", kind},
                                           {"platforms_added", w.platforms_added},
                                           {"platforms_removed", w.platforms_removed}});
        }
        p["compare_url"] = optional_string(c.compare_url);
        p["resolution_markers"] = c.markers_changed ? nlohmann::json{{"old", c.old_markers}, {"new", c.new_markers}} : nlohmann::json(nullptr);
        p["dependencies_added"] = c.dependencies_added;
        p["dependencies_removed"] = c.dependencies_removed;
        p["requirements_added"] = c.requirements_added;
        p["requirements_removed"] = c.requirements_removed;
        doc["packages"].push_back(std::move(p));
    }
    // Paths and names come from the input: a byte that is not UTF-8 prints as U+FFFD
    // instead of throwing.
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace lockkit::diff
