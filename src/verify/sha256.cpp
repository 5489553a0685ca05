#include "lockkit/verify/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace lockkit::verify {

namespace {

struct CtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string to_hex(const unsigned char* digest, unsigned len) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out(len * 2, '0');
    for (unsigned i = 0; i < len; ++i) {
        out[2 * i] = k_hex[digest[i] >> 4];
        out[2 * i + 1] = k_hex[digest[i] & 0xf];
    }
    return out;
}

} // namespace

std::expected<std::string, std::string> sha256_file(const std::filesystem::path& path) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        return std::unexpected(path.string() + ": " + std::strerror(errno));
    }
    std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        return std::unexpected(path.string() + ": cannot initialise SHA-256");
    }
    std::unique_ptr<unsigned char[]> buffer(new unsigned char[1 << 20]);
    for (;;) {
        const std::size_t n = std::fread(buffer.get(), 1, 1 << 20, file.get());
        if (n > 0 && EVP_DigestUpdate(ctx.get(), buffer.get(), n) != 1) {
            return std::unexpected(path.string() + ": SHA-256 update failed");
        }
        if (n < (1 << 20)) {
            if (std::ferror(file.get())) {
                return std::unexpected(path.string() + ": read error");
            }
            break;
        }
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned len = 0;
    if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &len) != 1) {
        return std::unexpected(path.string() + ": SHA-256 final failed");
    }
    return to_hex(digest.data(), len);
}

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned len = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(), nullptr);
    return to_hex(digest.data(), len);
}

} // namespace lockkit::verify
