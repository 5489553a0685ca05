// `lock-diff`: semantic diff of two uv.lock files (terminal, Markdown, JSON), and
// a textconv rendering for git. This file only parses options, calls the diff
// core (lockkit/diff), prints, and maps the result to an exit code.

#include "lockkit_config.h"

#include "lockkit/diff/git_input.hpp"
#include "lockkit/diff/install.hpp"
#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/diff/lock_input.hpp"
#include "lockkit/diff/render.hpp"
#include "lockkit/diff/textconv.hpp"
#include "lockkit/util/huge_page_heap.hpp"
#include "lockkit/util/program_path.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <expected>
#include <filesystem>
#include <future>
#include <iostream>
#include <unistd.h>

namespace {

struct Options {
    std::string old_path;
    std::string new_path;
    std::string format = "text";
    std::string color = "auto";
    bool exit_code = false;
    std::vector<std::string> fail_on;
    std::string textconv;
    std::size_t details_threshold = 10;
    bool cached = false;
    std::string path = "uv.lock";
};

struct Sides {
    lockkit::lockfile::Lock old_lock;
    lockkit::lockfile::Lock new_lock;
    std::string title;
};

constexpr int k_exit_error = 2;
/// Heap reserved in huge pages before reading (address space; two 2 MB locks use ~30 MB).
constexpr std::size_t k_heap_reserve = std::size_t{64} << 20;

const char* k_footer = R"(Examples:
  lock-diff old/uv.lock uv.lock                 what changed, for a terminal
  lock-diff --format markdown a.lock b.lock     a PR comment (hidden marker <!-- lockkit:lock-diff -->)
  lock-diff --format json a.lock b.lock | jq .summary
  lock-diff --exit-code a.lock b.lock           exit 1 when anything meaningful changed
  lock-diff --fail-on downgrade,artifact-change a.lock b.lock
                                                CI gate: exit 1 on a downgrade or a file swapped
                                                under an unchanged version
  lock-diff main HEAD                           uv.lock between two revisions (read from git, not the work tree)
  lock-diff main...HEAD --format markdown       since the merge base, as `git diff main...HEAD`
  lock-diff --cached                            staged uv.lock against HEAD
  lock-diff --path sub/uv.lock main HEAD        another lock in the repository

git integration (readable `git diff` / `git log -p` of uv.lock):
  lock-diff install                             this repository: diff.uvlock.textconv + .gitattributes
  lock-diff install --global                    every repository (global config and attributes file)

Use /dev/null for a side that does not exist: everything shows as added or removed.
Upload-time additions, revision bumps and URL spelling are counted, never listed.

Exit codes (as `git diff`): 0 no change, or changes without --exit-code;
1 changes with --exit-code, or a --fail-on finding; 2 error (message on stderr).
JSON schema: docs/lock-diff.md (schema_version 1).)";

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0');
}

int run_textconv(const Options& o) {
    lockkit::prefer_huge_page_heap(k_heap_reserve);
    auto lock = lockkit::diff::load_lock_file(o.textconv);
    if (!lock) {
        std::cerr << lock.error().render();
        return k_exit_error;
    }
    std::cout << lockkit::diff::render_textconv(*lock);
    return 0;
}

bool is_file_argument(const std::string& arg) {
    std::error_code ec;
    return arg == "/dev/null" || std::filesystem::exists(arg, ec);
}

std::expected<lockkit::lockfile::Lock, lockkit::Diagnostic> parse_side(std::expected<lockkit::diff::GitSide, lockkit::Diagnostic> side) {
    if (!side) return std::unexpected(side.error());
    return lockkit::diff::load_lock_text(side->text, side->label);
}

/// Loads both sides from files, from two revisions, from `A...B`, or from HEAD and the index.
std::expected<Sides, lockkit::Diagnostic> load_sides(const Options& o) {
    using lockkit::diff::read_at_revision;
    const lockkit::diff::GitQuery query{".", o.path};
    std::expected<lockkit::lockfile::Lock, lockkit::Diagnostic> a = lockkit::lockfile::Lock{};
    std::expected<lockkit::lockfile::Lock, lockkit::Diagnostic> b = lockkit::lockfile::Lock{};
    std::string title;
    if (o.cached) {
        const std::string rev = o.old_path.empty() ? "HEAD" : o.old_path;
        a = parse_side(read_at_revision(query, rev));
        b = parse_side(lockkit::diff::read_from_index(query));
        title = o.path + " (" + rev + " -> index)";
    } else if (const auto dots = o.old_path.find("..."); dots != std::string::npos && o.new_path.empty()) {
        const std::string left = o.old_path.substr(0, dots).empty() ? "HEAD" : o.old_path.substr(0, dots);
        const std::string right = o.old_path.substr(dots + 3).empty() ? "HEAD" : o.old_path.substr(dots + 3);
        auto base = lockkit::diff::merge_base(query, left, right);
        if (!base) return std::unexpected(base.error());
        a = parse_side(read_at_revision(query, *base));
        b = parse_side(read_at_revision(query, right));
        title = o.path + " (" + o.old_path + ")";
    } else if (o.old_path.empty() || o.new_path.empty()) {
        lockkit::Diagnostic d;
        d.message = "lock-diff needs two uv.lock files, two revisions, A...B, or --cached";
        d.hints.push_back("see lock-diff --help for examples");
        return std::unexpected(std::move(d));
    } else if (is_file_argument(o.old_path) != is_file_argument(o.new_path) &&
               read_at_revision(query, is_file_argument(o.old_path) ? o.new_path : o.old_path)) {
        // One side names a file, the other a revision that exists: say so, rather than
        // "no such file" for the revision.
        const bool old_is_file = is_file_argument(o.old_path);
        const std::string& file = old_is_file ? o.old_path : o.new_path;
        const std::string& revision = old_is_file ? o.new_path : o.old_path;
        lockkit::Diagnostic d;
        d.message = "`" + file + "` is a file and `" + revision +
                    "` a git revision: lock-diff compares two files or two revisions, not one of each";
        d.hints.push_back("for the committed lock against the work tree, save the revision's copy first: `git show " +
                          revision + ":" + o.path + " > /tmp/uv.lock." + revision + "`, then `lock-diff /tmp/uv.lock." +
                          revision + " " + file + "`; or run `lock-diff install` once and use `git diff " + revision +
                          " -- " + o.path + "`");
        return std::unexpected(std::move(d));
    } else if (is_file_argument(o.old_path) || is_file_argument(o.new_path)) {
        // The two sides parse on two threads: reading is most of a large diff's time.
        auto pending = std::async(std::launch::async, [&] { return lockkit::diff::load_lock_file(o.old_path); });
        b = lockkit::diff::load_lock_file(o.new_path);
        a = pending.get();
        title = "uv.lock";
    } else {
        a = parse_side(read_at_revision(query, o.old_path));
        b = parse_side(read_at_revision(query, o.new_path));
        title = o.path + " (" + o.old_path + " -> " + o.new_path + ")";
    }
    if (!a) return std::unexpected(lockkit::Diagnostic(a.error()).with_context("while reading OLD"));
    if (!b) return std::unexpected(lockkit::Diagnostic(b.error()).with_context("while reading NEW"));
    return Sides{std::move(*a), std::move(*b), std::move(title)};
}

