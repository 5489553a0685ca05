// A wheel's METADATA through range requests (see remote_wheel.hpp). Zip structures as the
// APPNOTE describes them: the end of central directory record (signature 0x06054b50), central
// directory headers (0x02014b50) and local file headers (0x04034b50), little-endian.

#include "lockkit/metadata/remote_wheel.hpp"

#include "libarchive_api.hpp"

#include <memory>
#include <optional>

namespace lockkit::metadata {

namespace {

std::uint32_t u16(std::string_view b, std::size_t at) {
    return static_cast<std::uint8_t>(b[at]) | (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 1])) << 8);
}
std::uint32_t u32(std::string_view b, std::size_t at) { return u16(b, at) | (u16(b, at + 2) << 16); }

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

struct Member {
    std::uint64_t offset = 0;
    std::uint64_t compressed = 0;
    std::uint64_t uncompressed = 0;
    std::uint32_t crc = 0;
    std::uint32_t method = 0;
};

/// Inflates a raw deflate stream: wrapped as gzip, which libarchive reads.
std::expected<std::string, std::string> inflate(std::string_view deflated, const Member& m) {
    auto api = detail::archive_api();
    if (!api) return std::unexpected(api.error());
    std::string gzip("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    gzip.append(deflated);
    put32(gzip, m.crc);
    put32(gzip, static_cast<std::uint32_t>(m.uncompressed));
    const detail::ArchiveApi& a = **api;
    std::unique_ptr<archive, int (*)(archive*)> reader(a.read_new(), a.read_free);
    a.read_support_filter_all(reader.get());
    a.read_support_format_raw(reader.get());
    if (a.read_open_memory(reader.get(), gzip.data(), gzip.size()) != ARCHIVE_OK)
        return std::unexpected(std::string("cannot inflate METADATA: ") + (a.error_string(reader.get()) ?: "unknown error"));
    archive_entry* entry = nullptr;
    if (a.read_next_header(reader.get(), &entry) != ARCHIVE_OK)
        return std::unexpected(std::string("cannot inflate METADATA: ") + (a.error_string(reader.get()) ?: "unknown error"));
    std::string text;
    char buffer[16384];
    for (;;) {
        const la_ssize_t n = a.read_data(reader.get(), buffer, sizeof buffer);
        if (n < 0) return std::unexpected(std::string("cannot inflate METADATA: ") + (a.error_string(reader.get()) ?: "unknown error"));
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

} // namespace

std::expected<std::string, std::string> read_wheel_metadata_by_ranges(std::uint64_t size, std::string_view tail,
                                                                      const RangeReader& read) {
    // The end of central directory record: the last one in the tail.
    if (tail.size() < 22) return std::unexpected(std::string("not a zip file (too short)"));
    std::size_t eocd = std::string_view::npos;
    for (std::size_t i = tail.size() - 22 + 1; i-- > 0;)
        if (u32(tail, i) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd == std::string_view::npos) return std::unexpected(std::string("not a zip file (no end of central directory)"));
    const std::uint64_t cd_size = u32(tail, eocd + 12);
    const std::uint64_t cd_offset = u32(tail, eocd + 16);
    if (cd_size == 0xffffffff || cd_offset == 0xffffffff)
        return std::unexpected(std::string("a zip64 wheel: its metadata is not read by ranges"));
    const std::uint64_t tail_start = size - tail.size();
    std::string directory;
    if (cd_offset >= tail_start && cd_offset + cd_size <= size) {
        directory = std::string(tail.substr(cd_offset - tail_start, cd_size));
    } else {
        auto got = read(cd_offset, cd_size);
        if (!got) return std::unexpected(got.error());
        directory = std::move(*got);
    }
    // The central directory entry of `<name>.dist-info/METADATA`.
    std::optional<Member> member;
    for (std::size_t at = 0; at + 46 <= directory.size() && u32(directory, at) == 0x02014b50;) {
        const std::size_t name_len = u16(directory, at + 28), extra_len = u16(directory, at + 30),
                          comment_len = u16(directory, at + 32);
        if (at + 46 + name_len > directory.size()) break;
        const std::string_view name = std::string_view(directory).substr(at + 46, name_len);
        const auto slash = name.find('/');
        if (slash != std::string_view::npos && name.substr(slash) == "/METADATA" &&
            name.substr(0, slash).ends_with(".dist-info")) {
            member = Member{u32(directory, at + 42), u32(directory, at + 20), u32(directory, at + 24),
                            u32(directory, at + 16), u16(directory, at + 10)};
            break;
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    if (!member) return std::unexpected(std::string("the wheel has no .dist-info/METADATA"));
    if (member->method != 0 && member->method != 8)
        return std::unexpected("METADATA is compressed with method " + std::to_string(member->method));
    // The local header's name and extra lengths may differ from the directory's: read some slack.
    const std::uint64_t want = std::min<std::uint64_t>(size - member->offset, 30 + 1024 + member->compressed + 1024);
    auto local = read(member->offset, want);
    if (!local) return std::unexpected(local.error());
    if (local->size() < 30 || u32(*local, 0) != 0x04034b50) return std::unexpected(std::string("bad local file header"));
    const std::size_t data = 30 + u16(*local, 26) + u16(*local, 28);
    if (data + member->compressed > local->size()) return std::unexpected(std::string("METADATA is cut short"));
    const std::string_view bytes = std::string_view(*local).substr(data, member->compressed);
    if (member->method == 0) return std::string(bytes);
    return inflate(bytes, *member);
}

} // namespace lockkit::metadata
