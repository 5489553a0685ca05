// The cache of build results; see include/lockkit/build/build_cache.hpp.

#include "lockkit/build/build_cache.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"

#include <cstdlib>
#include <unistd.h>

namespace lockkit::build {

namespace {

const char* kind_folder(BuildKind kind) {
    return kind == BuildKind::Editable ? "editable" : "wheel";
}

} // namespace

std::filesystem::path BuildCache::entry(std::string_view key) const {
    return m_root / std::string(key.substr(0, 2)) / std::string(key);
}

std::optional<BuiltWheel> BuildCache::find_wheel(std::string_view key, BuildKind kind) const {
    std::error_code ec;
    const auto folder = entry(key) / kind_folder(kind);
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != ".whl" || !it->is_regular_file(ec)) continue;
        auto digest = sha256_file(it->path());
        if (!digest) return std::nullopt;
        return BuiltWheel{it->path(), it->path().filename().string(), *digest, true};
    }
    return std::nullopt;
}

std::optional<std::string> BuildCache::find_metadata(std::string_view key) const {
    auto text = read_file(entry(key) / "METADATA");
    if (!text) return std::nullopt;
    return std::move(*text);
}

std::expected<BuiltWheel, std::string> BuildCache::publish_wheel(std::string_view key, BuildKind kind,
                                                                 const std::filesystem::path& file) const {
    std::error_code ec;
    auto holder = scratch_folder();
    if (!holder) return std::unexpected(holder.error());
    const auto staged = *holder / file.filename();
    std::filesystem::rename(file, staged, ec);
    if (ec) {
        std::filesystem::copy_file(file, staged, ec);
        if (ec) return std::unexpected("cannot move the built wheel into the cache: " + ec.message());
    }
    const auto target = entry(key) / kind_folder(kind);
    std::filesystem::create_directories(target.parent_path(), ec);
    std::filesystem::rename(*holder, target, ec);
    if (ec) {
        // Another process published first (the target is a non-empty folder): keep theirs.
        std::filesystem::remove_all(*holder, ec);
    }
    auto found = find_wheel(key, kind);
    if (!found) return std::unexpected("cannot publish the built wheel in `" + target.string() + "`");
    found->cached = false;
    return *found;
}

std::expected<void, std::string> BuildCache::publish_metadata(std::string_view key, std::string_view text) const {
    std::error_code ec;
    std::filesystem::create_directories(entry(key), ec);
    return write_file_atomically(entry(key) / "METADATA", text);
}

std::expected<std::filesystem::path, std::string> BuildCache::scratch_folder() const {
    std::error_code ec;
    const auto tmp = m_root / "tmp";
    std::filesystem::create_directories(tmp, ec);
    std::string pattern = (tmp / "build-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return std::unexpected("cannot create a build folder in `" + tmp.string() + "`");
    }
    return std::filesystem::path(pattern);
}

} // namespace lockkit::build
