// Per-index version maps (see version_map.hpp).

#include <lockkit/resolver/version_map.hpp>

#include <lockkit/tags/source_dist_filename.hpp>
#include <lockkit/tags/wheel_filename.hpp>

#include <algorithm>
#include <charconv>

namespace lockkit::resolver {

using pep440::Version;

namespace {

/// A wheel's build tag as (number, rest), e.g. "1abc" -> (1, "abc").
std::optional<std::pair<std::uint64_t, std::string>> build_tag(std::string_view filename) {
    auto fields = tags::split_wheel_filename(filename);
    if (!fields || fields->build.empty()) return std::nullopt;
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(fields->build.data(), fields->build.data() + fields->build.size(), n);
    if (ec != std::errc{}) return std::nullopt;
    return std::pair{n, std::string(ptr, fields->build.data() + fields->build.size())};
}

/// Source distribution extensions uv accepts as PEP 625 compliant (`.zip` still is).
bool is_pep625_compliant(std::string_view filename) {
    const auto extension = tags::source_dist_extension(filename);
    return extension && tags::is_pep625_compliant(*extension);
}

} // namespace

VersionMap::VersionMap(const IndexVersions& index, FileJudge judge) : m_index(&index), m_judge(std::move(judge)) {
    for (const auto& v : index.versions) m_local = m_local || v.version.has_local();
    m_dists.resize(index.versions.size());
    m_judged.resize(index.versions.size(), false);
}

std::optional<std::size_t> VersionMap::find(const Version& version) const {
    const auto& vs = m_index->versions;
    auto it = std::lower_bound(vs.begin(), vs.end(), version,
                               [](const VersionFiles& a, const Version& b) { return a.version < b; });
    if (it == vs.end() || !(it->version == version)) return std::nullopt;
    return static_cast<std::size_t>(it - vs.begin());
}

std::pair<std::size_t, std::size_t> VersionMap::bounding(const VersionRanges& range) const {
    const auto& vs = m_index->versions;
    auto bounds = range.bounding_range();
    if (!bounds) return {0, vs.size()};
    const auto& [lo, hi] = *bounds;
    auto pos = [&](auto pred) {
        return static_cast<std::size_t>(std::partition_point(vs.begin(), vs.end(), pred) - vs.begin());
    };
    std::size_t first = 0, last = vs.size();
    if (lo.is_included()) first = pos([&](const VersionFiles& e) { return e.version < lo.value; });
    else if (lo.is_excluded()) first = pos([&](const VersionFiles& e) { return !(lo.value < e.version); });
    if (hi.is_included()) last = pos([&](const VersionFiles& e) { return !(hi.value < e.version); });
    else if (hi.is_excluded()) last = pos([&](const VersionFiles& e) { return e.version < hi.value; });
    if (last < first) last = first;
    return {first, last};
}

bool VersionMap::is_materializable(std::size_t i) const {
    if (m_index->flat || !m_judge.cutoff) return true;
    const UploadTimes times = m_index->upload_times(i);
    return times.find_links || times.untimed || (times.earliest && *times.earliest < *m_judge.cutoff);
}

std::vector<Version> VersionMap::included_versions() const {
    std::vector<Version> out;
    const auto& vs = m_index->versions;
    out.reserve(vs.size());
    for (std::size_t i = 0; i < vs.size(); ++i) {
        bool included = m_index->flat || !m_judge.cutoff;
        if (!included) {
            const UploadTimes times = m_index->upload_times(i);
            included = times.find_links || (times.earliest && *times.earliest < *m_judge.cutoff);
        }
        if (included) out.push_back(vs[i].version);
    }
    return out;
}

std::vector<std::pair<Version, std::optional<std::int64_t>>> VersionMap::excluded_versions() const {
    std::vector<std::pair<Version, std::optional<std::int64_t>>> out;
    if (m_index->flat || !m_judge.cutoff) return out;
    const auto& vs = m_index->versions;
    for (std::size_t i = 0; i < vs.size(); ++i) {
        // A source never lists a version without files; a listed version may have none.
        if (!m_index->source && vs[i].files.empty()) continue;
        const UploadTimes times = m_index->upload_times(i);
        const bool inside = times.find_links || (times.earliest && *times.earliest < *m_judge.cutoff);
        if (!inside) out.emplace_back(vs[i].version, times.earliest);
    }
    return out;
}

FileVerdict VersionMap::judge_wheel(const DistributionFile& file, const Version& version) const {
    FileVerdict v;
    using K = IncompatibleWheel::Kind;
    if (m_judge.no_binary) {
        v.wheel.kind = K::NoBinary;
        return v;
    }
    if (m_judge.cutoff && !m_index->flat && file.find_links.empty() && (!file.upload_time_ms || *file.upload_time_ms >= *m_judge.cutoff)) {
        v.wheel.kind = K::ExcludeNewer;
        v.wheel.upload_time = file.upload_time_ms;
        return v;
    }
    if (file.yanked && !(m_judge.allowed_yanks && m_judge.allowed_yanks->contains(m_judge.name, version))) {
        v.wheel.kind = K::Yanked;
        v.wheel.yanked = *file.yanked;
        return v;
    }
    const WheelTagVerdict tags = m_judge.provider->wheel_tags(file.filename);
    if (!tags.compatible) {
        v.wheel.kind = K::Tag;
        v.wheel.tag = tags.reason;
        return v;
    }
    v.compatible = true;
    v.tag_priority = tags.priority;
    v.build_tag = build_tag(file.filename);
    return v;
}

FileVerdict VersionMap::judge_source(const DistributionFile& file, const Version& version) const {
    FileVerdict v;
    using K = IncompatibleSource::Kind;
    if (m_judge.no_build) {
        v.source.kind = K::NoBuild;
        return v;
    }
    if (m_judge.cutoff && !m_index->flat && file.find_links.empty() && (!file.upload_time_ms || *file.upload_time_ms >= *m_judge.cutoff)) {
        v.source.kind = K::ExcludeNewer;
        v.source.upload_time = file.upload_time_ms;
        return v;
    }
    if (file.yanked && !(m_judge.allowed_yanks && m_judge.allowed_yanks->contains(m_judge.name, version))) {
        v.source.kind = K::Yanked;
        v.source.yanked = *file.yanked;
        return v;
    }
    if (!is_pep625_compliant(file.filename)) {
        v.source.kind = K::NotPep625Filename;
        return v;
    }
    v.compatible = true;
    return v;
}

const PrioritizedDist* VersionMap::dist(std::size_t i) const {
    if (!m_judged[i]) {
        m_judged[i] = true;
        auto d = std::make_unique<PrioritizedDist>();
        const VersionFiles& entry = m_index->versions[i];
        for (const auto& f : m_index->files(i)) {
            if (f.is_wheel()) d->insert_wheel(&f, judge_wheel(f, entry.version));
            else d->insert_source(&f, judge_source(f, entry.version));
        }
        if (!d->is_empty()) m_dists[i] = std::move(d);
    }
    return m_dists[i].get();
}

} // namespace lockkit::resolver
