// Text and JSON for `lock why` and `lock why-not`; see render.hpp.

#include <lockkit/why/render.hpp>

#include <nlohmann/json.hpp>

namespace lockkit::why {

namespace {

std::string id_label(const lockfile::PackageId& id) { return id.version ? id.name + " " + *id.version : id.name; }

std::string versions_text(const std::vector<lockfile::PackageId>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + id_label(ids[i]);
    return out;
}

std::string step_text(const ChainStep& s) {
    std::string out = s.requirement;
    if (!s.marker.empty()) out += " ; " + s.marker;
    out += " → " + id_label(s.package);
    if (s.extra) out += " [" + *s.extra + "]";
    return out;
}

std::string list_text(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
}

nlohmann::json id_json(const lockfile::PackageId& id) {
    nlohmann::json j{{"name", id.name}, {"version", id.version ? nlohmann::json(*id.version) : nlohmann::json(nullptr)}};
    j["source"] = {{"kind", lockfile::source_kind_key(id.source.kind)}, {"location", id.source.location}};
    return j;
}

nlohmann::json optional_json(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

nlohmann::json requirement_json(const RecordedRequirement& r) {
    return {{"where", r.where()},
            {"declared_by", r.declared_by ? id_json(*r.declared_by) : nlohmann::json(nullptr)},
            {"extra", optional_json(r.extra)},
            {"group", optional_json(r.group)},
            {"requirement", r.text()},
            {"marker", r.environment_marker()}};
}

std::string requirement_line(const RecordedRequirement& r) {
    std::string out = "  " + r.where() + ": " + r.text();
    if (const std::string m = r.environment_marker(); !m.empty()) out += " (where " + m + ")";
    return out + "\n";
}

} // namespace

WhyNotReport::Verdict WhyNotReport::verdict() const {
    if (lock.version_locked) return Verdict::Locked;
    if (!lock.excluded_by.empty()) return Verdict::Excluded;
    if (!resolution) return Verdict::Unknown;
    return resolution->solvable ? Verdict::Possible : Verdict::NoSolution;
}

const char* verdict_name(WhyNotReport::Verdict verdict) {
    switch (verdict) {
    case WhyNotReport::Verdict::Locked: return "locked";
    case WhyNotReport::Verdict::Excluded: return "excluded";
    case WhyNotReport::Verdict::NoSolution: return "no-solution";
    case WhyNotReport::Verdict::Possible: return "possible";
    case WhyNotReport::Verdict::Unknown: return "unknown";
    }
    return "unknown";
}

std::string render_why_text(const WhyReport& report) {
    if (!report.found()) return report.package + " is not in the lock\n";
    std::string out;
    for (std::size_t i = 0; i < report.versions.size(); ++i) {
        const LockedVersionChains& v = report.versions[i];
        if (i) out += "\n";
        out += id_label(v.id);
        if (!v.resolution_markers.empty()) out += " (locked for " + list_text(v.resolution_markers) + ")";
        out += "\n";
        if (v.is_member) out += "  a workspace member\n";
        if (v.chains.empty() && !v.is_member) out += "  nothing in the lock requires it\n";
        if (!v.chains.empty()) {
            out += "  required through " + std::string(v.more ? "these chains and more (--all lists every one)"
                                                            : v.chains.size() == 1 ? "1 chain" : std::to_string(v.chains.size()) + " chains") +
                   ":\n";
        }
        for (const RequirementChain& c : v.chains) {
            out += "\n  " + c.root.label() + "\n";
            std::string indent = "  ";
            for (const ChainStep& s : c.steps) {
                out += indent + "└─ " + step_text(s) + "\n";
                indent += "   ";
            }
            if (!c.marker.empty() && c.steps.size() > 1) out += "  (applies where " + c.marker + ")\n";
        }
    }
    if (!report.constraints.empty()) {
        out += "\nconstrained by:\n";
        for (const auto& r : report.constraints) out += requirement_line(r);
    }
    return out;
}

std::string render_why_json(const WhyReport& report) {
    nlohmann::json doc;
    doc["schema_version"] = k_why_json_schema_version;
    doc["package"] = report.package;
    doc["found"] = report.found();
    doc["versions"] = nlohmann::json::array();
    for (const LockedVersionChains& v : report.versions) {
        nlohmann::json jv = id_json(v.id);
        jv["resolution_markers"] = v.resolution_markers;
        jv["workspace_member"] = v.is_member;
        jv["more_chains"] = v.more;
        jv["chains"] = nlohmann::json::array();
        for (const RequirementChain& c : v.chains) {
            nlohmann::json jc;
            jc["root"] = {{"package", c.root.package ? id_json(*c.root.package) : nlohmann::json(nullptr)},
                          {"extra", optional_json(c.root.extra)},
                          {"group", optional_json(c.root.group)},
                          {"label", c.root.label()}};
            jc["marker"] = c.marker;
            jc["steps"] = nlohmann::json::array();
            for (const ChainStep& s : c.steps) {
                nlohmann::json js = id_json(s.package);
                js["extra"] = optional_json(s.extra);
                js["requirement"] = s.requirement;
                js["requirement_recorded"] = s.requirement_recorded;
                js["marker"] = s.marker;
                jc["steps"].push_back(std::move(js));
            }
            jv["chains"].push_back(std::move(jc));
        }
        doc["versions"].push_back(std::move(jv));
    }
    doc["constraints"] = nlohmann::json::array();
    for (const auto& r : report.constraints) doc["constraints"].push_back(requirement_json(r));
    return doc.dump(2) + "\n";
}

std::string render_why_not_text(const WhyNotReport& report) {
    const LockExclusions& l = report.lock;
    const std::string asked = l.package + " " + l.version;
    std::string out;
    if (l.version_locked) return asked + " is locked (`lock why " + l.package + "` shows what requires it)\n";
    out += asked + " is not locked";
    out += l.locked.empty() ? std::string(" (nor is any version of " + l.package + ")") : " (uv.lock has " + versions_text(l.locked) + ")";
    out += "\n";
    switch (report.verdict()) {
    case WhyNotReport::Verdict::Locked: break;
    case WhyNotReport::Verdict::Excluded:
        out += "excluded by " + std::string(l.excluded_by.size() == 1 ? "this requirement" : "these requirements") + ":\n";
        for (const auto& r : l.excluded_by) out += requirement_line(r);
        break;
    case WhyNotReport::Verdict::Unknown:
        out += "no requirement recorded in uv.lock excludes it; the lock does not record registry packages' own\n"
               "requirements, so only resolving with it forced can tell (run without --frozen)\n";
        break;
    case WhyNotReport::Verdict::NoSolution: {
        const ForcedResolution& r = *report.resolution;
        out += "no requirement recorded in uv.lock excludes it; resolving with " + l.package + "==" + l.version + " forced:\n";
        out += "  " + r.header + "\n";
        for (std::size_t start = 0; start < r.report.size();) {
            const std::size_t end = std::min(r.report.find('\n', start), r.report.size());
            out += (end > start ? "    " + r.report.substr(start, end - start) : std::string()) + "\n";
            start = end + 1;
        }
        for (const auto& h : r.hints) out += "  hint: " + h + "\n";
        break;
    }
    case WhyNotReport::Verdict::Possible: {
        out += "nothing excludes it: the project also resolves with " + l.package + "==" + l.version +
               "; the resolver prefers the version it locked (the newest allowed, or the one already locked).\n";
        out += "forcing it would change:\n";
        for (const auto& c : report.resolution->changes)
            out += "  " + c.package + " " + (c.before.empty() ? std::string("(none)") : list_text(c.before)) + " -> " +
                   (c.after.empty() ? std::string("(none)") : list_text(c.after)) + "\n";
        break;
    }
    }
    return out;
}

std::string render_why_not_json(const WhyNotReport& report) {
    const LockExclusions& l = report.lock;
    nlohmann::json doc;
    doc["schema_version"] = k_why_json_schema_version;
    doc["package"] = l.package;
    doc["version"] = l.version;
    doc["verdict"] = verdict_name(report.verdict());
    doc["locked"] = nlohmann::json::array();
    for (const auto& id : l.locked) doc["locked"].push_back(id_json(id));
    doc["excluded_by"] = nlohmann::json::array();
    for (const auto& r : l.excluded_by) doc["excluded_by"].push_back(requirement_json(r));
    if (report.resolution) {
        const ForcedResolution& r = *report.resolution;
        nlohmann::json jr;
        jr["solvable"] = r.solvable;
        jr["header"] = r.header;
        jr["report"] = nlohmann::json::array();
        for (std::size_t start = 0; start < r.report.size();) {
            const std::size_t end = std::min(r.report.find('\n', start), r.report.size());
            jr["report"].push_back(r.report.substr(start, end - start));
            start = end + 1;
        }
        jr["hints"] = r.hints;
        jr["changes"] = nlohmann::json::array();
        for (const auto& c : r.changes) jr["changes"].push_back({{"package", c.package}, {"before", c.before}, {"after", c.after}});
        doc["resolution"] = std::move(jr);
    } else {
        doc["resolution"] = nullptr;
    }
    return doc.dump(2) + "\n";
}

} // namespace lockkit::why
