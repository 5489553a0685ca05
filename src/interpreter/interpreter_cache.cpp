#include "lockkit/interpreter/interpreter_cache.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

namespace lockkit::interpreter {

namespace {

constexpr int k_format = 1;

} // namespace

std::expected<InterpreterStamp, std::string> InterpreterStamp::of(const std::filesystem::path& python) {
    struct stat st {};
    if (::stat(python.c_str(), &st) != 0) {
        return std::unexpected("cannot read " + python.string() + ": " + std::strerror(errno));
    }
    std::error_code ec;
    auto absolute = std::filesystem::absolute(python, ec);
    InterpreterStamp stamp;
    stamp.path = (ec ? python : absolute).lexically_normal().string();
    stamp.size = static_cast<std::uintmax_t>(st.st_size);
    stamp.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return stamp;
}

std::filesystem::path InterpreterCache::entry_path(const InterpreterStamp& stamp) const {
    return m_root / "interpreter-v1" / (sha256_hex(stamp.path).substr(0, 32) + ".json");
}

std::optional<std::string> InterpreterCache::find(const InterpreterStamp& stamp) const {
    const auto text = read_file(entry_path(stamp));
    if (!text) {
        return std::nullopt;
    }
    const auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return std::nullopt;
    }
    const auto get = [&](const char* key) { return doc.contains(key) ? doc[key] : nlohmann::json(); };
    if (get("format") != k_format || get("path") != stamp.path || get("size") != stamp.size ||
        get("mtime_ns") != stamp.mtime_ns || !get("probe").is_object()) {
        return std::nullopt;
    }
    return doc["probe"].dump();
}

std::expected<void, std::string> InterpreterCache::store(const InterpreterStamp& stamp,
                                                         std::string_view probe_json) const {
    const auto probe = nlohmann::json::parse(probe_json.begin(), probe_json.end(), nullptr, false);
    if (probe.is_discarded()) {
        return std::unexpected(std::string("not storing an answer that is not JSON"));
    }
    nlohmann::json entry = {{"format", k_format}, {"path", stamp.path}, {"size", stamp.size},
                            {"mtime_ns", stamp.mtime_ns}, {"probe", probe}};
    const auto path = entry_path(stamp);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
        return std::unexpected("cannot create cache folder " + path.parent_path().string() + ": " + ec.message());
    }
    return write_file_atomically(path, entry.dump());
}

} // namespace lockkit::interpreter