int run_diff(const Options& o) {
    lockkit::prefer_huge_page_heap(k_heap_reserve);
    auto sides = load_sides(o);
    if (!sides) {
        std::cerr << sides.error().render();
        return k_exit_error;
    }
    // Both locks live until exit on purpose: freeing two large locks costs more than the diff.
    const auto& [old_lock, new_lock, title] = *new Sides(std::move(*sides));
    const auto diff = lockkit::diff::diff_locks(old_lock, new_lock);
    lockkit::diff::RenderOptions r;
    r.title = title;
    r.color = use_color(o.color);
    r.details_threshold = o.details_threshold;
    if (o.format == "json") {
        std::cout << lockkit::diff::render_json(diff);
    } else if (o.format == "markdown") {
        std::cout << lockkit::diff::render_markdown(diff, r);
    } else {
        std::cout << lockkit::diff::render_text(diff, r);
    }
    for (const auto& f : o.fail_on) {
        if ((f == "downgrade" && diff.has_downgrade()) || (f == "source-change" && diff.has_source_change()) ||
            (f == "artifact-change" && diff.has_artifact_change())) {
            return 1;
        }
    }
    return o.exit_code && !diff.empty() ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"lock-diff: semantic diff of two uv.lock files.\n\n"
                 "Pairs packages by name and source (each resolution fork on its own) and reports\n"
                 "upgrades and downgrades (major/minor/patch/pre-release/local), additions and removals\n"
                 "(direct, or transitive with the package that pulls them in), source changes, files whose\n"
                 "hash, URL or size changed under an unchanged version (security findings), packages that\n"
                 "became sdist-only, dependency edges, requires-python and resolution-markers.\n",
                 "lock-diff"};
    app.set_version_flag("--version", std::string("lock-diff (lockkit) ") + LOCKKIT_VERSION);
    app.footer(k_footer);
    Options o;
    app.add_option("OLD", o.old_path, "the earlier uv.lock (or /dev/null), a git revision, or A...B (from the merge base)");
    app.add_option("NEW", o.new_path, "the later uv.lock (or /dev/null), or a git revision");
    app.add_flag("--cached", o.cached, "compare the staged uv.lock with HEAD (or with OLD when given)");
    app.add_option("--path", o.path, "the lock inside the repository for revision diffs (default: uv.lock)");
    app.add_option("--format", o.format, "output: text (default), markdown (PR comments) or json (schema_version 1)")
        ->check(CLI::IsMember({"text", "markdown", "json"}));
    app.add_option("--color", o.color, "colour the text output: auto (a terminal and NO_COLOR unset), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_flag("--exit-code", o.exit_code, "exit 1 when there are meaningful changes, as `git diff --exit-code`");
    app.add_option("--fail-on", o.fail_on, "exit 1 when such findings exist: downgrade, source-change, artifact-change (comma-separated)")
        ->delimiter(',')
        ->allow_extra_args(false)  // `--fail-on X OLD NEW`: X only, OLD and NEW stay positional
        ->check(CLI::IsMember({"downgrade", "source-change", "artifact-change"}));
    app.add_option("--details-threshold", o.details_threshold, "markdown: fold sections with more rows than this into <details>");
    app.add_option("--textconv", o.textconv, "print one lock as one stable line per package (for git's diff.<driver>.textconv)");
    bool global = false;
    auto* install = app.add_subcommand("install", "set up git's textconv driver: diff.uvlock.textconv, cachetextconv and `uv.lock diff=uvlock` in .gitattributes");
    install->add_flag("--global", global, "write the global git config and attributes file instead of this repository's");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : k_exit_error;
    }
    if (install->parsed()) {
        const auto self = lockkit::invoked_program_path(argv[0]);
        auto r = lockkit::diff::install_textconv({self, global, "."});
        if (!r) {
            std::cerr << "lock-diff install: error: " << r.error() << "\n";
            return k_exit_error;
        }
        std::cout << *r;
        if (auto warning = lockkit::cache_location_warning(self)) std::cerr << *warning;
        return 0;
    }
    if (!o.textconv.empty()) {
        return run_textconv(o);
    }
    return run_diff(o);
}
