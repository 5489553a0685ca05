// Creating virtual environments; see include/lockkit/install/venv_creator.hpp.

#include "lockkit/install/venv_creator.hpp"

#include "lockkit/install/linker.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit_config.h"

#include <cerrno>
#include <cstring>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace lockkit::install {

namespace {

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
    for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
        text.replace(pos, from.size(), to);
    }
    return text;
}

std::expected<void, std::string> link_or_fail(const std::string& target, const std::filesystem::path& at) {
    if (::symlink(target.c_str(), at.c_str()) != 0 && errno != EEXIST) {
        return std::unexpected("cannot link " + at.string() + " to " + target + ": " + std::strerror(errno));
    }
    return {};
}

/// venv's activation scripts for this interpreter, written into `bin`.
std::expected<void, std::string> write_activation_scripts(const std::filesystem::path& final_root,
                                                          const std::filesystem::path& bin,
                                                          const interpreter::InterpreterInfo& info,
                                                          const std::string& python_name) {
    const std::string name = final_root.filename().string();
    const std::string prompt = (info.python_major == 3 && info.python_minor < 13) ? "(" + name + ") " : name;
    const std::filesystem::path scripts = std::filesystem::path(info.stdlib) / "venv" / "scripts";
    for (const char* group : {"common", "posix"}) {
        std::error_code ec;
        for (std::filesystem::directory_iterator it(scripts / group, ec), end; !ec && it != end; it.increment(ec)) {
            if (!it->is_regular_file(ec)) {
                continue;
            }
            auto text = read_file(it->path());
            if (!text) {
                return std::unexpected(text.error());
            }
            std::string out = replace_all(std::move(*text), "__VENV_DIR__", final_root.string());
            out = replace_all(std::move(out), "__VENV_NAME__", name);
            out = replace_all(std::move(out), "__VENV_PROMPT__", prompt);
            out = replace_all(std::move(out), "__VENV_BIN_NAME__", bin.filename().string());
            out = replace_all(std::move(out), "__VENV_PYTHON__", (final_root / bin.filename() / python_name).string());
            struct stat st {};
            ::stat(it->path().c_str(), &st);
            if (auto written = write_new_file(bin / it->path().filename(), out, st.st_mode & 0777); !written) {
                return std::unexpected(written.error());
            }
        }
    }
    return {};
}

} // namespace

std::expected<void, std::string> create_virtual_environment(const std::filesystem::path& root,
                                                            const interpreter::InterpreterInfo& info) {
    std::error_code ec;
    if (std::filesystem::exists(root, ec) && !std::filesystem::is_empty(root, ec)) {
        return std::unexpected("cannot create a virtual environment at " + root.string() +
                               ": the folder exists and is not empty");
    }
    if (info.base_executable.empty() || info.venv_scheme.purelib.empty()) {
        return std::unexpected(std::string("cannot create a virtual environment: the interpreter named no base "
                                           "executable or install scheme"));
    }
    std::random_device rd;
    const auto temp = root.parent_path() / (".lockkit-tmp-venv-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    struct Cleanup {
        std::filesystem::path dir;
        ~Cleanup() {
            std::error_code ec;
            if (!dir.empty()) {
                std::filesystem::remove_all(dir, ec);
            }
        }
    } cleanup{temp};

    const auto& scheme = info.venv_scheme;
    const std::filesystem::path bin = temp / (scheme.scripts.empty() ? "bin" : scheme.scripts);
    const std::string version = info.python_version();
    for (const auto& folder : {bin, temp / scheme.purelib,
                               temp / "include" / ("python" + version + (info.gil_disabled ? "t" : ""))}) {
        if (auto made = make_directories(folder); !made) {
            return std::unexpected(made.error());
        }
    }
    if (info.pointer_size == 64 && info.markers.sys_platform == "linux") {
        if (auto linked = link_or_fail("lib", temp / "lib64"); !linked) {
            return linked;
        }
    }

    // The interpreter: a link to the base executable under its own name, the usual
    // names as relative links to it.
    const std::filesystem::path base = info.base_executable;
    const std::string exe_name = base.filename().string();
    if (auto linked = link_or_fail(base.string(), bin / exe_name); !linked) {
        return linked;
    }
    for (const std::string& alias : {std::string("python"), std::string("python3"), "python" + version}) {
        if (alias != exe_name) {
            if (auto linked = link_or_fail(exe_name, bin / alias); !linked) {
                return linked;
            }
        }
    }

    const auto real = std::filesystem::canonical(base, ec);
    std::string cfg = "home = " + base.parent_path().string() + "\n" + "include-system-site-packages = false\n" +
                      "version = " + std::to_string(info.python_major) + "." + std::to_string(info.python_minor) + "." +
                      std::to_string(info.python_micro) + "\n" + "executable = " + (ec ? base : real).string() + "\n" +
                      "lockkit = " + LOCKKIT_VERSION + "\n";
    for (const auto& [file, content] : {std::pair{"pyvenv.cfg", cfg},
                                        std::pair{".gitignore",
                                                  std::string("# Created by lockkit; see "
                                                              "https://docs.python.org/3/library/venv.html\n*\n")}}) {
        if (auto written = write_new_file(temp / file, content); !written) {
            return std::unexpected(written.error());
        }
    }
    if (auto scripts = write_activation_scripts(root, bin, info, exe_name); !scripts) {
        return scripts;
    }
    // An empty folder in the way (kept by the caller for its permissions) is replaced.
    if (std::filesystem::exists(root, ec)) {
        std::filesystem::remove(root, ec);
    }
    if (::rename(temp.c_str(), root.c_str()) != 0) {
        return std::unexpected("cannot move the new environment into " + root.string() + ": " + std::strerror(errno));
    }
    cleanup.dir.clear();
    return {};
}

} // namespace lockkit::install
