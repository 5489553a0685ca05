// Project pages in and out of the cache; see include/lockkit/index/page_codec.hpp.

#include "lockkit/index/page_codec.hpp"

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <unordered_map>

namespace lockkit::index {

namespace {

constexpr char k_magic[4] = {'L', 'K', 'P', 'F'};
constexpr std::uint32_t k_format = 1;
constexpr std::uint32_t k_byte_order = 0x01020304;
constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();

struct Span {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
};

struct Header {
    char magic[4];
    std::uint32_t format;
    std::uint32_t byte_order;
    std::uint32_t files;
    std::uint32_t hashes;
    std::uint32_t names;
    std::uint32_t versions;
    std::uint32_t requires_python;
    std::uint32_t skipped;
    std::uint32_t page_versions;
    Span project;
    Span api_version;  ///< length k_none: absent
    std::uint64_t text_size;
};

struct HashRecord {
    Span hex;
    std::uint8_t algorithm;
    std::uint8_t unused[3];
};

enum FileFlag : std::uint8_t {
    k_yanked = 1,
    k_has_size = 2,
    k_has_upload_time = 4,
    k_core_available = 8,
    k_core_stated = 16,
};

struct FileRecord {
    Span filename;
    Span url;
    Span yank_reason;
    std::uint32_t name;
    std::uint32_t version;
    std::uint32_t requires_python;  ///< k_none: none given
    std::uint32_t hashes_first;
    std::uint32_t core_hashes_first;
    std::uint8_t hashes_count;
    std::uint8_t core_hashes_count;
    std::uint8_t kind;
    std::uint8_t flags;
    std::uint64_t size;
    std::int64_t upload_time_ms;
};

struct SkippedRecord {
    Span filename;
    Span reason;
};

static_assert(std::is_trivially_copyable_v<FileRecord> && sizeof(FileRecord) == 64);

template <typename T>
void append_records(std::string& out, const std::vector<T>& records) {
    if (!records.empty()) {
        out.append(reinterpret_cast<const char*>(records.data()), records.size() * sizeof(T));
    }
}

} // namespace

PageEncoding::PageEncoding(const ProjectFiles& page) {
    // Text pieces are listed with their offsets; write() copies them out.
    m_text.reserve(page.files().size() * 3 + 16);
    auto text = [this](std::string_view piece) {
        const Span span{static_cast<std::uint32_t>(m_text_size), static_cast<std::uint32_t>(piece.size())};
        if (!piece.empty()) m_text.push_back(piece);
        m_text_size += piece.size();
        return span;
    };
    std::vector<FileRecord> files;
    std::vector<HashRecord> hashes;
    std::vector<Span> names, versions, requires_python, page_versions;
    std::vector<SkippedRecord> skipped;
    std::unordered_map<std::string_view, std::uint32_t> name_index;
    std::unordered_map<const pep440::Version*, std::uint32_t> version_index;
    std::unordered_map<const RequiresPython*, std::uint32_t> requires_python_index;

    Header header{};
    std::memcpy(header.magic, k_magic, sizeof k_magic);
    header.format = k_format;
    header.byte_order = k_byte_order;
    header.project = text(page.project());
    header.api_version = page.api_version() ? text(*page.api_version()) : Span{0, k_none};

    for (const auto* version : page.file_versions()) {
        version_index.emplace(version, static_cast<std::uint32_t>(versions.size()));
        versions.push_back(text(m_owned.emplace_back(version->to_string())));
    }
    for (const auto* value : page.requires_python_values()) {
        requires_python_index.emplace(value, static_cast<std::uint32_t>(requires_python.size()));
        requires_python.push_back(text(value->text));
    }
    auto add_hashes = [&](const HashDigests& digests) {
        const auto first = static_cast<std::uint32_t>(hashes.size());
        for (const auto& digest : digests) {
            HashRecord record{};
            record.hex = text(digest.hex);
            record.algorithm = static_cast<std::uint8_t>(digest.algorithm);
            hashes.push_back(record);
        }
        return first;
    };
    files.reserve(page.files().size());
    for (const auto& file : page.files()) {
        FileRecord record{};
        record.url = text(file.url);
        // Most URLs end with the filename: point into the URL instead of storing it twice.
        if (file.url.size() > file.filename.size() && file.url.ends_with(file.filename) &&
            file.url[file.url.size() - file.filename.size() - 1] == '/') {
            record.filename = Span{record.url.offset + record.url.length - static_cast<std::uint32_t>(file.filename.size()),
                                   static_cast<std::uint32_t>(file.filename.size())};
        } else {
            record.filename = text(file.filename);
        }
        auto [name, inserted] = name_index.try_emplace(file.name, static_cast<std::uint32_t>(names.size()));
        if (inserted) {
            names.push_back(text(file.name));
        }
        record.name = name->second;
        record.version = version_index.at(file.version);
        record.requires_python = file.requires_python ? requires_python_index.at(file.requires_python) : k_none;
        record.hashes_first = add_hashes(file.hashes);
        record.hashes_count = static_cast<std::uint8_t>(file.hashes.size());
        record.core_hashes_first = add_hashes(file.core_metadata.hashes);
        record.core_hashes_count = static_cast<std::uint8_t>(file.core_metadata.hashes.size());
        record.kind = static_cast<std::uint8_t>(file.kind);
        record.flags = static_cast<std::uint8_t>((file.yanked.yanked ? k_yanked : 0) | (file.size ? k_has_size : 0) |
                                                 (file.upload_time_ms ? k_has_upload_time : 0) |
                                                 (file.core_metadata.available ? k_core_available : 0) |
                                                 (file.core_metadata.stated ? k_core_stated : 0));
        record.yank_reason = text(file.yanked.reason);
        record.size = file.size.value_or(0);
        record.upload_time_ms = file.upload_time_ms.value_or(0);
        files.push_back(record);
    }
    for (const auto& entry : page.skipped()) {
        skipped.push_back(SkippedRecord{text(entry.filename), text(entry.reason)});
    }
    for (const auto version : page.versions()) {
        page_versions.push_back(text(version));
    }
    header.files = static_cast<std::uint32_t>(files.size());
    header.hashes = static_cast<std::uint32_t>(hashes.size());
    header.names = static_cast<std::uint32_t>(names.size());
    header.versions = static_cast<std::uint32_t>(versions.size());
    header.requires_python = static_cast<std::uint32_t>(requires_python.size());
    header.skipped = static_cast<std::uint32_t>(skipped.size());
    header.page_versions = static_cast<std::uint32_t>(page_versions.size());
    header.text_size = m_text_size;

    m_tables.reserve(sizeof header + files.size() * sizeof(FileRecord) + hashes.size() * sizeof(HashRecord) +
                     (names.size() + versions.size() + requires_python.size() + page_versions.size()) * sizeof(Span) +
                     skipped.size() * sizeof(SkippedRecord));
    m_tables.append(reinterpret_cast<const char*>(&header), sizeof header);
    append_records(m_tables, files);
    append_records(m_tables, hashes);
    append_records(m_tables, names);
    append_records(m_tables, versions);
    append_records(m_tables, requires_python);
    append_records(m_tables, skipped);
    append_records(m_tables, page_versions);
}

bool PageEncoding::write(const std::function<bool(std::string_view)>& out) const {
    if (!out(m_tables)) return false;
    for (const auto piece : m_text) {
        if (!out(piece)) return false;
    }
    return true;
}

std::string encode_project_files(const ProjectFiles& page) {
    const PageEncoding encoding(page);
    std::string out;
    out.reserve(encoding.size());
    encoding.write([&out](std::string_view piece) {
        out.append(piece);
        return true;
    });
    return out;
}

namespace {

/// Reads fixed-size records from the payload, checking each table fits.
class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

