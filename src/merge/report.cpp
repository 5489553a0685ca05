// The JSON merge report; see include/lockkit/merge/report.hpp.

#include "lockkit/merge/report.hpp"

#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/diff/render.hpp"

#include <nlohmann/json.hpp>

#include <future>
#include <map>
#include <set>

namespace lockkit::merge {

namespace {

using lockfile::Lock;
using lockfile::PackageId;

std::string key(const PackageId& id) {
    return id.name + '\x1e' + id.version.value_or("\x01") + '\x1e' + diff::describe_source(id.source);
}

nlohmann::json id_json(const PackageId& id) {
    return {{"name", id.name},
            {"version", id.version ? nlohmann::json(*id.version) : nlohmann::json(nullptr)},
            {"source", diff::describe_source(id.source)}};
}

std::set<std::string> keys(const Lock& lock) {
    std::set<std::string> out;
    for (const auto& p : lock.packages) out.insert(key(p.id));
    return out;
}

std::vector<std::string> versions(const std::vector<lockfile::Package>& packages) {
    std::vector<std::string> out;
    for (const auto& p : packages) out.push_back(p.id.version.value_or(""));
    return out;
}

nlohmann::json diff_json(const Lock& from, const Lock& to) {
    return nlohmann::json::parse(diff::render_json(diff::diff_locks(from, to)));
}

} // namespace

std::vector<Removal> removals(const Lock& base, const Lock& ours, const Lock& theirs, const MergeOutcome& merge) {
    const auto result = keys(merge.lock);
    const auto in_base = keys(base);
    const auto in_ours = keys(ours);
    const auto in_theirs = keys(theirs);
    std::set<std::string> dropped, conflicted;
    for (const auto& id : merge.report.dropped) dropped.insert(key(id));
    for (const auto& c : merge.conflicts) conflicted.insert(c.package);
    std::set<std::string> refused;
    for (const auto& r : merge.refusals) refused.insert(r.id.name);
    std::vector<Removal> out;
    std::set<std::string> seen;
    auto visit = [&](const Lock& lock, const char* side) {
        for (const auto& p : lock.packages) {
            const std::string k = key(p.id);
            if (result.contains(k) || !seen.insert(k).second) continue;
            std::string reason;
            if (conflicted.contains(p.id.name)) {
                reason = "conflict";
            } else if (refused.contains(p.id.name)) {
                reason = "refused";
            } else if (dropped.contains(k)) {
                reason = "unreachable";
            } else if (in_base.contains(k) && !in_ours.contains(k) && !in_theirs.contains(k)) {
                reason = "removed-by-both";
            } else if (in_base.contains(k) && !in_ours.contains(k)) {
                reason = "removed-by-ours";
            } else if (in_base.contains(k) && !in_theirs.contains(k)) {
                reason = "removed-by-theirs";
            } else if (p.id.source.is_source_tree()) {
                reason = "version-merged";  // a member whose own version moved: one entry in the result
            } else {
                reason = "other-side-chosen";  // --prefer picked the other side's versions of this name
            }
            out.push_back({p.id, side, reason});
        }
    };
    visit(base, "base");
    visit(ours, "ours");
    visit(theirs, "theirs");
    return out;
}

std::string render_report_json(const ReportInput& in) {
    nlohmann::json doc;
    doc["schema_version"] = k_report_schema_version;
    doc["tool"] = "lock-merge";
    doc["path"] = in.path;
    doc["outcome"] = in.outcome;
    doc["exit_code"] = in.exit_code;
    doc["errors"] = in.errors;

    std::map<std::string, std::size_t> counts = {{"base", 0}, {"ours", 0}, {"theirs", 0}, {"both", 0}, {"merged", 0}};
    nlohmann::json packages = nlohmann::json::array();
    nlohmann::json removed = nlohmann::json::array();
    nlohmann::json conflicts = nlohmann::json::array();
    nlohmann::json refusals = nlohmann::json::array();
    nlohmann::json notes = nlohmann::json::array();
    if (in.merge != nullptr) {
        for (const auto& e : in.merge->report.provenance) {
            auto j = id_json(e.id);
            j["provenance"] = provenance_name(e.provenance);
            ++counts[provenance_name(e.provenance)];
            packages.push_back(std::move(j));
        }
        if (in.base != nullptr && in.ours != nullptr && in.theirs != nullptr) {
            for (const auto& r : removals(*in.base, *in.ours, *in.theirs, *in.merge)) {
                auto j = id_json(r.id);
                j["seen_in"] = r.side;
                j["reason"] = r.reason;
                removed.push_back(std::move(j));
            }
        }
        for (const auto& c : in.merge->conflicts) {
            conflicts.push_back({{"package", c.package.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.package)},
                                 {"reason", c.reason},
                                 {"ours_versions", versions(c.ours)},
                                 {"theirs_versions", versions(c.theirs)}});
        }
        for (const auto& r : in.merge->refusals) {
            auto j = id_json(r.id);
            j["reason"] = r.reason;
            refusals.push_back(std::move(j));
        }
        notes = in.merge->report.notes;
    }
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : in.findings) {
        findings.push_back({{"rule", f.rule},
                            {"severity", std::string(verify::severity_name(f.severity))},
                            {"package", f.package},
                            {"version", f.version ? nlohmann::json(*f.version) : nlohmann::json(nullptr)},
                            {"message", f.message},
                            {"fix", f.fix}});
    }
    std::size_t unreachable = 0;
    for (const auto& r : removed) unreachable += r["reason"] == "unreachable" ? 1 : 0;
    doc["summary"] = {{"packages", in.merge != nullptr ? in.merge->lock.packages.size() : 0},
                      {"from_base", counts["base"]},
                      {"from_ours", counts["ours"]},
                      {"from_theirs", counts["theirs"]},
                      {"from_both", counts["both"]},
                      {"merged", counts["merged"]},
                      {"dropped", unreachable},
                      {"removed", removed.size()},
                      {"conflicts", conflicts.size()},
                      {"refusals", refusals.size()},
                      {"verify_errors", std::count_if(in.findings.begin(), in.findings.end(), [](const auto& f) {
                           return f.severity == verify::Severity::Error;
                       })}};
    doc["packages"] = std::move(packages);
    doc["removed"] = std::move(removed);
    doc["conflicts"] = std::move(conflicts);
    doc["refusals"] = std::move(refusals);
    doc["verify"] = std::move(findings);
    doc["notes"] = std::move(notes);
    nlohmann::json diffs = nlohmann::json::object();
    if (in.merge != nullptr && in.ours != nullptr && in.theirs != nullptr) {
        // The two diffs only read the locks: one on another thread when one can be started.
        auto theirs = std::async(std::launch::async | std::launch::deferred,
                                 [&in] { return diff_json(*in.theirs, in.merge->lock); });
        diffs["ours"] = diff_json(*in.ours, in.merge->lock);
        diffs["theirs"] = theirs.get();
    }
    doc["diff"] = std::move(diffs);
    if (in.reresolution != nullptr) {
        const ReresolveOutcome& r = *in.reresolution;
        nlohmann::json origins = nlohmann::json::array();
        for (const auto& o : r.origins) {
            auto j = id_json(o.id);
            j["from"] = o.from;
            j["reason"] = o.reason;
            origins.push_back(std::move(j));
        }
        doc["resolution"] = {{"resolved", r.lock.has_value()},
                             {"requirements", r.requirements_origin},
                             {"from_locks_only", r.from_locks},
                             {"failure", r.lock ? nlohmann::json(nullptr) : nlohmann::json(r.failure)},
                             {"packages", std::move(origins)}};
    }
    // Paths and names come from the input: a byte that is not UTF-8 prints as U+FFFD
    // instead of throwing.
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace lockkit::merge
