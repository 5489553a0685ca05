#pragma once
// A resolver provider that answers from uv.lock files alone, with no index and no network.
//
// A lock records, for every registry package it holds, the version, the files (URL or path,
// hash, size, upload time) and the dependency edges of that version (per extra). That is
// almost what the resolver asks an index: the versions of a name are the versions the given
// locks hold; a version's files are its artifacts; its metadata is its edges. What a lock does
// not record is each edge's version specifier. The answer is made conservative instead: an
// edge `P==v -> T` allows exactly the versions of `T` that some given lock paired with `P==v`
// (written as `!=` every other version of `T` the locks hold, the only versions this provider
// lists). Each allowed pairing was accepted by uv with the real metadata, so a resolution this
// provider allows also satisfies the real requirements; one it refuses may still exist, and a
// caller that can reach an index asks it next.
//
// What a lock cannot say: the Requires-Python of a version (none is reported) and how an edge's
// marker read before uv simplified it under the parent's reachability (the recorded marker is
// used). Packages that are not from a registry (URL, git, path) are not listed.

#include <lockkit/lockfile/lock.hpp>
#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lockkit::project {

class LockedVersionsProvider : public resolver::ResolverProvider {
public:
    /// `locks` must outlive the provider; `root` is the directory the locks' relative registry
    /// paths are relative to; `requires_python` judges wheel tags (universal resolution).
    /// `pinned` names the packages the project takes from one index only (`tool.uv.sources`
    /// `index = …`), with that index as a lock spells its registry: only versions the locks
    /// hold from there are listed. The versions of other packages are listed from any
    /// registry but the `explicit_registries` (explicit indexes serve pinned packages only).
    LockedVersionsProvider(std::vector<const lockfile::Lock*> locks, std::filesystem::path root,
                           resolver::RequiresPython requires_python,
                           std::map<std::string, std::string> pinned = {},
                           std::set<std::string> explicit_registries = {});
    ~LockedVersionsProvider() override;

    const resolver::PackageVersions& versions(const std::string& name) override;
    resolver::MetadataResult metadata(const std::string& name, const pep440::Version& version,
                                      const resolver::DistributionFile& file) override;
    resolver::WheelTagVerdict wheel_tags(std::string_view filename) override;

    /// Whether a lock holds a registry package of this name.
    bool knows(const std::string& name) const;

private:
    struct Entry {
        const lockfile::Lock* lock;
        const lockfile::Package* package;
    };
    std::vector<const lockfile::Lock*> m_locks;
    std::filesystem::path m_root;
    resolver::RequiresPython m_requires_python;
    std::map<std::string, std::vector<Entry>> m_by_name;  ///< registry packages by name (from the pinned index only)
    std::map<std::string, std::unique_ptr<resolver::PackageVersions>> m_answers;
};

} // namespace lockkit::project
