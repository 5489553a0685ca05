#pragma once
// The versions one index lists for a package, with each version's files judged lazily
// (uv's `VersionMap`, `uv-resolver/src/version_map.rs`).
//
// Versions are kept in ascending order. A version's `PrioritizedDist` (distribution.hpp) is
// computed the first time it is asked for. Two views decide what exists:
//   * "included" versions have at least one file inside the exclude-newer cutoff; only those
//     are known to the solver (they bound widened version sets);
//   * "materializable" versions additionally keep files without an upload time, so that the
//     selection can report them.

#include <lockkit/resolver/distribution.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/provider.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace lockkit::resolver {

/// Yanked versions that may still be used: exact pins (`==V`, `===V`) in the requirements,
/// constraints and overrides, and every preferred (locked) version.
class AllowedYanks {
public:
    void allow(const std::string& name, const pep440::Version& version) { m_allowed[name].insert(version); }
    bool contains(const std::string& name, const pep440::Version& version) const {
        auto it = m_allowed.find(name);
        return it != m_allowed.end() && it->second.contains(version);
    }

private:
    std::map<std::string, std::set<pep440::Version>> m_allowed;
};

/// What a version map needs to judge files.
struct FileJudge {
    std::string name;
    bool no_binary = false;
    bool no_build = false;
    std::optional<std::int64_t> cutoff;  ///< exclude-newer, UTC milliseconds
    const AllowedYanks* allowed_yanks = nullptr;
    ResolverProvider* provider = nullptr;  ///< answers wheel tag questions
    PythonRequirementKind python_kind = PythonRequirementKind::Installed;
};

class VersionMap {
public:
    VersionMap(const IndexVersions& index, FileJudge judge);

    const std::string& index_url() const { return m_index->index_url; }
    std::size_t size() const { return m_index->versions.size(); }
    const pep440::Version& version(std::size_t i) const { return m_index->versions[i].version; }
    /// The files of the version at position i, as the index lists them.
    const std::vector<DistributionFile>& files(std::size_t i) const { return m_index->files(i); }
    /// Whether any version has a local label.
    bool has_local() const { return m_local; }
    /// The position of a version, if listed.
    std::optional<std::size_t> find(const pep440::Version& version) const;
    /// The positions [first, last) inside the range's bounding interval.
    std::pair<std::size_t, std::size_t> bounding(const VersionRanges& range) const;

    /// The version's files, judged; null when it has none.
    const PrioritizedDist* dist(std::size_t i) const;
    /// Whether the version can be considered for selection (see the header comment).
    bool is_materializable(std::size_t i) const;
    /// The versions with a file inside the exclude-newer cutoff, ascending.
    std::vector<pep440::Version> included_versions() const;
    /// The other versions (exclude-newer removed them), ascending, each with the earliest upload
    /// time among its files, if any had one.
    std::vector<std::pair<pep440::Version, std::optional<std::int64_t>>> excluded_versions() const;

private:
    FileVerdict judge_wheel(const DistributionFile& file, const pep440::Version& version) const;
    FileVerdict judge_source(const DistributionFile& file, const pep440::Version& version) const;

    const IndexVersions* m_index;
    FileJudge m_judge;
    bool m_local = false;
    mutable std::vector<std::unique_ptr<PrioritizedDist>> m_dists;
    mutable std::vector<bool> m_judged;
};

} // namespace lockkit::resolver
