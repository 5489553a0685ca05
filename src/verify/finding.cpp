#include "lockkit/verify/finding.hpp"

namespace lockkit::verify {

std::string_view severity_name(Severity severity) {
    return severity == Severity::Error ? "error" : "warning";
}

} // namespace lockkit::verify
