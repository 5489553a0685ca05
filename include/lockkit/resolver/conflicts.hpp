#pragma once
// Declared conflicts (`tool.uv.conflicts`): sets of extras, dependency groups or whole projects
// that must never be installed together (uv's `Conflicts`, `uv-pypi-types/src/conflicts.rs`).
//
// A universal resolution forks on each set: one fork without any of the items and one per item
// with only that item (resolver-notes §2.3 step 4, §5.5). A fork records what it includes and
// excludes; its *universal marker* is its PEP 508 marker and-ed with one pseudo-extra per item,
// `extra == 'extra-{len}-{package}-{extra}'` (or `group-…`, `project-…`, with the byte length of
// the normalized package name), `==` for included items and `!=` for excluded ones
// (`uv-resolver/src/universal_marker.rs`). That is the marker uv writes for such forks.

#include <lockkit/pep508/marker.hpp>

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::resolver {

/// An extra, a dependency group, or a whole project (neither set).
struct ConflictItem {
    std::string package;  ///< normalized
    std::optional<std::string> extra;
    std::optional<std::string> group;

    bool is_project() const { return !extra && !group; }
    /// `pkg[extra]`, `pkg[group:g]` or `pkg`, as fork headers print it.
    std::string to_string() const;
    /// The pseudo-extra name (`extra-7-project-cpu`).
    std::string encoded() const;
    /// Decodes a pseudo-extra name; nothing when it is not one.
    static std::optional<ConflictItem> decode(std::string_view extra);
    /// `extra == '<encoded>'`.
    pep508::MarkerTree marker() const;

    friend auto operator<=>(const ConflictItem&, const ConflictItem&) = default;
    friend bool operator==(const ConflictItem&, const ConflictItem&) = default;
};

/// One declared set: at most one of its items may be active.
using ConflictSet = std::vector<ConflictItem>;

/// Whether an extra (or group) of `package` is an item of some set.
bool conflicts_contain_extra(const std::vector<ConflictSet>& conflicts, const std::string& package,
                             const std::string& extra);
bool conflicts_contain_group(const std::vector<ConflictSet>& conflicts, const std::string& package,
                             const std::string& group);

/// The items a universal marker includes (`extra == …`) and excludes (`extra != …`), read
/// from its pseudo-extras; nothing when a pseudo-extra does not decode.
std::optional<std::pair<std::vector<ConflictItem>, std::vector<ConflictItem>>> conflict_filter_rules(
    pep508::MarkerTree universal_marker);

} // namespace lockkit::resolver
