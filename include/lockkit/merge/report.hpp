#pragma once
// `lock-merge --report FILE`: the merge report as JSON, schema version 1
// (documented in docs/lock-merge.md). A pure function of the three sides, the
// merge outcome and the verification findings, so the same merge always gives
// the same report. Keys are only ever added within a schema version.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/merge/merge.hpp"
#include "lockkit/merge/reresolve.hpp"
#include "lockkit/verify/finding.hpp"

#include <string>
#include <vector>

namespace lockkit::merge {

inline constexpr int k_report_schema_version = 1;

struct ReportInput {
    std::string path;          ///< %P
    std::string outcome;       ///< "clean", "conflict", "invalid", "refused", "textual-fallback", "error"
    int exit_code = 2;
    /// The three parsed sides; null when a side did not parse (textual fallback).
    const lockfile::Lock* base = nullptr;
    const lockfile::Lock* ours = nullptr;
    const lockfile::Lock* theirs = nullptr;
    const MergeOutcome* merge = nullptr;           ///< null when no semantic merge ran
    std::vector<verify::Finding> findings;         ///< verify_lock on the result
    std::vector<std::string> errors;               ///< parse errors of the sides, I/O errors
    /// The re-resolution, when one ran (reresolve.hpp): the `resolution` section.
    const ReresolveOutcome* reresolution = nullptr;
};

/// Why a package of a side is not in the result ("removed-by-ours", "unreachable", ...).
struct Removal {
    lockfile::PackageId id;
    std::string side;    ///< "base", "ours", "theirs": where the entry was seen
    std::string reason;  ///< see docs/lock-merge.md
};

/// Every package identity of base, ours or theirs that the result does not hold, with why.
std::vector<Removal> removals(const lockfile::Lock& base, const lockfile::Lock& ours, const lockfile::Lock& theirs,
                              const MergeOutcome& merge);

std::string render_report_json(const ReportInput& input);

} // namespace lockkit::merge
