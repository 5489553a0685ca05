// sha256_hex uses OpenSSL's low-level SHA256_* calls, deprecated in 3.0 but kept (see there).
#define OPENSSL_SUPPRESS_DEPRECATED

#include "lockkit/util/sha256.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace lockkit {

namespace {

std::string to_hex(const unsigned char* digest, unsigned len) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out(len * 2, '0');
    for (unsigned i = 0; i < len; ++i) {
        out[2 * i] = k_hex[digest[i] >> 4];
        out[2 * i + 1] = k_hex[digest[i] & 0xf];
    }
    return out;
}

// Files are read() in 1 MiB blocks (128 KiB to 1 MiB measure the same). Hashing
// from an mmap instead skips the copy and measured ~10% faster, but a file
// truncated by another process while mapped kills us with SIGBUS; read() only
// returns fewer bytes. See docs/performance.md (bench/hash_bench.sh).
constexpr std::size_t k_block = std::size_t{1} << 20;

} // namespace

void Sha256::Free::operator()(evp_md_ctx_st* ctx) const {
    EVP_MD_CTX_free(ctx);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    reset();
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::reset() {
    EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
}

void Sha256::update(const void* data, std::size_t size) {
    EVP_DigestUpdate(ctx_.get(), data, size);
}

std::string Sha256::finish_hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest.data(), &len);
    reset();
    return to_hex(digest.data(), len);
}

std::expected<std::string, std::string> sha256_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(path.string() + ": " + std::strerror(errno));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint for read-ahead on cold files
    Sha256 hash;
    std::unique_ptr<unsigned char[]> buffer(new unsigned char[k_block]);
    for (;;) {
        const ssize_t n = ::read(fd, buffer.get(), k_block);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return std::unexpected(path.string() + ": " + std::strerror(errno));
        }
        if (n == 0) {
            break;
        }
        hash.update(buffer.get(), static_cast<std::size_t>(n));
    }
    return hash.finish_hex();
}

std::string sha256_hex(std::string_view bytes) {
    // The first EVP digest of a process sets up OpenSSL's default library context: it reads
    // openssl.cnf and loads the default provider, ~1 ms. Short runs hash only a few short
    // strings (the lock-file name of a project), so the low-level calls, which run the same
    // code without that set-up, made a no-op `lock resolve` ~6% faster. Same digest.
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, bytes.data(), bytes.size());
    SHA256_Final(digest.data(), &ctx);
    return to_hex(digest.data(), static_cast<unsigned>(digest.size()));
}

} // namespace lockkit
