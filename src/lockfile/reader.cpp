#include "lockkit/lockfile/reader.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/leave_for_exit.hpp"
#include "model_builder.hpp"
#include "toml_dom.hpp"

#include <algorithm>
#include <cstring>

namespace lockkit::lockfile {

std::optional<ConflictMarkerSpan> find_conflict_markers(std::string_view text) {
    // git writes each marker at the start of a line: seven '<', '|', '=' or '>'
    // followed by a space or the end of the line.
    auto is_marker = [](std::string_view line) {
        if (line.size() < 7) {
            return false;
        }
        const char c = line[0];
        if (c != '<' && c != '>' && c != '=' && c != '|') {
            return false;
        }
        for (int i = 1; i < 7; ++i) {
            if (line[static_cast<std::size_t>(i)] != c) {
                return false;
            }
        }
        return line.size() == 7 || line[7] == ' ' || line[7] == '\r';
    };
    std::optional<ConflictMarkerSpan> span;
    std::uint32_t line_no = 1;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const char c = text[pos];
        if ((c == '<' || c == '>' || c == '=' || c == '|') && is_marker(text.substr(pos, end - pos))) {
            // A lone "=======" inside a TOML value is impossible, so any marker counts.
            if (!span) {
                span = ConflictMarkerSpan{line_no, line_no};
            }
            span->last_line = line_no;
        }
        pos = end + 1;
        ++line_no;
    }
    return span;
}

namespace {

void offsets_to_lines(std::string_view text, std::vector<Package>& packages) {
    // Packages arrive in file order, so one forward sweep converts all offsets.
    std::uint32_t line = 1;
    std::size_t pos = 0;
    std::vector<std::pair<std::uint32_t, Package*>> order;
    order.reserve(packages.size());
    for (Package& p : packages) {
        order.emplace_back(p.line, &p);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [offset, pkg] : order) {
        while (pos < offset && pos < text.size()) {
            const void* nl = std::memchr(text.data() + pos, '\n', std::min<std::size_t>(offset, text.size()) - pos);
            if (nl == nullptr) {
                pos = offset;
                break;
            }
            pos = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
            ++line;
        }
        pkg->line = line;
    }
}

} // namespace

std::expected<Lock, Diagnostic> parse_lock(std::string_view text, std::string_view file, const ReadOptions& options,
                                           ReadStats* stats) {
    if (auto span = find_conflict_markers(text)) {
        Diagnostic d = diagnostic_at_line(file, text, span->first_line, 1,
                                          std::string(file.empty() ? "uv.lock" : file) +
                                              " has unresolved merge conflict markers at lines " +
                                              std::to_string(span->first_line) + "-" + std::to_string(span->last_line));
        d.hints.push_back("resolve the conflict, or let lockkit merge uv.lock for you: run `lock-merge install` "
                          "once, then redo the merge");
        return std::unexpected(std::move(d));
    }
    detail::Document doc;
    bool canonical = false;
    if (options.front_end != TomlFrontEnd::General) {
        canonical = detail::parse_canonical_toml(text, doc);
        if (!canonical && options.front_end == TomlFrontEnd::Canonical) {
            return std::unexpected(diagnostic_at(file, text, 0, "not in uv's canonical layout (fast parser gave up)"));
        }
    }
    if (!canonical) {
        doc = detail::Document{};
        std::size_t offset = 0;
        std::string message;
        if (!detail::parse_general_toml(text, doc, offset, message)) {
            Diagnostic d = diagnostic_at(file, text, offset, "invalid TOML: " + message);
            return std::unexpected(std::move(d));
        }
    }
    if (stats != nullptr) {
        stats->used_canonical = canonical;
    }
    try {
        Lock lock = detail::build_lock(doc);
        offsets_to_lines(text, lock.packages);
        if (options.leave_for_exit) leave_for_exit(std::move(doc));
        return lock;
    } catch (const detail::ModelError& e) {
        Diagnostic d = diagnostic_at(file, text, e.offset, e.message);
        d.hints = e.hints;
        return std::unexpected(std::move(d));
    }
}

std::expected<Lock, Diagnostic> read_lock(const std::filesystem::path& path, const ReadOptions& options) {
    auto text = read_file(path);
    if (!text) {
        Diagnostic d;
        d.file = path.string();
        d.message = text.error();
        return std::unexpected(std::move(d));
    }
    return parse_lock(*text, path.string(), options);
}

} // namespace lockkit::lockfile
