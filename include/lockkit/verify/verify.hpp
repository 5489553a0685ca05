#pragma once
// The lock-verify engine. verify_lock() runs the offline integrity rules
// (filenames match name and version, hashes present, markers parse, every
// package reachable from the workspace, locked versions satisfy the members'
// recorded requirements) and the source-policy rules enabled in the options.
// It never touches the network or the file system; `--artifacts` hashing is
// check_artifacts() (artifact_check.hpp). A lock that does not read at all
// (conflict markers, syntax errors, an unknown schema, dangling edges) is
// judged by check_structure() instead: every problem the reader finds is a
// finding with its rule, line and column.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/verify/finding.hpp"
#include "lockkit/verify/options.hpp"

#include <string_view>
#include <vector>

namespace lockkit::verify {

/// Offline integrity rules plus the enabled policy rules, in package order.
std::vector<Finding> verify_lock(const lockfile::Lock& lock, const VerifyOptions& options = {});

/// Only the integrity rules (filenames, hashes, markers, reachability, requirements).
std::vector<Finding> check_integrity(const lockfile::Lock& lock);

/// Every reason the text of a lock cannot be read, as located error findings
/// (rules conflict-markers, invalid-toml, invalid-field, dangling-dependency,
/// ambiguous-dependency, duplicate-package, unsupported-version); empty when it reads.
std::vector<Finding> check_structure(std::string_view text, std::string_view file);

/// Applies `options.severity` (per-rule overrides) to the findings.
void apply_severity(std::vector<Finding>& findings, const VerifyOptions& options);

/// Only the source-policy rules enabled in `options`.
std::vector<Finding> check_policy(const lockfile::Lock& lock, const VerifyOptions& options);

} // namespace lockkit::verify
