#pragma once
// Source policy from `[tool.lockkit.verify]` in pyproject.toml:
//
//   [tool.lockkit.verify]
//   https-only = true
//   allow-hosts = ["pypi.org", "files.pythonhosted.org"]
//   require-pinned-git = true
//   no-sdist-only = true
//   deny = ["pycrypto"]
//
// The program merges it with its flags: a flag can only tighten the policy
// (booleans are or-ed, lists are joined). Unknown keys are errors, so a typo
// never silently disables a rule.

#include "lockkit/verify/options.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace lockkit::verify {

/// Applies `[tool.lockkit.verify]` of the pyproject text to `options` (a missing
/// table changes nothing). The error names the file, the key and what is wrong.
std::expected<void, std::string> apply_pyproject_policy(std::string_view pyproject_text, std::string_view file,
                                                        VerifyOptions& options);

} // namespace lockkit::verify
