#pragma once
// Requirements and version specifiers as published packages write them, which
// is not always valid: `>=7.2.0<8.0.0`, `>=3.6,`, `!=3.0*`, `>= 2.7'`. uv
// repairs a fixed list of such mistakes before giving up (uv-pypi-types
// `lenient_requirement.rs`), and so must we, or packages uv resolves would be
// unreadable to us. The text is first parsed as is; only if that fails are the
// repairs applied one after another, and after each one that changed the text
// a parse is tried again. The original error is returned when nothing helps.
//
// The repairs, in order: insert a missing comma between a digit and an
// operator; `!=~X` becomes `!=X.*`; a `.*` after `<`, `<=`, `>`, `>=` is
// dropped; `X.Y*` becomes `X.Y.*`; a trailing comma goes; `>dev` becomes
// `>0.0.0dev`; a `.0` after a pre/post/dev number goes (`9.0.0a1.0`); quotes
// before the marker go.

#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep508/requirement.hpp"

#include <string_view>

namespace lockkit::pep508 {

/// `VersionSpecifiers::parse`, with uv's repairs of common mistakes.
ParseResult<pep440::VersionSpecifiers> parse_lenient_specifiers(std::string_view text);

/// `Requirement::parse`, with uv's repairs of common mistakes.
ParseResult<Requirement> parse_lenient_requirement(std::string_view text);

} // namespace lockkit::pep508