    template <typename T>
    bool table(std::uint64_t count, const char*& start) {
        const std::uint64_t size = count * sizeof(T);
        if (count > m_bytes.size() || m_at + size > m_bytes.size()) {
            return false;
        }
        start = m_bytes.data() + m_at;
        m_at += size;
        return true;
    }
    std::size_t offset() const { return m_at; }

private:
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

template <typename T>
T record_at(const char* table, std::size_t i) {
    T out;
    std::memcpy(&out, table + i * sizeof(T), sizeof(T));
    return out;
}

/// A decoded page's files: its checked records, in the buffer the page keeps.
class EncodedFiles final : public FileRecords {
public:
    EncodedFiles(const char* files, std::uint32_t count, const char* hashes, const char* text,
                 std::vector<std::string_view> names, std::vector<const pep440::Version*> versions,
                 std::vector<const RequiresPython*> requires_python)
        : m_files(files), m_count(count), m_hashes(hashes), m_text(text), m_names(std::move(names)),
          m_versions(std::move(versions)), m_requires_python(std::move(requires_python)) {}

    std::size_t size() const override { return m_count; }

    IndexFile file(std::size_t i) const override {
        const auto record = record_at<FileRecord>(m_files, i);
        IndexFile file;
        file.filename = view(record.filename);
        file.url = view(record.url);
        file.name = m_names[record.name];
        file.version = m_versions[record.version];
        file.kind = static_cast<DistKind>(record.kind);
        file.requires_python = record.requires_python == k_none ? nullptr : m_requires_python[record.requires_python];
        read_hashes(record.hashes_first, record.hashes_count, file.hashes);
        read_hashes(record.core_hashes_first, record.core_hashes_count, file.core_metadata.hashes);
        file.core_metadata.available = (record.flags & k_core_available) != 0;
        file.core_metadata.stated = (record.flags & k_core_stated) != 0;
        file.yanked = Yanked{(record.flags & k_yanked) != 0, view(record.yank_reason)};
        if ((record.flags & k_has_size) != 0) file.size = record.size;
        if ((record.flags & k_has_upload_time) != 0) file.upload_time_ms = record.upload_time_ms;
        return file;
    }

