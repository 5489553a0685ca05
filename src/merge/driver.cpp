// The merge driver flow; see include/lockkit/merge/driver.hpp.

#include "lockkit/merge/driver.hpp"

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/merge/subprocess.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <algorithm>

namespace lockkit::merge {

namespace {

bool blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

std::string id_text(const lockfile::PackageId& id) {
    return id.name + (id.version ? " " + *id.version : std::string{}) + " (" + lockfile::source_kind_key(id.source.kind) +
           " " + id.source.location + ")";
}

} // namespace

std::expected<std::pair<std::string, bool>, std::string> merge_text(const DriverInput& input) {
    const auto result = run_process({"git", "merge-file", "-p", "--marker-size=" + std::to_string(input.labels.marker_size),
                                     "-L", input.labels.ours, "-L", input.base_label, "-L", input.labels.theirs,
                                     input.ours.string(), input.base.string(), input.theirs.string()});
    if (!result) return std::unexpected(result.error());
    if (result->exit_code > 127) return std::unexpected("git merge-file failed (exit " + std::to_string(result->exit_code) + ")");
    return std::make_pair(result->out, result->exit_code == 0);
}

DriverResult run_merge_driver(const DriverInput& input) {
    DriverResult r;
    const auto base_text = read_file(input.base);
    const auto ours_text = read_file(input.ours);
    const auto theirs_text = read_file(input.theirs);
    for (const auto* t : {&base_text, &ours_text, &theirs_text}) {
        if (!*t) {
            r.messages = "lock-merge: error: " + t->error() + "\n";
            return r;
        }
    }
    auto base = blank(*base_text) ? std::expected<lockfile::Lock, Diagnostic>(lockfile::Lock{})
                                  : lockfile::parse_lock(*base_text, input.path_name + " (base)");
    auto ours = lockfile::parse_lock(*ours_text, input.path_name + " (ours)");
    auto theirs = lockfile::parse_lock(*theirs_text, input.path_name + " (theirs)");
    if (!base || !ours || !theirs) {
        for (const auto* side : {&base, &ours, &theirs}) {
            if (!*side) r.messages += side->error().render() + "\n";
        }
        auto text = merge_text(input);
        if (!text) {
            r.messages += "lock-merge: error: textual fallback failed: " + text.error() + "\n";
            return r;
        }
        r.content = std::move(text->first);
        r.exit_code = 1;
        r.messages += "lock-merge: " + input.path_name +
                      ": a side does not parse as a uv.lock; fell back to a textual merge" +
                      (text->second ? " (no textual conflicts, but the result is unvalidated)" : " with conflict markers") +
                      ". Fix the file, then re-lock with `uv lock`.\n";
        return r;
    }
    const MergeOutcome outcome = merge_locks(*base, *ours, *theirs, input.options);
    if (!outcome.refusals.empty()) {
        r.messages = "lock-merge: error: refusing to merge " + input.path_name + ": the same package differs in its artifacts:\n";
        for (const auto& ref : outcome.refusals) r.messages += "  " + id_text(ref.id) + ": " + ref.reason + "\n";
        r.messages += "hint: one side's lock was edited or its index changed; inspect it, then re-lock with `uv lock`.\n";
        r.exit_code = 2;
        return r;
    }
    std::size_t from[5] = {};
    for (const auto& p : outcome.report.provenance) ++from[static_cast<int>(p.provenance)];
    std::string summary = "lock-merge: " + std::to_string(outcome.lock.packages.size()) + " packages (" +
                          std::to_string(from[0]) + " unchanged, " + std::to_string(from[1]) + " from ours, " +
                          std::to_string(from[2]) + " from theirs, " + std::to_string(from[3]) + " same on both, " +
                          std::to_string(from[4]) + " merged), " + std::to_string(outcome.report.dropped.size()) +
                          " dropped, " + std::to_string(outcome.conflicts.size()) + " conflicting\n";
    if (outcome.clean()) {
        r.content = lockfile::write_lock(outcome.lock);
        r.exit_code = 0;
        r.messages = summary;
        return r;
    }
    r.content = render_with_conflicts(outcome, *ours, *theirs, input.labels);
    r.exit_code = 1;
    r.messages = summary + "lock-merge: conflicts in " + input.path_name + ":\n";
    for (const auto& c : outcome.conflicts) {
        r.messages += "  " + (c.package.empty() ? std::string("(top level)") : c.package) + ": " + c.reason + "\n";
    }
    r.messages += "hint: resolve by re-locking: take one side's lock, then run `uv lock` (or pass --prefer newer|ours|theirs for version bumps).\n";
    return r;
}

} // namespace lockkit::merge
