// HTTP caching policy and entry store; see include/lockkit/fetch/http_cache.hpp.

#include "lockkit/fetch/http_cache.hpp"

#include "lockkit/util/sha256.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>

namespace lockkit::fetch {

namespace {

// 2: entries carry the response's Vary fields.
constexpr std::string_view k_magic = "lockkit-http-cache 2\n";
constexpr std::size_t k_map_threshold = 32 * 1024;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<std::int64_t> to_int(std::string_view s) {
    std::int64_t v = 0;
    s = trim(s);
    if (!s.empty() && s.front() == '"' && s.back() == '"' && s.size() >= 2) s = s.substr(1, s.size() - 2);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

/// HTTP-date in IMF-fixdate or RFC 850 form, or C asctime; always GMT.
std::optional<std::int64_t> parse_date_with(std::string_view text, const char* format) {
    std::tm tm{};
    const std::string s(text);
    const char* end = ::strptime(s.c_str(), format, &tm);
    if (end == nullptr) return std::nullopt;
    while (*end == ' ') ++end;
    if (*end != '\0') return std::nullopt;
    return static_cast<std::int64_t>(::timegm(&tm));
}

/// The value of header `name` (lower case) among "Name: value" lines; empty when absent.
std::string request_header(const std::vector<std::string>& lines, std::string_view name) {
    for (const auto& line : lines) {
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon != name.size()) continue;
        if (lower(std::string_view(line).substr(0, colon)) == name) return std::string(trim(std::string_view(line).substr(colon + 1)));
    }
    return {};
}

/// The Vary fields of a response to a request with `request_headers`.
std::vector<VaryField> vary_of(const HttpResponse& r, const std::vector<std::string>& request_headers) {
    std::vector<VaryField> fields;
    for (const auto& [name, value] : r.headers) {
        if (name != "vary") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string field = lower(trim(rest.substr(0, comma)));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            if (field.empty()) continue;
            // `*`: no later request can be shown to match.
            if (field == "*") return {VaryField{"*", ""}};
            fields.push_back(VaryField{field, request_header(request_headers, field)});
        }
    }
    return fields;
}

} // namespace

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    text = trim(text);
    for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y"}) {
        if (auto t = parse_date_with(text, format)) return t;
    }
    return std::nullopt;
}

CachePolicy CachePolicy::from_response(const HttpResponse& r, std::int64_t now,
                                       const std::vector<std::string>& request_headers) {
    CachePolicy p;
    p.vary = vary_of(r, request_headers);
    p.status = r.status;
    p.response_time = now;
    for (const auto& [name, value] : r.headers) {
        if (name == "date") {
            p.date = parse_http_date(value);
        } else if (name == "expires") {
            // An invalid Expires means "already expired" (RFC 9111 5.3).
            p.expires = parse_http_date(value).value_or(0);
        } else if (name == "age") {
            p.age = std::max<std::int64_t>(0, to_int(value).value_or(0));
        } else if (name == "etag") {
            p.etag = value;
        } else if (name == "last-modified") {
            p.last_modified = value;
        } else if (name == "cache-control") {
            std::string_view rest = value;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string_view item = trim(rest.substr(0, comma));
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
                const auto eq = item.find('=');
                const std::string directive = lower(trim(item.substr(0, eq)));
                const std::string_view argument = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
                if (directive == "max-age") {
                    // A malformed max-age makes the response stale (RFC 9111 4.2.1).
                    p.max_age = to_int(argument).value_or(0);
                } else if (directive == "no-store") {
                    p.no_store = true;
                } else if (directive == "no-cache") {
                    p.no_cache = true;
                } else if (directive == "must-revalidate") {
                    p.must_revalidate = true;
                } else if (directive == "immutable") {
                    p.immutable = true;
                } else if (directive == "public") {
                    p.is_public = true;
                } else if (directive == "private") {
                    p.is_private = true;
                }
            }
        }
    }
    return p;
}

bool CachePolicy::storable() const {
    if (no_store || status < 200 || status == 206 || status == 304) return false;
    if (is_public || is_private || expires || max_age) return true;
    // Statuses cacheable by heuristic freshness (RFC 9110 15.1).
    switch (status) {
    case 200: case 203: case 204: case 300: case 301: case 308: case 404: case 405: case 410: case 414: case 501:
        return true;
    default:
        return false;
    }
}

std::int64_t CachePolicy::freshness_lifetime() const {
    if (max_age) return *max_age;
    if (expires) return *expires - date.value_or(response_time);
    // uv's heuristic: a fixed ten minutes, not RFC 9111's 10 % of the age.
    if (last_modified) return 600;
    return 0;
}

std::int64_t CachePolicy::current_age(std::int64_t now) const {
    const std::int64_t apparent = std::max<std::int64_t>(0, response_time - date.value_or(response_time));
    const std::int64_t corrected = std::max(apparent, age);
    return corrected + std::max<std::int64_t>(0, now - response_time);
}

