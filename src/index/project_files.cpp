#include "lockkit/index/project_files.hpp"

#include "lockkit/pep508/lenient.hpp"

#include <algorithm>

namespace lockkit::index {

ProjectFiles::ProjectFiles(std::string project, std::shared_ptr<std::pmr::memory_resource> memory)
    : m_project(std::move(project)), m_memory(std::move(memory)),
      m_files(m_memory ? m_memory.get() : std::pmr::new_delete_resource()), m_requires_python(std::make_unique<std::deque<RequiresPython>>()),
      m_requires_python_index(std::make_unique<std::unordered_map<std::string_view, const RequiresPython*>>()),
      m_versions_store(std::make_unique<std::deque<pep440::Version>>()),
      m_version_index(std::make_unique<std::unordered_set<const pep440::Version*, StoredVersionHash, StoredVersionEqual>>()),
      m_names(std::make_unique<std::unordered_map<std::string_view, std::string_view>>()) {
    m_project_stored = m_text.store(m_project);
    if (!m_project_stored.empty()) {
        m_names->emplace(m_project_stored, m_project_stored);
    }
}

ProjectFiles& ProjectFiles::operator=(ProjectFiles&& other) noexcept {
    if (this != &other) {
        this->~ProjectFiles();
        new (this) ProjectFiles(std::move(other));
    }
    return *this;
}

std::span<const IndexFile> ProjectFiles::files() const {
    if (m_records) {
        // Another thread may ask at the same time (pages are shared between the client's threads).
        std::call_once(*m_decode_all, [this] {
            m_files.reserve(m_records->size());
            for (std::size_t i = 0; i < m_records->size(); ++i) m_files.push_back(m_records->file(i));
        });
    }
    return m_files;
}

void ProjectFiles::set_records(std::unique_ptr<const FileRecords> records) {
    m_files.clear();
    m_records = std::move(records);
    m_decode_all = m_records ? std::make_unique<std::once_flag>() : nullptr;
}

const RequiresPython* ProjectFiles::intern_requires_python(std::string_view text) {
    // A page repeats a handful of distinct values thousands of times: parse each once.
    if (const auto it = m_requires_python_index->find(text); it != m_requires_python_index->end()) {
        return it->second;
    }
    RequiresPython entry;
    entry.text = store(text);
    if (auto parsed = pep508::parse_lenient_specifiers(entry.text)) {
        entry.specifiers = std::move(*parsed);
    } else {
        entry.error = parsed.error().message;
    }
    const RequiresPython* stored = &m_requires_python->emplace_back(std::move(entry));
    m_requires_python_index->emplace(stored->text, stored);
    m_requires_python_list.push_back(stored);
    return stored;
}

const pep440::Version* ProjectFiles::intern_version(const pep440::Version& version) {
    if (const auto it = m_version_index->find(&version); it != m_version_index->end()) {
        return *it;
    }
    const pep440::Version* stored = &m_versions_store->emplace_back(version);
    m_version_index->insert(stored);
    m_version_list.push_back(stored);
    return stored;
}

std::string_view ProjectFiles::intern_name(std::string_view name) {
    if (name == m_project_stored) {
        return m_project_stored;
    }
    if (const auto it = m_names->find(name); it != m_names->end()) {
        return it->second;
    }
    const auto stored = store(name);
    m_names->emplace(stored, stored);
    return stored;
}

IndexFile ProjectFiles::make_file(std::string_view filename, const tags::DistFilename& dist) {
    IndexFile file;
    file.filename = filename;
    file.name = intern_name(dist.name());
    if (m_project.empty()) {
        // A flat page lists many projects: equal versions are one only within a project
        // (`23.2` of one and `23.2.0` of another keep their own spellings).
        auto key = std::pair<std::string_view, pep440::Version>(file.name, dist.version());
        auto it = m_flat_versions.find(key);
        if (it == m_flat_versions.end()) {
            const pep440::Version* stored = &m_versions_store->emplace_back(dist.version());
            m_version_list.push_back(stored);
            it = m_flat_versions.emplace(std::move(key), stored).first;
        }
        file.version = it->second;
    } else {
        file.version = intern_version(dist.version());
    }
    file.kind = dist.is_wheel() ? DistKind::Wheel : DistKind::SourceDist;
    return file;
}

void ProjectFiles::add_copy(const IndexFile& file) {
    IndexFile copy = file;
    copy.filename = store(file.filename);
    copy.url = store(file.url);
    copy.name = intern_name(file.name);
    copy.version = intern_version(*file.version);
    copy.requires_python = file.requires_python != nullptr ? intern_requires_python(file.requires_python->text) : nullptr;
    copy.hashes = HashDigests();
    for (const auto& digest : file.hashes) copy.hashes.push_back(HashDigest{digest.algorithm, store(digest.hex)});
    copy.core_metadata.hashes = HashDigests();
    for (const auto& digest : file.core_metadata.hashes) {
        copy.core_metadata.hashes.push_back(HashDigest{digest.algorithm, store(digest.hex)});
    }
    copy.yanked.reason = store(file.yanked.reason);
    m_files.push_back(std::move(copy));
}

void ProjectFiles::add_skipped(std::string_view filename, std::string reason) {
    m_skipped.push_back(SkippedFile{store(filename), std::move(reason)});
}

void ProjectFiles::reserve_files(std::size_t count) {
    m_files.reserve(count);
}

void ProjectFiles::sort_files() {
    // Most indexes already list files in order: only sort when needed.
    const auto by_name = [](const IndexFile& a, const IndexFile& b) { return a.filename < b.filename; };
    if (!std::is_sorted(m_files.begin(), m_files.end(), by_name)) {
        std::stable_sort(m_files.begin(), m_files.end(), by_name);
    }
}

namespace {

/// One version of a page and its files (indexes into `files()`, in filename order).
struct VersionedFiles {
    const pep440::Version* version = nullptr;
    std::vector<std::uint32_t> files;
};

/// Groups by the version pointers as the files come, then sorts the groups.
std::vector<VersionedFiles> group_by_pointer(const ProjectFiles& page) {
    std::vector<VersionedFiles> out;
    std::unordered_map<const pep440::Version*, std::size_t> slot;
    const auto count = static_cast<std::uint32_t>(page.file_count());
    for (std::uint32_t i = 0; i < count; ++i) {
        const pep440::Version* version = page.file_summary(i).version;
        auto [it, inserted] = slot.try_emplace(version, out.size());
        if (inserted) out.push_back(VersionedFiles{version, {}});
        out[it->second].files.push_back(i);
    }
    std::sort(out.begin(), out.end(), [](const VersionedFiles& a, const VersionedFiles& b) { return *a.version < *b.version; });
    return out;
}

VersionGroups group_files(const ProjectFiles& page) {
    VersionGroups out;
    // A page lists each version once (file_versions()), so they are sorted first and the files
    // counted per version: a resolution groups 200,000 files over 300 pages. Equal versions
    // under two pointers (a flat page's projects) keep the general way, which orders them as it
    // always has.
    const auto listed = page.file_versions();
    std::vector<const pep440::Version*> sorted(listed.begin(), listed.end());
    std::sort(sorted.begin(), sorted.end(), [](const pep440::Version* a, const pep440::Version* b) { return *a < *b; });
    bool distinct = true;
    for (std::size_t r = 1; r < sorted.size() && distinct; ++r) distinct = *sorted[r - 1] < *sorted[r];
    std::unordered_map<const pep440::Version*, std::uint32_t> rank;
    rank.reserve(sorted.size());
    for (std::size_t r = 0; r < sorted.size(); ++r) rank.emplace(sorted[r], static_cast<std::uint32_t>(r));
    const auto count = static_cast<std::uint32_t>(page.file_count());
    std::vector<std::uint32_t> rank_of(count);
    for (std::uint32_t i = 0; i < count && distinct; ++i) {
        const auto it = rank.find(page.file_summary(i).version);
        distinct = it != rank.end();
        if (distinct) rank_of[i] = it->second;
    }
    if (!distinct) {
        for (const auto& group : group_by_pointer(page)) {
            out.versions.push_back(group.version);
            out.offsets.push_back(static_cast<std::uint32_t>(out.files.size()));
            out.files.insert(out.files.end(), group.files.begin(), group.files.end());
        }
        out.offsets.push_back(static_cast<std::uint32_t>(out.files.size()));
        return out;
    }
    // Counting sort of the files by their version's rank (stable: filename order within).
    std::vector<std::uint32_t> start(sorted.size() + 1, 0);
    for (std::uint32_t i = 0; i < count; ++i) ++start[rank_of[i] + 1];
    for (std::size_t r = 0; r < sorted.size(); ++r) start[r + 1] += start[r];
    std::vector<std::uint32_t> files(count);
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::uint32_t i = 0; i < count; ++i) files[next[rank_of[i]]++] = i;
    // Versions without files (none on a page as read) are left out.
    out.files = std::move(files);
    for (std::size_t r = 0; r < sorted.size(); ++r) {
        if (start[r] == start[r + 1]) continue;
        out.versions.push_back(sorted[r]);
        out.offsets.push_back(start[r]);
    }
    out.offsets.push_back(count);
    return out;
}

} // namespace

namespace {

/// Each group's Summary (see VersionGroups).
void summarize_groups(const ProjectFiles& page, VersionGroups& groups) {
    groups.summaries.resize(groups.versions.size());
    for (std::size_t g = 0; g < groups.versions.size(); ++g) {
        VersionGroups::Summary& summary = groups.summaries[g];
        for (std::uint32_t at : groups.files_of(g)) {
            const FileSummary file = page.file_summary(at);
            if (file.requires_python && !file.requires_python->specifiers) summary.unparsed_requires_python = true;
            if (!file.upload_time_ms) summary.untimed = true;
            else summary.earliest_upload = summary.earliest_upload ? std::min(*summary.earliest_upload, *file.upload_time_ms)
                                                                   : *file.upload_time_ms;
        }
    }
}

} // namespace

const VersionGroups& ProjectFiles::version_groups() const {
    std::call_once(*m_grouping, [this] {
        m_groups = std::make_unique<VersionGroups>(group_files(*this));
        summarize_groups(*this, *m_groups);
    });
    return *m_groups;
}

} // namespace lockkit::index
