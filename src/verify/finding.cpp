#include "lockkit/verify/finding.hpp"

#include <algorithm>
#include <array>

namespace lockkit::verify {

std::string_view severity_name(Severity severity) {
    return severity == Severity::Error ? "error" : "warning";
}

namespace {
constexpr std::array<std::string_view, 33> k_rules = {
    rule::conflict_markers,  rule::invalid_toml,    rule::invalid_field,     rule::dangling_dependency,
    rule::ambiguous_dependency, rule::duplicate_package, rule::unsupported_version,
    rule::filename_mismatch, rule::missing_hash,    rule::bad_hash,          rule::invalid_marker,
    rule::unreachable_package, rule::unsatisfied_requirement, rule::stale_lock, rule::insecure_url,
    rule::disallowed_host,   rule::unpinned_git,    rule::path_outside_repo, rule::sdist_only,
    rule::too_new,           rule::denied_package,  rule::hash_mismatch,     rule::artifact_unreadable,
    rule::download_failed,   rule::size_mismatch,
    rule::venv_missing,      rule::venv_version_mismatch, rule::venv_source_mismatch, rule::venv_extraneous,
    rule::venv_record_mismatch, rule::venv_record_missing_file, rule::venv_record_invalid,
    rule::venv_unrecorded_file,
};
} // namespace

std::span<const std::string_view> all_rules() {
    return k_rules;
}

bool is_known_rule(std::string_view id) {
    return std::find(k_rules.begin(), k_rules.end(), id) != k_rules.end();
}

} // namespace lockkit::verify
