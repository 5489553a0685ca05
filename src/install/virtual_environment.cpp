#include "lockkit/install/virtual_environment.hpp"

#include "lockkit/util/atomic_file.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

#ifndef _WIN32
#include <sys/utsname.h>
#endif

namespace lockkit::install {

namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/// The leading dotted run of numbers, at most three: "3.11.7.final.0" → "3.11.7".
std::string release_prefix(std::string_view text) {
    std::string out;
    int parts = 0;
    std::size_t i = 0;
    while (i < text.size() && parts < 3) {
        std::size_t j = i;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
            ++j;
        }
        if (j == i) {
            break;
        }
        if (!out.empty()) {
            out += '.';
        }
        out += text.substr(i, j - i);
        ++parts;
        if (j >= text.size() || text[j] != '.') {
            break;
        }
        i = j + 1;
    }
    return out;
}

/// "python3.12" / "python3.13t" / "pypy3.10" → "3.12" / "3.13" / "3.10"; "" if not such a name.
std::string version_from_lib_dir(const std::string& name) {
    for (std::string_view prefix : {"python", "pypy", "graalpy"}) {
        if (name.starts_with(prefix)) {
            return release_prefix(std::string_view(name).substr(prefix.size()));
        }
    }
    return {};
}

} // namespace

std::expected<VirtualEnvironment, std::string> open_virtual_environment(const std::filesystem::path& path) {
    std::error_code ec;
    VirtualEnvironment venv;
    venv.root = std::filesystem::absolute(path, ec).lexically_normal();
    if (venv.root.has_filename() == false && venv.root.has_parent_path()) {
        venv.root = venv.root.parent_path();  // drop the empty last element of "dir/"
    }
    if (!std::filesystem::is_directory(venv.root, ec)) {
        return std::unexpected("--venv " + path.string() + ": no such directory");
    }
    const auto cfg_path = venv.root / "pyvenv.cfg";
    if (!std::filesystem::is_regular_file(cfg_path, ec)) {
        std::string message = path.string() + " is not a virtual environment: it has no pyvenv.cfg";
        if (std::filesystem::is_regular_file(venv.root / ".venv" / "pyvenv.cfg", ec)) {
            message += "\nhint: did you mean " + (path / ".venv").string() + "?";
        }
        return std::unexpected(message);
    }
    auto cfg = read_file(cfg_path);
    if (!cfg) {
        return std::unexpected("cannot read " + cfg_path.string() + ": " + cfg.error());
    }
    std::string version_info, version;
    std::size_t pos = 0;
    const std::string& text = *cfg;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string::npos) {
            eol = text.size();
        }
        const std::string_view line(text.data() + pos, eol - pos);
        pos = eol + 1;
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        const std::string key = lower(trim(line.substr(0, eq)));
        const std::string value = trim(line.substr(eq + 1));
        if (key == "version_info") {
            version_info = value;
        } else if (key == "version") {
            version = value;
        } else if (key == "implementation") {
            venv.implementation = value;
        } else if (key == "uv") {
            venv.uv_version = value;
        } else if (key == "lockkit") {
            venv.lockkit_version = value;
        } else if (key == "seed") {
            venv.seeded = lower(value) == "true";
        }
    }
    venv.python_version = release_prefix(!version_info.empty() ? version_info : version);

    // site-packages: lib*/<python>X.Y*/site-packages (POSIX) and Lib/site-packages (Windows).
    std::vector<std::filesystem::path> found;
    std::vector<std::filesystem::path> canonical;
    auto add = [&](const std::filesystem::path& dir) {
        if (!std::filesystem::is_directory(dir, ec)) {
            return;
        }
        auto real = std::filesystem::canonical(dir, ec);
        if (ec) {
            real = dir;
        }
        if (std::find(canonical.begin(), canonical.end(), real) == canonical.end()) {
            canonical.push_back(real);
            found.push_back(dir);
        }
    };
    std::string lib_version;  // from the folder name, when pyvenv.cfg names none
    for (const char* lib : {"lib", "lib64"}) {
        std::vector<std::filesystem::path> candidates;
        for (std::filesystem::directory_iterator it(venv.root / lib, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            const std::string v = version_from_lib_dir(name);
            if (v.empty()) {
                continue;
            }
            // With a known version only its folder counts (a venv upgraded in place can
            // keep the old one).
            if (!venv.python_version.empty() && !(venv.python_version == v || venv.python_version.starts_with(v + "."))) {
                continue;
            }
            lib_version = v;
            candidates.push_back(it->path() / "site-packages");
        }
        ec.clear();
        std::sort(candidates.begin(), candidates.end());
        for (const auto& c : candidates) {
            add(c);
        }
    }
    add(venv.root / "Lib" / "site-packages");
    venv.site_packages = std::move(found);
    if (venv.site_packages.empty()) {
        return std::unexpected(path.string() + " has a pyvenv.cfg but no site-packages folder (looked for " +
                               "lib/python" + (venv.python_version.empty() ? "X.Y" : venv.python_version) +
                               "/site-packages and Lib/site-packages)");
    }
    if (venv.python_version.empty()) {
        venv.python_version = lib_version;
    }
    if (venv.python_version.empty()) {
        return std::unexpected("cannot tell the Python version of " + path.string() +
                               ": pyvenv.cfg has neither `version_info` nor `version`");
    }
    return venv;
}

pep508::MarkerEnvironment marker_environment(const VirtualEnvironment& venv) {
    pep508::MarkerEnvironment env;
    env.python_full_version = venv.python_version;
    const auto second_dot = venv.python_version.find('.', venv.python_version.find('.') + 1);
    env.python_version = venv.python_version.substr(0, second_dot);
    env.implementation_name = lower(venv.implementation);
    env.platform_python_implementation = venv.implementation;
    env.implementation_version = venv.python_version;
#ifdef _WIN32
    env.os_name = "nt";
    env.sys_platform = "win32";
    env.platform_system = "Windows";
#if defined(_M_ARM64)
    env.platform_machine = "ARM64";
#else
    env.platform_machine = "AMD64";
#endif
#else
    env.os_name = "posix";
    struct utsname u {};
    if (::uname(&u) == 0) {
        env.platform_system = u.sysname;
        env.platform_machine = u.machine;
        env.platform_release = u.release;
        env.platform_version = u.version;
    }
    const std::string system = lower(env.platform_system);
    if (system == "linux") {
        env.sys_platform = "linux";
    } else if (system == "darwin") {
        env.sys_platform = "darwin";
    } else if (system.starts_with("freebsd")) {
        const std::string release = release_prefix(env.platform_release);
        env.sys_platform = "freebsd" + release.substr(0, release.find('.'));
    } else {
        env.sys_platform = system;
    }
#endif
    return env;
}

std::string describe_environment(const pep508::MarkerEnvironment& env) {
    std::string out = env.platform_python_implementation.empty() ? "Python" : env.platform_python_implementation;
    out += " " + env.python_full_version;
    if (!env.sys_platform.empty()) {
        out += ", " + env.sys_platform;
    }
    if (!env.platform_machine.empty()) {
        out += " " + env.platform_machine;
    }
    return out;
}

bool is_seed_package(std::string_view name) {
    return name == "pip" || name == "setuptools" || name == "wheel" || name == "uv";
}

} // namespace lockkit::install
