#pragma once
// What the resolver asks the outside world, and nothing else: the solver does no I/O.
//
// A provider answers three questions:
//   * which versions and files of a package an index lists (`versions`), one `IndexVersions`
//     per index that answered, in the order the indexes are consulted;
//   * the core metadata of a version, read from one of its files (`metadata`);
//   * whether a wheel's tags fit the target (`wheel_tags`), so that tag logic lives in exactly
//     one module (the platform-tags code) and the resolver only sees verdicts.
//
// The blocking calls may be answered from a cache filled in the background: the prefetch hints
// tell the provider, before the solver blocks, which answers it will need next (uv sends the
// same requests to its fetcher: every dependency as soon as it is seen, the undecided packages
// after each propagation, the chosen file's metadata as soon as a version is selected). A
// provider that ignores the hints is correct, only slower.

#include <lockkit/pep440/specifiers.hpp>
#include <lockkit/pep508/requirement.hpp>
#include <lockkit/tags/supported_tags.hpp>

#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::resolver {

/// A file's yank status (PEP 592): yanked, with or without a reason.
struct Yanked {
    std::optional<std::string> reason;
};

/// One distribution file of a version, with the facts the index gives.
struct DistributionFile {
    std::string filename;                        ///< wheel or source distribution filename
    std::string url;                             ///< where to download it (for the lock)
    std::optional<std::string> requires_python;  ///< as the index wrote it
    std::optional<Yanked> yanked;                ///< set when the file is yanked
    std::optional<std::int64_t> upload_time_ms;  ///< UTC milliseconds since the epoch
    std::vector<std::pair<std::string, std::string>> hashes;  ///< (algorithm, hex digest)
    std::optional<std::uint64_t> size;
    /// The find-links location that lists the file, for a find-links file: uv merges those
    /// into every index's versions, where they bypass exclude-newer and a lock records them
    /// under their own location. Empty for an index's own files.
    std::string find_links;

    bool is_wheel() const { return filename.ends_with(".whl"); }
};

/// One version and its files, as one index lists them.
struct VersionFiles {
    pep440::Version version;
    /// The files. With a `FileSource` behind the index they are made on first use: read them
    /// through `IndexVersions::files`.
    mutable std::vector<DistributionFile> files;
    mutable bool loaded = false;  ///< `files` came from the index's `FileSource`
};

/// The upload times of one version's files, which is all exclude-newer needs to know about a
/// version the solver never looks into.
struct UploadTimes {
    std::optional<std::int64_t> earliest;  ///< the earliest among the files that have one
    bool untimed = false;                  ///< some file has none
    bool find_links = false;               ///< some file comes from a find-links location
};

/// Makes the files of a listed version when the resolver first looks at them. Large pages list
/// tens of thousands of files, of which a resolution reads a few versions' worth; a provider
/// whose pages are already in memory hands views over them instead of copying every file.
class FileSource {
public:
    virtual ~FileSource() = default;
    /// The files of the version at position `i` of the index's list (never empty).
    virtual std::vector<DistributionFile> files(std::size_t i) const = 0;
    virtual UploadTimes upload_times(std::size_t i) const = 0;
};

/// What one index lists for a package: versions sorted ascending, each once.
struct IndexVersions {
    std::string index_url;
    std::vector<VersionFiles> versions;
    /// Flat indexes (`--find-links`) carry no upload times and bypass exclude-newer.
    bool flat = false;
    /// When set, the versions' files are made by it on first use; otherwise they are listed.
    std::shared_ptr<const FileSource> source{};

    /// The files of the version at position i (made now if the source has not made them yet).
    const std::vector<DistributionFile>& files(std::size_t i) const;
    /// The upload times of the version's files, without making them.
    UploadTimes upload_times(std::size_t i) const;
};

/// An index that refused a lookup: 401 (no valid credentials) or 403 (forbidden).
struct RefusedIndex {
    std::string index_url;
    std::uint16_t status = 401;

    friend bool operator==(const RefusedIndex&, const RefusedIndex&) = default;
};

/// The answer to "which versions of this package exist".
struct PackageVersions {
    enum class Status : std::uint8_t {
        Found,     ///< at least one index knows the package
        NotFound,  ///< no index knows it
        NoIndex,   ///< index lookups are disabled and no flat index has it
        Offline,   ///< the network is disabled and nothing is cached
    };
    Status status = Status::NotFound;
    std::vector<IndexVersions> indexes;
};

/// The core metadata of one version (METADATA / PKG-INFO).
struct PackageMetadata {
    std::vector<pep508::Requirement> requires_dist;
    std::optional<pep440::VersionSpecifiers> requires_python;
    std::vector<std::string> provides_extra;  ///< normalized
    std::map<std::string, std::vector<pep508::Requirement>> dependency_groups;
};

/// The answer to "what does this version depend on".
struct MetadataResult {
    enum class Status : std::uint8_t {
        Found,
        Offline,               ///< not cached and the network is disabled
        InvalidMetadata,       ///< found but unparsable
        InconsistentMetadata,  ///< the metadata contradicts the filename
        InvalidStructure,      ///< not a valid archive
        NeedsBuild,            ///< only a build could tell, and none ran or it failed (`detail` says why): the resolution stops
        Network,               ///< the request failed (`detail` holds the status)
    };
    Status status = Status::Found;
    PackageMetadata metadata;
    std::string detail;
};

