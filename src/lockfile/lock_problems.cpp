// Every problem of an unreadable lock in one pass (see lock_problems.hpp).

#include "lockkit/lockfile/lock_problems.hpp"

#include "model_builder.hpp"
#include "toml_dom.hpp"

#include <algorithm>
#include <tuple>

namespace lockkit::lockfile {

namespace {

/// The conflict marker a line is (`<`, `|`, `=`, `>`), or 0. git writes seven
/// marker characters at the start of a line, then a space or the line's end.
char marker_of(std::string_view line) {
    if (line.size() < 7) {
        return 0;
    }
    const char c = line[0];
    if (c != '<' && c != '>' && c != '=' && c != '|') {
        return 0;
    }
    if (line.find_first_not_of(c) < 7) {
        return 0;
    }
    return line.size() == 7 || line[7] == ' ' || line[7] == '\r' ? c : 0;
}

/// [start, end) byte ranges of each line, without the newline.
std::vector<std::pair<std::size_t, std::size_t>> line_spans(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        spans.emplace_back(pos, end);
        pos = end + 1;
    }
    return spans;
}

/// A problem found in one reading of the text, before it becomes a Diagnostic.
struct Found {
    ProblemKind kind;
    std::size_t offset;
    std::string message;
    std::vector<std::string> hints;

