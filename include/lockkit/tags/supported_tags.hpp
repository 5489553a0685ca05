#pragma once
// The wheel tags one interpreter accepts, in PEP 425 priority order (best
// first), and how well a wheel fits them.
//
// For CPython 3.12 on platform tags P (best first) the order is:
//   1. cp312-cp312-P            (a debug build: cp312d, then on 3.8+ cp312 again;
//                                 CPython <= 3.7 ABIs carry the pymalloc `m`)
//   2. cp312-abi3-P, cp312-none-P, cp311-abi3-P, ..., cp32-abi3-P
//                                 (free-threaded builds: `cp313t` in step 1 and
//                                 `abi3t` instead of `abi3`)
//   3. py312-none-P, py3-none-P, py311-none-P, ..., py30-none-P
//   4. cp312-none-any, py312-none-any, py3-none-any, py311-none-any, ..., py30-none-any
// (steps 2 and cp312-none-any are CPython's only). This is `packaging.tags.sys_tags()`
// and uv's `Tags::from_env`. A wheel fits when some combination of its tags is in
// the list; its priority is that of the best combination. On a free-threaded
// interpreter a wheel whose ABI tags hold none of `none`, `abi3t` or a `t`
// CPython ABI is refused outright, as uv refuses it.

#include "lockkit/tags/platform.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::tags {

/// What tag generation needs to know about an interpreter (the probe supplies it).
struct TagEnvironment {
    Platform platform;
    std::uint8_t python_major = 3;
    std::uint8_t python_minor = 12;
    std::string implementation = "cpython";  ///< sys.implementation.name: cpython, pypy, graalpy, pyston
    std::uint8_t implementation_major = 3;   ///< sys.implementation.version
    std::uint8_t implementation_minor = 12;
    bool manylinux_compatible = true;        ///< false: `_manylinux.manylinux_compatible()` said no
    bool gil_disabled = false;               ///< Py_GIL_DISABLED (free-threaded)
    bool debug_enabled = false;              ///< Py_DEBUG
};

/// One supported (python, abi, platform) combination.
struct Tag {
    LanguageTag python;
    AbiTag abi;
    PlatformTag platform;

    /// `cp312-cp312-manylinux_2_17_x86_64`.
    std::string to_string() const;
    friend bool operator==(const Tag&, const Tag&) = default;
};

/// Why a wheel does not fit, from least to most specific (uv's order).
enum class IncompatibleTag : std::uint8_t { Invalid, Python, Abi, FreethreadedAbi, AbiPythonVersion, Platform };

/// A wheel's fit: compatible with a priority (higher is better), or the closest miss.
struct TagCompatibility {
    bool compatible = false;
    std::uint32_t priority = 0;                              ///< compatible only
    IncompatibleTag reason = IncompatibleTag::Invalid;       ///< incompatible only

    /// Compatible beats incompatible; then priority, or the more specific miss.
    friend std::strong_ordering operator<=>(const TagCompatibility& a, const TagCompatibility& b) {
        if (a.compatible != b.compatible) {
            return a.compatible <=> b.compatible;
        }
        return a.compatible ? a.priority <=> b.priority : a.reason <=> b.reason;
    }
    friend bool operator==(const TagCompatibility&, const TagCompatibility&) = default;
};

class SupportedTags {
public:
    /// The tags of an interpreter; errors for implementations wheels do not exist for
    /// (Jython, IronPython) and unsupported platform combinations.
    static std::expected<SupportedTags, std::string> for_interpreter(const TagEnvironment& environment);

    /// Every supported tag, best first.
    const std::vector<Tag>& tags() const;
    /// The priority of one combination (higher is better), if supported.
    std::optional<std::uint32_t> priority(const LanguageTag& python, const AbiTag& abi, const PlatformTag& platform) const;
    /// How well a wheel fits.
    TagCompatibility compatibility(const WheelFilename& wheel) const;
    bool is_compatible(const WheelFilename& wheel) const { return compatibility(wheel).compatible; }
    /// Whether some supported tag has this Python and ABI tag (on any platform).
    bool is_compatible_abi(const LanguageTag& python, const AbiTag& abi) const;

    bool is_free_threaded() const { return m_free_threaded; }

private:
    struct Index;  ///< the tags and their lookup tables, shared by copies
    std::shared_ptr<const Index> m_index;
    bool m_free_threaded = false;
};

} // namespace lockkit::tags
