#pragma once
// File hashes as indexes publish them: `#sha256=<hex>` URL fragments (PEP 503)
// and `"hashes": {"sha256": "<hex>"}` objects (PEP 691). uv knows five
// algorithms; which one goes into uv.lock is the largest (algorithm, digest)
// pair in the order md5 < sha256 < sha384 < sha512 < blake2b.

#include "lockkit/util/small_vector.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::index {

enum class HashAlgorithm : std::uint8_t { Md5, Sha256, Sha384, Sha512, Blake2b };

/// `md5`, `sha256`, `sha384`, `sha512`, `blake2b`; nothing for other names.
std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name);
std::string_view hash_algorithm_name(HashAlgorithm algorithm);

struct HashDigest {
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    std::string_view hex;  ///< as published (lower-case hex on every index seen)

    friend bool operator==(const HashDigest&, const HashDigest&) = default;
};

/// A file's hashes; nearly always exactly one.
using HashDigests = SmallVector<HashDigest, 1>;

/// The digest of `algorithm`, if published.
std::optional<std::string_view> find_hash(const HashDigests& hashes, HashAlgorithm algorithm);

/// The lower-case hex digest of `bytes` with `algorithm` (OpenSSL; blake2b is BLAKE2b-512).
std::string hash_hex(HashAlgorithm algorithm, std::string_view bytes);

/// The hash uv records in uv.lock for a file: the largest by (algorithm, digest),
/// algorithms ordered md5 < sha256 < sha384 < sha512 < blake2b; nothing when none.
std::optional<HashDigest> lock_hash(const HashDigests& hashes);

} // namespace lockkit::index