bool CachePolicy::fresh(std::int64_t now) const {
    if (no_cache) return false;
    return current_age(now) < freshness_lifetime();
}

std::vector<std::string> CachePolicy::revalidation_headers() const {
    std::vector<std::string> out;
    if (etag) out.push_back("If-None-Match: " + *etag);
    if (last_modified) out.push_back("If-Modified-Since: " + *last_modified);
    return out;
}

bool CachePolicy::vary_matches(const std::vector<std::string>& request_headers) const {
    for (const auto& field : vary) {
        if (field.name == "*" || request_header(request_headers, field.name) != field.value) return false;
    }
    return true;
}

CachePolicy CachePolicy::refreshed_by(const HttpResponse& not_modified, std::int64_t now,
                                      const std::vector<std::string>& request_headers) const {
    // The 304's headers update the stored ones; what it does not repeat stays.
    CachePolicy fresh_facts = from_response(not_modified, now, request_headers);
    CachePolicy out = *this;
    out.vary = std::move(fresh_facts.vary);
    out.response_time = now;
    out.date = fresh_facts.date ? fresh_facts.date : std::nullopt;
    out.age = fresh_facts.age;
    bool has_cache_control = false;
    for (const auto& [name, value] : not_modified.headers) {
        if (name == "cache-control") has_cache_control = true;
        if (name == "expires") out.expires = fresh_facts.expires;
        if (name == "etag") out.etag = fresh_facts.etag;
        if (name == "last-modified") out.last_modified = fresh_facts.last_modified;
    }
    if (has_cache_control) {
        out.max_age = fresh_facts.max_age;
        out.no_store = fresh_facts.no_store;
        out.no_cache = fresh_facts.no_cache;
        out.must_revalidate = fresh_facts.must_revalidate;
        out.immutable = fresh_facts.immutable;
        out.is_public = fresh_facts.is_public;
        out.is_private = fresh_facts.is_private;
    }
    return out;
}

bool usable_without_request(const CachePolicy& policy, CacheMode mode, std::int64_t now,
                            const std::vector<std::string>& request_headers) {
    if (mode == CacheMode::AllowStale) return true;
    if (!policy.vary_matches(request_headers)) return false;
    switch (mode) {
    case CacheMode::AllowStale: return true;
    case CacheMode::MustRevalidate: return policy.immutable && policy.fresh(now);
    case CacheMode::Normal: return policy.fresh(now);
    }
    return false;
}

std::filesystem::path HttpCache::path_of(std::string_view key) const {
    const std::string digest = sha256_hex(key);
    return m_dir / digest.substr(0, 2) / digest.substr(2);
}

std::optional<CacheEntry> HttpCache::read(std::string_view key) const {
    auto view = read_view(key);
    if (!view) return std::nullopt;
    return CacheEntry{std::move(view->policy), std::string(view->payload)};
}

std::optional<CacheEntryView> HttpCache::read_view(std::string_view key) const {
    const auto path = path_of(key);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(k_magic.size())) {
        ::close(fd);
        return std::nullopt;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    std::shared_ptr<const char> buffer;
    if (size >= k_map_threshold) {
        // A large page is mapped: copying it into fresh heap would cost a zeroed page per 4 KiB
        // on top of the copy. Not MAP_POPULATE: a resolver reads the file tables and the text of
        // a few versions, and a populated mapping keeps all of the page resident.
        void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (mapped == MAP_FAILED) return std::nullopt;
        buffer = std::shared_ptr<const char>(static_cast<const char*>(mapped),
                                             [size](const char* p) { ::munmap(const_cast<char*>(p), size); });
    } else {
        // Not std::string: its resize would first zero every byte about to be read over.
        std::unique_ptr<char[]> bytes(new char[size]);
        std::size_t done = 0;
        while (done < size) {
            const auto n = ::read(fd, bytes.get() + done, size - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(fd);
        if (done != size) return std::nullopt;  // changed under us: a miss
        buffer = std::shared_ptr<const char>(bytes.release(), std::default_delete<const char[]>());
    }
    std::string_view text(buffer.get(), size);
    if (!text.starts_with(k_magic)) return std::nullopt;
    text.remove_prefix(k_magic.size());
    CacheEntryView entry;
    std::optional<std::uint64_t> payload_size;
    bool stored_key_matches = false;
    bool ended = false;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        if (newline == std::string_view::npos) return std::nullopt;
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline + 1);
        if (line.empty()) {
            ended = true;
            break;
        }
        const auto space = line.find(' ');
        if (space == std::string_view::npos) return std::nullopt;
        const std::string_view name = line.substr(0, space);
        const std::string_view value = line.substr(space + 1);
        auto number = [&]() { return to_int(value); };
        CachePolicy& p = entry.policy;
        if (name == "key") {
            stored_key_matches = value == key;
        } else if (name == "status") {
            p.status = static_cast<long>(number().value_or(0));
        } else if (name == "response-time") {
            p.response_time = number().value_or(0);
        } else if (name == "date") {
            p.date = number();
        } else if (name == "expires") {
            p.expires = number();
        } else if (name == "age") {
            p.age = number().value_or(0);
        } else if (name == "max-age") {
            p.max_age = number();
        } else if (name == "flags") {
            p.no_store = value.find('S') != std::string_view::npos;
            p.no_cache = value.find('C') != std::string_view::npos;
            p.must_revalidate = value.find('R') != std::string_view::npos;
            p.immutable = value.find('I') != std::string_view::npos;
            p.is_public = value.find('P') != std::string_view::npos;
            p.is_private = value.find('V') != std::string_view::npos;
        } else if (name == "etag") {
            p.etag = std::string(value);
        } else if (name == "last-modified") {
            p.last_modified = std::string(value);
        } else if (name == "vary") {
            const auto space = value.find(' ');
            p.vary.push_back(VaryField{std::string(value.substr(0, space)),
                                       space == std::string_view::npos ? std::string() : std::string(value.substr(space + 1))});
        } else if (name == "payload") {
            if (auto n = number(); n && *n >= 0) payload_size = static_cast<std::uint64_t>(*n);
        }
    }
    // Exactly as long as it says: a torn or padded entry is a miss.
    if (!ended || !payload_size || !stored_key_matches || text.size() != *payload_size) return std::nullopt;
    entry.payload = text;
    entry.buffer = std::move(buffer);
    return entry;
}

