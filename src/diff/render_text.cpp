// Terminal rendering of a LockDiff (see render.hpp): a summary line, then one
// line per package change with indented findings, grouped by relation.

#include "lockkit/diff/render.hpp"

namespace lockkit::diff {

namespace {

struct Palette {
    const char* green = "";
    const char* red = "";
    const char* yellow = "";
    const char* bold = "";
    const char* dim = "";
    const char* reset = "";
};

Palette palette(bool color) {
    if (!color) return {};
    return {"\x1b[32m", "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[2m", "\x1b[0m"};
}

char sigil(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Added: return '+';
    case ChangeKind::Removed: return '-';
    case ChangeKind::Upgraded: return '^';
    case ChangeKind::Downgraded: return 'v';
    case ChangeKind::Unchanged: return '~';
    }
    return '~';
}

} // namespace

std::string render_text(const LockDiff& diff, const RenderOptions& options) {
    const Palette p = palette(options.color);
    std::string out;
    out += p.bold + options.title + ": " + summary_line(diff) + p.reset + "\n";
    for (const auto& f : diff.lock_changes) {
        out += "  " + f.field + ": " + (f.old_value.empty() ? "(none)" : f.old_value) + " -> " +
               (f.new_value.empty() ? "(none)" : f.new_value) + "\n";
    }
    auto section = [&](const char* heading, auto include) {
        std::string body;
        for (const auto& c : diff.changes) {
            if (!include(c)) continue;
            const char* colour = c.kind == ChangeKind::Added     ? p.green
                                 : c.kind == ChangeKind::Removed ? p.red
                                 : c.kind == ChangeKind::Downgraded ? p.red
                                 : c.kind == ChangeKind::Upgraded   ? p.yellow
                                                                    : "";
            body += std::string("  ") + colour + sigil(c.kind) + " " + c.name + " " + describe_versions(c) + p.reset;
            if (const auto via = describe_location(c); !via.empty()) body += std::string(" ") + p.dim + "(" + via + ")" + p.reset;
            body += "\n";
            for (const auto& f : describe_findings(c)) body += "      " + f + "\n";
        }
        if (!body.empty()) out += std::string("\n") + p.bold + heading + p.reset + "\n" + body;
    };
    section("Workspace members", [](const PackageChange& c) { return c.relation == Relation::Member; });
    section("Direct dependencies", [](const PackageChange& c) { return c.relation == Relation::Direct; });
    section("Transitive dependencies", [](const PackageChange& c) {
        return c.relation == Relation::Transitive || c.relation == Relation::Unreachable;
    });
    std::string security;
    for (const auto& c : diff.changes) {
        for (const auto& a : c.artifact_changes) {
            if (!a.is_security()) continue;
            security += std::string("  ") + p.red + "! " + c.name + " " + describe_versions(c) + ": " + a.filename + " " +
                        artifact_change_name(a.kind) + p.reset + "\n";
        }
    }
    if (!security.empty()) {
        out += std::string("\n") + p.bold + p.red + "Security findings (files changed under an unchanged version)" + p.reset + "\n" + security;
    }
    const std::string tail = format_only_note(diff);
    if (!tail.empty()) out += std::string("\n") + p.dim + tail + "." + p.reset + "\n";
    return out;
}

} // namespace lockkit::diff
