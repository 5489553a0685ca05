#pragma once
// Caching HTTP answers the way uv does (a private cache, RFC 9111's subset in
// uv-client's httpcache): each entry holds the facts needed to decide
// freshness (CachePolicy) and a payload chosen by the caller (the page as
// received, or already parsed, so that a fresh hit costs no parsing).
//
// `Vary` (RFC 9111 4.1, as uv's cache checks it): the stored response keeps
// each header name it lists with the value that header had in the request
// that fetched it (empty when absent). A later request with another value for
// any of them, or a `Vary: *`, may not use the entry without asking: it is
// revalidated (the stored validators still apply). Offline it is used anyway.
// The request headers compared are those the caller sets on the request;
// libcurl's own (User-Agent, Accept-Encoding) are the same on every request.
//
// Freshness lifetime, first that applies: `max-age`; `Expires - Date`; a fixed
// 600 s when only `Last-Modified` exists (uv's choice over RFC's 10 % rule);
// otherwise 0, so the entry is revalidated every time. A stale entry is
// revalidated with `If-None-Match` / `If-Modified-Since`; a 304 refreshes the
// policy and keeps the payload. `immutable` skips revalidation while fresh,
// even under --refresh. Offline, any entry is used however old.
//
// Entries are files named by the SHA-256 of their key under one versioned
// directory; each starts with a versioned header, and an entry that does not
// read back (another version, truncated, garbage) counts as a miss. Writes are
// atomic (temporary file + rename) so readers never see half an entry.

#include "lockkit/fetch/http_client.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::fetch {

/// One header a response varies on, with the value it had in the request (`*`: any request differs).
struct VaryField {
    std::string name;  ///< lower case
    std::string value;
    friend bool operator==(const VaryField&, const VaryField&) = default;
};

/// What a stored response says about its own freshness.
struct CachePolicy {
    long status = 0;
    std::int64_t response_time = 0;       ///< when it arrived (Unix seconds)
    std::optional<std::int64_t> date;     ///< `Date`
    std::optional<std::int64_t> expires;  ///< `Expires` (an unparsable value: already expired)
    std::int64_t age = 0;                 ///< `Age`
    std::optional<std::int64_t> max_age;  ///< `Cache-Control: max-age`
    bool no_store = false;
    bool no_cache = false;
    bool must_revalidate = false;
    bool immutable = false;
    bool is_public = false;
    bool is_private = false;
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::vector<VaryField> vary;

    /// The policy of `response`; `request_headers` ("Name: value" lines) are those of the
    /// request it answers, for its `Vary`.
    static CachePolicy from_response(const HttpResponse& response, std::int64_t now,
                                     const std::vector<std::string>& request_headers = {});
    /// Whether a request with these headers is the one the response varies on.
    bool vary_matches(const std::vector<std::string>& request_headers) const;
    /// Whether a GET answer may be stored at all.
    bool storable() const;
    std::int64_t freshness_lifetime() const;
    std::int64_t current_age(std::int64_t now) const;
    bool fresh(std::int64_t now) const;
    /// `If-None-Match` / `If-Modified-Since` lines for revalidating it.
    std::vector<std::string> revalidation_headers() const;
    /// The policy after a 304 answered a revalidation of this one (sent with `request_headers`);
    /// its `Vary` is the 304's, as uv builds the new policy from that answer.
    CachePolicy refreshed_by(const HttpResponse& not_modified, std::int64_t now,
                             const std::vector<std::string>& request_headers = {}) const;

    friend bool operator==(const CachePolicy&, const CachePolicy&) = default;
};

/// How a lookup treats a stored entry (uv's request modes).
enum class CacheMode : std::uint8_t {
    Normal,          ///< follow the stored policy
    MustRevalidate,  ///< --refresh: revalidate unless fresh and immutable
    AllowStale,      ///< offline: any entry, however old
};

/// Whether a stored entry may be used without asking the server, for a request with
/// `request_headers` ("Name: value" lines).
bool usable_without_request(const CachePolicy& policy, CacheMode mode, std::int64_t now,
                            const std::vector<std::string>& request_headers = {});

struct CacheEntry {
    CachePolicy policy;
    std::string payload;
    friend bool operator==(const CacheEntry&, const CacheEntry&) = default;
};

/// An entry read in one piece: `payload` views into `buffer`, which a caller may keep
/// (a decoded page points into it) instead of copying the payload out. A large entry
/// is a read-only mapping of the file: entries are only ever replaced by rename, never
/// rewritten in place, so the mapped bytes cannot change under a reader.
struct CacheEntryView {
    CachePolicy policy;
    std::shared_ptr<const char> buffer;
    std::string_view payload;
};

class HttpCache {
public:
    /// Entries live directly under `dir` (e.g. `<cache root>/simple-v1`).
    explicit HttpCache(std::filesystem::path dir) : m_dir(std::move(dir)) {}

    const std::filesystem::path& dir() const { return m_dir; }
    std::filesystem::path path_of(std::string_view key) const;

    /// The entry for `key`; nothing when absent or unreadable.
    std::optional<CacheEntry> read(std::string_view key) const;
    /// The same without copying: mapped when large, else one read into an uninitialised buffer.
    std::optional<CacheEntryView> read_view(std::string_view key) const;
    /// Stores the entry atomically (creating the directory on first use).
    std::expected<void, std::string> write(std::string_view key, const CacheEntry& entry) const;
    /// Gives a payload piece by piece (returns false when the piece could not be written).
    using PayloadSink = std::function<bool(std::string_view)>;
    /// The same for a payload of `size` bytes that `produce` gives to the sink in pieces
    /// (through one 64 KiB buffer, so a large payload is never copied whole).
    std::expected<void, std::string> write(std::string_view key, const CachePolicy& policy, std::uint64_t size,
                                           const std::function<bool(const PayloadSink&)>& produce) const;
    /// Removes the entry; false when there was none.
    bool remove(std::string_view key) const;

private:
    std::filesystem::path m_dir;
};

/// Parses an HTTP date (IMF-fixdate, RFC 850 or asctime) into Unix seconds.
std::optional<std::int64_t> parse_http_date(std::string_view text);

} // namespace lockkit::fetch
