#pragma once
// A hash of a package's full identity (name, version, source), for the hash maps and sets the
// merge keys by identity. Equal identities hash alike whether compared with `==` or with
// merge.cpp's `same_id`, which reads a missing version as it hashes one here.

#include "lockkit/lockfile/lock.hpp"

#include <cstddef>
#include <functional>
#include <string_view>

namespace lockkit::merge::detail {

struct PackageIdHash {
    std::size_t operator()(const lockfile::PackageId& id) const {
        const std::hash<std::string_view> h;
        std::size_t seed = h(id.name);
        auto mix = [&seed](std::size_t v) { seed ^= v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2); };
        mix(h(id.version ? std::string_view(*id.version) : std::string_view("\x01")));
        mix(static_cast<std::size_t>(id.source.kind));
        mix(h(id.source.location));
        mix(h(id.source.subdirectory ? std::string_view(*id.source.subdirectory) : std::string_view()));
        return seed;
    }
};

} // namespace lockkit::merge::detail
