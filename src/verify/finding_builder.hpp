#pragma once
// Internal: building a Finding about a package in one call, shared by the rule files.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/verify/finding.hpp"

#include <string>
#include <string_view>

namespace lockkit::verify::detail {

inline Finding make_finding(std::string_view rule_id, Severity severity, const lockfile::Package* package,
                            std::string message, std::string fix) {
    Finding f;
    f.rule = std::string(rule_id);
    f.severity = severity;
    if (package != nullptr) {
        f.package = package->id.name;
        f.version = package->id.version;
        f.line = package->line;
    }
    f.message = std::move(message);
    f.fix = std::move(fix);
    return f;
}

/// "name==version" or "name" for messages.
inline std::string package_label(const lockfile::Package& package) {
    return package.id.version ? package.id.name + "==" + *package.id.version : package.id.name;
}

} // namespace lockkit::verify::detail
