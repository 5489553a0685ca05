#pragma once
// The form in which a parsed project page is kept in the cache, so that a
// fresh cache hit costs no parsing: a warm resolution of the transformers
// ecosystem loads 313 pages with 205,000 files, where parsing their JSON again
// alone would take over 200 ms.
//
// Layout (native byte order; the header's magic number refuses another):
//
//   header     magic "LKPF", format version, table sizes
//   text       every string of the page back to back (URLs, filenames, hash
//              digests, yank reasons, requires-python values, versions);
//              a filename that ends its URL is not stored twice
//   tables     names, versions, requires-python values, hashes, files,
//              skipped entries, PEP 700 versions: fixed-size records of
//              offsets into the text and indexes into the earlier tables
//
// Decoding adopts the buffer the entry was read into and points every view
// of the page into it; only the distinct versions and requires-python values
// are parsed again (a few hundred per page). The files stay records: each is
// made when read (ProjectFiles::file, project_files.hpp). Every offset and
// index is checked against the sizes when the page is decoded, so a damaged
// entry decodes to nothing (a cache miss) rather than to views outside the
// buffer.

#include "lockkit/index/project_files.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::index {

/// A page's encoding, ready to be written in pieces: the tables built, the text
/// only listed (views into the page), so that writing a 2 MB page to the cache
/// does not first copy it into one more 2 MB string.
class PageEncoding {
public:
    explicit PageEncoding(const ProjectFiles& files);
    /// The encoding's size in bytes.
    std::uint64_t size() const { return m_tables.size() + m_text_size; }
    /// Gives the encoding to `out` piece by piece, in order; stops when `out` returns false.
    bool write(const std::function<bool(std::string_view)>& out) const;

private:
    std::string m_tables;                 ///< header and tables
    std::vector<std::string_view> m_text;  ///< the text block, in pieces
    std::deque<std::string> m_owned;       ///< text made while encoding (versions)
    std::uint64_t m_text_size = 0;
};

/// The bytes that stand for `files` in a cache entry (PageEncoding, in one string).
std::string encode_project_files(const ProjectFiles& files);

/// The page encoded in `payload`, a range inside `buffer`, which the result keeps;
/// nothing when the bytes are not a page of this format version.
/// The file list is allocated from `memory` when given (see ProjectFiles).
std::optional<ProjectFiles> decode_project_files(std::shared_ptr<const char> buffer, std::string_view payload,
                                                 std::shared_ptr<std::pmr::memory_resource> memory = nullptr);

} // namespace lockkit::index
