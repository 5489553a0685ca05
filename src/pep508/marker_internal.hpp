#pragma once
// Glue between the public `MarkerTree` and the engine (internal).

#include <string>
#include <string_view>
#include <vector>

#include "lockkit/pep508/marker.hpp"
#include "marker_algebra.hpp"

namespace lockkit::pep508 {

/// Lets the implementation files build `MarkerTree`s from handles.
struct MarkerTreeAccess {
    static MarkerTree make(detail::NodeId id) { return MarkerTree(id); }
};

namespace detail {

/// Parses marker text into a handle (lock held by the caller).
ParseResult<NodeId> parse_marker(std::string_view text, Interner& in);

/// The simplified, sorted DNF of a handle as printed terms (lock held by the caller).
std::vector<std::vector<std::string>> dnf_terms(NodeId id, Interner& in);

} // namespace detail
} // namespace lockkit::pep508
