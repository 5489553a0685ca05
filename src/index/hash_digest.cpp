#include "lockkit/index/hash_digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <utility>

namespace lockkit::index {

namespace {

constexpr std::array<std::string_view, 5> k_names = {"md5", "sha256", "sha384", "sha512", "blake2b"};

} // namespace

std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name) {
    for (std::size_t i = 0; i < k_names.size(); ++i) {
        if (k_names[i] == name) {
            return static_cast<HashAlgorithm>(i);
        }
    }
    return std::nullopt;
}

std::string_view hash_algorithm_name(HashAlgorithm algorithm) {
    return k_names[static_cast<std::size_t>(algorithm)];
}

std::optional<std::string_view> find_hash(const HashDigests& hashes, HashAlgorithm algorithm) {
    for (const auto& hash : hashes) {
        if (hash.algorithm == algorithm) {
            return hash.hex;
        }
    }
    return std::nullopt;
}

std::optional<HashDigest> lock_hash(const HashDigests& hashes) {
    std::optional<HashDigest> best;
    for (const auto& hash : hashes) {
        if (!best || std::pair(hash.algorithm, hash.hex) > std::pair(best->algorithm, best->hex)) {
            best = hash;
        }
    }
    return best;
}

std::string hash_hex(HashAlgorithm algorithm, std::string_view bytes) {
    const char* names[] = {"md5", "sha256", "sha384", "sha512", "blake2b512"};
    const EVP_MD* md = EVP_get_digestbyname(names[static_cast<int>(algorithm)]);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (md == nullptr || EVP_Digest(bytes.data(), bytes.size(), digest, &length, md, nullptr) != 1) return {};
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += k_hex[digest[i] >> 4];
        out += k_hex[digest[i] & 15];
    }
    return out;
}

} // namespace lockkit::index
