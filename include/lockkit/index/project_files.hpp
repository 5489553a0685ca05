#pragma once
// One index's answer for one project: the files it lists (PEP 503 HTML or
// PEP 691 JSON), each with its parsed filename, absolute URL, hashes,
// requires-python, yank state (PEP 592), size and upload time (PEP 700), and
// whether a `.metadata` file sits beside it (PEP 658/714).
//
// Representation. An index page for a large project lists thousands of files
// (botocore: ~5,000), so text is not copied into a string per field: the
// `ProjectFiles` owns a `TextArena`, and every `std::string_view` in its files
// points into it (or at the interned requires-python table, which repeats a
// handful of distinct values thousands of times and is parsed once per value).
// A `ProjectFiles` is therefore move-only, and views from it live as long as it.
//
// A file keeps what resolution asks of every file (its kind, its version,
// interned per page like requires-python, and the project's name) rather than
// the whole parsed filename: a resolver looks at tens of thousands of files
// (the transformers ecosystem: 205,000 over 313 pages) but at the tags of
// only the few it picks, and a parsed wheel filename is ten times the size of
// everything else together. `IndexFile::dist()` parses the full filename
// when it is wanted; the page readers have already checked that it parses.
//
// A page read back from the cache keeps its files as the entry's fixed-size
// records, in the mapped file (page_codec.hpp), and makes an `IndexFile` of
// one only when it is read (`file(i)`): of the 220,000 files the warehouse
// ecosystem's pages list, resolution reads every file's version,
// requires-python and upload time (`file_summary(i)`) but the rest of a few
// thousand only, and an `IndexFile` for every one of them would be 52 MiB, half
// the run's peak memory. `files()` still gives them all, decoded once on first use.
//
// Files are sorted by filename (as uv sorts them), so the order never depends
// on the server. Entries whose filename is neither a wheel nor an sdist name
// are not files; they are kept in `skipped()` with the reason.

#include "lockkit/index/hash_digest.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/tags/dist_filename.hpp"
#include "lockkit/util/text_arena.hpp"

#include <cassert>
#include <cstdint>
#include <deque>
#include <expected>
#include <map>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lockkit::index {

/// A file's `requires-python` text and what it parses to (with uv's repairs of common
/// mistakes). uv skips files whose value does not parse; `error` says why.
struct RequiresPython {
    std::string_view text;
    std::optional<pep440::VersionSpecifiers> specifiers;
    std::string error;
};

/// PEP 592: yanked files stay listed, optionally with a reason.
struct Yanked {
    bool yanked = false;
    std::string_view reason;  ///< empty when none was given
};

/// PEP 658/714: whether `<url>.metadata` exists, and its hashes when published.
struct CoreMetadataFile {
    bool available = false;
    /// Whether the page said anything at all (`core-metadata: false` is a statement,
    /// a missing key is not; see registry_client.hpp for why the difference matters).
    bool stated = false;
    HashDigests hashes;
};

enum class DistKind : std::uint8_t { Wheel, SourceDist };

struct IndexFile {
    std::string_view filename;              ///< percent-decoded, as listed
    std::string_view name;                  ///< the project's normalized name
    const pep440::Version* version = nullptr;  ///< interned by the ProjectFiles; never null in a page
    DistKind kind = DistKind::Wheel;
    std::string_view url;                   ///< absolute, resolved against the page's URL
    HashDigests hashes;
    const RequiresPython* requires_python = nullptr;  ///< null when the index gave none
    Yanked yanked;
    std::optional<std::uint64_t> size;     ///< bytes
    std::optional<std::int64_t> upload_time_ms;  ///< milliseconds since the Unix epoch, UTC
    CoreMetadataFile core_metadata;

    bool is_wheel() const { return kind == DistKind::Wheel; }
    /// The filename parsed in full (tags, build tag, archive suffix).
    std::expected<tags::DistFilename, std::string> dist() const { return tags::DistFilename::parse(filename, name); }
};

/// What resolution reads of every file of a page (the rest only for the versions it looks at).
struct FileSummary {
    const pep440::Version* version = nullptr;
    const RequiresPython* requires_python = nullptr;
    std::optional<std::int64_t> upload_time_ms;
};

