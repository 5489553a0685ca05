#pragma once
// The `hint:` lines of failure reports (internal; docs/ARCHITECTURE.md, "Hints").

#include "failure_tree.hpp"
#include "failure_wording.hpp"

#include <string>
#include <vector>

namespace lockkit::resolver::failure {

/// The hints for `failure`, whose reduced proof is `tree`, in the order uv prints them.
std::vector<std::string> collect_hints(const NoSolution& failure, const FailureTree& tree, const Wording& words);

} // namespace lockkit::resolver::failure
