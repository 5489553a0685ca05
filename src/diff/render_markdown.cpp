// Markdown rendering of a LockDiff for PR comments (see render.hpp): a hidden
// marker, a summary heading, a table of direct changes, sections for members,
// transitive changes and security findings, <details> past a threshold, and
// truncation under GitHub's comment limit with a note.

#include "lockkit/diff/render.hpp"

#include <algorithm>

namespace lockkit::diff {

namespace {

std::string cell(std::string_view s) {
    std::string out;
    for (char ch : s) {
        if (ch == '|') out += "\\|";
        else if (ch == '\n') out += ' ';
        else out += ch;
    }
    return out;
}

std::string code(std::string_view s) { return s.empty() ? std::string() : "`" + cell(s) + "`"; }

std::string old_of(const PackageChange& c) { return c.kind == ChangeKind::Added ? "" : c.old_version.value_or("(dynamic)"); }
std::string new_of(const PackageChange& c) { return c.kind == ChangeKind::Removed ? "" : c.new_version.value_or("(dynamic)"); }

std::string change_of(const PackageChange& c) {
    std::string s = change_kind_name(c.kind);
    if (c.bump != BumpKind::None) s += std::string(" (") + bump_kind_name(c.bump) + ")";
    if (c.kind == ChangeKind::Downgraded) s = "**" + s + "**";
    return s;
}

std::string notes_of(const PackageChange& c, bool with_via) {
    std::string out = cell(with_via ? describe_location(c) : describe_reach(c));
    for (const auto& f : describe_findings(c)) {
        if (!out.empty()) out += "<br>";
        if (c.compare_url && f == "compare " + *c.compare_url) {
            out += "[compare](" + *c.compare_url + ")";
        } else {
            out += cell(f);
        }
    }
    return out;
}

std::string table(const std::vector<const PackageChange*>& rows, bool with_via) {
    std::string out = "| Package | Change | Old | New | Notes |\n|---|---|---|---|---|\n";
    for (const auto* c : rows) {
        out += "| " + cell(c->name) + " | " + change_of(*c) + " | " + code(old_of(*c)) + " | " + code(new_of(*c)) + " | " +
               notes_of(*c, with_via) + " |\n";
    }
    return out;
}

std::string section(const std::string& heading, const std::vector<const PackageChange*>& rows, bool with_via,
                    std::size_t threshold) {
    if (rows.empty()) return "";
    std::string out = "\n#### " + heading + " (" + std::to_string(rows.size()) + ")\n\n";
    if (rows.size() > threshold) {
        out += "<details><summary>Show " + std::to_string(rows.size()) + " changes</summary>\n\n" + table(rows, with_via) + "\n</details>\n";
    } else {
        out += table(rows, with_via);
    }
    return out;
}

/// Cuts `text` at a line boundary so that it plus a note fits in `max_chars`.
std::string truncate(const std::string& text, std::size_t max_chars) {
    if (text.size() <= max_chars) return text;
    const std::size_t reserve = 400;
    std::size_t cut = max_chars > reserve ? max_chars - reserve : 0;
    cut = text.rfind('\n', cut);
    if (cut == std::string::npos) cut = 0;
    std::string out = text.substr(0, cut + (cut > 0 ? 1 : 0));
    const auto opened = [&](std::string_view tag) {
        std::size_t n = 0;
        for (std::size_t pos = out.find(tag); pos != std::string::npos; pos = out.find(tag, pos + 1)) ++n;
        return n;
    };
    if (opened("<details>") > opened("</details>")) out += "\n</details>\n";
    out += "\n> [!NOTE]\n> Output truncated: " + std::to_string(text.size() - cut) +
           " more characters did not fit in a comment. Run `lock-diff` locally for the full diff.\n";
    return out.size() <= max_chars ? out : out.substr(0, max_chars);
}

} // namespace

std::string render_markdown(const LockDiff& diff, const RenderOptions& options) {
    std::string out = std::string(k_markdown_marker) + "\n### `" + cell(options.title) + "`: " + summary_line(diff) + "\n";
    if (!diff.lock_changes.empty()) {
        out += "\n| Lock setting | Old | New |\n|---|---|---|\n";
        for (const auto& f : diff.lock_changes) {
            out += "| " + cell(f.field) + " | " + code(f.old_value) + " | " + code(f.new_value) + " |\n";
        }
    }
    std::vector<const PackageChange*> members, direct, transitive;
    for (const auto& c : diff.changes) {
        if (c.relation == Relation::Member) members.push_back(&c);
        else if (c.relation == Relation::Direct) direct.push_back(&c);
        else transitive.push_back(&c);
    }
    out += section("Direct dependencies", direct, false, options.details_threshold);
    out += section("Workspace members", members, false, options.details_threshold);
    out += section("Transitive dependencies", transitive, true, options.details_threshold);
    std::string security;
    for (const auto& c : diff.changes) {
        for (const auto& a : c.artifact_changes) {
            if (!a.is_security()) continue;
            security += "- **" + cell(c.name) + "** " + code(c.new_version.value_or("")) + ": " + code(a.filename) + " " +
                        artifact_change_name(a.kind) + " (" + code(a.old_value.empty() ? "none" : a.old_value) + " -> " +
                        code(a.new_value.empty() ? "none" : a.new_value) + ")\n";
        }
    }
    if (!security.empty()) {
        out += "\n#### :warning: Security findings\n\nThese files changed while the package version did not; check that the new "
               "files come from the expected index.\n\n" + security;
    }
    const std::string tail = format_only_note(diff);
    if (!tail.empty()) out += "\n<sub>" + tail + ".</sub>\n";
    return truncate(out, options.max_chars);
}

} // namespace lockkit::diff
