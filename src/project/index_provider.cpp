// The resolver's provider over simple-API indexes, local indexes and find-links (see
// index_provider.hpp).

#include <lockkit/project/index_provider.hpp>

#include <lockkit/fetch/http_cache.hpp>
#include <lockkit/fetch/http_client.hpp>
#include <lockkit/index/html_page.hpp>
#include <lockkit/index/json_page.hpp>
#include <lockkit/index/local_index.hpp>
#include <lockkit/index/media_type.hpp>
#include <lockkit/index/url.hpp>
#include <lockkit/metadata/archive_metadata.hpp>
#include <lockkit/metadata/core_metadata.hpp>
#include <lockkit/metadata/remote_wheel.hpp>
#include <lockkit/tags/wheel_filename.hpp>
#include <lockkit/tags/wheel_reach.hpp>
#include <lockkit/util/atomic_file.hpp>

#include <ctime>
#include <future>
#include <set>

namespace lockkit::project {

namespace fs = std::filesystem;
using resolver::DistributionFile;
using resolver::IndexVersions;
using resolver::MetadataResult;
using resolver::PackageVersions;

std::optional<fs::path> local_index_path(const std::string& url, const fs::path& base_dir) {
    if (url.starts_with("file://")) {
        if (auto p = fetch::file_url_path(url)) return fs::path(*p).lexically_normal();
        return std::nullopt;
    }
    if (index::has_scheme(url)) return std::nullopt;
    const fs::path p(url);
    return (p.is_absolute() ? p : base_dir / p).lexically_normal();
}

namespace {

/// The body of a response and the URL it came from (relative links resolve against it).
struct Fetched {
    enum class Status { Ok, NotFound, Offline, Error } status = Status::Error;
    std::string url;
    std::string content_type;
    std::string body;
    std::string error;
};

/// Cache payload: the final URL and content type on two lines, then the body.
std::string pack(const Fetched& f) { return f.url + "\n" + f.content_type + "\n" + f.body; }
Fetched unpack(const std::string& payload) {
    Fetched f;
    f.status = Fetched::Status::Ok;
    const auto a = payload.find('\n');
    const auto b = payload.find('\n', a == std::string::npos ? 0 : a + 1);
    if (a == std::string::npos || b == std::string::npos) {
        f.status = Fetched::Status::Error;
        f.error = "unreadable cache entry";
        return f;
    }
    f.url = payload.substr(0, a);
    f.content_type = payload.substr(a + 1, b - a - 1);
    f.body = payload.substr(b + 1);
    return f;
}

/// A tag as the fields uv's derived `Ord` compares: the variant, then its fields (an absent
/// minor version sorts first, as Rust's `None`).
std::vector<int> key_of(const tags::LanguageTag& t) {
    return {static_cast<int>(t.kind), t.major, t.has_minor() ? t.minor : -1};
}
std::vector<int> key_of(const tags::AbiTag& t) {
    auto opt = [](std::uint8_t v) { return v == tags::AbiTag::k_none ? -1 : int(v); };
    return {static_cast<int>(t.kind), opt(t.python_major), opt(t.python_minor), t.flags, opt(t.impl_major), opt(t.impl_minor)};
}
std::vector<int> key_of(const tags::PlatformTag& t) {
    std::vector<int> k{static_cast<int>(t.kind), t.major, t.minor, static_cast<int>(t.arch), t.variant};
    for (char c : t.release_arch) k.push_back(static_cast<unsigned char>(c));
    return k;
}
template <typename T>
std::vector<std::vector<int>> keys_of(const tags::TagSet<T>& set) {
    std::vector<std::vector<int>> out;
    for (const auto& t : set) out.push_back(key_of(t));
    return out;
}

/// uv's order of wheels in a `--find-links` location (the derived `Ord` of `WheelFilename`):
/// name, version, then a single-tag wheel before a compressed or build-tagged one, then the
/// tags.
bool flat_wheel_less(const tags::WheelFilename& a, const tags::WheelFilename& b) {
    auto large = [](const tags::WheelFilename& w) {
        return w.build_tag().has_value() || w.python_tags().size() != 1 || w.abi_tags().size() != 1 ||
               w.platform_tags().size() != 1;
    };
    if (a.name() != b.name()) return a.name() < b.name();
    if (!(a.version() == b.version())) return a.version() < b.version();
    if (large(a) != large(b)) return !large(a);
    if (a.build_tag() != b.build_tag()) return a.build_tag() < b.build_tag();
    if (auto x = keys_of(a.python_tags()), y = keys_of(b.python_tags()); x != y) return x < y;
    if (auto x = keys_of(a.abi_tags()), y = keys_of(b.abi_tags()); x != y) return x < y;
    return keys_of(a.platform_tags()) < keys_of(b.platform_tags());
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

struct IndexProvider::State {
    IndexProviderOptions options;
    fetch::HttpClient client;
    std::optional<fetch::HttpCache> pages;
    std::optional<fetch::HttpCache> metadata_cache;
    Counts counts;
    std::vector<std::string> warnings;

    /// A request that may still be running; `cached` answers without one.
    struct InFlight {
        std::optional<fetch::CacheEntry> stale;  ///< sent for revalidation
        std::optional<std::future<fetch::HttpResponse>> future;
        std::optional<Fetched> result;
        fetch::HttpCache* cache = nullptr;
        bool immutable = false;
    };
    std::map<std::string, InFlight> requests;  ///< by URL
    std::map<std::string, PackageVersions> answers;
    /// Pages asked for ahead, not yet read: package name -> page URL.
    std::map<std::string, std::string> awaiting_pages;
    /// Whether a `.metadata` file sits beside each file, by file URL.
    std::map<std::string, bool> core_metadata;
    /// Find-links files by project, per flat location (loaded on first use).
    std::map<std::string, std::map<std::string, std::vector<DistributionFile>>> flat_files;

    explicit State(IndexProviderOptions o)
        : options(std::move(o)), client([&] {
              fetch::HttpClientOptions h;
              h.offline = options.offline;
              return h;
          }()) {
        if (options.cache_dir) {
            pages.emplace(*options.cache_dir / "simple-v1");
            metadata_cache.emplace(*options.cache_dir / "metadata-v1");
        }
    }

    /// Starts fetching `url` (or answers it from the cache) unless already started.
    void start(const std::string& url, fetch::HttpCache* cache, bool immutable, std::vector<std::string> headers = {}) {
        if (requests.contains(url)) return;
        InFlight& f = requests[url];
        f.cache = cache;
        f.immutable = immutable;
        if (url.starts_with("file://")) {
            Fetched r;
            auto path = fetch::file_url_path(url);
            auto text = path ? read_file(*path) : std::expected<std::string, std::string>(std::unexpected("bad URL"));
            r.url = url;
            if (text) {
                r.status = Fetched::Status::Ok;
                r.body = std::move(*text);
            } else {
                std::error_code ec;
                r.status = path && !fs::exists(*path, ec) ? Fetched::Status::NotFound : Fetched::Status::Error;
                r.error = text.error();
            }
            ++counts.local;
            f.result = std::move(r);
            return;
        }
        const std::int64_t now = std::time(nullptr);
        std::optional<fetch::CacheEntry> entry = cache ? cache->read(url) : std::nullopt;
        if (entry) {
            const fetch::CacheMode mode = options.offline   ? fetch::CacheMode::AllowStale
                                          : immutable         ? fetch::CacheMode::AllowStale
                                          : options.refresh   ? fetch::CacheMode::MustRevalidate
                                                              : fetch::CacheMode::Normal;
            if (fetch::usable_without_request(entry->policy, mode, now)) {
                ++counts.cached;
                f.result = unpack(entry->payload);
                return;
            }
            for (auto& h : entry->policy.revalidation_headers()) headers.push_back(std::move(h));
            f.stale = std::move(entry);
        }
        if (options.offline) {
            Fetched r;
            r.status = Fetched::Status::Offline;
            r.url = url;
            f.result = std::move(r);
            return;
        }
        fetch::HttpRequest req;
        req.url = url;
        req.headers = std::move(headers);
        f.future = client.get(std::move(req));
    }

    /// The answer for `url` (waits for it).
    const Fetched& finish(const std::string& url) {
        InFlight& f = requests.at(url);
        if (f.result) return *f.result;
        fetch::HttpResponse response = f.future->get();
        f.future.reset();
        ++counts.network;
        Fetched r;
        r.url = response.url.empty() ? url : response.url;
        const std::int64_t now = std::time(nullptr);
        if (response.status == 304 && f.stale) {
            fetch::CacheEntry entry = *f.stale;
            entry.policy = entry.policy.refreshed_by(response, now);
            if (f.cache) (void)f.cache->write(url, entry);
            f.result = unpack(entry.payload);
            return *f.result;
        }
        if (!response.ok()) {
            r.status = response.status == 404 || response.status == 410 ? Fetched::Status::NotFound
                       : response.offline                                 ? Fetched::Status::Offline
                                                                          : Fetched::Status::Error;
            r.error = !response.error.empty() ? response.error : "HTTP status " + std::to_string(response.status);
            f.result = std::move(r);
            return *f.result;
        }
        r.status = Fetched::Status::Ok;
        if (auto ct = response.header("content-type")) r.content_type = std::string(*ct);
        r.body = std::move(response.body);
        if (f.cache) {
            fetch::CacheEntry entry;
            entry.policy = fetch::CachePolicy::from_response(response, now);
            if (f.immutable) entry.policy.immutable = true;
            entry.payload = pack(r);
            if (entry.policy.storable() || f.immutable) (void)f.cache->write(url, entry);
        }
        f.result = std::move(r);
        return *f.result;
    }

    /// Pinned indexes that no setting lists: the pin carries the URL (as uv's lowered
    /// requirement carries its index), so `--no-config` does not lose them.
    std::map<std::string, IndexLocation> pinned_only;

    const IndexLocation* pinned_index(const std::string& name) {
        auto it = options.pins.find(name);
        if (it == options.pins.end()) return nullptr;
        for (const auto& i : options.indexes)
            if (i.url == it->second) return &i;
        auto [extra, inserted] = pinned_only.emplace(it->second, IndexLocation{it->second, false, true});
        return &extra->second;
    }

    /// The page URL of `name` on a remote simple index.
    static std::string page_url(const std::string& index, const std::string& name) {
        return (index.ends_with('/') ? index : index + "/") + name + "/";
    }

    void start_page(const IndexLocation& index, const std::string& name) {
        if (index.flat || local_index_path(index.url, options.base_dir)) return;
        start(page_url(index.url, name), pages ? &*pages : nullptr, false, {"Accept: " + std::string(index::simple_accept_header())});
    }

    /// What one (non-flat) index lists for `name`: files, nothing (not there), or an error.
    std::expected<std::optional<index::ProjectFiles>, std::string> read_index(const IndexLocation& index,
                                                                              const std::string& name,
                                                                              bool& offline_miss) {
        if (auto path = local_index_path(index.url, options.base_dir)) {
            ++counts.local;
            auto page = index::read_local_project_page(*path, name);
            if (!page) return std::unexpected(page.error().render());
            return std::move(*page);
        }
        const std::string url = page_url(index.url, name);
        start_page(index, name);
        const Fetched& f = finish(url);
        switch (f.status) {
        case Fetched::Status::NotFound: return std::optional<index::ProjectFiles>();
        case Fetched::Status::Offline: offline_miss = true; return std::optional<index::ProjectFiles>();
        case Fetched::Status::Error: return std::unexpected(url + ": " + f.error);
        case Fetched::Status::Ok: break;
        }
        std::string type = lower(f.content_type.substr(0, f.content_type.find(';')));
        while (!type.empty() && type.back() == ' ') type.pop_back();
        auto format = index::page_format(type);
        if (!format) return std::unexpected(url + ": " + format.error());
        auto files = *format == index::PageFormat::Json ? index::parse_json_project_page(f.body, f.url, name)
                                                        : index::parse_html_project_page(f.body, f.url, name);
        if (!files) return std::unexpected(files.error().render());
        return std::optional<index::ProjectFiles>(std::move(*files));
    }

    DistributionFile to_file(const index::IndexFile& file) {
        DistributionFile d;
        d.filename = std::string(file.filename);
        d.url = std::string(file.url);
        if (file.requires_python) d.requires_python = std::string(file.requires_python->text);
        if (file.yanked.yanked) {
            resolver::Yanked y;
            if (!file.yanked.reason.empty()) y.reason = std::string(file.yanked.reason);
            d.yanked = y;
        }
        d.upload_time_ms = file.upload_time_ms;
        d.size = file.size;
        for (const auto& h : file.hashes) d.hashes.emplace_back(std::string(index::hash_algorithm_name(h.algorithm)), std::string(h.hex));
        core_metadata[d.url] = file.core_metadata.available;
        return d;
    }

    /// Groups files by version, ascending; files whose requires-python does not parse are
    /// skipped, as uv skips them.
    IndexVersions to_versions(const std::string& index_url, const index::ProjectFiles& files, bool flat,
                              const std::string& name) {
        std::map<pep440::Version, std::vector<DistributionFile>> by_version;
        for (const auto& f : files.files()) {
            if (f.requires_python && !f.requires_python->specifiers) continue;
            if (!files.project().empty() || f.name == name) by_version[*f.version].push_back(to_file(f));
        }
        IndexVersions out;
        out.index_url = index_url;
        out.flat = flat;
        for (auto& [v, list] : by_version) out.versions.push_back(resolver::VersionFiles{v, std::move(list)});
        return out;
    }

    /// The files a find-links location lists for `name`.
    std::expected<std::vector<DistributionFile>, std::string> flat_files_for(const IndexLocation& location,
                                                                             const std::string& name) {
        auto loaded = flat_files.find(location.url);
        if (loaded == flat_files.end()) {
            std::map<std::string, std::vector<DistributionFile>> by_name;
            std::expected<index::ProjectFiles, std::string> files = std::unexpected(std::string());
            if (auto path = local_index_path(location.url, options.base_dir)) {
                std::error_code ec;
                if (fs::is_directory(*path, ec)) {
                    auto listed = index::list_find_links_directory(*path);
                    if (listed) files = std::move(*listed);
                    else files = std::unexpected(listed.error().render());
                } else {
                    auto text = read_file(*path);
                    if (!text) files = std::unexpected(path->string() + ": " + text.error());
                    else if (auto page = index::parse_flat_html_page(*text, index::file_url(path->generic_string())))
                        files = std::move(*page);
                    else files = std::unexpected(page.error().render());
                }
            } else {
                start(location.url, pages ? &*pages : nullptr, false);
                const Fetched& f = finish(location.url);
                if (f.status != Fetched::Status::Ok) files = std::unexpected(location.url + ": " + f.error);
                else if (auto page = index::parse_flat_html_page(f.body, f.url)) files = std::move(*page);
                else files = std::unexpected(page.error().render());
            }
            if (!files) return std::unexpected(files.error());
            for (const auto& f : files->files())
                if (!f.requires_python || f.requires_python->specifiers) by_name[std::string(f.name)].push_back(to_file(f));
            loaded = flat_files.emplace(location.url, std::move(by_name)).first;
        }
        auto it = loaded->second.find(name);
        if (it == loaded->second.end()) return std::vector<DistributionFile>{};
        return it->second;
    }

    /// The METADATA (wheel, by range requests) or PKG-INFO (sdist, downloaded) text of a remote
    /// archive, kept in the metadata cache.
    std::expected<std::string, std::pair<MetadataResult::Status, std::string>> archive_metadata(const std::string& url,
                                                                                                bool wheel) {
        using Error = std::pair<MetadataResult::Status, std::string>;
        const std::string key = (wheel ? "wheel-metadata:" : "sdist-pkg-info:") + url;
        if (metadata_cache)
            if (auto hit = metadata_cache->read(key)) {
                ++counts.cached;
                return std::move(hit->payload);
            }
        if (options.offline) return std::unexpected(Error{MetadataResult::Status::Offline, {}});
        auto get = [&](std::optional<std::pair<std::int64_t, std::int64_t>> range) {
            fetch::HttpRequest request;
            request.url = url;
            request.range = range;
            ++counts.network;
            return client.get(std::move(request)).get();
        };
        std::expected<std::string, std::string> text = std::unexpected(std::string());
        if (wheel) {
            fetch::HttpResponse tail = get(std::pair<std::int64_t, std::int64_t>{-65536, 0});
            if (!tail.ok()) return std::unexpected(Error{MetadataResult::Status::Network, tail.error.empty() ? "HTTP status " + std::to_string(tail.status) : tail.error});
            std::optional<std::uint64_t> size;
            if (auto range = tail.header("content-range"); tail.status == 206 && range) {
                if (auto slash = range->rfind('/'); slash != std::string_view::npos)
                    size = std::strtoull(std::string(range->substr(slash + 1)).c_str(), nullptr, 10);
            }
            if (!size) {
                // The server sent the whole file.
                text = metadata::read_wheel_metadata_text(std::string_view(tail.body));
            } else {
                text = metadata::read_wheel_metadata_by_ranges(
                    *size, tail.body, [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, std::string> {
                        fetch::HttpResponse r = get(std::pair<std::int64_t, std::int64_t>{
                            static_cast<std::int64_t>(offset), static_cast<std::int64_t>(offset + length - 1)});
                        if (!r.ok()) return std::unexpected(r.error.empty() ? "HTTP status " + std::to_string(r.status) : r.error);
                        if (r.status == 200) return r.body.substr(offset, length);
                        return std::move(r.body);
                    });
            }
        } else {
            fetch::HttpResponse whole = get(std::nullopt);
            if (!whole.ok()) return std::unexpected(Error{MetadataResult::Status::Network, whole.error.empty() ? "HTTP status " + std::to_string(whole.status) : whole.error});
            text = metadata::read_sdist_pkg_info_text(std::string_view(whole.body));
        }
        if (!text) return std::unexpected(Error{MetadataResult::Status::InvalidStructure, text.error()});
        if (metadata_cache) {
            fetch::CacheEntry entry;
            entry.policy.status = 200;
            entry.policy.immutable = true;
            entry.policy.max_age = std::int64_t{10} * 365 * 86400;
            entry.payload = *text;
            (void)metadata_cache->write(key, entry);
        }
        return std::move(*text);
    }

    /// The URL the metadata of `file` is read from, and whether that is the file itself.
    std::pair<std::string, bool> metadata_source(const DistributionFile& file) const {
        auto it = core_metadata.find(file.url);
        if (file.is_wheel() && it != core_metadata.end() && it->second) return {file.url + ".metadata", false};
        return {file.url, true};
    }
};

IndexProvider::IndexProvider(IndexProviderOptions options) : m_state(std::make_unique<State>(std::move(options))) {}
IndexProvider::~IndexProvider() = default;

const std::vector<std::string>& IndexProvider::warnings() const { return m_state->warnings; }
IndexProvider::Counts IndexProvider::counts() const { return m_state->counts; }

void IndexProvider::prefetch_versions(const std::string& name) {
    State& s = *m_state;
    // Pages that have arrived since: read them now, so that the metadata of their likely
    // candidates is on its way before the solver asks (uv prefetches the same way).
    for (auto it = s.awaiting_pages.begin(); it != s.awaiting_pages.end();) {
        auto request = s.requests.find(it->second);
        const bool ready = request == s.requests.end() || request->second.result ||
                           (request->second.future &&
                            request->second.future->wait_for(std::chrono::seconds(0)) == std::future_status::ready);
        if (!ready) {
            ++it;
            continue;
        }
        const std::string ready_name = it->first;
        it = s.awaiting_pages.erase(it);
        speculate(versions(ready_name));
    }
    if (s.answers.contains(name)) return;
    if (const IndexLocation* pinned = s.pinned_index(name)) {
        s.start_page(*pinned, name);
        return;
    }
    for (const auto& index : s.options.indexes) {
        if (index.flat || index.is_explicit) continue;
        s.start_page(index, name);
        if (!local_index_path(index.url, s.options.base_dir)) s.awaiting_pages.emplace(name, State::page_url(index.url, name));
        // First-index asks the next index only when this one does not know the package.
        if (s.options.strategy == resolver::IndexStrategy::FirstIndex) break;
    }
}

void IndexProvider::speculate(const PackageVersions& answer) {
    // The newest version's best file is the likeliest candidate: the first wheel the
    // project's Python range can install, else the sdist.
    for (const IndexVersions& index : answer.indexes) {
        for (auto v = index.versions.rbegin(); v != index.versions.rend(); ++v) {
            if (v->version.is_prerelease()) continue;
            const DistributionFile* pick = nullptr;
            for (const auto& f : v->files) {
                if (f.yanked) continue;
                if (f.is_wheel() ? wheel_tags(f.filename).compatible : pick == nullptr) {
                    pick = &f;
                    if (f.is_wheel()) break;
                }
            }
            if (pick != nullptr) prefetch_metadata(std::string(), v->version, *pick);
            break;
        }
    }
}

void IndexProvider::prefetch_metadata(const std::string&, const pep440::Version&, const DistributionFile& file) {
    State& s = *m_state;
    auto [url, whole] = s.metadata_source(file);
    // Local files are read on demand; archives without `.metadata` take several dependent
    // requests, made when asked.
    if (url.starts_with("file://") || whole) return;
    s.start(url, s.metadata_cache ? &*s.metadata_cache : nullptr, true);
}

const PackageVersions& IndexProvider::versions(const std::string& name) {
    State& s = *m_state;
    if (auto it = s.answers.find(name); it != s.answers.end()) return it->second;
    PackageVersions out;
    bool offline_miss = false;
    auto ask = [&](const IndexLocation& index) -> bool {
        auto files = s.read_index(index, name, offline_miss);
        if (!files) {
            s.warnings.push_back("cannot read the index page of `" + name + "`: " + files.error());
            return false;
        }
        if (!*files) return false;
        out.indexes.push_back(s.to_versions(index.url, **files, false, name));
        return true;
    };
    const IndexLocation* pinned = s.pinned_index(name);
    if (pinned != nullptr) {
        ask(*pinned);
    } else {
        for (const auto& index : s.options.indexes) {
            if (index.flat || index.is_explicit) continue;
            if (ask(index) && s.options.strategy == resolver::IndexStrategy::FirstIndex) break;
        }
        for (const auto& location : s.options.indexes) {
            if (!location.flat) continue;
            auto files = s.flat_files_for(location, name);
            if (!files) {
                s.warnings.push_back("cannot read the find-links location " + location.url + ": " + files.error());
                continue;
            }
            if (files->empty()) continue;
            std::map<pep440::Version, std::vector<DistributionFile>> by_version;
            for (auto& f : *files) {
                auto dist = tags::DistFilename::parse_normalized(f.filename);
                if (dist) by_version[dist->version()].push_back(f);
            }
            // uv orders flat files by their parsed names, not their text.
            for (auto& [version, list] : by_version)
                std::stable_sort(list.begin(), list.end(), [](const DistributionFile& a, const DistributionFile& b) {
                    auto wa = a.is_wheel() ? tags::WheelFilename::parse(a.filename) : std::unexpected(std::string());
                    auto wb = b.is_wheel() ? tags::WheelFilename::parse(b.filename) : std::unexpected(std::string());
                    if (!wa || !wb) return !wa && wb.has_value();  // sdists first
                    return flat_wheel_less(*wa, *wb);
                });
            IndexVersions iv;
            iv.index_url = location.url;
            iv.flat = true;
            for (auto& [v, list] : by_version) iv.versions.push_back(resolver::VersionFiles{v, std::move(list)});
            out.indexes.push_back(std::move(iv));
        }
    }
    const bool any_index = std::any_of(s.options.indexes.begin(), s.options.indexes.end(),
                                       [](const IndexLocation& i) { return !i.flat; });
    if (!out.indexes.empty()) out.status = PackageVersions::Status::Found;
    else if (offline_miss) out.status = PackageVersions::Status::Offline;
    else if (!any_index) out.status = PackageVersions::Status::NoIndex;
    else out.status = PackageVersions::Status::NotFound;
    return s.answers.emplace(name, std::move(out)).first->second;
}

MetadataResult IndexProvider::metadata(const std::string& name, const pep440::Version& version,
                                       const DistributionFile& file) {
    State& s = *m_state;
    (void)version;
    MetadataResult out;
    auto [url, whole] = s.metadata_source(file);
    std::expected<std::string, std::string> text = std::unexpected(std::string());
    if (url.starts_with("file://") && whole) {
        // A local archive: read its metadata member in place.
        auto path = fetch::file_url_path(url);
        if (!path) {
            out.status = MetadataResult::Status::InvalidStructure;
            out.detail = "not a file URL: " + url;
            return out;
        }
        ++s.counts.local;
        text = file.is_wheel() ? metadata::read_wheel_metadata_text(fs::path(*path))
                               : metadata::read_sdist_pkg_info_text(fs::path(*path));
        if (!text) {
            out.status = MetadataResult::Status::InvalidStructure;
            out.detail = text.error();
            return out;
        }
    } else if (whole) {
        // No `.metadata` beside it: the wheel's METADATA by ranges, or the sdist's PKG-INFO from
        // a download; only the text is kept in the cache.
        auto got = s.archive_metadata(url, file.is_wheel());
        if (!got) {
            out.status = got.error().first;
            out.detail = got.error().second;
            return out;
        }
        text = std::move(*got);
    } else {
        s.start(url, s.metadata_cache ? &*s.metadata_cache : nullptr, true);
        const Fetched& f = s.finish(url);
        if (f.status == Fetched::Status::Offline) {
            out.status = MetadataResult::Status::Offline;
            return out;
        }
        if (f.status != Fetched::Status::Ok) {
            out.status = MetadataResult::Status::Network;
            out.detail = f.error;
            return out;
        }
        text = f.body;
    }
    auto md = metadata::parse_core_metadata(*text, file.filename);
    if (!md) {
        out.status = MetadataResult::Status::InvalidMetadata;
        out.detail = md.error().message;
        return out;
    }
    if (!file.is_wheel()) {
        if (auto ok = metadata::check_static_pkg_info(*md); !ok) {
            out.status = MetadataResult::Status::NeedsBuild;
            out.detail = "`" + name + "` " + version.to_string() +
                         " has only a source distribution whose metadata needs a build (" + ok.error() +
                         "), which lockkit cannot run yet; uv would build it";
            return out;
        }
    }
    if (md->name != name) {
        out.status = MetadataResult::Status::InconsistentMetadata;
        out.detail = "the metadata of " + file.filename + " names `" + md->name + "`";
        return out;
    }
    out.metadata.requires_dist = std::move(md->requires_dist);
    out.metadata.requires_python = std::move(md->requires_python);
    out.metadata.provides_extra = std::move(md->provides_extra);
    return out;
}

resolver::WheelTagVerdict IndexProvider::wheel_tags(std::string_view filename) {
    // Universal: no interpreter, so only the project's requires-python decides
    // (uv's `RequiresPython::matches_wheel_tag`).
    auto wheel = tags::WheelFilename::parse(filename);
    if (!wheel) return {false, std::nullopt, resolver::TagIncompatibility::Invalid};
    const auto [lo, hi] = m_state->options.requires_python.to_marker_tree().python_full_version_bounds();
    if (tags::matches_requires_python(*wheel, lo, hi)) return {true, std::nullopt, resolver::TagIncompatibility::Invalid};
    return {false, std::nullopt, resolver::TagIncompatibility::AbiPythonVersion};
}

} // namespace lockkit::project