    FileSummary summary(std::size_t i) const override {
        const auto record = record_at<FileRecord>(m_files, i);
        FileSummary out;
        out.version = m_versions[record.version];
        out.requires_python = record.requires_python == k_none ? nullptr : m_requires_python[record.requires_python];
        if ((record.flags & k_has_upload_time) != 0) out.upload_time_ms = record.upload_time_ms;
        return out;
    }

private:
    std::string_view view(Span span) const { return {m_text + span.offset, span.length}; }
    void read_hashes(std::uint32_t first, std::uint8_t count, HashDigests& out) const {
        for (std::uint32_t i = first; i < first + count; ++i) {
            const auto record = record_at<HashRecord>(m_hashes, i);
            out.push_back(HashDigest{static_cast<HashAlgorithm>(record.algorithm), view(record.hex)});
        }
    }

    const char* m_files;
    std::uint32_t m_count;
    const char* m_hashes;
    const char* m_text;
    std::vector<std::string_view> m_names;
    std::vector<const pep440::Version*> m_versions;
    std::vector<const RequiresPython*> m_requires_python;
};

} // namespace

std::optional<ProjectFiles> decode_project_files(std::shared_ptr<const char> buffer, std::string_view payload,
                                                 std::shared_ptr<std::pmr::memory_resource> memory) {
    Header header;
    if (payload.size() < sizeof header) {
        return std::nullopt;
    }
    std::memcpy(&header, payload.data(), sizeof header);
    if (std::memcmp(header.magic, k_magic, sizeof k_magic) != 0 || header.format != k_format ||
        header.byte_order != k_byte_order) {
        return std::nullopt;
    }
    Reader reader(payload.substr(sizeof header));
    const char *files = nullptr, *hashes = nullptr, *names = nullptr, *versions = nullptr, *requires_python = nullptr,
               *skipped = nullptr, *page_versions = nullptr, *text = nullptr;
    if (!reader.table<FileRecord>(header.files, files) || !reader.table<HashRecord>(header.hashes, hashes) ||
        !reader.table<Span>(header.names, names) || !reader.table<Span>(header.versions, versions) ||
        !reader.table<Span>(header.requires_python, requires_python) ||
        !reader.table<SkippedRecord>(header.skipped, skipped) || !reader.table<Span>(header.page_versions, page_versions) ||
        !reader.table<char>(header.text_size, text) || reader.offset() + sizeof header != payload.size()) {
        return std::nullopt;
    }
    const std::uint64_t text_size = header.text_size;
    bool valid = true;
    auto view = [&](Span span) -> std::string_view {
        if (std::uint64_t{span.offset} + span.length > text_size) {
            valid = false;
            return {};
        }
        return {text + span.offset, span.length};
    };

    ProjectFiles page{std::string(view(header.project)), std::move(memory)};
    if (!valid) {
        return std::nullopt;
    }
    // The page's text is the entry's: views into it need no copy (ProjectFiles::keep).
    page.share_text(std::move(buffer), payload);
    if (header.api_version.length != k_none) {
        page.set_api_version(view(header.api_version));
    }
    std::vector<std::string_view> name_table;
    name_table.reserve(header.names);
    for (std::uint32_t i = 0; i < header.names; ++i) {
        name_table.push_back(page.intern_name(view(record_at<Span>(names, i))));
    }
    std::vector<const pep440::Version*> version_table;
    version_table.reserve(header.versions);
    for (std::uint32_t i = 0; i < header.versions; ++i) {
        auto version = pep440::Version::parse(view(record_at<Span>(versions, i)));
        if (!version) {
            return std::nullopt;
        }
        version_table.push_back(page.intern_version(*version));
    }
    std::vector<const RequiresPython*> requires_python_table;
    requires_python_table.reserve(header.requires_python);
    for (std::uint32_t i = 0; i < header.requires_python; ++i) {
        requires_python_table.push_back(page.intern_requires_python(view(record_at<Span>(requires_python, i))));
    }
    // Every record is checked now, so that a damaged entry is a cache miss rather than a
    // failure halfway through a resolution; the files are made from them when read.
    auto check_span = [&](Span span) { return std::uint64_t{span.offset} + span.length <= text_size; };
    auto check_hashes = [&](std::uint32_t first, std::uint8_t count) {
        if (std::uint64_t{first} + count > header.hashes) return false;
        for (std::uint32_t i = first; i < first + count; ++i) {
            const auto record = record_at<HashRecord>(hashes, i);
            if (record.algorithm > static_cast<std::uint8_t>(HashAlgorithm::Blake2b) || !check_span(record.hex)) {
                return false;
            }
        }
        return true;
    };
    for (std::uint32_t i = 0; i < header.files; ++i) {
        const auto record = record_at<FileRecord>(files, i);
        if (record.name >= name_table.size() || record.version >= version_table.size() ||
            (record.requires_python != k_none && record.requires_python >= requires_python_table.size()) ||
            record.kind > static_cast<std::uint8_t>(DistKind::SourceDist) || !check_span(record.filename) ||
            !check_span(record.url) || !check_span(record.yank_reason) ||
            !check_hashes(record.hashes_first, record.hashes_count) ||
            !check_hashes(record.core_hashes_first, record.core_hashes_count)) {
            return std::nullopt;
        }
    }
    page.set_records(std::make_unique<EncodedFiles>(files, header.files, hashes, text, std::move(name_table),
                                                    std::move(version_table), std::move(requires_python_table)));
    for (std::uint32_t i = 0; i < header.skipped; ++i) {
        const auto record = record_at<SkippedRecord>(skipped, i);
        page.add_skipped(view(record.filename), std::string(view(record.reason)));
    }
    for (std::uint32_t i = 0; i < header.page_versions; ++i) {
        page.add_version(view(record_at<Span>(page_versions, i)));
    }
    if (!valid) {
        return std::nullopt;
    }
    // Grouped here, on the client's thread that reads the entry, rather than on the resolver's.
    page.version_groups();
    return page;
}

} // namespace lockkit::index
