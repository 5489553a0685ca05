// The resolver's provider over the registry client (see index_provider.hpp).

#include <lockkit/project/index_provider.hpp>

#include <lockkit/tags/dist_filename.hpp>
#include <lockkit/tags/wheel_filename.hpp>

#include <algorithm>
#include <chrono>
#include <future>
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
    case K::NameMismatch: return S::InconsistentMetadata;
    case K::InvalidArchive:
    case K::InvalidFilename: return S::InvalidStructure;
    case K::NeedsBuild: return S::NeedsBuild;
    case K::HashMismatch:
    case K::Network: break;
    }
    return S::Network;
}

} // namespace

struct IndexProvider::State {
    std::shared_ptr<index::RegistryClient> client;
    IndexProviderOptions options;
    resolver::WheelTagJudge judge;
    std::map<std::string, PackageVersions> answers;
    /// Listings asked for ahead and not yet read.
    std::map<std::string, std::shared_future<index::ListingResult>> awaiting;
    /// The listed files by URL (views into the pages, which `pages` keeps alive), for the
    /// client's metadata requests; a DistributionRef is made only for the files asked about.
    struct Listed {
        const index::IndexFile* file;
        const index::IndexLocation* location;
    };
    std::unordered_map<std::string_view, Listed> listed;
    std::vector<std::shared_ptr<const index::ProjectFiles>> pages;

    std::vector<std::string> warnings;

    State(std::shared_ptr<index::RegistryClient> c, IndexProviderOptions o)
        : client(std::move(c)), options(std::move(o)), judge(options.requires_python) {}

    std::shared_future<index::ListingResult> listing(const std::string& name) {
        auto pin = options.pins.find(name);
        if (pin == options.pins.end()) return client->project(name);
        return client->project(name, std::string_view(pin->second));
    }

    /// One location's files grouped by version, ascending; files whose requires-python does
    /// not parse are skipped, as uv skips them.
    IndexVersions to_versions(const index::IndexPage& page, bool flat) {
        IndexVersions out;
        out.index_url = page.index->url;
        out.flat = flat;
        pages.push_back(page.files);
        const auto files = page.files->files();
        for (const auto& group : index::group_by_version(*page.files)) {
            resolver::VersionFiles entry{*group.version, {}};
            for (std::uint32_t i : group.files) {
                const index::IndexFile& f = files[i];
                if (f.requires_python && !f.requires_python->specifiers) continue;
                entry.files.push_back(to_file(f));
                listed.emplace(f.url, Listed{&f, page.index});
            }
            if (entry.files.empty()) continue;
            if (flat) sort_flat(entry.files);
            out.versions.push_back(std::move(entry));
        }
        return out;
    }
};

IndexProvider::IndexProvider(std::shared_ptr<index::RegistryClient> client, IndexProviderOptions options)
    : m_state(std::make_unique<State>(std::move(client), std::move(options))) {}
IndexProvider::~IndexProvider() = default;

const std::vector<std::string>& IndexProvider::warnings() const { return m_state->warnings; }

void IndexProvider::prefetch_versions(const std::string& name) {
    State& s = *m_state;
    // Listings that have arrived since: read them now, so that the metadata of their likely
    // candidates is on its way before the solver asks (uv prefetches the same way).
    for (auto it = s.awaiting.begin(); it != s.awaiting.end();) {
        if (it->second.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            ++it;
            continue;
        }
        const std::string ready = it->first;
        it = s.awaiting.erase(it);
        speculate(versions(ready));
    }
    if (s.answers.contains(name) || s.awaiting.contains(name)) return;
    s.awaiting.emplace(name, s.listing(name));
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
    auto it = s.listed.find(file.url);
    // Local wheels are read in place when asked; only remote metadata is worth starting early.
    if (it == s.listed.end() || file.url.starts_with("file://")) return;
    (void)s.client->metadata(index::DistributionRef::from(*it->second.file, it->second.location));
}

const PackageVersions& IndexProvider::versions(const std::string& name) {
    State& s = *m_state;
    if (auto it = s.answers.find(name); it != s.answers.end()) return it->second;
    std::shared_future<index::ListingResult> future;
    if (auto it = s.awaiting.find(name); it != s.awaiting.end()) {
        future = it->second;
        s.awaiting.erase(it);
    } else {
        future = s.listing(name);
    }
    const index::ListingResult& listing = future.get();
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
    const index::MetadataResult& got = s.client->metadata(ref).get();
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
