#pragma once
// RECORD: the list of files an installed distribution owns (*Recording installed
// projects*, PEP 376/627). CSV without a header, `"` quoting, columns
// `path,hash,size`: the path relative to the folder holding the .dist-info
// (`../../../bin/tool` for a script), the hash `sha256=<urlsafe base64 of the
// digest, no padding>`, the size in bytes; RECORD itself and byte code have empty
// hash and size.
//
// The writer produces what uv writes, byte for byte, so an environment lockkit
// installed records the same files with the same rows: rows sorted by path, then
// hash, then size (uv sorts its row structs that way), a field quoted only when it
// holds a comma, a quote or a line break (quotes doubled), `\n` after every row.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::install {

/// One row of a RECORD file.
struct RecordEntry {
    std::string path;                   ///< as written (relative to site-packages, or absolute)
    std::string hash;                   ///< "sha256=<base64>" as written; empty for none
    std::optional<std::uint64_t> size;  ///< the size column, if given and numeric
    std::uint32_t line = 0;             ///< 1-based line of the row in RECORD (0 for rows we made)
};

/// Parses the text of a RECORD file; the error names the line of the first malformed row.
std::expected<std::vector<RecordEntry>, std::string> parse_record(std::string_view text);

/// The text of a RECORD file holding `entries`, sorted and quoted as uv writes it.
std::string format_record(std::vector<RecordEntry> entries);

/// The RECORD spelling of a SHA-256 given in hex: "sha256=" + urlsafe base64, no padding.
std::string record_hash_from_hex(std::string_view hex);

/// The RECORD hash of a byte string.
std::string record_hash_of(std::string_view bytes);

} // namespace lockkit::install
