// The resolver's provider over the registry client (see index_provider.hpp).

#include <lockkit/project/index_provider.hpp>

#include <lockkit/tags/dist_filename.hpp>
#include <lockkit/tags/wheel_filename.hpp>

#include <algorithm>
#include <chrono>
#include <future>
#include <list>
#include <set>
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

/// Flat files of one version in uv's order: sdists first, then wheels by their parsed names.
void sort_flat(std::vector<DistributionFile>& files) {
    std::stable_sort(files.begin(), files.end(), [](const DistributionFile& a, const DistributionFile& b) {
        auto wa = a.is_wheel() ? tags::WheelFilename::parse(a.filename) : std::unexpected(std::string());
        auto wb = b.is_wheel() ? tags::WheelFilename::parse(b.filename) : std::unexpected(std::string());
        if (!wa || !wb) return !wa && wb.has_value();
        return flat_wheel_less(*wa, *wb);
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
    const index::IndexFile* file;
    const index::IndexLocation* location;
};
using ListedFiles = std::unordered_map<std::string_view, Listed>;

/// One location's versions over its page: a version's files become `DistributionFile`s only
/// when the resolver looks at them (a few versions per package of the thousands listed), and
/// only those enter the by-URL table.
class PageFiles final : public resolver::FileSource {
public:
    PageFiles(const index::IndexPage& page, bool flat, std::vector<std::vector<std::uint32_t>> groups, ListedFiles& listed)
        : m_page(page.files), m_location(page.index), m_flat(flat), m_groups(std::move(groups)), m_listed(&listed) {
        // Exclude-newer asks about every version, often: worked out once.
        const auto all = m_page->files();
        m_times.resize(m_groups.size());
        for (std::size_t i = 0; i < m_groups.size(); ++i) {
            for (std::uint32_t at : m_groups[i]) {
                const auto& t = all[at].upload_time_ms;
                if (!t) m_times[i].untimed = true;
                else m_times[i].earliest = m_times[i].earliest ? std::min(*m_times[i].earliest, *t) : *t;
            }
        }
    }

    std::vector<DistributionFile> files(std::size_t i) const override {
        const auto all = m_page->files();
        std::vector<DistributionFile> out;
        out.reserve(m_groups[i].size());
        for (std::uint32_t at : m_groups[i]) {
            const index::IndexFile& f = all[at];
            out.push_back(to_file(f));
            m_listed->emplace(f.url, Listed{&f, m_location});
        }
        if (m_flat) sort_flat(out);
        return out;
    }

    resolver::UploadTimes upload_times(std::size_t i) const override { return m_times[i]; }

private:
    std::shared_ptr<const index::ProjectFiles> m_page;
    const index::IndexLocation* m_location;
    bool m_flat;
    std::vector<std::vector<std::uint32_t>> m_groups;  ///< per listed version: its files in the page
    std::vector<resolver::UploadTimes> m_times;         ///< per listed version
    ListedFiles* m_listed;                             ///< the provider's, which outlives this
};

bool is_ready(const auto& future) { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }

} // namespace

struct IndexProvider::State {
    std::shared_ptr<index::RegistryClient> client;
    IndexProviderOptions options;
    resolver::WheelTagJudge judge;
    std::map<std::string, PackageVersions> answers;
    /// Listings asked for ahead and not yet read.
    std::map<std::string, std::shared_future<index::ListingResult>> awaiting;
    /// The files handed to the resolver, by URL; a DistributionRef is made only for the files
    /// asked about.
    ListedFiles listed;
    /// Packages whose likeliest candidate was fetched ahead, and those fetches not yet followed.
    std::set<std::string> crawled;
    std::list<std::shared_future<index::MetadataResult>> speculated;

    std::vector<std::string> warnings;

    State(std::shared_ptr<index::RegistryClient> c, IndexProviderOptions o)
        : client(std::move(c)), options(std::move(o)), judge(options.requires_python) {}

    std::shared_future<index::ListingResult> listing(const std::string& name) {
        auto pin = options.pins.find(name);
        if (pin == options.pins.end()) return client->project(name);
        return client->project(name, std::string_view(pin->second));
    }

    /// One location's files grouped by version, ascending; files whose requires-python does
    /// not parse are skipped, as uv skips them, and so are the versions left without files.
    IndexVersions to_versions(const index::IndexPage& page, bool flat) {
        IndexVersions out;
        out.index_url = page.index->url;
        out.flat = flat;
        const auto files = page.files->files();
        auto groups = index::group_by_version(*page.files);
        std::vector<std::vector<std::uint32_t>> kept;
        kept.reserve(groups.size());
        out.versions.reserve(groups.size());
        for (auto& group : groups) {
            std::erase_if(group.files, [&](std::uint32_t i) {
                return files[i].requires_python && !files[i].requires_python->specifiers;
            });
            if (group.files.empty()) continue;
            out.versions.push_back(resolver::VersionFiles{*group.version, {}});
            kept.push_back(std::move(group.files));
        }
        out.source = std::make_shared<PageFiles>(page, flat, std::move(kept), listed);
        return out;
    }
};

IndexProvider::IndexProvider(std::shared_ptr<index::RegistryClient> client, IndexProviderOptions options)
    : m_state(std::make_unique<State>(std::move(client), std::move(options))) {}
IndexProvider::~IndexProvider() = default;

const std::vector<std::string>& IndexProvider::warnings() const { return m_state->warnings; }

void IndexProvider::prefetch_versions(const std::string& name) {
    State& s = *m_state;
    pump();
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
        for (std::size_t i = index.versions.size(); i-- > 0;) {
            const pep440::Version& version = index.versions[i].version;
            if (version.is_prerelease() || !inside(index.upload_times(i).earliest)) continue;
            const DistributionFile* pick = nullptr;
            for (const auto& f : index.files(i)) {
                if (f.yanked || !inside(f.upload_time_ms) || !f.is_wheel()) continue;
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
                        index::DistributionRef::from(*listed->second.file, listed->second.location)));
            }
            break;
        }
    }
}

void IndexProvider::prefetch_metadata(const std::string&, const pep440::Version&, const DistributionFile& file) {
    State& s = *m_state;
    auto it = s.listed.find(file.url);
    if (it == s.listed.end() || file.url.starts_with("file://")) return;
    (void)s.client->metadata(index::DistributionRef::from(*it->second.file, it->second.location));
}

void IndexProvider::prefetch_candidate_metadata(const std::string&, const pep440::Version&,
                                                const DistributionFile& file) {
    State& s = *m_state;
    auto it = s.listed.find(file.url);
    if (it == s.listed.end()) return;
    // A guess: a `.metadata` file or a few byte ranges are worth it, a whole wheel is not.
    const auto ref = index::DistributionRef::from(*it->second.file, it->second.location);
    if (s.client->metadata_is_cheap(ref)) (void)s.client->metadata(ref);
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
    for (const auto& page : listing->pages) out.indexes.push_back(s.to_versions(page, page.index->flat));
    for (const auto& page : listing->find_links_pages) out.indexes.push_back(s.to_versions(page, true));
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

MetadataResult IndexProvider::metadata(const std::string& name, const pep440::Version& version,
                                       const DistributionFile& file) {
    State& s = *m_state;
    (void)version;
    index::DistributionRef ref;
    if (auto it = s.listed.find(file.url); it != s.listed.end()) {
        ref = index::DistributionRef::from(*it->second.file, it->second.location);
    } else {
        ref.name = name;
        ref.filename = file.filename;
        ref.url = file.url;
    }
    const index::MetadataResult& got = wait(s.client->metadata(ref));
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
