#pragma once
// The pieces shared by `lock-diff install` and `lock-merge install`/`doctor`:
// running git, quoting a program path for a git config command line, finding
// the attributes file of a scope, and adding an attribute line to it
// atomically. Each install keeps its own rule for "already present".

#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::git {

/// `s` as one POSIX shell word (git runs config commands through a shell).
std::string shell_quote(std::string_view s);

/// `s` without trailing LF/CR (git's output ends with a newline).
std::string without_line_ends(std::string s);

/// Runs `git -C work_dir args...`; stdout without its trailing newline, or an
/// error naming the git command when it cannot start or exits non-zero.
std::expected<std::string, std::string> run_git(const std::filesystem::path& work_dir,
                                                const std::vector<std::string>& args);

/// Where an attribute line goes.
enum class AttributesScope {
    Repository,  ///< .gitattributes at the top of the work tree (versioned)
    Local,       ///< $GIT_DIR/info/attributes (not versioned)
    Global,      ///< core.attributesFile, else $XDG_CONFIG_HOME/git/attributes, else ~/.config/git/attributes
};

std::expected<std::filesystem::path, std::string> attributes_file(const std::filesystem::path& work_dir,
                                                                  AttributesScope scope);

/// Adds `line` to the attributes file of `scope` unless `present(content)`
/// says it is there already; written atomically, parent folders created.
/// Returns a one-line description of what was done, ending in a newline.
std::expected<std::string, std::string> ensure_attribute_line(const std::filesystem::path& work_dir,
                                                              AttributesScope scope, std::string_view line,
                                                              const std::function<bool(const std::string&)>& present);

} // namespace lockkit::git
