// A lock that cannot be read, as findings: one per problem the reader's
// find_lock_problems reports (conflict regions, syntax errors, missing or
// mistyped fields, dangling, ambiguous or duplicate entries, an unsupported
// version), each located at file:line:column.

#include "lockkit/lockfile/lock_problems.hpp"
#include "lockkit/verify/verify.hpp"

namespace lockkit::verify {

namespace {

std::string_view rule_of(lockfile::ProblemKind kind) {
    using lockfile::ProblemKind;
    switch (kind) {
    case ProblemKind::ConflictMarkers: return rule::conflict_markers;
    case ProblemKind::InvalidToml: return rule::invalid_toml;
    case ProblemKind::InvalidField: return rule::invalid_field;
    case ProblemKind::DanglingDependency: return rule::dangling_dependency;
    case ProblemKind::AmbiguousDependency: return rule::ambiguous_dependency;
    case ProblemKind::DuplicatePackage: return rule::duplicate_package;
    case ProblemKind::UnsupportedVersion: return rule::unsupported_version;
    }
    return rule::invalid_field;
}

/// The advice when the reader has none of its own.
std::string default_fix(lockfile::ProblemKind kind) {
    using lockfile::ProblemKind;
    switch (kind) {
    case ProblemKind::InvalidToml: return "fix the syntax here, or re-create the lock with `uv lock`";
    case ProblemKind::DanglingDependency:
        return "add the package the edge names, or remove the edge; `uv lock` re-creates both consistently";
    case ProblemKind::DuplicatePackage: return "keep one of the entries";
    default: return "re-create the lock with `uv lock`";
    }
}

} // namespace

std::vector<Finding> check_structure(std::string_view text, std::string_view file) {
    std::vector<Finding> findings;
    for (auto& problem : lockfile::find_lock_problems(text, file)) {
        Finding f;
        f.rule = std::string(rule_of(problem.kind));
        f.severity = Severity::Error;
        f.message = std::move(problem.diagnostic.message);
        f.fix = problem.diagnostic.hints.empty() ? default_fix(problem.kind) : problem.diagnostic.hints.front();
        f.line = problem.diagnostic.line;
        f.column = problem.diagnostic.column;
        f.end_line = problem.end_line;
        findings.push_back(std::move(f));
    }
    return findings;
}

} // namespace lockkit::verify
