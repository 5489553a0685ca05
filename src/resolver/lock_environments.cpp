// Checks of the supported and required environments (see lock_environments.hpp).

#include <lockkit/resolver/lock_environments.hpp>

namespace lockkit::resolver {

namespace {

std::string marker_text(const pep508::MarkerTree& marker) { return marker.contents().value_or("true"); }

/// Neighbours in `list` that overlap, as an error whose hint narrows the second one.
std::expected<void, Diagnostic> neighbours_disjoint(const std::vector<pep508::MarkerTree>& list) {
    for (std::size_t i = 0; i + 1 < list.size(); ++i) {
        const pep508::MarkerTree& first = list[i];
        const pep508::MarkerTree& second = list[i + 1];
        if (first.is_disjoint(second)) continue;
        Diagnostic d;
        d.message = "Supported environments must be disjoint, but the following markers overlap: `" +
                    marker_text(first) + "` and `" + marker_text(second) + "`";
        d.hints.push_back("replace `" + marker_text(second) + "` with `" +
                          marker_text(first.negate().and_with(second)) + "`");
        return std::unexpected(std::move(d));
    }
    return {};
}

} // namespace

std::expected<void, Diagnostic> check_lock_environments(const std::vector<pep508::MarkerTree>& environments,
                                                        const std::vector<pep508::MarkerTree>& required_environments,
                                                        const RequiresPython& requires_python) {
    if (auto ok = neighbours_disjoint(environments); !ok) return ok;
    if (auto ok = neighbours_disjoint(required_environments); !ok) return ok;
    const pep508::MarkerTree pythons = requires_python.to_marker_tree();
    for (const pep508::MarkerTree& environment : environments) {
        if (!pythons.is_disjoint(environment)) continue;
        Diagnostic d;
        const auto contents = environment.contents();
        d.message = contents ? "Environment markers `" + *contents + "` don't overlap with Python requirement `" +
                                   requires_python.specifiers().to_string(", ") + "`"
                             : "Environment marker is empty";
        return std::unexpected(std::move(d));
    }
    return {};
}

} // namespace lockkit::resolver