    auto key() const { return std::tie(offset, kind, message); }
};

/// `text` with the lines of every region that the other side would keep
/// blanked to spaces (and the markers too), so offsets stay those of `text`.
std::string keep_one_side(std::string_view text, const std::vector<ConflictRegion>& regions,
                          const std::vector<std::pair<std::size_t, std::size_t>>& lines, bool ours) {
    std::string out(text);
    auto blank = [&](std::uint32_t first, std::uint32_t last) {  // 1-based, inclusive
        for (std::uint32_t l = first; l <= last && l >= 1 && l <= lines.size(); ++l) {
            std::fill(out.begin() + static_cast<std::ptrdiff_t>(lines[l - 1].first),
                      out.begin() + static_cast<std::ptrdiff_t>(lines[l - 1].second), ' ');
        }
    };
    for (const ConflictRegion& r : regions) {
        if (r.split_line == 0 && r.base_line == 0) {
            // A stray marker, or a region with no second side: only the markers go.
            blank(r.first_line, r.first_line);
            if (r.closed) {
                blank(r.last_line, r.last_line);
            }
            continue;
        }
        const std::uint32_t ours_end = r.base_line != 0 ? r.base_line : r.split_line;  // exclusive
        const std::uint32_t split = r.split_line != 0 ? r.split_line : r.last_line;
        const std::uint32_t theirs_end = r.closed ? r.last_line - 1 : r.last_line;
        blank(r.first_line, r.first_line);
        if (r.closed) {
            blank(r.last_line, r.last_line);
        }
        blank(ours_end, split);  // base part (diff3) and the `=======` line
        if (ours) {
            blank(split + 1, theirs_end);
        } else {
            blank(r.first_line + 1, ours_end - 1);
        }
    }
    return out;
}

void shift_offsets(detail::Node& node, std::uint32_t by) {
    node.offset += by;
    if (node.key_offset != 0) {
        node.key_offset += by;
    }
    for (auto& item : node.items) {
        shift_offsets(item, by);
    }
    for (auto& [key, value] : node.entries) {
        shift_offsets(value, by);
    }
}

bool is_array_of_tables(const detail::Node& n) {
    return n.kind == detail::NodeKind::Array && n.array_of_tables;
}

/// Adds the tables of one separately parsed `[header]` block to the document, as
/// TOML would have: `[[t]]` appends to the array, `[t.sub]` after `[[t]]` goes into
/// its last entry. A key defined twice is left as first read.
void merge_tables(detail::Node& into, detail::Node&& from) {
    for (auto& [key, value] : from.entries) {
        detail::Node* existing = into.get_mut(key);
        if (existing == nullptr) {
            into.entries.emplace_back(key, std::move(value));
        } else if (is_array_of_tables(*existing) && value.kind == detail::NodeKind::Array) {
            for (auto& item : value.items) {
                existing->items.push_back(std::move(item));
            }
        } else if (is_array_of_tables(*existing) && value.kind == detail::NodeKind::Table) {
            if (!existing->items.empty() && existing->items.back().kind == detail::NodeKind::Table) {
                merge_tables(existing->items.back(), std::move(value));
            }
        } else if (existing->kind == detail::NodeKind::Table && value.kind == detail::NodeKind::Table) {
            merge_tables(*existing, std::move(value));
        }
    }
}

/// The `name = "..."` of a package block that did not parse, if a line says it.
std::optional<std::string> name_in_block(std::string_view block) {
    for (const auto& [start, end] : line_spans(block)) {
        std::string_view line = block.substr(start, end - start);
        if (line.starts_with("name") && line.find('"') != std::string_view::npos) {
            line.remove_prefix(4);
            line.remove_prefix(std::min(line.find_first_not_of(' '), line.size()));
            if (!line.starts_with('=')) {
                continue;
            }
            const std::size_t open = line.find('"');
            const std::size_t close = line.find('"', open + 1);
            if (close != std::string_view::npos) {
                return std::string(line.substr(open + 1, close - open - 1));
            }
        }
    }
    return std::nullopt;
}

/// Parses `text` as TOML into `doc`. On a syntax error, parses each `[header]`
/// block on its own instead, so one broken block loses only itself; every
/// syntax error goes into `found`, and the packages whose block was lost into
/// `collector`. Returns false when the top-level keys (before any header) were lost.
bool parse_by_blocks(std::string_view text, detail::Document& doc, detail::ProblemCollector& collector,
                     std::vector<Found>& found) {
    std::size_t offset = 0;
    std::string message;
    if (detail::parse_general_toml_into(text, doc.root, doc.arena, offset, message)) {
        return true;
    }
    std::vector<std::size_t> starts{0};
    for (const auto& [start, end] : line_spans(text)) {
        if (start > 0 && start < end && text[start] == '[') {
            starts.push_back(start);
        }
    }
    starts.push_back(text.size());
    const std::size_t whole_offset = offset;
    std::string whole_message = std::move(message);
    const std::size_t found_before = found.size();
    doc.root = detail::Node{};
    doc.root.kind = detail::NodeKind::Table;
    bool top_level_read = true;
    for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
        const std::string_view block = text.substr(starts[i], starts[i + 1] - starts[i]);
        detail::Node root;
        if (detail::parse_general_toml_into(block, root, doc.arena, offset, message)) {
            shift_offsets(root, static_cast<std::uint32_t>(starts[i]));
            merge_tables(doc.root, std::move(root));
            continue;
        }
        found.push_back({ProblemKind::InvalidToml, starts[i] + offset, "invalid TOML: " + message, {}});
        if (i == 0) {
            top_level_read = false;
        }
        for (const std::string_view header : {"[[package]]", "[[distribution]]"}) {
            if (!block.starts_with(header)) {
                continue;
            }
            // Keep the entry's place, so that a later `[package.metadata]` does not land in the entry before.
            const std::string key(header.substr(2, header.size() - 4));
            detail::Node* list = doc.root.get_mut(key);
            if (list == nullptr) {
                doc.arena.push_back(key);
                detail::Node array;
                array.kind = detail::NodeKind::Array;
                array.array_of_tables = true;
                doc.root.entries.emplace_back(doc.arena.back(), std::move(array));
                list = &doc.root.entries.back().second;
            }
            if (is_array_of_tables(*list)) {
                detail::Node placeholder;
                placeholder.kind = detail::NodeKind::Other;
                placeholder.text = detail::k_unreadable_entry;
                placeholder.offset = static_cast<std::uint32_t>(starts[i]);
                list->items.push_back(std::move(placeholder));
            }
            if (auto name = name_in_block(block)) {
                collector.unreadable_packages.push_back(std::move(*name));
            } else {
                collector.unreadable_unnamed = true;
            }
        }
    }
    if (found.size() == found_before) {
        // Every table parses alone, so the error is between them (a table defined twice):
        // the whole-text parse said where.
        found.push_back({ProblemKind::InvalidToml, whole_offset, "invalid TOML: " + whole_message, {}});
    }
    return top_level_read;
}

/// Every problem of one reading of the text (all of it, or one side of its conflicts).
std::vector<Found> problems_of_reading(std::string_view text) {
    std::vector<Found> found;
    detail::Document doc;
    detail::ProblemCollector collector;
    const bool top_level_read = parse_by_blocks(text, doc, collector, found);
    detail::build_lock(doc, &collector);
    for (auto& e : collector.errors) {
        // With the top-level keys lost to a syntax error, "missing `version`" says nothing new.
        if (!top_level_read && e.offset == 0) {
            continue;
        }
        found.push_back({e.kind, e.offset, std::move(e.message), std::move(e.hints)});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.key() < b.key(); });
    return found;
}

} // namespace