/// Files kept in another form than `IndexFile`s, each made when read: a page's cache entry
/// (page_codec.hpp). Views in the files it makes point into storage the ProjectFiles keeps.
class FileRecords {
public:
    virtual ~FileRecords() = default;
    virtual std::size_t size() const = 0;
    virtual IndexFile file(std::size_t i) const = 0;
    virtual FileSummary summary(std::size_t i) const = 0;
};

/// A listed entry that is not a distribution file.
struct SkippedFile {
    std::string_view filename;
    std::string reason;
};

/// A page's files grouped by version, versions ascending: the shape of a resolver's version
/// map (uv's `VersionMap`, one per index). Group g is `versions[g]` with the files
/// `files[offsets[g]]` up to `files[offsets[g + 1]]` (indexes into `files()`, in filename order).
struct VersionGroups {
    /// What a resolution reads of every file of a group before it looks at the files one by
    /// one: worked out with the grouping, on the client's thread, so that the resolver's
    /// thread need not read each of a page's files.
    struct Summary {
        std::optional<std::int64_t> earliest_upload;  ///< among the files that have an upload time
        bool untimed = false;                          ///< some file has no upload time
        bool unparsed_requires_python = false;         ///< some file's requires-python does not parse
    };

    std::vector<const pep440::Version*> versions;
    std::vector<std::uint32_t> offsets;  ///< versions.size() + 1 entries
    std::vector<std::uint32_t> files;
    std::vector<Summary> summaries;      ///< per group

    std::span<const std::uint32_t> files_of(std::size_t group) const {
        return std::span<const std::uint32_t>(files).subspan(offsets[group], offsets[group + 1] - offsets[group]);
    }
};

class ProjectFiles {
public:
    /// An empty answer for `project` (normalized; empty for a flat index, which lists many projects).
    /// The file list is allocated from `memory` when given (a page loaded from the cache:
    /// util/huge_page_arena.hpp), which the ProjectFiles then keeps alive.
    explicit ProjectFiles(std::string project, std::shared_ptr<std::pmr::memory_resource> memory = nullptr);
    ProjectFiles(ProjectFiles&&) noexcept = default;
    /// Not defaulted: the old file list must go back to its memory before that memory can go.
    ProjectFiles& operator=(ProjectFiles&& other) noexcept;
    ProjectFiles(const ProjectFiles&) = delete;
    ProjectFiles& operator=(const ProjectFiles&) = delete;

    const std::string& project() const { return m_project; }
    /// How many files; `file(i)` and `file_summary(i)` read one of them.
    std::size_t file_count() const { return m_records ? m_records->size() : m_files.size(); }
    /// File `i` in filename order (made from its record on a page read back from the cache).
    IndexFile file(std::size_t i) const { return m_records ? m_records->file(i) : m_files[i]; }
    /// What resolution reads of every file (see above).
    FileSummary file_summary(std::size_t i) const {
        if (m_records) return m_records->summary(i);
        const IndexFile& f = m_files[i];
        return FileSummary{f.version, f.requires_python, f.upload_time_ms};
    }
    /// The files, sorted by filename. On a page read back from the cache this decodes every
    /// file on first use and keeps them: code that walks a large page file by file uses file(i).
    std::span<const IndexFile> files() const;
    /// PEP 700 `versions` (JSON pages): every version the project has, files or not.
    std::span<const std::string_view> versions() const { return m_versions; }
    std::span<const SkippedFile> skipped() const { return m_skipped; }
    /// PEP 691 `meta.api-version` or PEP 629 `pypi:repository-version`, when given.
    std::optional<std::string_view> api_version() const { return m_api_version; }
    /// The distinct versions of the files, in the order first seen.
    std::span<const pep440::Version* const> file_versions() const { return m_version_list; }
    /// The distinct requires-python values, in the order first seen.
    std::span<const RequiresPython* const> requires_python_values() const { return m_requires_python_list; }
    /// The files grouped by version, worked out once (by whichever thread asks first: the
    /// cache reader asks on the client's thread, so that the resolver finds them ready).
    const VersionGroups& version_groups() const;

