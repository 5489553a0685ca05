#pragma once
// Writing small wheels (zip archives) for the install tests with libarchive, so any
// entry can be made: names with `..`, links, duplicates, lying RECORD rows.

#include "lockkit/install/record.hpp"
#include "lockkit/util/sha256.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::install::testing {

struct Entry {
    std::string name;
    std::string data;
    unsigned mode = 0100644;  ///< with the file type bits: 0120777 for a link (data: its target)
};

/// Writes `entries` as a zip at `path`.
inline void write_zip(const std::filesystem::path& path, const std::vector<Entry>& entries) {
    struct archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_open_filename(a, path.c_str());
    for (const auto& e : entries) {
        struct archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.c_str());
        archive_entry_set_mode(entry, e.mode);
        if ((e.mode & 0170000) == 0120000) {
            archive_entry_set_symlink(entry, e.data.c_str());
            archive_entry_set_size(entry, 0);
        } else {
            archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
        }
        archive_write_header(a, entry);
        if ((e.mode & 0170000) != 0120000) {
            archive_write_data(a, e.data.data(), e.data.size());
        }
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
}

/// The entries of a valid wheel `name-version` holding `files`, with a true RECORD.
inline std::vector<Entry> wheel_entries(const std::string& name, const std::string& version,
                                        std::vector<Entry> files, bool purelib = true) {
    const std::string dist = name + "-" + version + ".dist-info";
    files.push_back({dist + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\n"});
    files.push_back({dist + "/WHEEL", std::string("Wheel-Version: 1.0\nRoot-Is-Purelib: ") +
                                          (purelib ? "true" : "false") + "\nTag: py3-none-any\n"});
    std::string record;
    for (const auto& f : files) {
        record += f.name + "," + record_hash_of(f.data) + "," + std::to_string(f.data.size()) + "\n";
    }
    record += dist + "/RECORD,,\n";
    files.push_back({dist + "/RECORD", record});
    return files;
}

} // namespace lockkit::install::testing
