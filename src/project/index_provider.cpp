// The resolver's provider over the registry client (see index_provider.hpp).

#include <lockkit/project/index_provider.hpp>

#include <lockkit/tags/dist_filename.hpp>
#include <lockkit/tags/wheel_filename.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <future>
#include <list>
#include <set>
#include <span>
#include <unordered_map>

namespace lockkit::project {

using resolver::DistributionFile;
using resolver::IndexVersions;
using resolver::MetadataResult;
using resolver::PackageVersions;

namespace {

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

/// uv's order of wheels in a flat location (the derived `Ord` of `WheelFilename`): name,
/// version, then a single-tag wheel before a compressed or build-tagged one, then the tags.
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

/// uv's order of flat files: sdists first, then wheels by their parsed names.
bool flat_file_less(const DistributionFile& a, const DistributionFile& b) {
    auto wa = a.is_wheel() ? tags::WheelFilename::parse(a.filename) : std::unexpected(std::string());
    auto wb = b.is_wheel() ? tags::WheelFilename::parse(b.filename) : std::unexpected(std::string());
    if (!wa || !wb) return !wa && wb.has_value();
    return flat_wheel_less(*wa, *wb);
}

/// Flat files of one version in uv's order.
void sort_flat(std::vector<DistributionFile>& files) { std::stable_sort(files.begin(), files.end(), flat_file_less); }

/// uv sorts the files of all find-links locations together, by filename and then by location
/// (`FlatIndexClient::fetch_all`; an `IndexUrl` orders remote URLs before local paths, each by
/// its URL).
void sort_find_links(std::vector<DistributionFile>& files) {
    auto location = [](const DistributionFile& f) { return std::pair{f.find_links.starts_with("file:"), std::string_view(f.find_links)}; };
    std::stable_sort(files.begin(), files.end(), [&](const DistributionFile& a, const DistributionFile& b) {
        if (flat_file_less(a, b)) return true;
        if (flat_file_less(b, a)) return false;
        return location(a) < location(b);
    });
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
    for (const auto& h : file.hashes)
        d.hashes.emplace_back(std::string(index::hash_algorithm_name(h.algorithm)), std::string(h.hex));
    return d;
}

MetadataResult::Status status_of(index::MetadataError::Kind kind) {
    using K = index::MetadataError::Kind;
    using S = MetadataResult::Status;
    switch (kind) {
    case K::Offline: return S::Offline;
    case K::InvalidMetadata: return S::InvalidMetadata;
    case K::NameMismatch:
    case K::VersionMismatch: return S::InconsistentMetadata;
    case K::InvalidArchive:
    case K::InvalidFilename: return S::InvalidStructure;
    // A failed build stops the resolution as a missing one does: uv ends with the build's error
    // rather than trying another version.
    case K::NeedsBuild:
    case K::BuildFailed: return S::NeedsBuild;
    case K::HashMismatch:
    case K::Network: break;
    }
    return S::Network;
}

/// A listed file by URL, for the client's metadata requests (views into a page that the
/// `PageFiles` holding it keeps alive).
struct Listed {
    const index::ProjectFiles* page;
    std::uint32_t at;  ///< the file's position in the page
    const index::IndexLocation* location;
    /// Its metadata was asked for early already: the resolver hints the same file again at
    /// each choice of its version, in every fork, and one request is all a hint can start.
    bool prefetched = false;