std::vector<ConflictRegion> find_conflict_regions(std::string_view text) {
    const auto lines = line_spans(text);
    std::vector<ConflictRegion> regions;
    std::optional<ConflictRegion> open;
    auto stray = [&](std::uint32_t line) { regions.push_back({line, 0, 0, line, true}); };
    for (std::uint32_t n = 1; n <= lines.size(); ++n) {
        const auto [start, end] = lines[n - 1];
        const char c = marker_of(text.substr(start, end - start));
        if (c == 0) {
            continue;
        }
        if (c == '<') {
            if (open) {  // a region that never closed ends where the next one starts
                open->last_line = n - 1;
                regions.push_back(*open);
            }
            open = ConflictRegion{n, 0, 0, 0, false};
        } else if (c == '|' && open && open->base_line == 0 && open->split_line == 0) {
            open->base_line = n;
        } else if (c == '=' && open && open->split_line == 0) {
            open->split_line = n;
        } else if (c == '>' && open) {
            open->last_line = n;
            open->closed = true;
            regions.push_back(*open);
            open.reset();
        } else {
            stray(n);
        }
    }
    if (open) {
        open->last_line = static_cast<std::uint32_t>(lines.size());
        regions.push_back(*open);
    }
    std::sort(regions.begin(), regions.end(),
              [](const ConflictRegion& a, const ConflictRegion& b) { return a.first_line < b.first_line; });
    return regions;
}

std::optional<std::string> conflict_side(std::string_view text, bool ours) {
    const auto regions = find_conflict_regions(text);
    if (regions.empty()) return std::nullopt;
    const auto lines = line_spans(text);
    std::vector<bool> keep(lines.size() + 1, true);  // 1-based
    for (const ConflictRegion& r : regions) {
        if (!r.closed || r.split_line == 0) return std::nullopt;
        const std::uint32_t ours_end = r.base_line != 0 ? r.base_line : r.split_line;  // exclusive
        for (std::uint32_t l = r.first_line; l <= r.last_line; ++l) {
            const bool in_ours = l > r.first_line && l < ours_end;
            const bool in_theirs = l > r.split_line && l < r.last_line;
            keep[l] = ours ? in_ours : in_theirs;
        }
    }
    std::string out;
    out.reserve(text.size());
    for (std::uint32_t l = 1; l <= lines.size(); ++l) {
        if (!keep[l]) continue;
        out.append(text.substr(lines[l - 1].first, lines[l - 1].second - lines[l - 1].first));
        out.push_back('\n');
    }
    return out;
}

std::vector<LockProblem> find_lock_problems(std::string_view text, std::string_view file) {
    std::vector<LockProblem> problems;
    const auto regions = find_conflict_regions(text);
    for (const ConflictRegion& r : regions) {
        LockProblem p;
        p.kind = ProblemKind::ConflictMarkers;
        const std::string lines = r.first_line == r.last_line
                                      ? "a stray git conflict marker at line " + std::to_string(r.first_line)
                                      : "an unresolved git merge conflict at lines " + std::to_string(r.first_line) +
                                            "-" + std::to_string(r.last_line);
        p.diagnostic = diagnostic_at_line(file, text, r.first_line, 1, lines);
        p.diagnostic.hints.push_back("resolve the conflict, or let lockkit merge uv.lock for you: run `lock-merge "
                                     "install` once, then redo the merge");
        p.end_line = r.last_line;
        problems.push_back(std::move(p));
    }
    std::vector<Found> found;
    if (regions.empty()) {
        found = problems_of_reading(text);
    } else {
        // Outside the regions, a problem counts when it stays whichever side wins.
        const auto lines = line_spans(text);
        const auto with_ours = problems_of_reading(keep_one_side(text, regions, lines, true));
        const auto with_theirs = problems_of_reading(keep_one_side(text, regions, lines, false));
        std::set_intersection(with_ours.begin(), with_ours.end(), with_theirs.begin(), with_theirs.end(),
                              std::back_inserter(found),
                              [](const Found& a, const Found& b) { return a.key() < b.key(); });
    }
    for (Found& f : found) {
        LockProblem p;
        p.kind = f.kind;
        p.diagnostic = diagnostic_at(file, text, f.offset, std::move(f.message));
        p.diagnostic.hints = std::move(f.hints);
        p.end_line = p.diagnostic.line;
        problems.push_back(std::move(p));
    }
    std::stable_sort(problems.begin(), problems.end(), [](const LockProblem& a, const LockProblem& b) {
        return std::tie(a.diagnostic.line, a.diagnostic.column) < std::tie(b.diagnostic.line, b.diagnostic.column);
    });
    return problems;
}

} // namespace lockkit::lockfile
