#pragma once
// The checks uv makes on `tool.uv.environments` and `tool.uv.required-environments` before it
// locks (resolver-notes §2.2):
//   * in each list, every entry must be disjoint from the entry after it (only neighbours are
//     compared, as uv compares them); the hint says how to rewrite the second one;
//   * every supported environment must admit some Python in `requires-python`.
// Required environments are not checked against `requires-python`.

#include <lockkit/pep508/marker.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/util/diagnostic.hpp>

#include <expected>
#include <vector>

namespace lockkit::resolver {

/// The first problem with the two lists, in uv's words; the diagnostic names no file (the
/// caller knows which `pyproject.toml` or `uv.toml` the settings came from).
std::expected<void, Diagnostic> check_lock_environments(const std::vector<pep508::MarkerTree>& environments,
                                                        const std::vector<pep508::MarkerTree>& required_environments,
                                                        const RequiresPython& requires_python);

} // namespace lockkit::resolver