    index::DistributionRef ref() const { return index::DistributionRef::from(page->file(at), location); }
};
using ListedFiles = std::unordered_map<std::string_view, Listed>;

/// One location's versions over its page: a version's files become `DistributionFile`s only
/// when the resolver looks at them (a few versions per package of the thousands listed), and
/// only those enter the by-URL table.
class PageFiles final : public resolver::FileSource {
public:
    /// Fills `versions` with the page's versions that keep files: files whose requires-python
    /// does not parse are skipped, as uv skips them, and so are the versions left without files.
    PageFiles(const index::IndexPage& page, bool flat, bool find_links, ListedFiles& listed,
              std::vector<resolver::VersionFiles>& versions)
        : m_page(page.files), m_location(page.index), m_flat(flat), m_find_links(find_links), m_listed(&listed) {
        // The page's own grouping (usually made on the client's thread) is read in place.
        const index::VersionGroups& groups = m_page->version_groups();
        m_groups.reserve(groups.versions.size());
        versions.reserve(groups.versions.size());
        // Exclude-newer asks about every version, often: its upload times are worked out once,
        // with the grouping; only a version that loses files gets them again.
        m_times.reserve(groups.versions.size());
        for (std::size_t g = 0; g < groups.versions.size(); ++g) {
            std::span<const std::uint32_t> files = groups.files_of(g);
            const index::VersionGroups::Summary& summary = groups.summaries[g];
            resolver::UploadTimes times{summary.earliest_upload, summary.untimed, false};
            if (summary.unparsed_requires_python) {
                const auto unparsed = [&](std::uint32_t i) {
                    const index::RequiresPython* requires_python = m_page->file_summary(i).requires_python;
                    return requires_python && !requires_python->specifiers;
                };
                auto& kept = m_filtered.emplace_back(files.begin(), files.end());
                std::erase_if(kept, unparsed);
                files = kept;
                times = {};
                for (std::uint32_t at : files) {
                    const auto t = m_page->file_summary(at).upload_time_ms;
                    if (!t) times.untimed = true;
                    else times.earliest = times.earliest ? std::min(*times.earliest, *t) : *t;
                }
            }
            if (files.empty()) continue;
            versions.push_back(resolver::VersionFiles{*groups.versions[g], {}});
            m_groups.push_back(files);
            m_times.push_back(times);
        }
    }

    std::vector<DistributionFile> files(std::size_t i) const override {
        std::vector<DistributionFile> out;
        out.reserve(m_groups[i].size());
        for (std::uint32_t at : m_groups[i]) {
            const index::IndexFile f = m_page->file(at);
            out.push_back(to_file(f));
            if (m_find_links) out.back().find_links = m_location->url;
            m_listed->emplace(f.url, Listed{m_page.get(), at, m_location});
        }
        if (m_flat) sort_flat(out);
        return out;
    }

    resolver::UploadTimes upload_times(std::size_t i) const override {
        resolver::UploadTimes t = m_times[i];
        t.find_links = m_find_links;
        return t;
    }

private:
    std::shared_ptr<const index::ProjectFiles> m_page;
    const index::IndexLocation* m_location;
    bool m_flat;
    bool m_find_links;  ///< a find-links location: its files say so
    std::vector<std::span<const std::uint32_t>> m_groups;  ///< per listed version: its files in the page
    std::deque<std::vector<std::uint32_t>> m_filtered;    ///< groups that lost files (m_groups views them)
    std::vector<resolver::UploadTimes> m_times;         ///< per listed version
    ListedFiles* m_listed;                             ///< the provider's, which outlives this
};

/// Several locations' versions as one list, as uv merges find-links files into an index's
/// versions (`VersionMapLazyIndex::merge_flat`) and the find-links locations into one flat
/// index (`FlatIndex::from_entries`): the union of their versions, a version's files taken
/// from each part in turn (the find-links locations in order, then the index). uv's best file
/// is the first of the most compatible, so on a tie a find-links file wins.
class MergedFiles final : public resolver::FileSource {
public:
    using Part = std::shared_ptr<const resolver::IndexVersions>;

    /// `parts` in the order their files are offered, the first `links` of them find-links
    /// locations; fills `versions` with the union.
    MergedFiles(std::vector<Part> parts, std::size_t links, std::vector<resolver::VersionFiles>& versions)
        : m_parts(std::move(parts)), m_links(links) {
        std::map<pep440::Version, std::vector<std::pair<std::size_t, std::size_t>>> by_version;
        for (std::size_t p = 0; p < m_parts.size(); ++p)
            for (std::size_t i = 0; i < m_parts[p]->versions.size(); ++i)
                by_version[m_parts[p]->versions[i].version].emplace_back(p, i);
        versions.reserve(by_version.size());
        for (auto& [version, places] : by_version) {
            versions.push_back(resolver::VersionFiles{version, {}});
            m_places.push_back(std::move(places));
        }
    }

    std::vector<DistributionFile> files(std::size_t i) const override {
        std::vector<DistributionFile> out;
        std::size_t linked = 0, locations = 0;
        for (const auto& [p, at] : m_places[i]) {
            const auto& part = m_parts[p]->files(at);
            out.insert(out.end(), part.begin(), part.end());
            if (p < m_links) {
                linked = out.size();
                ++locations;
            }
        }
        if (locations > 1) {
            std::vector<DistributionFile> head(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(linked));
            sort_find_links(head);
            std::move(head.begin(), head.end(), out.begin());
        }
        return out;
    }