/// The answer to "what is the package at this URL": a direct URL or a local source tree (a
/// workspace member, a path dependency), whose version comes from its metadata, not an index.
struct UrlMetadata {
    pep440::Version version;
    PackageMetadata metadata;
    /// `version` stands in for one only a build can tell (a source tree that declares its
    /// version dynamic, read without a build). It is good enough while no requirement
    /// constrains the package, since a lock omits such a version; the resolver asks
    /// `url_version` for the real one as soon as a requirement does.
    bool version_is_stand_in = false;
};

/// Why a wheel's tags do not fit (uv's `IncompatibleTag`, in uv's order: later is closer).
enum class TagIncompatibility : std::uint8_t { Invalid, Python, Abi, FreethreadedAbi, AbiPythonVersion, Platform };

/// A wheel's tags against the target.
struct WheelTagVerdict {
    bool compatible = false;
    /// Compatible: higher is preferred (uv's tag priority); nothing in universal mode.
    std::optional<std::uint32_t> priority;
    /// Incompatible: why.
    TagIncompatibility reason = TagIncompatibility::Invalid;
};

class ResolverProvider {
public:
    virtual ~ResolverProvider() = default;

    /// Hint: `versions(name)` will be asked soon.
    virtual void prefetch_versions(const std::string& name) { (void)name; }
    /// Hint: `metadata` for this file will be asked soon.
    virtual void prefetch_metadata(const std::string& name, const pep440::Version& version,
                                   const DistributionFile& file) {
        (void)name, (void)version, (void)file;
    }

    /// Hint: `metadata` for this file may be asked (a guess made while backtracking through a
    /// package's versions). Worth acting on only where it is cheap, such as a PEP 658
    /// `.metadata` file; never a whole wheel.
    virtual void prefetch_candidate_metadata(const std::string& name, const pep440::Version& version,
                                             const DistributionFile& file) {
        (void)name, (void)version, (void)file;
    }

    /// Whether `versions(name)` would answer now, without waiting. The resolver then looks at
    /// the package's likeliest candidate before deciding it and hints that file's metadata
    /// (uv's pre-visit of the undecided packages). A provider that cannot tell says no: the
    /// resolver is only slower.
    virtual bool versions_ready(const std::string& name) {
        (void)name;
        return false;
    }

    /// Whether `metadata` for this file would answer now, without waiting (asking starts the
    /// request). While it would not, the resolver goes on looking ahead at the packages whose
    /// versions have come in since, between calls to `await_progress`: a long answer (the
    /// build of a source distribution) then holds up only the solver, not the requests that
    /// will follow, as uv's fetcher goes on with its prefetches while a build runs. A provider
    /// that cannot tell says yes, and the resolver simply waits in `metadata`.
    virtual bool metadata_ready(const std::string& name, const pep440::Version& version, const DistributionFile& file) {
        (void)name, (void)version, (void)file;
        return true;
    }
    /// Waits a moment (a few milliseconds at most) for the metadata last asked about with
    /// `metadata_ready`, keeping the provider's own background work going.
    virtual void await_progress() {}

    /// The versions and files of a package (blocks until known; the reference stays valid for
    /// the provider's lifetime).
    virtual const PackageVersions& versions(const std::string& name) = 0;
    /// The metadata of a version, read from `file` (blocks until known).
    virtual MetadataResult metadata(const std::string& name, const pep440::Version& version,
                                    const DistributionFile& file) = 0;
    /// The version and metadata of `name @ url` (blocks until known). The error is a sentence
    /// naming the package (for instance: its metadata needs a build), and ends the resolution.
    virtual std::expected<UrlMetadata, std::string> url_metadata(const std::string& name, const std::string& url) {
        (void)url;
        return std::unexpected("`" + name + "` is a direct URL or local package, which this provider cannot read");
    }
    /// The real version of `name @ url` whose `url_metadata` gave a stand-in version (a build,
    /// as uv runs it). The error is a sentence naming the package and why it has no version,
    /// and ends the resolution.
    virtual std::expected<pep440::Version, std::string> url_version(const std::string& name, const std::string& url) {
        (void)url;
        return std::unexpected("the version of `" + name + "` is dynamic, and this provider cannot build it");
    }
    /// Whether a wheel fits the target: its platform tags in a specific resolution, the
    /// Requires-Python of the project in a universal one.
    virtual WheelTagVerdict wheel_tags(std::string_view filename) = 0;
    /// The tags `wheel_tags` judges against in a specific resolution (failure reports name the
    /// best of them and list the tags wheels were found for); none in a universal one.
    virtual const tags::SupportedTags* target_tags() const { return nullptr; }
    /// The indexes that refused a lookup so far (prefetched ones included), each once, in the
    /// order first seen. Failure hints name them.
    virtual std::vector<RefusedIndex> refused_indexes() const { return {}; }
};

} // namespace lockkit::resolver
