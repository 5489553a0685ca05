#pragma once
// The ABI tag of a wheel, the second tag field: `none`, `abi3`, `abi3t` (the
// stable ABI of free-threaded CPython), `cp312` with its build flags
// (`cp313t` free-threaded, `cp312d` debug, `cp37m` pymalloc, `cp27mu` wide
// unicode), `pypy310_pp73`, `pypy_73`, `graalpy240_311_native`,
// `pyston_23_x86_64_linux_gnu`.
//
// Eight bytes: the kind, the CPython flag bits, and two version pairs. As for
// the Python tag, a text uv would not recognise parses to nothing and is left
// out of the wheel's tag set.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::tags {

struct AbiTag {
    enum class Kind : std::uint8_t { None, Abi3, Abi3t, CPython, PyPy, GraalPy, Pyston };
    /// CPython ABI flags, printed in the order t, d, m, u.
    enum Flag : std::uint8_t { k_free_threaded = 1, k_wide_unicode = 2, k_debug = 4, k_pymalloc = 8 };
    static constexpr std::uint8_t k_none = 0xff;

    Kind kind = Kind::None;
    std::uint8_t flags = 0;               ///< CPython only: Flag bits
    std::uint8_t python_major = k_none;   ///< CPython, PyPy (k_none in `pypy_73`), GraalPy
    std::uint8_t python_minor = k_none;
    std::uint8_t impl_major = k_none;     ///< PyPy, GraalPy, Pyston
    std::uint8_t impl_minor = k_none;

    static constexpr AbiTag none() { return {}; }
    static constexpr AbiTag abi3() { return {Kind::Abi3}; }
    static constexpr AbiTag abi3t() { return {Kind::Abi3t}; }
    static constexpr AbiTag cpython(std::uint8_t major, std::uint8_t minor, std::uint8_t flags = 0) {
        return {Kind::CPython, flags, major, minor};
    }

    /// Parses one tag; nothing when uv would not recognise it.
    static std::optional<AbiTag> parse(std::string_view text);

    /// `abi3` or `abi3t`: the tag's Python version is a minimum, not an exact match.
    bool is_stable_abi() const { return kind == Kind::Abi3 || kind == Kind::Abi3t; }
    void append_to(std::string& out) const;
    std::string to_string() const;
    /// The ABI in words for messages ("CPython 3.12", "free-threaded CPython 3.13"); nothing
    /// for `none` and `abi3`.
    std::optional<std::string> pretty() const;

    friend bool operator==(const AbiTag&, const AbiTag&) = default;
};

} // namespace lockkit::tags
