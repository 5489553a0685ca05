#pragma once
// The lock-verify engine. verify_lock() runs the offline integrity rules
// (filenames match name and version, hashes present, markers parse, every
// package reachable from the workspace, locked versions satisfy the members'
// recorded requirements) and the source-policy rules enabled in the options.
// It never touches the network or the file system; `--artifacts` hashing is
// check_artifacts() (artifact_check.hpp). Parse-level problems (conflict
// markers, unknown schema, dangling edges) are the reader's Diagnostics.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/verify/finding.hpp"
#include "lockkit/verify/options.hpp"

#include <vector>

namespace lockkit::verify {

/// Offline integrity rules plus the enabled policy rules, in package order.
std::vector<Finding> verify_lock(const lockfile::Lock& lock, const VerifyOptions& options = {});

/// Only the integrity rules (filenames, hashes, markers, reachability, requirements).
std::vector<Finding> check_integrity(const lockfile::Lock& lock);

/// Applies `options.severity` (per-rule overrides) to the findings.
void apply_severity(std::vector<Finding>& findings, const VerifyOptions& options);

/// Only the source-policy rules enabled in `options`.
std::vector<Finding> check_policy(const lockfile::Lock& lock, const VerifyOptions& options);

} // namespace lockkit::verify
