#pragma once
// Built wheels and metadata in the lockkit cache, by build key (the source's
// key, its subdirectory and the interpreter the build ran for; source_key.hpp):
//
//   builds-v1/<2 hex>/<key>/wheel/<file>.whl     what build_wheel made
//   builds-v1/<2 hex>/<key>/editable/<file>.whl  what build_editable made
//   builds-v1/<2 hex>/<key>/METADATA             the distribution's core metadata
//   builds-v1/tmp/                               builds in progress
//
// A wheel is published by renaming a folder holding only it into place, and
// METADATA by an atomic write, so a reader finds a whole result or none. Writers
// hold the entry's exclusive lock (lockkit/fs) for the whole build, so two
// processes needing one build run it once.

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::build {

/// What a build makes: an ordinary wheel, or an editable one (PEP 660).
enum class BuildKind : std::uint8_t { Wheel, Editable };

struct BuiltWheel {
    std::filesystem::path file;  ///< in the cache
    std::string filename;
    std::string sha256;          ///< of the file, for the wheel store
    bool cached = false;         ///< found, not built in this run
};

class BuildCache {
public:
    explicit BuildCache(std::filesystem::path cache_root) : m_root(std::move(cache_root) / "builds-v1") {}

    /// The folder of a build key.
    std::filesystem::path entry(std::string_view key) const;

    std::optional<BuiltWheel> find_wheel(std::string_view key, BuildKind kind) const;
    std::optional<std::string> find_metadata(std::string_view key) const;

    /// Moves the built `file` into the entry (a result published meanwhile wins).
    std::expected<BuiltWheel, std::string> publish_wheel(std::string_view key, BuildKind kind,
                                                         const std::filesystem::path& file) const;
    std::expected<void, std::string> publish_metadata(std::string_view key, std::string_view text) const;

    /// A new empty folder for one build, beside the entries (same filesystem).
    std::expected<std::filesystem::path, std::string> scratch_folder() const;

private:
    std::filesystem::path m_root;
};

} // namespace lockkit::build