    resolver::UploadTimes upload_times(std::size_t i) const override {
        resolver::UploadTimes out;
        for (const auto& [p, at] : m_places[i]) {
            const resolver::UploadTimes t = m_parts[p]->upload_times(at);
            out.untimed = out.untimed || t.untimed;
            out.find_links = out.find_links || t.find_links;
            if (t.earliest) out.earliest = out.earliest ? std::min(*out.earliest, *t.earliest) : *t.earliest;
        }
        return out;
    }

private:
    std::vector<Part> m_parts;
    std::size_t m_links;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> m_places;  ///< per version: (part, position)
};

/// One list over `parts`, the first `links` of them find-links locations (see MergedFiles).
IndexVersions merged_versions(std::vector<MergedFiles::Part> parts, std::size_t links, const std::string& index_url,
                              bool flat) {
    IndexVersions out;
    out.index_url = index_url;
    out.flat = flat;
    out.source = std::make_shared<MergedFiles>(std::move(parts), links, out.versions);
    return out;
}

bool is_ready(const auto& future) { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }

} // namespace

constexpr std::uint64_t k_prefetches_per_pump = 16;

struct IndexProvider::State {
    std::shared_ptr<index::RegistryClient> client;
    IndexProviderOptions options;
    resolver::WheelTagJudge judge;
    /// Hashed: the solver asks about a package thousands of times once its versions are in.
    std::unordered_map<std::string, PackageVersions> answers;
    /// Listings asked for ahead and not yet read.
    std::map<std::string, std::shared_future<index::ListingResult>> awaiting;
    /// The files handed to the resolver, by URL; a DistributionRef is made only for the files
    /// asked about.
    ListedFiles listed;
    /// Packages whose likeliest candidate was fetched ahead, and those fetches not yet followed.
    std::set<std::string> crawled;
    std::list<std::shared_future<index::MetadataResult>> speculated;
    std::uint64_t prefetch_calls = 0;  ///< prefetch_versions pumps once every k_prefetches_per_pump
    /// The metadata the solver last asked about with metadata_ready, which await_progress waits for.
    std::shared_future<index::MetadataResult> awaited;
    /// The files whose builds the solver waited for (a build fetched ahead can sit behind
    /// others for seconds; the one the solver needs now goes first), each told once.
    std::set<std::string> expedited;

    void expedite(const index::DistributionRef& ref) {
        if (!ref.filename.ends_with(".whl") && expedited.insert(ref.url).second) client->expedite(ref);
    }

    std::vector<std::string> warnings;

    State(std::shared_ptr<index::RegistryClient> c, IndexProviderOptions o)
        : client(std::move(c)), options(std::move(o)), judge(options.requires_python) {}

    /// The client's reference to a file handed to the resolver (a file it was not handed, by URL only).
    index::DistributionRef ref_of(const std::string& name, const DistributionFile& file) const;

    std::shared_future<index::ListingResult> listing(const std::string& name) {
        auto pin = options.pins.find(name);
        if (pin == options.pins.end()) return client->project(name);
        return client->project(name, std::string_view(pin->second));
    }