    // Building (for the page readers).
    std::string_view store(std::string_view text) { return m_text.store(text); }
    TextArena& arena() { return m_text; }
    /// Keeps `buffer` alive with the files (page_codec.hpp points views into it).
    const char* adopt_text(std::shared_ptr<const char> buffer) { return m_text.adopt(std::move(buffer)); }
    /// Keeps the page text `text`, owned by `owner`, alive with the files, so that readers
    /// can point into it instead of copying (keep()).
    void share_text(std::shared_ptr<const char> owner, std::string_view text) {
        m_text.adopt(std::move(owner));
        m_shared = text;
    }
    /// `text` itself when it lies in the shared page text, else a stored copy.
    std::string_view keep(std::string_view text) {
        if (!m_shared.empty() && text.data() >= m_shared.data() && text.data() + text.size() <= m_shared.data() + m_shared.size()) {
            return text;
        }
        return store(text);
    }
    const RequiresPython* intern_requires_python(std::string_view text);
    /// One stored copy per distinct version (equal versions share it).
    const pep440::Version* intern_version(const pep440::Version& version);
    /// The normalized name `name` stored once (the page's project name is stored at construction).
    std::string_view intern_name(std::string_view name);
    /// A file for the parsed filename, its name, version and kind filled in.
    IndexFile make_file(std::string_view filename, const tags::DistFilename& dist);
    /// Adds a file. Building a page is one of: add_file/add_copy then sort_files (a page
    /// read from an index), or set_records (a page decoded from the cache); once records
    /// are set, added files would be hidden by them, so the adders must not be called.
    void add_file(IndexFile file) {
        assert(!m_records && "a page of records takes no added files");
        m_files.push_back(std::move(file));
    }
    /// Keeps the files as `records` (a page decoded from the cache) instead of added files.
    void set_records(std::unique_ptr<const FileRecords> records);
    /// Adds a file of another page, its text copied into this one (splitting a flat page
    /// by project, merging find-links locations). Not on a page of records (add_file).
    void add_copy(const IndexFile& file);
    void add_skipped(std::string_view filename, std::string reason);
    void add_version(std::string_view version) { m_versions.push_back(keep(version)); }
    void set_api_version(std::string_view version) { m_api_version = store(version); }
    /// Room for about `count` files (the readers estimate it from the page size).
    void reserve_files(std::size_t count);
    /// Sorts the files by filename; the readers call it once at the end. Not on a page of
    /// records (already in order; see add_file).
    void sort_files();

private:
    std::string m_project;
    TextArena m_text;
    std::string_view m_project_stored;  ///< m_project in the arena (views survive moves)
    std::string_view m_shared;          ///< page text kept whole (share_text), empty if none
    std::shared_ptr<std::pmr::memory_resource> m_memory;  ///< before m_files: outlives it
    /// The files added, or those of m_records once files() has decoded them.
    mutable std::pmr::vector<IndexFile> m_files;
    std::unique_ptr<const FileRecords> m_records;  ///< null: the files are m_files
    std::unique_ptr<std::once_flag> m_decode_all;  ///< files() decodes m_records once
    std::unique_ptr<std::once_flag> m_grouping = std::make_unique<std::once_flag>();
    mutable std::unique_ptr<VersionGroups> m_groups;  ///< version_groups(), once worked out
    std::vector<std::string_view> m_versions;
    std::vector<SkippedFile> m_skipped;
    std::optional<std::string_view> m_api_version;
    std::unique_ptr<std::deque<RequiresPython>> m_requires_python;  ///< stable addresses
    std::unique_ptr<std::unordered_map<std::string_view, const RequiresPython*>> m_requires_python_index;
    std::vector<const RequiresPython*> m_requires_python_list;
    std::unique_ptr<std::deque<pep440::Version>> m_versions_store;  ///< stable addresses
    /// Equal versions by their stored copy (a key of its own would be a second copy of each).
    struct StoredVersionHash {
        std::size_t operator()(const pep440::Version* v) const { return std::hash<pep440::Version>{}(*v); }
    };
    struct StoredVersionEqual {
        bool operator()(const pep440::Version* a, const pep440::Version* b) const { return *a == *b; }
    };
    std::unique_ptr<std::unordered_set<const pep440::Version*, StoredVersionHash, StoredVersionEqual>> m_version_index;
    std::vector<const pep440::Version*> m_version_list;
    /// A flat page's versions, interned per project (project() is empty).
    std::map<std::pair<std::string_view, pep440::Version>, const pep440::Version*> m_flat_versions;
    std::unique_ptr<std::unordered_map<std::string_view, std::string_view>> m_names;
};

} // namespace lockkit::index
