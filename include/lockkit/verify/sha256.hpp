#pragma once
// The verify module's SHA-256 helpers are the shared ones (lockkit/util/sha256.hpp).

#include "lockkit/util/sha256.hpp"

namespace lockkit::verify {

using lockkit::sha256_file;
using lockkit::sha256_hex;

} // namespace lockkit::verify
