#pragma once
// Turns a parsed TOML document into the typed Lock. Shared by both TOML front
// ends so that they cannot disagree on the model, only on the parsing.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/lockfile/lock_problems.hpp"
#include "toml_dom.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace lockkit::lockfile::detail {

/// A model error at a byte offset of the source; converted to a Diagnostic by the reader.
struct ModelError {
    std::uint32_t offset = 0;
    std::string message;
    std::vector<std::string> hints;
    ProblemKind kind = ProblemKind::InvalidField;
};

/// For find_lock_problems: collect every model error instead of stopping at the
/// first, and leave alone edges to packages whose text could not be parsed.
struct ProblemCollector {
    std::vector<ModelError> errors;
    /// Names of `[[package]]` entries that were unreadable before the model (a TOML
    /// syntax error in their block): an edge to such a name is not dangling.
    std::vector<std::string> unreadable_packages;
    /// An unreadable entry whose name is not known either: no edge can be judged.
    bool unreadable_unnamed = false;
};

/// Builds the lock; throws ModelError on a missing field, a wrong type, an
/// unsupported schema version or an edge that points at no package. With a
/// collector, records every such error instead (stopping only at an unsupported
/// version or format, after which nothing else can be judged) and returns what
/// could be built.
Lock build_lock(const Document& doc, ProblemCollector* collector = nullptr);

} // namespace lockkit::lockfile::detail
