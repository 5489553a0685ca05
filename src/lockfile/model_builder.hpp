#pragma once
// Turns a parsed TOML document into the typed Lock. Shared by both TOML front
// ends so that they cannot disagree on the model, only on the parsing.

#include "lockkit/lockfile/lock.hpp"
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
};

/// Builds the lock; throws ModelError on a missing field, a wrong type, an
/// unsupported schema version or an edge that points at no package.
Lock build_lock(const Document& doc);

} // namespace lockkit::lockfile::detail
