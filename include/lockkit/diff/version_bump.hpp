#pragma once
// Classifying how far a version moved: which PEP 440 part changed first, read
// from the most significant down (epoch and first release segment = major,
// second = minor, any later one = patch, then pre/dev suffixes, post, local).
// Unparseable versions (never in a valid lock) classify as Other.

#include "lockkit/diff/lock_diff.hpp"

#include <string_view>

namespace lockkit::diff {

/// The kind of move from `old_version` to `new_version` (None when equal).
BumpKind classify_bump(std::string_view old_version, std::string_view new_version);

/// -1, 0 or 1 under PEP 440 order; unparseable versions compare as text.
int compare_versions(std::string_view a, std::string_view b);

} // namespace lockkit::diff
