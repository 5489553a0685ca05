#pragma once
// Which file of a version the resolver would use, and why the others cannot be used
// (uv's `PrioritizedDist`, `uv-distribution-types/src/prioritized_distribution.rs`).
//
// Every file of a version gets a verdict. Wheels are checked in this order: --no-binary,
// exclude-newer, yanked (unless allowed), tags; source distributions: --no-build,
// exclude-newer, yanked, a non-PEP 625 extension. The version then resolves with:
//   a compatible wheel and a compatible sdist  -> the wheel (unless the sdist's hash state is
//                                                 strictly better);
//   a compatible wheel                         -> the wheel;
//   an incompatible (not excluded) wheel and a compatible sdist
//                                              -> the wheel's metadata, installed from the sdist;
//   a compatible sdist                         -> the sdist;
//   otherwise the version is incompatible, with the sdist's reason if there is one, else the
//   best wheel's ("best" by uv's ranking of how close each reason is to usable).

#include <lockkit/pep440/specifiers.hpp>
#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lockkit::resolver {

struct IncompatibleWheel {
    enum class Kind : std::uint8_t { ExcludeNewer, Tag, RequiresPython, Yanked, NoBinary, MissingPlatform };
    Kind kind = Kind::Tag;
    std::optional<std::int64_t> upload_time;  ///< ExcludeNewer (none: no upload time)
    TagIncompatibility tag = TagIncompatibility::Invalid;  ///< Tag
    pep440::VersionSpecifiers requires_python;             ///< RequiresPython
    PythonRequirementKind python = PythonRequirementKind::Installed;  ///< RequiresPython
    Yanked yanked;                                         ///< Yanked
    pep508::MarkerTree missing_platform;                   ///< MissingPlatform
};

struct IncompatibleSource {
    enum class Kind : std::uint8_t { ExcludeNewer, RequiresPython, Yanked, NoBuild, NotPep625Filename };
    Kind kind = Kind::NoBuild;
    std::optional<std::int64_t> upload_time;
    pep440::VersionSpecifiers requires_python;
    PythonRequirementKind python = PythonRequirementKind::Installed;
    Yanked yanked;
};

/// Why no file of a version can be used.
struct IncompatibleDist {
    enum class Kind : std::uint8_t { Wheel, Source, Unavailable };
    Kind kind = Kind::Unavailable;
    IncompatibleWheel wheel;
    IncompatibleSource source;

    /// uv's wording: "no wheels with a matching platform tag", "yanked (reason: x)", ...
    std::string to_string() const;
    /// "has no source distribution", "was yanked", ...
    std::string singular_message() const;
    /// "have no source distribution", "were yanked", ...
    std::string plural_message() const;
    bool is_exclude_newer() const {
        return (kind == Kind::Wheel && wheel.kind == IncompatibleWheel::Kind::ExcludeNewer) ||
               (kind == Kind::Source && source.kind == IncompatibleSource::Kind::ExcludeNewer);
    }
};

/// A file's verdict.
struct FileVerdict {
    bool compatible = false;
    // Compatible: the ranking fields (the hash state is always "matched" until hash
    // policies exist).
    std::optional<std::uint32_t> tag_priority;
    std::optional<std::pair<std::uint64_t, std::string>> build_tag;
    // Incompatible: the reason.
    IncompatibleWheel wheel;
    IncompatibleSource source;
};

class PrioritizedDist;

/// How the version resolves (see the header comment).
struct CompatibleDist {
    enum class Kind : std::uint8_t { SourceDist, CompatibleWheel, IncompatibleWheel };
    Kind kind = Kind::SourceDist;
    const DistributionFile* wheel = nullptr;  ///< CompatibleWheel, IncompatibleWheel
    const DistributionFile* sdist = nullptr;  ///< SourceDist, IncompatibleWheel
    std::optional<std::uint32_t> tag_priority;
    /// All files of the version (for the platforms they cover).
    const PrioritizedDist* prioritized = nullptr;

    /// The environments the version's usable files cover (`PrioritizedDist::implied_markers`).
    pep508::MarkerTree implied_markers() const;
    /// The file whose metadata the resolver reads (the wheel, even an incompatible one).
    const DistributionFile& for_resolution() const { return kind == Kind::SourceDist ? *sdist : *wheel; }
    /// The file that would be installed.
    const DistributionFile& for_installation() const { return kind == Kind::CompatibleWheel ? *wheel : *sdist; }
    /// The Requires-Python of the installed file, as the index wrote it.
    const std::optional<std::string>& requires_python() const {
        return kind == Kind::CompatibleWheel ? wheel->requires_python : sdist->requires_python;
    }
};

/// The files of one version with their verdicts, ranked.
class PrioritizedDist {
public:
    void insert_wheel(const DistributionFile* file, FileVerdict verdict);
    void insert_source(const DistributionFile* file, FileVerdict verdict);

    bool is_empty() const { return !m_source && m_wheels.empty(); }
    /// How the version resolves, if some file can be used.
    std::optional<CompatibleDist> get() const;
    /// Why no file can be used (valid when get() is empty).
    IncompatibleDist incompatibility() const;
    /// The environments the usable files cover: TRUE with a usable source distribution, else
    /// the union of what each usable wheel's tags imply (`tags::implied_markers`), FALSE with
    /// no usable file (uv's `PrioritizedDist::implied_markers`).
    pep508::MarkerTree implied_markers() const;

    const std::vector<std::pair<const DistributionFile*, FileVerdict>>& wheels() const { return m_wheels; }
    const std::optional<std::pair<const DistributionFile*, FileVerdict>>& source() const { return m_source; }

private:
    std::optional<std::pair<const DistributionFile*, FileVerdict>> m_source;
    std::optional<std::size_t> m_best_wheel;
    std::vector<std::pair<const DistributionFile*, FileVerdict>> m_wheels;
    mutable std::optional<pep508::MarkerTree> m_implied_markers;
};

} // namespace lockkit::resolver
