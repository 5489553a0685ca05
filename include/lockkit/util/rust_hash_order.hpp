#pragma once
// The iteration order of Rust's standard `HashMap` / `HashSet` keyed with rustc-hash 2's
// `FxHasher`, the maps uv keeps some lock data in (`[options.exclude-newer-package]`, the
// conflict sets it infers from `include-group`). uv writes those in iteration order, so writing
// the same bytes as uv means knowing where the table puts each key.
//
// The standard table is hashbrown's SwissTable; on x86-64 it scans control bytes in groups of
// 16. With insertions only (uv never removes from these maps) a key lands in the first free
// bucket of the probe sequence that starts at `hash & mask`: 16 buckets at a time, cyclically,
// the start moving by 16, 32, 48... buckets; a table of fewer than 16 buckets is scanned
// cyclically from the start. Iteration walks the buckets in index order. The table grows to
// 4, 8, then a power of two holding 8/7 of the entries, re-inserting the old buckets in index
// order. Checked against uv 0.12.5's locks for tables of up to 64 buckets
// (tests/unit/util/rust_hash_order_test.cpp, tests/conformance/test_lock_resolve_exclude_newer.py).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace lockkit {

/// rustc-hash 2's `FxHasher`, fed as Rust's derived `Hash` implementations feed it.
class FxHasher {
public:
    /// Any integer (`write_u8` ... `write_usize`, an enum's discriminant, a length).
    void write_integer(std::uint64_t value) { m_hash = (m_hash + value) * k_seed; }
    /// A `str` (`String`, uv's `PackageName`): its bytes, then 0xff.
    void write_str(std::string_view text);
    std::uint64_t finish() const { return (m_hash << 26) | (m_hash >> 38); }

private:
    static constexpr std::uint64_t k_seed = 0xf1357aea2e62a9c5ULL;
    std::uint64_t m_hash = 0;
};

/// The hash of a string key (a `String` or `PackageName`) in an `FxHashMap`.
std::uint64_t fx_hash_str(std::string_view text);

/// Which bucket each entry of a Rust hash table occupies, for insertions only. Entries are
/// named by the caller's ids.
class RustTableLayout {
public:
    /// `reserve(additional)`: grows (re-inserting every entry) unless `additional` more fit.
    void reserve(std::size_t additional);
    /// Puts a new entry in its bucket; the caller has reserved room for it.
    void place(std::uint64_t hash, std::size_t id);
    /// The ids in iteration order.
    std::vector<std::size_t> order() const;

private:
    std::vector<std::optional<std::pair<std::uint64_t, std::size_t>>> m_buckets;
    std::size_t m_items = 0;
};

/// A Rust `HashSet<T>` (or a map's keys) built by the same calls uv makes, for its iteration
/// order. `Hash` gives a value's `FxHasher` hash.
template <typename T, typename Hash>
class RustHashOrder {
public:
    /// `HashMap::insert`: room for one more first, then the key unless it is there already.
    void insert(const T& value) {
        m_layout.reserve(1);
        add(value);
    }
    /// `entry(key).or_insert(..)`: room is made only when the key is new.
    void insert_vacant(const T& value) {
        if (contains(value)) return;
        m_layout.reserve(1);
        add(value);
    }
    /// `extend` (and `collect`, which extends an empty table): reserves for all of `values`,
    /// or half of them when the table is not empty, then inserts each.
    void extend(const std::vector<T>& values) {
        m_layout.reserve(m_values.empty() ? values.size() : (values.size() + 1) / 2);
        for (const T& v : values) insert(v);
    }
    void reserve(std::size_t additional) { m_layout.reserve(additional); }
    bool contains(const T& value) const { return std::find(m_values.begin(), m_values.end(), value) != m_values.end(); }
    /// The values in iteration order.
    std::vector<T> values() const {
        std::vector<T> out;
        for (std::size_t id : m_layout.order()) out.push_back(m_values[id]);
        return out;
    }

private:
    void add(const T& value) {
        if (contains(value)) return;
        m_layout.place(Hash{}(value), m_values.size());
        m_values.push_back(value);
    }
    RustTableLayout m_layout;
    std::vector<T> m_values;  // by id
};

} // namespace lockkit
