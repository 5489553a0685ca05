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

std::string_view rule_description(std::string_view id) {
    static constexpr std::pair<std::string_view, std::string_view> k_descriptions[] = {
        {rule::conflict_markers, "The lock holds unresolved git merge conflict markers."},
        {rule::invalid_toml, "The lock is not valid TOML (or not UTF-8)."},
        {rule::invalid_field, "A required field of the lock is missing, or a field has the wrong type or value."},
        {rule::dangling_dependency, "A dependency edge names a package, version or source the lock does not have."},
        {rule::ambiguous_dependency, "A dependency edge matches several packages of the lock."},
        {rule::duplicate_package, "Two packages of the lock have the same name, version and source."},
        {rule::unsupported_version, "The lock's format version is one this build does not read."},
        {rule::filename_mismatch, "An artifact's filename does not name the package's name and version."},
        {rule::missing_hash, "An artifact that should carry a hash has none."},
        {rule::bad_hash, "A hash is malformed or uses an unexpected algorithm."},
        {rule::invalid_marker, "An environment marker does not parse."},
        {rule::unreachable_package, "No workspace member reaches the package."},
        {rule::unsatisfied_requirement, "A recorded requirement has no locked package, or one outside its specifier."},
        {rule::stale_lock, "The lock does not match the workspace's pyproject.toml files."},
        {rule::insecure_url, "A URL does not use https."},
        {rule::disallowed_host, "A URL's host is not among the allowed hosts."},
        {rule::unpinned_git, "A git source does not name a full commit."},
        {rule::path_outside_repo, "A local path resolves outside the repository."},
        {rule::sdist_only, "A registry package has no wheel."},
        {rule::too_new, "An artifact was uploaded more recently than the minimum age allows."},
        {rule::denied_package, "A denied package is locked."},
        {rule::hash_mismatch, "An artifact's content does not match the lock's hash."},
        {rule::artifact_unreadable, "An artifact cannot be read."},
        {rule::download_failed, "An artifact could not be downloaded."},
        {rule::size_mismatch, "An artifact's size differs from the lock's."},
        {rule::venv_missing, "A package the lock selects is not installed."},
        {rule::venv_version_mismatch, "An installed version differs from the locked one."},
        {rule::venv_source_mismatch, "A package was installed from another source than the locked one."},
        {rule::venv_extraneous, "An installed package is not selected by the lock."},
        {rule::venv_record_mismatch, "An installed file differs from its RECORD hash."},
        {rule::venv_record_missing_file, "A file listed in RECORD is missing."},
        {rule::venv_record_invalid, "A RECORD file is missing, malformed or points outside the environment."},
        {rule::venv_unrecorded_file, "A file in site-packages is listed in no RECORD."},
    };
    for (const auto& [rule_id, text] : k_descriptions) {
        if (rule_id == id) {
            return text;
        }
    }
    return {};
}

} // namespace lockkit::verify