    /// One location's files grouped by version, ascending (see PageFiles).
    IndexVersions to_versions(const index::IndexPage& page, bool flat, bool find_links = false) {
        IndexVersions out;
        out.index_url = page.index->url;
        out.flat = flat;
        out.source = std::make_shared<PageFiles>(page, flat, find_links, listed, out.versions);
        return out;
    }
};

IndexProvider::IndexProvider(std::shared_ptr<index::RegistryClient> client, IndexProviderOptions options)
    : m_state(std::make_unique<State>(std::move(client), std::move(options))) {}
IndexProvider::~IndexProvider() = default;

const std::vector<std::string>& IndexProvider::warnings() const { return m_state->warnings; }

void IndexProvider::prefetch_versions(const std::string& name) {
    State& s = *m_state;
    // The solver asks for every dependency of every version it tries, thousands of times a
    // second when the pages are cached: looking at each pending request every time cost more
    // than the lookahead is worth. A listing that arrived is taken up a few calls later, or
    // when the solver waits (wait() pumps).
    if (s.prefetch_calls++ % k_prefetches_per_pump == 0) pump();
    if (s.answers.contains(name) || s.awaiting.contains(name)) return;
    s.awaiting.emplace(name, s.listing(name));
}

void IndexProvider::pump() {
    State& s = *m_state;
    // Listings that have arrived: the metadata of their likely candidates goes on its way
    // before the solver asks. A listing that failed waits for the solver to ask, which
    // reports it; a package the solver never needs warns nobody.
    for (auto it = s.awaiting.begin(); it != s.awaiting.end();) {
        if (!is_ready(it->second) || !it->second.get()) {
            ++it;
            continue;
        }
        const std::string ready = it->first;
        ++it;  // versions() takes it out of `awaiting`
        speculate(ready, versions(ready));
    }
    // Metadata fetched ahead that has arrived: its dependencies will most likely be asked for
    // (those behind an extra only if the extra is, which is rarer).
    for (auto it = s.speculated.begin(); it != s.speculated.end();) {
        if (!is_ready(*it)) {
            ++it;
            continue;
        }
        if (const index::MetadataResult& got = it->get())
            for (const auto& r : got->requires_dist)
                if (!r.url && r.marker.evaluate_extras_only({}) && !s.answers.contains(r.name) &&
                    !s.awaiting.contains(r.name))
                    s.awaiting.emplace(r.name, s.listing(r.name));
        it = s.speculated.erase(it);
    }
}

template <typename T>
const T& IndexProvider::wait(const std::shared_future<T>& future) {
    // The solver is blocked: meanwhile keep the requests that will follow in flight.
    while (!is_ready(future)) {
        pump();
        future.wait_for(std::chrono::milliseconds(2));
    }
    return future.get();
}

void IndexProvider::speculate(const std::string& name, const PackageVersions& answer) {
    State& s = *m_state;
    if (!s.crawled.insert(name).second) return;
    // The newest version the cutoff allows is the likeliest candidate, and its best file the
    // one read: the first wheel the project's Python range can install. Not a source
    // distribution: its metadata may need a build, and the crawl reaches packages the
    // resolution never will (dependencies for old Pythons, such as `backports.zoneinfo`).
    const auto cutoff = s.options.exclude_newer.cutoff_for(name);
    for (const IndexVersions& index : answer.indexes) {
        const bool timed = cutoff && !index.flat;
        auto inside = [&](const std::optional<std::int64_t>& t) { return !timed || (t && *t < *cutoff); };
        // Find-links files merged into an index's versions have no upload times and are never cut off.
        for (std::size_t i = index.versions.size(); i-- > 0;) {
            const pep440::Version& version = index.versions[i].version;
            const resolver::UploadTimes times = index.upload_times(i);
            if (version.is_prerelease() || !(times.find_links || inside(times.earliest))) continue;
            const DistributionFile* pick = nullptr;
            for (const auto& f : index.files(i)) {
                if (f.yanked || !f.is_wheel() || !(!f.find_links.empty() || inside(f.upload_time_ms))) continue;
                if (wheel_tags(f.filename).compatible) {
                    pick = &f;
                    break;
                }
            }
            if (pick != nullptr) {
                auto listed = s.listed.find(pick->url);
                // Local files are read in place when asked; only remote metadata is worth
                // starting early.
                if (listed != s.listed.end() && !pick->url.starts_with("file://"))
                    s.speculated.emplace_back(s.client->metadata(
                        listed->second.ref()));
            }
            break;
        }
    }
}

void IndexProvider::prefetch_metadata(const std::string&, const pep440::Version&, const DistributionFile& file) {
    State& s = *m_state;
    auto it = s.listed.find(file.url);
    if (it == s.listed.end() || it->second.prefetched || file.url.starts_with("file://")) return;
    it->second.prefetched = true;
    (void)s.client->metadata(it->second.ref());
}

void IndexProvider::prefetch_candidate_metadata(const std::string&, const pep440::Version&,
                                                const DistributionFile& file) {
    State& s = *m_state;
    auto it = s.listed.find(file.url);
    if (it == s.listed.end() || it->second.prefetched) return;
    // A guess: a `.metadata` file or a few byte ranges are worth it, a whole wheel is not.
    const auto ref = it->second.ref();
    if (!s.client->metadata_is_cheap(ref)) return;
    it->second.prefetched = true;
    (void)s.client->metadata(ref);
}

bool IndexProvider::versions_ready(const std::string& name) {
    State& s = *m_state;
    if (s.answers.contains(name)) return true;
    // A listing that failed waits for the solver to ask, which reports it.
    auto it = s.awaiting.find(name);
    return it != s.awaiting.end() && is_ready(it->second) && it->second.get().has_value();
}

const PackageVersions& IndexProvider::versions(const std::string& name) {
    State& s = *m_state;
    if (auto it = s.answers.find(name); it != s.answers.end()) return it->second;
    auto [waiting, fresh] = s.awaiting.try_emplace(name);
    if (fresh) waiting->second = s.listing(name);
    const std::shared_future<index::ListingResult> future = waiting->second;
    const index::ListingResult& listing = wait(future);
    // The pump may have read it meanwhile.
    if (auto it = s.answers.find(name); it != s.answers.end()) return it->second;
    s.awaiting.erase(name);
    PackageVersions out;
    if (!listing) {
        s.warnings.push_back("cannot read the index page of `" + name + "`: " + listing.error().render());
        return s.answers.emplace(name, std::move(out)).first->second;
    }
    // uv merges the find-links files into each index's versions (not into a `format = "flat"`
    // index's); with no index listing the package, the find-links locations answer alone, as
    // one list (uv's `DefaultResolverProvider::get_package_versions`).
    std::vector<MergedFiles::Part> links;
    for (const auto& page : listing->find_links_pages)
        links.push_back(std::make_shared<const IndexVersions>(s.to_versions(page, true, true)));
    for (const auto& page : listing->pages) {
        IndexVersions own = s.to_versions(page, page.index->flat);
        if (page.index->flat || links.empty()) {
            out.indexes.push_back(std::move(own));
            continue;
        }
        std::vector<MergedFiles::Part> parts = links;
        const std::string url = own.index_url;
        parts.push_back(std::make_shared<const IndexVersions>(std::move(own)));
        out.indexes.push_back(merged_versions(std::move(parts), links.size(), url, false));
    }
    if (listing->pages.empty() && !links.empty()) {
        const std::string url = links.front()->index_url;
        const std::size_t count = links.size();
        out.indexes.push_back(merged_versions(std::move(links), count, url, true));
    }
    using L = index::PackageListing::Status;
    switch (listing->status) {
    case L::Found: out.status = PackageVersions::Status::Found; break;
    case L::NotFound: out.status = PackageVersions::Status::NotFound; break;
    case L::NoIndex: out.status = PackageVersions::Status::NoIndex; break;
    case L::Offline: out.status = PackageVersions::Status::Offline; break;
    }
    if (out.indexes.empty() && out.status == PackageVersions::Status::Found) out.status = PackageVersions::Status::NotFound;
    return s.answers.emplace(name, std::move(out)).first->second;
}

index::DistributionRef IndexProvider::State::ref_of(const std::string& name, const DistributionFile& file) const {
    if (auto it = listed.find(file.url); it != listed.end()) return it->second.ref();
    index::DistributionRef ref;
    ref.name = name;
    ref.filename = file.filename;
    ref.url = file.url;
    return ref;
}

bool IndexProvider::metadata_ready(const std::string& name, const pep440::Version&, const DistributionFile& file) {
    State& s = *m_state;
    const index::DistributionRef ref = s.ref_of(name, file);
    s.awaited = s.client->metadata(ref);
    if (is_ready(s.awaited)) return true;
    s.expedite(ref);
    return false;
}

void IndexProvider::await_progress() {
    State& s = *m_state;
    pump();
    if (s.awaited.valid()) s.awaited.wait_for(std::chrono::milliseconds(2));
}

MetadataResult IndexProvider::metadata(const std::string& name, const pep440::Version& version,
                                       const DistributionFile& file) {
    State& s = *m_state;
    (void)version;
    s.awaited = {};
    const index::DistributionRef ref = s.ref_of(name, file);
    const auto future = s.client->metadata(ref);
    if (!is_ready(future)) s.expedite(ref);
    const index::MetadataResult& got = wait(future);
    MetadataResult out;
    if (!got) {
        out.status = status_of(got.error().kind);
        out.detail = got.error().message;
        return out;
    }
    out.metadata.requires_dist = got->requires_dist;
    out.metadata.requires_python = got->requires_python;
    out.metadata.provides_extra = got->provides_extra;
    return out;
}

resolver::WheelTagVerdict IndexProvider::wheel_tags(std::string_view filename) {
    return m_state->judge.judge(filename);
}

} // namespace lockkit::project
