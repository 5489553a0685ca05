#pragma once
// A failed build, reported as uv 0.12.5 reports it (crates/uv-build-frontend
// error.rs), so a user reads the same words from both tools:
//
//   Failed to build `name==1.0`                        (`name @ file:///...` for a tree)
//     ├─▶ The build backend returned an error          (when a hook failed)
//     ╰─▶ Call to `backend.hook` failed (exit status: 1)
//
//         [stdout]
//         ...                                      (all of it, as uv shows it)
//
//         [stderr]
//         ...
//
//     <lockkit's detail: what it built, from where>
//   hint: ...                                          (uv's: a module the backend could not
//                                                      import, else the generic one)
//
// The caller prints it after `error: `. uv's hint on why the package is in the resolution
// is the resolver's to add (src/resolver/derivation_chain.hpp); a sync does not give it yet.

#include "lockkit/build/source_builder.hpp"

#include <string>
#include <string_view>

namespace lockkit::build {

/// How uv names the distribution in "Failed to build `...`".
std::string build_label(const BuildRequest& request);

/// The report of a failed build of `request`; `why` is the failing step's error (a hook's
/// "Call to ..." report or another), `detail` lockkit's line on what was built.
std::string failure_report(const BuildRequest& request, std::string_view detail, const std::string& why);

} // namespace lockkit::build
