#include "lockkit/verify/report.hpp"

#include "lockkit/util/strings.hpp"
#include "lockkit/util/terminal_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lockkit::verify {

namespace {

std::size_t count(const Report& report, Severity severity) {
    std::size_t n = 0;
    for (const auto& f : report.findings) {
        n += f.severity == severity ? 1 : 0;
    }
    return n;
}

std::string plural(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

/// A path as SARIF's `artifactLocation.uri`, a URI reference (RFC 3986): forward
/// slashes, and every byte outside the unreserved and path characters
/// percent-encoded (a space, `%`, `#`, `?`, non-ASCII), so a file named
/// `my lock#1.lock` still names itself.
std::string sarif_uri(std::string_view path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           std::string_view("-._~/!$&'()*+,;=:@").find(ch) != std::string_view::npos;
        if (plain) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    // A relative path whose first segment holds a colon would read as a scheme.
    if (const auto colon = out.find(':'); colon != std::string::npos && out.find('/') > colon) {
        out = "./" + out;
    }
    return out;
}

} // namespace

std::string render_text(const Report& report) {
    // Names, messages and paths come from the lock: escaped, so nothing in it acts on a terminal.
    std::string out;
    for (const auto& f : report.findings) {
        out += severity_name(f.severity);
        out += "[" + f.rule + "]";
        if (f.column > 0) {
            out += " " + escape_for_terminal(report.lock_path) + ":" + std::to_string(f.line) + ":" +
                   std::to_string(f.column);
        }
        if (!f.package.empty()) {
            out += " " + escape_for_terminal(f.package + (f.version ? "==" + *f.version : ""));
        }
        out += ": " + escape_for_terminal(f.message) + "\n";
        if (!f.fix.empty()) {
            out += "  fix: " + escape_for_terminal(f.fix) + "\n";
        }
    }
    return out;
}

std::string render_summary(const Report& report) {
    std::string out = report.lock_path + ": " + plural(count(report, Severity::Error), "error") + ", " +
                      plural(count(report, Severity::Warning), "warning");
    std::vector<std::string> notes;
    if (report.artifacts_checked > 0) {
        notes.push_back(plural(report.artifacts_checked, "artifact") + " hashed");
    }
    if (report.download.requested) {
        const auto& d = report.download;
        std::string note = plural(d.downloaded, "artifact") + " downloaded (" +
                           std::to_string((d.bytes + 512 * 1024) / (1024 * 1024)) + " MiB), " +
                           std::to_string(d.from_cache) + " from the cache, " + std::to_string(d.local) + " local";
        if (d.without_hash != 0) {
            note += ", " + std::to_string(d.without_hash) + " without a hash not checked";
        }
        notes.push_back(std::move(note));
    }
    if (!report.venv.path.empty()) {
        notes.push_back(report.venv.path + ": " + plural(report.venv.distributions_checked, "installed distribution") +
                        ", " + plural(report.venv.files_hashed, "file") + " hashed, " + report.venv.environment);
    }
    if (!report.lock_readable) {
        notes.push_back("the lock cannot be read, so no other check ran");
    }
    if (!notes.empty()) {
        out += " (" + join(notes, "; ") + ")";
    }
    return escape_for_terminal(out) + "\n";
}

std::string render_json(const Report& report) {
    nlohmann::ordered_json doc;
    doc["schema_version"] = 1;
    doc["lock"] = report.lock_path;
    auto findings = nlohmann::ordered_json::array();
    for (const auto& f : report.findings) {
        nlohmann::ordered_json j;
        j["rule"] = f.rule;
        j["severity"] = std::string(severity_name(f.severity));
        if (f.package.empty()) {
            j["package"] = nullptr;
        } else {
            j["package"] = {{"name", f.package}, {"version", f.version ? nlohmann::ordered_json(*f.version) : nullptr}};
        }
        j["message"] = f.message;
        j["fix"] = f.fix;
        if (f.line == 0) {
            j["location"] = nullptr;
        } else {
            j["location"] = {{"line", f.line},
                             {"column", f.column > 0 ? nlohmann::ordered_json(f.column) : nullptr},
                             {"end_line", f.end_line > f.line ? nlohmann::ordered_json(f.end_line) : nullptr}};
        }
        findings.push_back(std::move(j));
    }
    doc["findings"] = std::move(findings);
    doc["summary"] = {{"errors", count(report, Severity::Error)},
                      {"warnings", count(report, Severity::Warning)},
                      {"artifacts_checked", report.artifacts_checked},
                      {"lock_readable", report.lock_readable}};
    if (report.download.requested) {
        doc["download"] = {{"downloaded", report.download.downloaded},
                           {"from_cache", report.download.from_cache},
                           {"local", report.download.local},
                           {"without_hash", report.download.without_hash},
                           {"bytes", report.download.bytes},
                           {"cache", report.download.cache}};
    }
    if (!report.venv.path.empty()) {
        doc["venv"] = {{"path", report.venv.path},
                       {"environment", report.venv.environment},
                       {"expected", report.venv.expected},
                       {"distributions_checked", report.venv.distributions_checked},
                       {"files_hashed", report.venv.files_hashed}};
    }
    // Paths and names come from the input: a byte that is not UTF-8 prints as U+FFFD
    // instead of throwing.
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_sarif(const Report& report, std::string_view tool_version) {
    using json = nlohmann::ordered_json;
    json rules = json::array();
    std::vector<std::string> used;
    for (const auto& f : report.findings) {
        if (std::find(used.begin(), used.end(), f.rule) == used.end()) {
            used.push_back(f.rule);
        }
    }
    for (const auto& id : used) {
        rules.push_back({{"id", id},
                         {"name", id},
                         {"shortDescription", {{"text", std::string(rule_description(id))}}},
                         {"helpUri", "https://github.com/lockkit/lockkit/blob/main/docs/lock-verify.md#rules"}});
    }
    json results = json::array();
    for (const auto& f : report.findings) {
        json r;
        r["ruleId"] = f.rule;
        r["ruleIndex"] = std::find(used.begin(), used.end(), f.rule) - used.begin();
        r["level"] = f.severity == Severity::Error ? "error" : "warning";
        r["message"] = {{"text", f.message + (f.fix.empty() ? "" : "\nfix: " + f.fix)}};
        json physical = {{"artifactLocation", {{"uri", sarif_uri(report.lock_path)}}}};
        if (f.line > 0) {
            json region = {{"startLine", f.line}};
            if (f.column > 0) {
                region["startColumn"] = f.column;
            }
            if (f.end_line > f.line) {
                region["endLine"] = f.end_line;
            }
            physical["region"] = std::move(region);
        }
        r["locations"] = json::array({{{"physicalLocation", physical}}});
        if (!f.package.empty()) {
            r["properties"] = {{"package", f.package}, {"version", f.version ? json(*f.version) : json(nullptr)}};
        }
        results.push_back(std::move(r));
    }
    json doc;
    doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    doc["version"] = "2.1.0";
    doc["runs"] = json::array({{{"tool",
                                 {{"driver",
                                   {{"name", "lock-verify"},
                                    {"version", std::string(tool_version)},
                                    {"informationUri", "https://github.com/lockkit/lockkit"},
                                    {"rules", rules}}}}},
                                {"results", results}}});
    // Paths and names come from the input: a byte that is not UTF-8 prints as U+FFFD
    // instead of throwing.
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int exit_code_for(const Report& report, bool strict) {
    const std::size_t failing = count(report, Severity::Error) + (strict ? count(report, Severity::Warning) : 0);
    return failing > 0 ? 1 : 0;
}

} // namespace lockkit::verify
