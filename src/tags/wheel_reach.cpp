#include "lockkit/tags/wheel_reach.hpp"

#include <mutex>
#include <span>
#include <string>
#include <unordered_map>

namespace lockkit::tags {

namespace {

using pep508::MarkerTree;
using pep508::ReleaseBound;

/// Markers built from fixed texts, parsed once per process.
MarkerTree cached_marker(const std::string& text) {
    static std::mutex mutex;
    static std::unordered_map<std::string, MarkerTree> cache;
    std::lock_guard lock(mutex);
    if (const auto it = cache.find(text); it != cache.end()) {
        return it->second;
    }
    const auto parsed = MarkerTree::parse(text);
    const MarkerTree marker = parsed ? *parsed : MarkerTree::always_false();  // our own texts always parse
    cache.emplace(text, marker);
    return marker;
}

/// (major, minor) of a bound's release, missing segments as 0.
std::pair<std::uint64_t, std::uint64_t> major_minor(const ReleaseBound& bound) {
    const auto& r = bound.release;
    return {r.empty() ? 0 : r[0], r.size() < 2 ? 0 : r[1]};
}

/// 3.<minor> is not below the lower bound, compared by major.minor.
bool above_lower(std::uint64_t minor, const ReleaseBound& lower) {
    if (lower.kind == ReleaseBound::Kind::Unbounded) {
        return true;
    }
    return std::pair<std::uint64_t, std::uint64_t>{3, minor} >= major_minor(lower);
}

/// 3.<minor> is not above the upper bound, compared by major.minor (`<3.10.1` admits 3.10,
/// `<3.10` does not).
bool below_upper(std::uint64_t minor, const ReleaseBound& upper) {
    if (upper.kind == ReleaseBound::Kind::Unbounded) {
        return true;
    }
    const std::pair<std::uint64_t, std::uint64_t> wheel{3, minor};
    const auto bound = major_minor(upper);
    const bool patch_above_zero = upper.release.size() > 2 && upper.release[2] > 0;
    if (upper.kind == ReleaseBound::Kind::Included || patch_above_zero) {
        return wheel <= bound;
    }
    return wheel < bound;
}

bool python_tag_matches(const LanguageTag& python, const ReleaseBound& lower, const ReleaseBound& upper) {
    using K = LanguageTag::Kind;
    const bool versioned = python.kind == K::Python || python.kind == K::CPython || python.kind == K::PyPy ||
                           python.kind == K::GraalPy || python.kind == K::Pyston;
    if (versioned && python.major == 2) {
        return false;  // py2, py27, cp27-none, ...
    }
    if (python.kind == K::Python && python.major == 3 && python.has_minor()) {
        return below_upper(python.minor, upper);  // py37 is a lower bound: only the upper end matters
    }
    if (versioned && python.kind != K::Python && python.major == 3) {
        return above_lower(python.minor, lower) && below_upper(python.minor, upper);
    }
    return true;  // py3, cp3, unknown forms
}

std::string quoted(std::string_view value) {
    std::string out = "'";
    out += value;
    out += '\'';
    return out;
}

std::string machine_test(std::string_view machine) {
    return "platform_machine == " + quoted(machine);
}

} // namespace

bool matches_requires_python(const WheelFilename& wheel, const ReleaseBound& lower, const ReleaseBound& upper) {
    using A = AbiTag::Kind;
    for (const auto& abi : wheel.abi_tags()) {
        if (abi.is_stable_abi()) {
            return true;
        }
        if (abi.kind == A::None) {
            for (const auto& python : wheel.python_tags()) {
                if (python_tag_matches(python, lower, upper)) {
                    return true;
                }
            }
            continue;
        }
        const bool versioned = abi.kind == A::CPython || abi.kind == A::PyPy || abi.kind == A::GraalPy;
        if (!versioned) {
            return true;  // Pyston and forms uv does not judge
        }
        if (abi.python_major == AbiTag::k_none || abi.python_major == 2) {
            continue;  // Python 2 (and PyPy ABIs without a Python version) never
        }
        if (abi.python_major != 3 || (above_lower(abi.python_minor, lower) && below_upper(abi.python_minor, upper))) {
            return true;
        }
    }
    return false;
}

MarkerTree implied_platform_markers(const WheelFilename& wheel) {
    using K = PlatformTag::Kind;
    std::string text;
    const auto add = [&](const std::string& clause) {
        if (!text.empty()) {
            text += " or ";
        }
        text += '(';
        text += clause;
        text += ')';
    };
    for (const auto& tag : wheel.platform_tags()) {
        switch (tag.kind) {
        case K::Any:
            return MarkerTree::always_true();
        case K::Win32:
            add("sys_platform == 'win32' and " + machine_test("x86"));
            break;
        case K::WinAmd64:
            add("sys_platform == 'win32' and " + machine_test("AMD64"));
            break;
        case K::WinArm64:
            add("sys_platform == 'win32' and " + machine_test("ARM64"));
            break;
        case K::Macos: {
            std::string machines;
            for (const auto format : macos_format_machines(tag.macos_format())) {
                if (!machines.empty()) {
                    machines += " or ";
                }
                machines += machine_test(macos_format_name(format));
            }
            add("sys_platform == 'darwin' and (" + machines + ")");
            break;
        }
        case K::Manylinux:
        case K::Manylinux1:
        case K::Manylinux2010:
        case K::Manylinux2014:
        case K::Musllinux:
        case K::Linux:
            add("sys_platform == 'linux' and " + machine_test(arch_name(tag.arch)));
            break;
        default:
            break;  // uv derives nothing from other platforms' tags
        }
    }
    return text.empty() ? MarkerTree::always_false() : cached_marker(text);
}

MarkerTree implied_python_markers(const WheelFilename& wheel) {
    using K = LanguageTag::Kind;
    bool stable_abi = false;
    for (const auto& abi : wheel.abi_tags()) {
        stable_abi = stable_abi || abi.is_stable_abi();
    }
    std::string text;
    for (const auto& python : wheel.python_tags()) {
        if (python.kind == K::None) {
            return MarkerTree::always_true();
        }
        std::string version = std::to_string(python.major);
        if (python.has_minor()) {
            version += '.';
            version += std::to_string(python.minor);
        }
        // With a stable ABI the tag's version is a minimum; otherwise it is exact.
        std::string clause = stable_abi ? "python_version >= " + quoted(version)
                                        : "python_version == " + quoted(version + ".*");
        switch (python.kind) {
        case K::CPython:
        case K::CPythonMajor:
            clause += " and platform_python_implementation == 'CPython'";
            break;
        case K::PyPy:
            clause += " and platform_python_implementation == 'PyPy'";
            break;
        case K::GraalPy:
            clause += " and platform_python_implementation == 'GraalPy'";
            break;
        case K::Pyston:
            clause += " and platform_python_implementation == 'Pyston'";
            break;
        default:
            break;
        }
        if (!text.empty()) {
            text += " or ";
        }
        text += '(' + clause + ')';
    }
    return text.empty() ? MarkerTree::always_false() : cached_marker(text);
}

MarkerTree implied_markers(const WheelFilename& wheel) {
    return implied_platform_markers(wheel).and_with(implied_python_markers(wheel));
}

MarkerTree platform_family_marker(std::string_view os, std::string_view arch) {
    std::string text;
    if (os == "linux") {
        text = "os_name == 'posix' and sys_platform == 'linux'";
    } else if (os == "windows") {
        text = "os_name == 'nt' and sys_platform == 'win32'";
    } else if (os == "macos") {
        text = "os_name == 'posix' and sys_platform == 'darwin'";
    } else if (os == "android") {
        text = "sys_platform == 'android'";
    }
    std::string machines;
    if (arch == "arm") {
        machines = "platform_machine == 'aarch64' or platform_machine == 'arm64' or platform_machine == 'ARM64'";
    } else if (arch == "x86_64") {
        machines = "platform_machine == 'x86_64' or platform_machine == 'amd64' or platform_machine == 'AMD64'";
    } else if (arch == "x86") {
        machines = "platform_machine == 'i686' or platform_machine == 'i386' or platform_machine == 'win32' or "
                   "platform_machine == 'x86'";
    } else if (arch == "armv7l") {
        machines = "platform_machine == 'armv7l' or platform_machine == 'armv8l'";
    } else if (!arch.empty()) {
        machines = machine_test(arch);  // ppc64le, ppc64, s390x, riscv64, loongarch64, armv6l
    }
    if (!machines.empty()) {
        text = text.empty() ? machines : "(" + text + ") and (" + machines + ")";
    }
    return text.empty() ? MarkerTree::always_true() : cached_marker(text);
}

bool is_wheel_unreachable(const WheelFilename& wheel, const ReleaseBound& lower, const ReleaseBound& upper,
                          MarkerTree marker, const SupportedTags* tags) {
    if (tags != nullptr && !tags->is_compatible(wheel)) {
        return true;
    }
    if (!matches_requires_python(wheel, lower, upper)) {
        return true;
    }
    const auto& platforms = wheel.platform_tags();
    const auto all = [&](bool (PlatformTag::*predicate)() const) {
        for (const auto& tag : platforms) {
            if (!(tag.*predicate)()) {
                return false;
            }
        }
        return true;
    };
    if (all(&PlatformTag::is_any)) {
        return false;  // also when no platform tag was recognised
    }
    const auto disjoint = [&](std::string_view os, std::string_view arch) {
        return marker.is_disjoint(platform_family_marker(os, arch));
    };
    // Within one OS family, the first architecture all tags share decides, else the family.
    struct ArchCheck {
        bool (PlatformTag::*predicate)() const;
        std::string_view name;
    };
    static constexpr ArchCheck k_linux_arches[] = {
        {&PlatformTag::is_arm, "arm"},         {&PlatformTag::is_x86_64, "x86_64"},
        {&PlatformTag::is_x86, "x86"},         {&PlatformTag::is_ppc64le, "ppc64le"},
        {&PlatformTag::is_ppc64, "ppc64"},     {&PlatformTag::is_s390x, "s390x"},
        {&PlatformTag::is_riscv64, "riscv64"}, {&PlatformTag::is_loongarch64, "loongarch64"},
        {&PlatformTag::is_armv7l, "armv7l"},   {&PlatformTag::is_armv6l, "armv6l"},
    };
    static constexpr ArchCheck k_other_arches[] = {
        {&PlatformTag::is_arm, "arm"}, {&PlatformTag::is_x86_64, "x86_64"}, {&PlatformTag::is_x86, "x86"}};
    const auto family_unreachable = [&](std::string_view os, std::span<const ArchCheck> arches) {
        for (const auto& check : arches) {
            if (all(check.predicate)) {
                return disjoint(os, check.name);
            }
        }
        return disjoint(os, "");
    };
    if (all(&PlatformTag::is_linux) && family_unreachable("linux", k_linux_arches)) {
        return true;
    }
    if (all(&PlatformTag::is_windows) && family_unreachable("windows", k_other_arches)) {
        return true;
    }
    if (all(&PlatformTag::is_macos) && family_unreachable("macos", k_other_arches)) {
        return true;
    }
    if (all(&PlatformTag::is_android) && family_unreachable("android", k_other_arches)) {
        return true;
    }
    // Tags spanning families: the architecture alone.
    for (const auto& check : k_linux_arches) {
        if (all(check.predicate) && disjoint("", check.name)) {
            return true;
        }
    }
    return false;
}

} // namespace lockkit::tags
