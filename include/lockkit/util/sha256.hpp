#pragma once
// SHA-256 with OpenSSL's EVP interface: of a byte string, of a file (streamed,
// so memory stays constant whatever the file size), or incrementally for bytes
// that arrive in pieces (a download). Digests are lower-case hex, the spelling
// uv.lock uses after `sha256:`.

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace lockkit {

/// An incremental SHA-256. Movable, not copyable.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(const void* data, std::size_t size);
    /// The hex digest of everything since construction or the last reset();
    /// starts over afterwards.
    std::string finish_hex();
    void reset();

private:
    struct Free {
        void operator()(evp_md_ctx_st* ctx) const;
    };
    std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

/// Lower-case hex SHA-256 of the file's bytes; the error names the file and the reason.
std::expected<std::string, std::string> sha256_file(const std::filesystem::path& path);

/// Lower-case hex SHA-256 of a byte string.
std::string sha256_hex(std::string_view bytes);

} // namespace lockkit
