#pragma once
// Printing a LockDiff for people (terminal text, Markdown for PR comments) and
// for programs (JSON, schema in docs/lock-diff.md). Each renderer is a pure
// function of the diff, so output is stable for the same pair of locks.
//
// All three group changes the same way: lock-level fields first, then workspace
// members, direct dependencies, transitive ones (with the path that pulls them
// in), and security findings (artifacts that changed under an unchanged
// version) repeated in their own section so they cannot be missed.

#include "lockkit/diff/lock_diff.hpp"

#include <cstddef>
#include <string>

namespace lockkit::diff {

struct RenderOptions {
    bool color = false;                    ///< ANSI colours (text only)
    std::size_t details_threshold = 10;    ///< Markdown: sections with more rows fold into <details>
    std::size_t max_chars = 65536;         ///< Markdown: GitHub's comment limit
    std::string title = "uv.lock";        ///< what was compared, shown in headings
};

/// The hidden comment a bot searches for to find and update its own comment.
inline constexpr const char* k_markdown_marker = "<!-- lockkit:lock-diff -->";
/// The JSON schema version written as "schema_version".
inline constexpr int k_json_schema_version = 1;

std::string render_text(const LockDiff& diff, const RenderOptions& options = {});
std::string render_markdown(const LockDiff& diff, const RenderOptions& options = {});
std::string render_json(const LockDiff& diff);

/// "1 upgraded, 2 added, 1 removed" (kinds with a count of zero left out); "no changes" when empty.
std::string summary_line(const LockDiff& diff);
/// The closing note on what was folded away: format-only packages and a revision
/// bump ("3 package(s) with format-only changes ... not shown; lock revision 2 -> 3"),
/// without a final period; empty when there is none.
std::string format_only_note(const LockDiff& diff);
/// "46.0.7 -> 48.0.1 (major)", "+ 0.34.0", "- 1.0", "1.16.0" for the version part of a change.
std::string describe_versions(const PackageChange& change);
/// The non-version findings of a change, one short phrase each ("source registry+... -> git+...").
std::vector<std::string> describe_findings(const PackageChange& change);
/// "via httpx -> httpcore", or "" when direct.
std::string describe_via(const PackageChange& change);
/// "dev group", "extra `http`", "dev group, extra `http`" when the package is reached only through
/// members' dependency groups or extras; "" when a member's main dependencies reach it (or for members).
std::string describe_reach(const PackageChange& change);
/// describe_via and describe_reach joined: "via httpx, extra `http`".
std::string describe_location(const PackageChange& change);
/// "wheels: +cp314 (manylinux x86_64, macOS arm64); -cp39; cp313 (+musllinux aarch64)", or "".
std::string describe_coverage(const PackageChange& change);

} // namespace lockkit::diff
