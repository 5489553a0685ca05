#include "lockkit/tags/supported_tags.hpp"

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace lockkit::tags {

namespace {

std::uint32_t pack(const LanguageTag& t) {
    return static_cast<std::uint32_t>(t.kind) << 16 | static_cast<std::uint32_t>(t.major) << 8 | t.minor;
}

std::uint64_t pack(const AbiTag& t) {
    return static_cast<std::uint64_t>(t.kind) << 48 | static_cast<std::uint64_t>(t.flags) << 40 |
           static_cast<std::uint64_t>(t.python_major) << 32 | static_cast<std::uint64_t>(t.python_minor) << 24 |
           static_cast<std::uint64_t>(t.impl_major) << 16 | static_cast<std::uint64_t>(t.impl_minor) << 8;
}

std::uint64_t pack(const PlatformTag& t) {
    return static_cast<std::uint64_t>(t.kind) << 48 | static_cast<std::uint64_t>(t.arch) << 40 |
           static_cast<std::uint64_t>(t.major) << 24 | static_cast<std::uint64_t>(t.minor) << 8 | t.variant;
}

std::size_t mix(std::size_t seed, std::uint64_t value) {
    return seed ^ (std::hash<std::uint64_t>{}(value) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

struct Key {
    std::uint32_t python;
    std::uint64_t abi;
    const PlatformTag* platform;  ///< points into the tag list, or at the caller's tag during lookups
};

struct KeyHash {
    std::size_t operator()(const Key& k) const {
        std::size_t h = mix(mix(k.python, k.abi), pack(*k.platform));
        if (!k.platform->release_arch.empty()) {
            h = mix(h, std::hash<std::string>{}(k.platform->release_arch));
        }
        return h;
    }
};

struct KeyEqual {
    bool operator()(const Key& a, const Key& b) const {
        return a.python == b.python && a.abi == b.abi && *a.platform == *b.platform;
    }
};

struct PairHash {
    std::size_t operator()(const std::pair<std::uint32_t, std::uint64_t>& p) const { return mix(p.first, p.second); }
};

bool free_threading_compatible(const AbiTag& abi) {
    return abi.kind == AbiTag::Kind::None || abi.kind == AbiTag::Kind::Abi3t ||
           (abi.kind == AbiTag::Kind::CPython && (abi.flags & AbiTag::k_free_threaded) != 0);
}

} // namespace

struct SupportedTags::Index {
    std::vector<Tag> tags;  ///< best first; the keys below point at their platform tags
    std::unordered_set<std::uint32_t> pythons;
    std::unordered_set<std::pair<std::uint32_t, std::uint64_t>, PairHash> python_abis;
    std::unordered_map<Key, std::uint32_t, KeyHash, KeyEqual> priorities;
};

std::string Tag::to_string() const {
    std::string out;
    python.append_to(out);
    out += '-';
    abi.append_to(out);
    out += '-';
    platform.append_to(out);
    return out;
}

std::expected<SupportedTags, std::string> SupportedTags::for_interpreter(const TagEnvironment& env) {
    enum class Implementation { CPython, PyPy, GraalPy, Pyston };
    Implementation implementation;
    if (env.implementation == "cpython") {
        implementation = Implementation::CPython;
    } else if (env.implementation == "pypy") {
        implementation = Implementation::PyPy;
    } else if (env.implementation == "graalpy") {
        implementation = Implementation::GraalPy;
    } else if (env.implementation == "pyston") {
        implementation = Implementation::Pyston;
    } else if (env.implementation == "python" || env.implementation == "ironpython" || env.implementation == "jython") {
        return std::unexpected("Unsupported implementation: `" + env.implementation + "`");
    } else {
        return std::unexpected("Unknown implementation: `" + env.implementation + "`");
    }
    const bool cpython = implementation == Implementation::CPython;
    if (env.gil_disabled && !cpython) {
        return std::unexpected("Only CPython can be freethreading, not: " + env.implementation);
    }
    if (env.debug_enabled && !cpython) {
        return std::unexpected("Only CPython can be debug-enabled, not: " + env.implementation);
    }

    auto platform_tags = compatible_platform_tags(env.platform);
    if (!platform_tags) {
        return std::unexpected(std::move(platform_tags.error()));
    }
    if (env.platform.os.kind == Os::Kind::Manylinux && !env.manylinux_compatible) {
        std::erase_if(*platform_tags, [](const PlatformTag& t) { return t.is_manylinux(); });
    }
    const auto& platforms = *platform_tags;

    const std::uint8_t major = env.python_major;
    const std::uint8_t minor = env.python_minor;
    std::uint8_t flags = 0;
    if (env.gil_disabled) {
        flags |= AbiTag::k_free_threaded;
    }
    if (env.debug_enabled) {
        flags |= AbiTag::k_debug;
    }
    // CPython before 3.8 was built with pymalloc as a rule, and says so in its ABI tag.
    if (cpython && (major < 3 || (major == 3 && minor <= 7))) {
        flags |= AbiTag::k_pymalloc;
    }

    LanguageTag interpreter_tag{};
    AbiTag interpreter_abi{};
    switch (implementation) {
    case Implementation::CPython:
        interpreter_tag = {LanguageTag::Kind::CPython, major, minor};
        interpreter_abi = AbiTag::cpython(major, minor, flags);
        break;
    case Implementation::PyPy:
        interpreter_tag = {LanguageTag::Kind::PyPy, major, minor};
        interpreter_abi = {AbiTag::Kind::PyPy, 0, major, minor, env.implementation_major, env.implementation_minor};
        break;
    case Implementation::GraalPy:
        interpreter_tag = {LanguageTag::Kind::GraalPy, major, minor};
        interpreter_abi = {AbiTag::Kind::GraalPy, 0, major, minor, env.implementation_major, env.implementation_minor};
        break;
    case Implementation::Pyston:
        interpreter_tag = {LanguageTag::Kind::Pyston, major, minor};
        interpreter_abi = {AbiTag::Kind::Pyston, 0, AbiTag::k_none, AbiTag::k_none, env.implementation_major,
                           env.implementation_minor};
        break;
    }

    SupportedTags out;
    out.m_free_threaded = env.gil_disabled;
    auto index = std::make_shared<Index>();
    auto& tags = index->tags;
    tags.reserve(platforms.size() * (std::size_t{minor} * 3 + 8) + 2 * minor + 4);
    const auto for_platforms = [&](LanguageTag python, AbiTag abi) {
        for (const auto& platform : platforms) {
            tags.push_back(Tag{python, abi, platform});
        }
    };
    // 1. This exact ABI; a debug build (3.8+) also takes release-build wheels.
    for_platforms(interpreter_tag, interpreter_abi);
    if (cpython && env.debug_enabled && (major > 3 || (major == 3 && minor >= 8))) {
        for_platforms(interpreter_tag, AbiTag::cpython(major, minor, flags & ~AbiTag::k_debug));
    }
    // 2. The stable ABI of this and every earlier 3.x, and no ABI for this version.
    if (cpython) {
        for (int m = minor; m >= 2; --m) {
            const LanguageTag python{LanguageTag::Kind::CPython, major, static_cast<std::uint8_t>(m)};
            for_platforms(python, env.gil_disabled ? AbiTag::abi3t() : AbiTag::abi3());
            if (m == minor) {
                for_platforms(python, AbiTag::none());
            }
        }
    }
    // 3. Pure-Python tags with a platform: py312, py3, py311, ..., py30.
    for (int m = minor; m >= 0; --m) {
        for_platforms(LanguageTag::python(major, static_cast<std::uint8_t>(m)), AbiTag::none());
        if (m == minor) {
            for_platforms(LanguageTag::python(major), AbiTag::none());
        }
    }
    // 4. No platform at all.
    if (cpython) {
        tags.push_back(Tag{interpreter_tag, AbiTag::none(), PlatformTag::any()});
    }
    for (int m = minor; m >= 0; --m) {
        tags.push_back(Tag{LanguageTag::python(major, static_cast<std::uint8_t>(m)), AbiTag::none(), PlatformTag::any()});
        if (m == minor) {
            tags.push_back(Tag{LanguageTag::python(major), AbiTag::none(), PlatformTag::any()});
        }
    }

    index->priorities.reserve(tags.size());
    const auto n = static_cast<std::uint32_t>(tags.size());
    for (std::uint32_t i = 0; i < n; ++i) {
        const Tag& tag = tags[i];
        const auto python = pack(tag.python);
        const auto abi = pack(tag.abi);
        index->pythons.insert(python);
        index->python_abis.insert({python, abi});
        // Priorities count down from the best; were a tag listed twice, uv keeps the lower one.
        index->priorities[Key{python, abi, &tag.platform}] = n - i;
    }
    out.m_index = std::move(index);
    return out;
}

bool SupportedTags::is_compatible_abi(const LanguageTag& python, const AbiTag& abi) const {
    for (const Tag& tag : m_index->tags) {
        if (tag.python == python && tag.abi == abi) {
            return true;
        }
    }
    return false;
}

const std::vector<Tag>& SupportedTags::tags() const {
    return m_index->tags;
}

std::optional<std::uint32_t> SupportedTags::priority(const LanguageTag& python, const AbiTag& abi,
                                                     const PlatformTag& platform) const {
    const auto it = m_index->priorities.find(Key{pack(python), pack(abi), &platform});
    if (it == m_index->priorities.end()) {
        return std::nullopt;
    }
    return it->second;
}

TagCompatibility SupportedTags::compatibility(const WheelFilename& wheel) const {
    if (m_free_threaded) {
        bool any = false;
        for (const auto& abi : wheel.abi_tags()) {
            any = any || free_threading_compatible(abi);
        }
        if (!any) {
            return {false, 0, IncompatibleTag::FreethreadedAbi};
        }
    }
    TagCompatibility best{false, 0, IncompatibleTag::Invalid};
    const auto consider = [&](TagCompatibility candidate) {
        if (candidate > best) {
            best = candidate;
        }
    };
    for (const auto& python : wheel.python_tags()) {
        const auto py = pack(python);
        if (!m_index->pythons.contains(py)) {
            consider({false, 0, IncompatibleTag::Python});
            continue;
        }
        for (const auto& abi : wheel.abi_tags()) {
            const auto ab = pack(abi);
            if (!m_index->python_abis.contains({py, ab})) {
                consider({false, 0, IncompatibleTag::Abi});
                continue;
            }
            for (const auto& platform : wheel.platform_tags()) {
                const auto it = m_index->priorities.find(Key{py, ab, &platform});
                if (it == m_index->priorities.end()) {
                    consider({false, 0, IncompatibleTag::Platform});
                } else {
                    consider({true, it->second, IncompatibleTag::Invalid});
                }
            }
        }
    }
    return best;
}

} // namespace lockkit::tags
