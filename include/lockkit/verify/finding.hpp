#pragma once
// A Finding is one thing lock-verify has to say about a lock: which rule fired,
// how serious it is, which package it concerns, what is wrong and how to fix it.
// Findings are data: the core returns them as values, the program prints them
// (text or JSON) and derives the exit code from their severities.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lockkit::verify {

enum class Severity : std::uint8_t { Warning, Error };

/// "error" or "warning".
std::string_view severity_name(Severity severity);

/// Stable rule identifiers (they appear in JSON output and docs/lock-verify.md).
namespace rule {
// The lock cannot be read (lockfile/lock_problems.hpp); each problem is its own finding.
inline constexpr std::string_view conflict_markers = "conflict-markers";
inline constexpr std::string_view invalid_toml = "invalid-toml";
inline constexpr std::string_view invalid_field = "invalid-field";
inline constexpr std::string_view dangling_dependency = "dangling-dependency";
inline constexpr std::string_view ambiguous_dependency = "ambiguous-dependency";
inline constexpr std::string_view duplicate_package = "duplicate-package";
inline constexpr std::string_view unsupported_version = "unsupported-version";
// The offline integrity rules.
inline constexpr std::string_view filename_mismatch = "filename-mismatch";
inline constexpr std::string_view missing_hash = "missing-hash";
inline constexpr std::string_view bad_hash = "bad-hash";
inline constexpr std::string_view invalid_marker = "invalid-marker";
inline constexpr std::string_view unreachable_package = "unreachable-package";
inline constexpr std::string_view unsatisfied_requirement = "unsatisfied-requirement";
inline constexpr std::string_view insecure_url = "insecure-url";
inline constexpr std::string_view disallowed_host = "disallowed-host";
inline constexpr std::string_view unpinned_git = "unpinned-git";
inline constexpr std::string_view sdist_only = "sdist-only";
inline constexpr std::string_view denied_package = "denied-package";
inline constexpr std::string_view hash_mismatch = "hash-mismatch";
inline constexpr std::string_view artifact_unreadable = "artifact-unreadable";
inline constexpr std::string_view stale_lock = "stale-lock";
inline constexpr std::string_view path_outside_repo = "path-outside-repo";
inline constexpr std::string_view too_new = "too-new";
inline constexpr std::string_view download_failed = "download-failed";
inline constexpr std::string_view size_mismatch = "size-mismatch";
inline constexpr std::string_view venv_missing = "venv-missing";
inline constexpr std::string_view venv_version_mismatch = "venv-version-mismatch";
inline constexpr std::string_view venv_source_mismatch = "venv-source-mismatch";
inline constexpr std::string_view venv_extraneous = "venv-extraneous";
inline constexpr std::string_view venv_record_mismatch = "venv-record-mismatch";
inline constexpr std::string_view venv_record_missing_file = "venv-record-missing-file";
inline constexpr std::string_view venv_record_invalid = "venv-record-invalid";
inline constexpr std::string_view venv_unrecorded_file = "venv-unrecorded-file";
} // namespace rule

struct Finding {
    std::string rule;                    ///< one of `rule::*`
    Severity severity = Severity::Error;
    std::string package;                 ///< normalized name; empty for lock-wide findings
    std::optional<std::string> version;  ///< the package's locked version, if it has one
    std::string message;                 ///< what is wrong, with the offending value
    std::string fix;                     ///< one actionable hint
    std::uint32_t line = 0;              ///< uv.lock line of the package's [[package]] header (0: none)
    std::uint32_t column = 0;            ///< 1-based column where the lock cannot be read (0: not that precise)
    std::uint32_t end_line = 0;          ///< last line of a span such as a conflict region (0: just `line`)
};

/// Every rule id above, in documentation order (for validating --warn/--error).
std::span<const std::string_view> all_rules();

/// Whether `id` is a known rule id.
bool is_known_rule(std::string_view id);

/// One sentence on what a rule reports (SARIF's `shortDescription`); empty for an unknown id.
std::string_view rule_description(std::string_view id);

} // namespace lockkit::verify
