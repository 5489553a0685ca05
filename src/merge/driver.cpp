// The merge driver flow; see include/lockkit/merge/driver.hpp.

#include "lockkit/merge/driver.hpp"

#include "lockkit/merge/budget.hpp"

#include "driver_process.hpp"

#include "lockkit/git/merge_context.hpp"
#include "lockkit/git/setup.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/merge/merged_project.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/merge/report.hpp"
#include "lockkit/util/subprocess.hpp"
#include "lockkit/pyproject/pyproject.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/verify/verify.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <future>
#include <memory>

namespace lockkit::merge {

namespace {

bool blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

std::string id_text(const lockfile::PackageId& id) {
    return id.name + (id.version ? " " + *id.version : std::string{}) + " (" + lockfile::source_kind_key(id.source.kind) +
           " " + id.source.location + ")";
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

/// Whether `file` is byte-identical to its committed HEAD copy (false when git cannot tell).
bool same_as_head(const std::filesystem::path& file) {
    const auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    const auto head = run_process({"git", "-C", dir.string(), "rev-parse", "-q", "--verify",
                                   "HEAD:./" + file.filename().string()});
    if (!head || head->exit_code != 0) return false;
    const auto work = run_process({"git", "hash-object", file.string()});
    if (!work || work->exit_code != 0) return false;
    return trimmed(head->out) == trimmed(work->out);
}

/// For the driver's threads: a thread when one can be started, else the work
/// runs when its result is asked for.
constexpr auto k_concurrently = std::launch::async | std::launch::deferred;

/// One side of the merge: the read error, or what parsing its text gave.
struct Side {
    std::optional<std::string> read_error;
    std::expected<lockfile::Lock, Diagnostic> lock = lockfile::Lock{};
};

/// What a driver run builds: the three sides (base, ours, theirs) and the merge.
struct Models {
    Side sides[3];
    std::optional<MergeOutcome> outcome;
    std::optional<MergeOutcome> resolved;  ///< the merge finished by re-resolving
};

/// Reads and parses one side; `blank_is_empty`: a blank file is an empty lock
/// (the base of a file added on both branches).
Side load_side(const std::filesystem::path& path, const std::string& file, bool blank_is_empty) {
    Side side;
    const auto text = read_file(path);
    if (!text) {
        side.read_error = text.error();
    } else if (!(blank_is_empty && blank(*text))) {
        side.lock = lockfile::parse_lock(*text, file);
    }
    return side;
}

/// `outcome` with each refused name shown as a conflict between both sides'
/// packages of that name (and none of them in the merged part).
MergeOutcome with_refusals_as_conflicts(const MergeOutcome& outcome, const lockfile::Lock& ours,
                                        const lockfile::Lock& theirs) {
    MergeOutcome shown = outcome;
    auto named = [](const lockfile::Lock& lock, const std::string& name) {
        std::vector<lockfile::Package> out;
        for (const auto& p : lock.packages) {
            if (p.id.name == name) out.push_back(p);
        }
        return out;
    };
    for (const auto& refusal : outcome.refusals) {
        const std::string& name = refusal.id.name;
        if (std::any_of(shown.conflicts.begin(), shown.conflicts.end(),
                        [&](const MergeConflict& c) { return c.package == name; })) {
            continue;
        }
        std::erase_if(shown.lock.packages, [&](const lockfile::Package& p) { return p.id.name == name; });
        shown.conflicts.push_back({name, "refused: " + refusal.reason, named(ours, name), named(theirs, name)});
    }
    return shown;
}

/// `git args...` in the current directory, quietly: its output without the line end, or nothing.
std::optional<std::string> quiet_git(std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    ProcessOptions quiet;
    quiet.capture_stderr = true;
    auto r = run_process(args, quiet);
    if (!r || r->exit_code != 0) return std::nullopt;
    return git::without_line_ends(r->out);
}

/// The merged project files and the project's directory in the work tree: from git when the
/// commits behind this run are found, else from the three locks.
std::expected<MergedProject, std::string> project_of_merge(const DriverInput& input, const lockfile::Lock& base,
                                                           const lockfile::Lock& ours, const lockfile::Lock& theirs,
                                                           const MergeOutcome& outcome, const MergeOptions& options,
                                                           std::filesystem::path& project_dir) {
    if (input.use_git_context) {
        if (auto top = quiet_git({"rev-parse", "--show-toplevel"})) {
            git::DriverBlobs blobs;
            blobs.path = input.path_name;
            std::string* ids[] = {&blobs.base, &blobs.ours, &blobs.theirs};
            const std::filesystem::path* files[] = {&input.base, &input.ours, &input.theirs};
            // Three 2 MB files hashed at once.
            auto id_of = [](const std::filesystem::path& file) -> std::optional<std::string> {
                auto text = read_file(file);
                if (!text) return std::nullopt;
                return git::blob_id(*text);
            };
            std::future<std::optional<std::string>> hashed[3];
            for (int i = 0; i < 3; ++i) hashed[i] = std::async(k_concurrently, id_of, std::cref(*files[i]));
            bool read = true;
            for (int i = 0; i < 3; ++i) {
                auto id = hashed[i].get();
                read = read && id.has_value();
                if (id) *ids[i] = std::move(*id);
            }
            if (read)
                if (auto commits = git::find_merge_commits(*top, blobs)) {
                    project_dir = (std::filesystem::path(*top) / input.path_name).parent_path();
                    auto project = merged_project_from_git(*top, *commits);
                    // A repository that versions uv.lock without its pyproject.toml: the
                    // locks' requirements are all there is.
                    if (!project || !project->conflicted.empty() ||
                        project->overlay.find(project_dir / "pyproject.toml") != nullptr)
                        return project;
                }
        }
    }
    std::error_code ec;
    project_dir = std::filesystem::absolute(input.path_name, ec).parent_path();
    return merged_project_from_locks(base, ours, theirs, outcome, options, project_dir);
}

/// `outcome` finished by the re-resolved lock: its provenance from the origins.
MergeOutcome resolved_outcome(const MergeOutcome& outcome, const ReresolveOutcome& rr) {
    MergeOutcome out;
    out.lock = *rr.lock;
    out.report.notes = outcome.report.notes;
    for (const auto& o : rr.origins) {
        Provenance p = o.from == "ours" ? Provenance::Ours : o.from == "theirs" ? Provenance::Theirs
                     : o.from == "base" ? Provenance::Base : o.from == "both" ? Provenance::Both : Provenance::Merged;
        if (o.from == "both" && o.reason == "unchanged on both sides") p = Provenance::Base;
        out.report.provenance.push_back({o.id, p});
    }
    return out;
}

std::optional<bool> boolean(std::string value) {
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (value == "1" || value == "true" || value == "yes" || value == "on") return true;
    if (value == "0" || value == "false" || value == "no" || value == "off" || value.empty()) return false;
    return std::nullopt;
}

} // namespace

std::expected<void, std::string> apply_reresolve_settings(DriverInput& input) {
    auto setting = [](const char* env, const char* key) -> std::optional<std::pair<std::string, std::string>> {
        if (const char* v = std::getenv(env)) return std::pair{std::string(env), std::string(v)};
        if (auto v = quiet_git({"config", "--get", key}); v && !v->empty()) return std::pair{std::string(key), *v};
        return std::nullopt;
    };
    if (auto v = setting("LOCKKIT_MERGE_RERESOLVE", "lockkit.merge.reresolve")) {
        auto b = boolean(v->second);
        if (!b) return std::unexpected(v->first + ": `" + v->second + "` is not a boolean");
        input.reresolve = input.reresolve && *b;
    }
    if (auto v = setting("LOCKKIT_MERGE_OFFLINE", "lockkit.merge.offline")) {
        auto b = boolean(v->second);
        if (!b) return std::unexpected(v->first + ": `" + v->second + "` is not a boolean");
        input.reresolve_options.offline = input.reresolve_options.offline || *b;
    }
    if (!input.reresolve_options.exclude_newer)
        if (auto v = setting("LOCKKIT_MERGE_EXCLUDE_NEWER", "lockkit.merge.excludeNewer")) input.reresolve_options.exclude_newer = v->second;
    if (auto v = setting("LOCKKIT_MERGE_BUDGET", "lockkit.merge.budget")) {
        auto budget = parse_budget(v->second);
        if (!budget) return std::unexpected(v->first + ": " + budget.error());
        input.reresolve_options.budget = *budget;
    }
    return {};
}

std::optional<std::string> merged_project_version(const std::filesystem::path& lock_path, const lockfile::Package& member) {
    if (!member.id.source.is_source_tree()) return std::nullopt;
    std::filesystem::path dir = lock_path.parent_path();
    if (member.id.source.location != ".") dir /= member.id.source.location;
    const auto file = (dir.empty() ? std::filesystem::path(".") : dir) / "pyproject.toml";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    const auto pyproject = pyproject::read_pyproject(file);
    if (!pyproject || !pyproject->project || pyproject->project->name != member.id.name || !pyproject->project->version ||
        pyproject->project->is_dynamic("version")) {
        return std::nullopt;
    }
    if (same_as_head(file)) return std::nullopt;  // still our committed copy, not the merged file
    return pyproject->project->version;
}

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
    ReportInput report;
    report.path = input.path_name;
    auto finish = [&](std::string outcome) {
        if (input.want_report) {
            report.outcome = std::move(outcome);
            report.exit_code = r.exit_code;
            r.report = render_report_json(report);
        }
        return r;
    };
    // The three sides are read and parsed at the same time (the main thread
    // takes ours): parsing is most of a clean merge's time.
    auto load_on_thread = [](const std::filesystem::path& path, const std::string& file, bool blank_is_empty) {
        prepare_driver_thread();
        return load_side(path, file, blank_is_empty);
    };
    auto base_side = std::async(k_concurrently, load_on_thread, std::cref(input.base), input.path_name + " (base)", true);
    auto theirs_side =
        std::async(k_concurrently, load_on_thread, std::cref(input.theirs), input.path_name + " (theirs)", false);
    Side ours_side = load_side(input.ours, input.path_name + " (ours)", false);
    // The models outlive the call in `r.retained` (see DriverResult).
    auto models = std::make_shared<Models>();
    r.retained = models;
    auto& sides = models->sides;
    sides[0] = base_side.get();
    sides[1] = std::move(ours_side);
    sides[2] = theirs_side.get();
    for (const auto& side : sides) {
        if (side.read_error) {
            r.messages = "lock-merge: error: " + *side.read_error + "\n";
            report.errors.push_back(*side.read_error);
            return finish("error");
        }
    }
    auto& base = sides[0].lock;
    auto& ours = sides[1].lock;
    auto& theirs = sides[2].lock;
    if (!base || !ours || !theirs) {
        for (const auto* side : {&base, &ours, &theirs}) {
            if (!*side) {
                r.messages += side->error().render() + "\n";
                report.errors.push_back(side->error().render());
            }
        }
        auto text = merge_text(input);
        if (!text) {
            r.messages += "lock-merge: error: textual fallback failed: " + text.error() + "\n";
            report.errors.push_back("textual fallback failed: " + text.error());
            return finish("error");
        }
        r.content = std::move(text->first);
        r.exit_code = 1;
        r.messages += "lock-merge: " + input.path_name + ": 0 packages merged semantically: " +
                      "a side does not parse as a uv.lock; fell back to a textual merge" +
                      (text->second ? " (no textual conflicts, but the result is unvalidated)" : " with conflict markers") +
                      ". Fix the file, then re-lock with `uv lock`.\n";
        return finish("textual-fallback");
    }
    report.base = &*base;
    report.ours = &*ours;
    report.theirs = &*theirs;
    MergeOptions options = input.options;
    if (input.use_pyproject && !options.project_version) {
        const std::filesystem::path lock_path = input.path_name;
        options.project_version = [lock_path](const lockfile::Package& member) {
            return merged_project_version(lock_path, member);
        };
    }
    const MergeOutcome& outcome = models->outcome.emplace(merge_locks(*base, *ours, *theirs, options));
    report.merge = &outcome;
    if (!outcome.refusals.empty()) {
        r.messages = "lock-merge: error: refusing to merge " + input.path_name + ": the same package differs in its artifacts:\n";
        for (const auto& ref : outcome.refusals) r.messages += "  " + id_text(ref.id) + ": " + ref.reason + "\n";
        // %A must not keep ours' text alone: a `git add` would silently drop
        // theirs. The refused packages go between conflict markers, so both git
        // and the user see the file as conflicted.
        r.content = render_with_conflicts(with_refusals_as_conflicts(outcome, *ours, *theirs), *ours, *theirs, input.labels);
        r.messages += "lock-merge: " + input.path_name +
                      " is left with conflict markers around the refused packages; nothing was merged silently.\n";
        r.messages += "hint: one side's lock was edited or its index changed; inspect it, then re-lock with `uv lock`.\n";
        r.exit_code = 2;
        return finish("refused");
    }
    // True conflicts: lock the project again as the merge leaves it.
    std::string resolution_messages;
    bool pyproject_conflicted = false;
    DriverInput settled;  // `input` with the re-resolution settings read, when they are needed
    const DriverInput* rr_input = &input;
    if (!outcome.clean() && input.reresolve && input.reresolve_settings) {
        settled = input;
        rr_input = &settled;
        if (auto read = input.reresolve_settings(settled); !read) {
            // Markers, never ours' lock alone: git would keep it and `git add` drop theirs.
            resolution_messages = "lock-merge: error: " + read.error() + "; merging without re-resolution\n" +
                                  "hint: fix or unset the setting, then run `lock resolve` to finish a merge left "
                                  "with markers\n";
            settled.reresolve = false;
        }
    }
    if (!outcome.clean() && rr_input->reresolve) {
        ReresolveOutcome& rr = r.reresolution.emplace();
        std::filesystem::path project_dir;
        auto project = project_of_merge(input, *base, *ours, *theirs, outcome, options, project_dir);
        if (!project) {
            rr.failure = project.error();
        } else if (!project->conflicted.empty()) {
            pyproject_conflicted = true;
            rr.requirements_origin = project->origin;
            rr.failure = "git cannot merge";
            for (const auto& f : project->conflicted) rr.failure += " " + f;
            rr.failure += ", so the merged requirements are unknown";
        } else {
            std::string origin = project->origin;
            rr = reresolve_merge(*base, *ours, *theirs, options.prefer, project_dir, project->overlay,
                                 rr_input->reresolve_options);
            rr.requirements_origin = std::move(origin);
        }
        if (rr.lock) {
            // Only a lock that passes the offline checks replaces the markers.
            const auto findings = input.verify ? verify::verify_lock(*rr.lock) : std::vector<verify::Finding>{};
            std::string errors;
            for (const auto& f : findings)
                if (f.severity == verify::Severity::Error) errors += "\n  error[" + f.rule + "] " + f.package + ": " + f.message;
            if (!errors.empty()) {
                rr.failure = "the re-resolved lock fails lock-verify's offline checks:" + errors;
                rr.lock.reset();
                rr.origins.clear();
            }
        }
        std::string names;
        for (const auto& c : outcome.conflicts) names += (names.empty() ? "" : ", ") + (c.package.empty() ? "(top level)" : c.package);
        if (rr.lock) {
            std::map<std::string, std::size_t> by;
            for (const auto& o : rr.origins) ++by[o.from];
            resolution_messages += "lock-merge: both sides changed " + names + "; re-resolved " + input.path_name + " for " +
                                  rr.requirements_origin + (rr.from_locks ? ", from the three locks alone" : ", with the indexes") +
                                  ": " + std::to_string(by["both"]) + " same on both sides, " + std::to_string(by["ours"]) +
                                  " from ours, " + std::to_string(by["theirs"]) + " from theirs, " + std::to_string(by["base"]) +
                                  " from base, " + std::to_string(by["re-resolved"]) + " re-resolved\n";
            for (const auto& o : rr.origins)
                if (o.from != "both") resolution_messages += "  " + o.id.name + " " + o.id.version.value_or("") + ": " + o.from + " (" + o.reason + ")\n";
            models->resolved = resolved_outcome(outcome, rr);
        } else {
            resolution_messages += "lock-merge: could not finish the merge by re-resolving: " + rr.failure + "\n";
        }
    }
    const MergeOutcome& final_outcome = models->resolved ? *models->resolved : outcome;
    if (r.reresolution) report.reresolution = &*r.reresolution;
    report.merge = &final_outcome;

