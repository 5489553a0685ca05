// Failure reports (see no_solution.hpp). Placeholder wording until the report formatter lands.

#include <lockkit/resolver/no_solution.hpp>

namespace lockkit::resolver {

std::string NoSolution::header() const { return "No solution found when resolving dependencies:"; }

std::string NoSolution::report() const { return {}; }

std::vector<std::string> NoSolution::hints() const { return {}; }

} // namespace lockkit::resolver