std::expected<void, std::string> HttpCache::write(std::string_view key, const CacheEntry& entry) const {
    return write(key, entry.policy, entry.payload.size(), [&entry](const PayloadSink& sink) { return sink(entry.payload); });
}

std::expected<void, std::string> HttpCache::write(std::string_view key, const CachePolicy& p, std::uint64_t size,
                                                  const std::function<bool(const PayloadSink&)>& produce) const {
    const auto target = path_of(key);
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return std::unexpected("cannot create " + target.parent_path().string() + ": " + ec.message());
    std::string text(k_magic);
    auto add = [&](std::string_view name, const std::string& value) {
        text += name;
        text += ' ';
        text += value;
        text += '\n';
    };
    add("key", std::string(key));
    add("status", std::to_string(p.status));
    add("response-time", std::to_string(p.response_time));
    if (p.date) add("date", std::to_string(*p.date));
    if (p.expires) add("expires", std::to_string(*p.expires));
    add("age", std::to_string(p.age));
    if (p.max_age) add("max-age", std::to_string(*p.max_age));
    std::string flags = "-";
    if (p.no_store) flags += 'S';
    if (p.no_cache) flags += 'C';
    if (p.must_revalidate) flags += 'R';
    if (p.immutable) flags += 'I';
    if (p.is_public) flags += 'P';
    if (p.is_private) flags += 'V';
    add("flags", flags);
    // Header values never hold newlines (libcurl splits on them).
    if (p.etag) add("etag", *p.etag);
    if (p.last_modified) add("last-modified", *p.last_modified);
    for (const auto& field : p.vary) add("vary", field.name + " " + field.value);
    add("payload", std::to_string(size));
    text += '\n';
    // Temporary file beside the target, then rename: a reader sees the old
    // entry or the new one. No fsync: a lost cache entry is only refetched,
    // and a torn one fails the length check above.
    static thread_local std::mt19937_64 random{std::random_device{}()};
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, ".tmp%016llx", static_cast<unsigned long long>(random()));
    const auto temp = target.string() + suffix;
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return std::unexpected("cannot write " + temp + ": " + std::strerror(errno));
    int error = 0;
    auto flush = [&](std::string_view bytes) {
        while (!bytes.empty() && error == 0) {
            const auto n = ::write(fd, bytes.data(), bytes.size());
            if (n < 0) {
                error = errno;
                break;
            }
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return error == 0;
    };
    // The header and small pieces gather in one buffer; a large piece goes out as it is.
    std::string buffer = std::move(text);
    buffer.reserve(std::size_t{64} << 10);
    std::uint64_t written = 0;
    const PayloadSink sink = [&](std::string_view piece) {
        written += piece.size();
        if (buffer.size() + piece.size() > buffer.capacity()) {
            if (!flush(buffer)) return false;
            buffer.clear();
            if (piece.size() >= buffer.capacity()) return flush(piece);
        }
        buffer.append(piece);
        return true;
    };
    const bool produced = produce(sink) && flush(buffer);
    ::close(fd);
    if (!produced || written != size) {
        ::unlink(temp.c_str());
        if (error != 0) return std::unexpected("cannot write " + temp + ": " + std::strerror(error));
        return std::unexpected("the payload for " + target.string() + " was not the size announced");
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return std::unexpected("cannot rename " + temp + " to " + target.string() + ": " + std::strerror(err));
    }
    return {};
}

bool HttpCache::remove(std::string_view key) const {
    std::error_code ec;
    return std::filesystem::remove(path_of(key), ec);
}

} // namespace lockkit::fetch
