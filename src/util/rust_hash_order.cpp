// Rust hash-table iteration order (see rust_hash_order.hpp).

#include <lockkit/util/rust_hash_order.hpp>

namespace lockkit {

namespace {

std::uint64_t multiply_mix(std::uint64_t x, std::uint64_t y) {
    const unsigned __int128 full = static_cast<unsigned __int128>(x) * y;
    return static_cast<std::uint64_t>(full) ^ static_cast<std::uint64_t>(full >> 64);
}

std::uint64_t load_le(const unsigned char* p, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return v;
}

/// rustc-hash 2's `hash_bytes`, what `FxHasher::write` adds for a byte slice.
std::uint64_t hash_bytes(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t len = text.size();
    std::uint64_t s0 = 0x243f6a8885a308d3ULL, s1 = 0x13198a2e03707344ULL;
    if (len <= 16) {
        if (len >= 8) {
            s0 ^= load_le(bytes, 8);
            s1 ^= load_le(bytes + len - 8, 8);
        } else if (len >= 4) {
            s0 ^= load_le(bytes, 4);
            s1 ^= load_le(bytes + len - 4, 4);
        } else if (len > 0) {
            s0 ^= bytes[0];
            s1 ^= (static_cast<std::uint64_t>(bytes[len - 1]) << 8) | bytes[len / 2];
        }
    } else {
        std::size_t at = 0;
        while (len - 1 - at >= 16) {
            const std::uint64_t x = load_le(bytes + at, 8), y = load_le(bytes + at + 8, 8);
            const std::uint64_t t = multiply_mix(s0 ^ x, 0xa4093822299f31d0ULL ^ y);
            s0 = s1;
            s1 = t;
            at += 16;
        }
        s0 ^= load_le(bytes + len - 16, 8);
        s1 ^= load_le(bytes + len - 8, 8);
    }
    return multiply_mix(s0, s1) ^ len;
}

constexpr std::size_t k_group_width = 16;  // SSE2 control-byte groups

/// How many entries a table of `buckets` holds before it grows (7/8 of it, one less when small).
std::size_t capacity_of(std::size_t buckets) {
    if (buckets == 0) return 0;
    return buckets < 8 ? buckets - 1 : buckets / 8 * 7;
}

std::size_t buckets_for(std::size_t capacity) {
    if (capacity < 8) return capacity < 4 ? 4 : 8;
    std::size_t buckets = 1;
    while (buckets < capacity * 8 / 7) buckets *= 2;
    return buckets;
}

} // namespace

void FxHasher::write_str(std::string_view text) {
    write_integer(hash_bytes(text));
    write_integer(0xff);
}

std::uint64_t fx_hash_str(std::string_view text) {
    FxHasher h;
    h.write_str(text);
    return h.finish();
}

void RustTableLayout::reserve(std::size_t additional) {
    const std::size_t capacity = capacity_of(m_buckets.size());
    if (additional <= capacity - m_items) return;
    const std::size_t buckets = buckets_for(std::max(m_items + additional, capacity + 1));
    auto old = std::move(m_buckets);
    m_buckets.assign(buckets, std::nullopt);
    m_items = 0;
    for (auto& slot : old)
        if (slot) place(slot->first, slot->second);
}

void RustTableLayout::place(std::uint64_t hash, std::size_t id) {
    const std::size_t mask = m_buckets.size() - 1;
    // A small table's group overhangs its end with empty bytes; hashbrown then falls back to
    // the first free bucket from the start, which makes the scan cyclic.
    const std::size_t width = std::min(k_group_width, m_buckets.size());
    std::size_t pos = hash & mask, stride = 0;
    for (;;) {
        for (std::size_t i = 0; i < width; ++i) {
            auto& slot = m_buckets[(pos + i) & mask];
            if (!slot) {
                slot.emplace(hash, id);
                ++m_items;
                return;
            }
        }
        stride += k_group_width;
        pos = (pos + stride) & mask;
    }
}

std::vector<std::size_t> RustTableLayout::order() const {
    std::vector<std::size_t> out;
    out.reserve(m_items);
    for (const auto& slot : m_buckets)
        if (slot) out.push_back(slot->second);
    return out;
}

} // namespace lockkit
