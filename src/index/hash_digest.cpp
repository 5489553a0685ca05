#include "lockkit/index/hash_digest.hpp"

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

} // namespace lockkit::index
