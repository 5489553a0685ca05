#include "lockkit/interpreter/interpreter_info.hpp"

#include <nlohmann/json.hpp>

namespace lockkit::interpreter {

namespace {

using nlohmann::json;

constexpr int k_format = 1;

/// Thrown inside the reader for a missing or mistyped field; caught once at the boundary.
struct FieldError {
    std::string message;
};

const json& field(const json& object, const char* key) {
    if (!object.is_object() || !object.contains(key)) {
        throw FieldError{std::string("no `") + key + "` field"};
    }
    return object.at(key);
}

std::string text(const json& object, const char* key) {
    const auto& value = field(object, key);
    if (value.is_null()) {
        return {};
    }
    if (!value.is_string()) {
        throw FieldError{std::string("`") + key + "` is not a string"};
    }
    return value.get<std::string>();
}

unsigned number(const json& object, const char* key) {
    const auto& value = field(object, key);
    if (!value.is_number_unsigned()) {
        throw FieldError{std::string("`") + key + "` is not a number"};
    }
    return value.get<unsigned>();
}

bool flag(const json& object, const char* key) {
    const auto& value = field(object, key);
    if (!value.is_boolean()) {
        throw FieldError{std::string("`") + key + "` is not true or false"};
    }
    return value.get<bool>();
}

std::vector<std::string> texts(const json& object, const char* key) {
    const auto& value = field(object, key);
    std::vector<std::string> out;
    if (!value.is_array()) {
        throw FieldError{std::string("`") + key + "` is not a list"};
    }
    for (const auto& item : value) {
        if (!item.is_string()) {
            throw FieldError{std::string("`") + key + "` holds something other than text"};
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

InstallScheme scheme(const json& object) {
    return {text(object, "purelib"), text(object, "platlib"), text(object, "include"), text(object, "scripts"),
            text(object, "data")};
}

/// Architecture spellings of sysconfig, uname and Windows mapped to the tags' names.
std::optional<tags::Arch> arch_of(std::string_view name) {
    if (name == "arm64" || name == "ARM64") {
        return tags::Arch::Aarch64;
    }
    if (name == "amd64" || name == "AMD64") {
        return tags::Arch::X86_64;
    }
    if (name == "i386" || name == "i586" || name == "x86") {
        return tags::Arch::X86;
    }
    return tags::parse_arch(name);
}

std::optional<tags::Platform> platform_of(const json& os, std::string_view os_name, std::string_view arch_name,
                                          bool& manylinux_compatible) {
    using K = tags::Os::Kind;
    static const std::pair<std::string_view, K> k_kinds[] = {
        {"manylinux", K::Manylinux}, {"musllinux", K::Musllinux}, {"windows", K::Windows},
        {"macos", K::Macos},         {"android", K::Android},     {"ios", K::Ios},
        {"pyodide", K::Pyodide},     {"pyemscripten", K::PyEmscripten}, {"freebsd", K::FreeBsd},
        {"netbsd", K::NetBsd},       {"openbsd", K::OpenBsd},     {"dragonfly", K::Dragonfly},
        {"haiku", K::Haiku},         {"illumos", K::Illumos},
    };
    std::optional<K> kind;
    for (const auto& [name, k] : k_kinds) {
        if (name == os_name) {
            kind = k;
        }
    }
    const auto arch = os_name == "pyodide" || os_name == "pyemscripten" ? std::optional(tags::Arch::Wasm32)
                                                                         : arch_of(arch_name);
    if (!kind || !arch) {
        return std::nullopt;
    }
    tags::Platform platform;
    platform.arch = *arch;
    platform.os.kind = *kind;
    if (os.contains("major")) {
        platform.os.major = static_cast<std::uint16_t>(number(os, "major"));
    }
    if (os.contains("minor")) {
        platform.os.minor = static_cast<std::uint16_t>(number(os, "minor"));
    }
    if (os.contains("simulator")) {
        platform.os.simulator = flag(os, "simulator");
    }
    if (os.contains("release")) {
        platform.os.release = text(os, "release");
        platform.os.illumos_arch = std::string(arch_name);
    }
    if (*kind == K::Musllinux) {
        manylinux_compatible = true;  // musllinux tags are never vetoed
    }
    return platform;
}

} // namespace

std::string InterpreterInfo::python_version() const {
    return std::to_string(python_major) + "." + std::to_string(python_minor);
}

std::expected<tags::TagEnvironment, std::string> InterpreterInfo::tag_environment() const {
    if (!platform) {
        return std::unexpected("lockkit knows no wheel tags for " + os_name + " on " + arch);
    }
    tags::TagEnvironment env;
    env.platform = *platform;
    env.python_major = static_cast<std::uint8_t>(python_major);
    env.python_minor = static_cast<std::uint8_t>(python_minor);
    env.implementation = implementation;
    // "7.3.17" -> (7, 3): PyPy's and GraalPy's ABI tags carry their own version.
    const auto dot = implementation_version.find('.');
    const auto second = implementation_version.find('.', dot + 1);
    try {
        env.implementation_major = static_cast<std::uint8_t>(std::stoi(implementation_version.substr(0, dot)));
        if (dot != std::string::npos) {
            env.implementation_minor =
                static_cast<std::uint8_t>(std::stoi(implementation_version.substr(dot + 1, second - dot - 1)));
        }
    } catch (const std::exception&) {
        return std::unexpected("the implementation version `" + implementation_version + "` is not a version");
    }
    env.manylinux_compatible = manylinux_compatible;
    env.gil_disabled = gil_disabled;
    env.debug_enabled = debug;
    return env;
}

std::expected<tags::SupportedTags, std::string> InterpreterInfo::supported_tags() const {
    auto env = tag_environment();
    if (!env) {
        return std::unexpected(std::move(env.error()));
    }
    return tags::SupportedTags::for_interpreter(*env);
}

std::expected<InterpreterInfo, std::string> parse_interpreter_info(std::string_view text_in) {
    const auto doc = json::parse(text_in.begin(), text_in.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return std::unexpected(std::string("the answer is not a JSON object"));
    }
    try {
        if (!doc.contains("format") || !doc["format"].is_number_integer() || doc["format"].get<int>() != k_format) {
            return std::unexpected(std::string("the answer is not in probe format ") + std::to_string(k_format));
        }
        if (doc.contains("error")) {
            const auto& error = doc["error"];
            return std::unexpected(text(error, "message") + " (" + text(error, "kind") + ")");
        }
        InterpreterInfo info;
        const auto& markers = field(doc, "markers");
        auto& env = info.markers;
        env.implementation_name = text(markers, "implementation_name");
        env.implementation_version = text(markers, "implementation_version");
        env.os_name = text(markers, "os_name");
        env.platform_machine = text(markers, "platform_machine");
        env.platform_python_implementation = text(markers, "platform_python_implementation");
        env.platform_release = text(markers, "platform_release");
        env.platform_system = text(markers, "platform_system");
        env.platform_version = text(markers, "platform_version");
        env.python_full_version = text(markers, "python_full_version");
        env.python_version = text(markers, "python_version");
        env.sys_platform = text(markers, "sys_platform");

        const auto& python = field(doc, "python");
        const auto& version = field(python, "version");
        if (!version.is_array() || version.size() != 3 || !version[0].is_number_unsigned() ||
            !version[1].is_number_unsigned() || !version[2].is_number_unsigned()) {
            throw FieldError{"`version` is not three numbers"};
        }
        info.python_major = version[0].get<unsigned>();
        info.python_minor = version[1].get<unsigned>();
        info.python_micro = version[2].get<unsigned>();
        info.implementation = text(python, "implementation");
        info.implementation_version = text(python, "implementation_version");
        info.gil_disabled = flag(python, "gil_disabled");
        info.debug = flag(python, "debug");
        info.pointer_size = number(python, "pointer_size");

        const auto& platform = field(doc, "platform");
        const auto& os = field(platform, "os");
        info.os_name = text(os, "name");
        info.arch = text(platform, "arch");
        if (platform.contains("manylinux_compatible")) {
            info.manylinux_compatible = flag(platform, "manylinux_compatible");
        }
        info.platform = platform_of(os, info.os_name, info.arch, info.manylinux_compatible);

        const auto& paths = field(doc, "paths");
        info.executable = text(paths, "executable");
        info.base_executable = text(paths, "base_executable");
        info.prefix = text(paths, "prefix");
        info.base_prefix = text(paths, "base_prefix");
        info.base_exec_prefix = text(paths, "base_exec_prefix");
        info.stdlib = text(paths, "stdlib");
        info.site_packages = texts(paths, "site_packages");
        info.sys_path = texts(paths, "sys_path");
        info.scheme = scheme(field(doc, "scheme"));
        info.venv_scheme = scheme(field(doc, "venv_scheme"));
        return info;
    } catch (const FieldError& e) {
        return std::unexpected("the answer is malformed: " + e.message);
    } catch (const json::exception& e) {
        return std::unexpected(std::string("the answer is malformed: ") + e.what());
    }
}

} // namespace lockkit::interpreter
