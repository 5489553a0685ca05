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
// Files are sorted by filename (as uv sorts them), so the order never depends
// on the server. Entries whose filename is neither a wheel nor an sdist name
// are not files; they are kept in `skipped()` with the reason.

#include "lockkit/index/hash_digest.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/tags/dist_filename.hpp"
#include "lockkit/util/text_arena.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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
    HashDigests hashes;
};

struct IndexFile {
    std::string_view filename;              ///< percent-decoded, as listed
    tags::DistFilename dist;                ///< the parsed filename (wheel or sdist)
    std::string_view url;                   ///< absolute, resolved against the page's URL
    HashDigests hashes;
    const RequiresPython* requires_python = nullptr;  ///< null when the index gave none
    Yanked yanked;
    std::optional<std::uint64_t> size;     ///< bytes
    std::optional<std::int64_t> upload_time_ms;  ///< milliseconds since the Unix epoch, UTC
    CoreMetadataFile core_metadata;

    explicit IndexFile(tags::DistFilename parsed) : dist(std::move(parsed)) {}
};

/// A listed entry that is not a distribution file.
struct SkippedFile {
    std::string_view filename;
    std::string reason;
};

class ProjectFiles {
public:
    /// An empty answer for `project` (normalized; empty for a flat index, which lists many projects).
    explicit ProjectFiles(std::string project);
    ProjectFiles(ProjectFiles&&) noexcept = default;
    ProjectFiles& operator=(ProjectFiles&&) noexcept = default;
    ProjectFiles(const ProjectFiles&) = delete;
    ProjectFiles& operator=(const ProjectFiles&) = delete;

    const std::string& project() const { return m_project; }
    /// The files, sorted by filename.
    std::span<const IndexFile> files() const { return m_files; }
    /// PEP 700 `versions` (JSON pages): every version the project has, files or not.
    std::span<const std::string_view> versions() const { return m_versions; }
    std::span<const SkippedFile> skipped() const { return m_skipped; }
    /// PEP 691 `meta.api-version` or PEP 629 `pypi:repository-version`, when given.
    std::optional<std::string_view> api_version() const { return m_api_version; }

    // Building (for the page readers).
    std::string_view store(std::string_view text) { return m_text.store(text); }
    TextArena& arena() { return m_text; }
    const RequiresPython* intern_requires_python(std::string_view text);
    void add_file(IndexFile file) { m_files.push_back(std::move(file)); }
    void add_skipped(std::string_view filename, std::string reason);
    void add_version(std::string_view version) { m_versions.push_back(store(version)); }
    void set_api_version(std::string_view version) { m_api_version = store(version); }
    /// Room for about `count` files (the readers estimate it from the page size).
    void reserve_files(std::size_t count);
    /// Sorts the files by filename; the readers call it once at the end.
    void sort_files();

private:
    std::string m_project;
    TextArena m_text;
    std::vector<IndexFile> m_files;
    std::vector<std::string_view> m_versions;
    std::vector<SkippedFile> m_skipped;
    std::optional<std::string_view> m_api_version;
    std::unique_ptr<std::deque<RequiresPython>> m_requires_python;  ///< stable addresses
    std::unique_ptr<std::unordered_map<std::string_view, const RequiresPython*>> m_requires_python_index;
};

} // namespace lockkit::index
