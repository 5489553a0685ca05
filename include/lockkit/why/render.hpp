#pragma once
// Printing `lock why` and `lock why-not` answers: text for people, JSON for programs (schema
// version 1, documented in docs/lock-why.md; keys are only added within a version). Pure
// functions of the reports, so output is stable for the same lock.

#include <lockkit/why/exclusion.hpp>
#include <lockkit/why/forced_resolution.hpp>
#include <lockkit/why/requirement_chains.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace lockkit::why {

inline constexpr int k_why_json_schema_version = 1;

/// `lock why-not`: what the lock says, and what resolving with the version forced said (if run).
struct WhyNotReport {
    LockExclusions lock;
    std::optional<ForcedResolution> resolution;

    enum class Verdict : std::uint8_t {
        Locked,      ///< the version is in the lock
        Excluded,    ///< a recorded requirement excludes it
        NoSolution,  ///< resolving with it forced fails: the derivation says why
        Possible,    ///< resolving with it forced succeeds: only preference keeps it out
        Unknown,     ///< nothing in the lock excludes it, and no resolution was run
    };
    Verdict verdict() const;
};

/// "locked", "excluded", "no-solution", "possible", "unknown".
const char* verdict_name(WhyNotReport::Verdict verdict);

std::string render_why_text(const WhyReport& report);
std::string render_why_json(const WhyReport& report);
std::string render_why_not_text(const WhyNotReport& report);
std::string render_why_not_json(const WhyNotReport& report);

} // namespace lockkit::why
