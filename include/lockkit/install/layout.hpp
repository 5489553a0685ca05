#pragma once
// Where an install puts each kind of file in one environment: the interpreter's
// install scheme for a virtual environment (sysconfig's `venv` scheme, from the
// probe) made absolute under the environment's root, plus the interpreter that
// scripts run with. On Linux with CPython 3.12:
//
//   purelib, platlib  <root>/lib/python3.12/site-packages
//   scripts           <root>/bin
//   data              <root>
//   include           <root>/include/site/python3.12   (headers, as pip and uv put them)
//   python            <root>/bin/python                (the shebang of every script)

#include "lockkit/interpreter/probe.hpp"

#include <filesystem>
#include <vector>

namespace lockkit::install {

struct Layout {
    std::filesystem::path root;
    std::filesystem::path purelib;
    std::filesystem::path platlib;
    std::filesystem::path scripts;
    std::filesystem::path data;
    std::filesystem::path include;
    std::filesystem::path python;
    unsigned python_major = 3;
    unsigned python_minor = 0;

    /// The layout of the virtual environment at `root` (absolute) for `info`'s Python.
    static Layout for_virtual_environment(const std::filesystem::path& root, const interpreter::InterpreterInfo& info);

    /// The folders an uninstall may delete from (RECORD rows elsewhere are ignored).
    std::vector<std::filesystem::path> scheme_folders() const { return {purelib, platlib, scripts, data, include}; }
};

} // namespace lockkit::install