    std::size_t from[5] = {};
    for (const auto& p : final_outcome.report.provenance) ++from[static_cast<int>(p.provenance)];
    std::string summary = resolution_messages + "lock-merge: " + std::to_string(final_outcome.lock.packages.size()) + " packages (" +
                          std::to_string(from[0]) + " unchanged, " + std::to_string(from[1]) + " from ours, " +
                          std::to_string(from[2]) + " from theirs, " + std::to_string(from[3]) + " same on both, " +
                          std::to_string(from[4]) + (models->resolved ? " re-resolved), " : " merged), ") +
                          std::to_string(final_outcome.report.dropped.size()) + " dropped, " +
                          std::to_string(final_outcome.conflicts.size()) + " conflicting\n";
    for (const auto& note : final_outcome.report.notes) summary += "lock-merge: note: " + note + "\n";
    if (final_outcome.clean()) {
        // verify_lock and write_lock only read the merged lock: side by side.
        std::future<std::vector<verify::Finding>> findings;
        if (input.verify) {
            findings = std::async(k_concurrently, [&final_outcome] {
                prepare_driver_thread();
                return verify::verify_lock(final_outcome.lock);
            });
        }
        r.content = lockfile::write_lock(final_outcome.lock);
        if (input.write_result && !input.want_report) {
            if (auto written = input.write_result(*r.content); !written) r.write_error = written.error();
            r.content.reset();
        }
        r.messages = summary;
        if (findings.valid()) report.findings = findings.get();
        const auto errors = std::count_if(report.findings.begin(), report.findings.end(),
                                          [](const verify::Finding& f) { return f.severity == verify::Severity::Error; });
        if (errors == 0) {
            r.exit_code = 0;
            return finish("clean");
        }
        r.exit_code = 1;
        r.messages += "lock-merge: the merged " + input.path_name + " fails lock-verify's offline checks (" +
                      std::to_string(errors) + " error" + (errors == 1 ? "" : "s") + "); written without markers:\n";
        for (const auto& f : report.findings) {
            if (f.severity != verify::Severity::Error) continue;
            r.messages += "  error[" + f.rule + "] " + f.package + (f.version ? "==" + *f.version : std::string{}) + ": " +
                          f.message + "\n";
        }
        r.messages += "hint: inspect it, then re-lock with `uv lock`.\n";
        return finish("invalid");
    }
    r.content = render_with_conflicts(outcome, *ours, *theirs, input.labels);
    r.exit_code = 1;
    r.messages = summary + "lock-merge: conflicts in " + input.path_name + ":\n";
    for (const auto& c : outcome.conflicts) {
        r.messages += "  " + (c.package.empty() ? std::string("(top level)") : c.package) + ": " + c.reason + "\n";
    }
    if (pyproject_conflicted)
        r.messages += "hint: resolve pyproject.toml, then run `lock resolve` to finish the merge (it keeps both sides' "
                      "versions where they fit).\n";
    else
        r.messages += "hint: run `lock resolve` to finish the merge (it reads both sides of each conflict as "
                      "preferences; taking one side's lock and running `uv lock` drops the other side's bumps), or "
                      "pass --prefer newer|ours|theirs for version bumps.\n";
    return finish("conflict");
}

} // namespace lockkit::merge
