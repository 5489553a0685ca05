#pragma once
// Making a virtual environment (PEP 405) the way `python -m venv --without-pip`
// makes it, without starting Python (that would cost more than a whole no-op sync):
//
//   <root>/pyvenv.cfg             home, include-system-site-packages = false, version,
//                                 executable (venv's lines), then `lockkit = <version>`
//                                 (as uv adds `uv = ...`: who made it)
//   <root>/bin/<python3.12>       a symbolic link to the base interpreter, and python,
//                                 python3, python3.12 as relative links beside it
//   <root>/bin/activate, ...      the interpreter's own templates from
//                                 <stdlib>/venv/scripts/{common,posix}, with venv's
//                                 placeholders filled in (the prompt is "(name) " before
//                                 Python 3.13 and "name" from 3.13 on, as venv does)
//   <root>/include/python3.12, <root>/lib/python3.12/site-packages
//   <root>/lib64 -> lib           on 64-bit Linux
//   <root>/.gitignore             "*", so the environment is never committed
//
// The environment is built in a temporary folder beside `root` and renamed into
// place, so an interrupted creation leaves no half environment.

#include "lockkit/interpreter/probe.hpp"

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::install {

/// Creates a virtual environment at `root` (absolute; it must not exist, or be an empty
/// folder) for the interpreter `info` describes. The error names the step that failed.
std::expected<void, std::string> create_virtual_environment(const std::filesystem::path& root,
                                                            const interpreter::InterpreterInfo& info);

} // namespace lockkit::install
