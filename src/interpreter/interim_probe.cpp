// The interim interpreter probe; see include/lockkit/interpreter/interim_probe.hpp.

#include "lockkit/interpreter/interim_probe.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"
#include "lockkit/util/subprocess.hpp"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

namespace lockkit::interpreter {

namespace {

constexpr int k_format = 1;

// Runs on Python 3.6 and later, standard library only. The shape of the answer is the
// full probe's (format 1), minus what only wheel tags need.
constexpr std::string_view k_script = R"PROBE(import json, os, platform, struct, sys, sysconfig


def version_text(info):
    text = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text


def venv_scheme():
    names = sysconfig.get_scheme_names()
    scheme = "venv" if "venv" in names else ("nt" if os.name == "nt" else "posix_prefix")
    empty = dict.fromkeys(("base", "platbase", "installed_base", "installed_platbase", "userbase"), "")
    paths = sysconfig.get_paths(scheme=scheme, vars=empty)
    out = {key: paths[key].replace("/", os.sep).lstrip(os.sep) for key in ("purelib", "platlib", "scripts", "data")}
    out["include"] = os.path.join("include", "site", "python%d.%d" % sys.version_info[:2])
    return out


def install_scheme():
    paths = sysconfig.get_paths()
    out = {key: paths[key] for key in ("purelib", "platlib", "include", "scripts", "data")}
    if sys.prefix != sys.base_prefix:
        out["include"] = os.path.join(sys.prefix, "include", "site", "python%d.%d" % sys.version_info[:2])
    return out


implementation = sys.implementation.name
full_version = platform.python_version().rstrip("+")
try:
    import site
    site_packages = site.getsitepackages()
except AttributeError:
    site_packages = []
print(json.dumps({
    "format": 1,
    "markers": {
        "implementation_name": implementation,
        "implementation_version": version_text(sys.implementation.version),
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_python_implementation": platform.python_implementation(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": full_version,
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    },
    "python": {
        "version": list(sys.version_info[:3]),
        "implementation": implementation,
        "implementation_version": version_text(sys.implementation.version),
        "gil_disabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "debug": bool(sysconfig.get_config_var("Py_DEBUG")),
        "pointer_size": struct.calcsize("P") * 8,
    },
    "paths": {
        "executable": sys.executable,
        "base_executable": getattr(sys, "_base_executable", None) or sys.executable,
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "base_exec_prefix": sys.base_exec_prefix,
        "stdlib": sysconfig.get_path("stdlib"),
        "site_packages": site_packages,
        "sys_path": sys.path[1:],
    },
    "scheme": install_scheme(),
    "venv_scheme": venv_scheme(),
}))
)PROBE";

using Json = nlohmann::json;

std::string string_at(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

InstallScheme scheme_from(const Json& object) {
    InstallScheme s;
    s.purelib = string_at(object, "purelib");
    s.platlib = string_at(object, "platlib");
    s.include = string_at(object, "include");
    s.scripts = string_at(object, "scripts");
    s.data = string_at(object, "data");
    return s;
}

/// An interpreter file's identity for the cache: absolute path as asked, and the size
/// and modification time of the file it resolves to.
struct Stamp {
    std::string path;
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;
};

std::optional<Stamp> stamp_of(const std::filesystem::path& python) {
    struct stat st {};
    if (::stat(python.c_str(), &st) != 0) {
        return std::nullopt;
    }
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(python, ec);
    return Stamp{(ec ? python : absolute).lexically_normal().string(), static_cast<std::uintmax_t>(st.st_size),
                 static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::filesystem::path entry_path(const InterpreterCache& cache, const Stamp& stamp) {
    return cache.root() / "interpreter-interim-v1" / (sha256_hex(stamp.path).substr(0, 32) + ".json");
}

std::optional<std::string> cached_answer(const InterpreterCache& cache, const Stamp& stamp) {
    const auto text = read_file(entry_path(cache, stamp));
    if (!text) {
        return std::nullopt;
    }
    const auto doc = Json::parse(*text, nullptr, false);
    if (!doc.is_object() || doc.value("format", 0) != k_format || string_at(doc, "path") != stamp.path ||
        doc.value("size", std::uintmax_t{0}) != stamp.size || doc.value("mtime_ns", std::int64_t{0}) != stamp.mtime_ns ||
        !doc.contains("probe")) {
        return std::nullopt;
    }
    return doc["probe"].dump();
}

void store_answer(const InterpreterCache& cache, const Stamp& stamp, std::string_view answer) {
    const auto probe = Json::parse(answer.begin(), answer.end(), nullptr, false);
    if (probe.is_discarded()) {
        return;
    }
    const Json entry = {{"format", k_format},
                        {"path", stamp.path},
                        {"size", stamp.size},
                        {"mtime_ns", stamp.mtime_ns},
                        {"probe", probe}};
    const auto path = entry_path(cache, stamp);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    (void)write_file_atomically(path, entry.dump());  // a cache that cannot be written only costs time
}

std::string tail_of(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    constexpr std::size_t k_max = 600;
    return text.size() > k_max ? "..." + text.substr(text.size() - k_max) : text;
}

/// Whether the interpreter's own executable is the file asked about (not a launcher).
bool runs_itself(const std::filesystem::path& python, const std::string& executable) {
    std::error_code a, b;
    const auto asked = std::filesystem::canonical(python, a);
    const auto ran = std::filesystem::canonical(executable, b);
    return !a && !b && asked == ran;
}

} // namespace

std::string InterpreterInfo::python_version() const {
    return std::to_string(python_major) + "." + std::to_string(python_minor);
}

std::string_view probe_script() {
    return k_script;
}

std::expected<InterpreterInfo, std::string> parse_interpreter_info(std::string_view json) {
    const auto doc = Json::parse(json.begin(), json.end(), nullptr, false);
    if (!doc.is_object() || doc.value("format", 0) != k_format) {
        return std::unexpected(std::string("the interpreter's answer is not a probe answer"));
    }
    const auto python = doc.find("python");
    const auto paths = doc.find("paths");
    const auto markers = doc.find("markers");
    if (python == doc.end() || paths == doc.end() || markers == doc.end() || !python->is_object() ||
        !paths->is_object() || !markers->is_object()) {
        return std::unexpected(std::string("the interpreter's answer lacks `python`, `paths` or `markers`"));
    }
    InterpreterInfo info;
    const auto version = python->find("version");
    if (version == python->end() || !version->is_array() || version->size() != 3) {
        return std::unexpected(std::string("the interpreter's answer has no version"));
    }
    info.python_major = (*version)[0].get<unsigned>();
    info.python_minor = (*version)[1].get<unsigned>();
    info.python_micro = (*version)[2].get<unsigned>();
    info.implementation = string_at(*python, "implementation");
    info.implementation_version = string_at(*python, "implementation_version");
    info.gil_disabled = python->value("gil_disabled", false);
    info.debug = python->value("debug", false);
    info.pointer_size = python->value("pointer_size", 64u);

    auto& m = info.markers;
    m.implementation_name = string_at(*markers, "implementation_name");
    m.implementation_version = string_at(*markers, "implementation_version");
    m.os_name = string_at(*markers, "os_name");
    m.platform_machine = string_at(*markers, "platform_machine");
    m.platform_python_implementation = string_at(*markers, "platform_python_implementation");
    m.platform_release = string_at(*markers, "platform_release");
    m.platform_system = string_at(*markers, "platform_system");
    m.platform_version = string_at(*markers, "platform_version");
    m.python_full_version = string_at(*markers, "python_full_version");
    m.python_version = string_at(*markers, "python_version");
    m.sys_platform = string_at(*markers, "sys_platform");

    info.executable = string_at(*paths, "executable");
    info.base_executable = string_at(*paths, "base_executable");
    info.prefix = string_at(*paths, "prefix");
    info.base_prefix = string_at(*paths, "base_prefix");
    info.base_exec_prefix = string_at(*paths, "base_exec_prefix");
    info.stdlib = string_at(*paths, "stdlib");
    for (const char* key : {"site_packages", "sys_path"}) {
        auto& out = std::string_view(key) == "site_packages" ? info.site_packages : info.sys_path;
        if (const auto it = paths->find(key); it != paths->end() && it->is_array()) {
            for (const auto& item : *it) {
                if (item.is_string()) {
                    out.push_back(item.get<std::string>());
                }
            }
        }
    }
    if (const auto it = doc.find("scheme"); it != doc.end() && it->is_object()) {
        info.scheme = scheme_from(*it);
    }
    if (const auto it = doc.find("venv_scheme"); it != doc.end() && it->is_object()) {
        info.venv_scheme = scheme_from(*it);
    }
    if (info.executable.empty() || info.venv_scheme.purelib.empty()) {
        return std::unexpected(std::string("the interpreter's answer has no executable or install scheme"));
    }
    return info;
}

std::expected<ProbeOutcome, std::string> probe_interpreter(const std::filesystem::path& python,
                                                           const InterpreterCache* cache) {
    std::optional<Stamp> stamp;
    if (cache != nullptr && python.has_parent_path()) {
        stamp = stamp_of(python);
        if (stamp) {
            if (const auto answer = cached_answer(*cache, *stamp)) {
                if (auto info = parse_interpreter_info(*answer)) {
                    return ProbeOutcome{std::move(*info), true};
                }
            }
        }
    }
    ProcessOptions options;
    options.capture_stderr = true;
    const auto result = run_process({python.string(), "-I", "-B", "-c", std::string(k_script)}, options);
    const std::string prefix = "cannot query the Python interpreter `" + python.string() + "`: ";
    if (!result) {
        return std::unexpected(prefix + "it does not exist or cannot be run");
    }
    if (result->exit_code != 0) {
        std::string why = "it exited with status " + std::to_string(result->exit_code);
        if (!result->err.empty()) {
            why += ": " + tail_of(result->err);
        }
        return std::unexpected(prefix + why);
    }
    auto info = parse_interpreter_info(result->out);
    if (!info) {
        return std::unexpected(prefix + info.error());
    }
    if (stamp && runs_itself(python, info->executable)) {
        store_answer(*cache, *stamp, result->out);
    }
    return ProbeOutcome{std::move(*info), false};
}

} // namespace lockkit::interpreter
