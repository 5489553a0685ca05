#pragma once
// `--venv PATH`: compare an installed virtual environment with the lock, to catch drift
// (someone ran `pip install`, a stale environment) and tampering (an installed file was
// edited, a `.pth` file was dropped in).
//
// 1. The environment: pyvenv.cfg gives the Python version, the host the platform
//    (virtual_environment.hpp); together they are the PEP 508 marker environment.
// 2. What should be installed: the lock walked the way `uv sync` walks it for that
//    environment (install_selection.hpp).
// 3. What is installed: every `*.dist-info` (and legacy `*.egg-info`) in site-packages
//    (installed_distribution.hpp), compared by normalized name:
//      venv-version-mismatch   installed version is not the locked one, the name is installed
//                              twice, or the Python is outside `requires-python` (error)
//      venv-missing            expected, not installed (error)
//      venv-source-mismatch    direct_url.json disagrees with the lock's source: a registry
//                              package installed from a file or URL, another git commit, an
//                              editable member installed as a plain copy (error; editable vs
//                              not only a warning)
//      venv-extraneous         installed, not expected (warning). pip, setuptools, wheel and
//                              uv are seed packages and tolerated unless the environment was
//                              made by uv without `--seed` or by lock sync (a sync removes them then).
// 4. RECORD of every installed .dist-info, expected or not: each row with a sha256 hash is
//    hashed (in parallel) and compared:
//      venv-record-mismatch      the file's hash differs from RECORD (error)
//      venv-record-missing-file  a file RECORD lists is absent or unreadable (error)
//      venv-record-invalid       RECORD is missing or malformed, or a row points outside the
//                                environment (such rows are never opened) (error)
//      venv-unrecorded-file      a file in site-packages that no RECORD lists, e.g. an added
//                                `.pth` or module (warning); byte code and uv's
//                                `_virtualenv.py`/`.pth` are expected
//    Rows without a hash (RECORD itself, byte code) and rows with other algorithms are skipped.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/pep508/marker.hpp"
#include "lockkit/verify/finding.hpp"
#include "lockkit/install/install_selection.hpp"

#include <cstddef>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::verify {

struct VenvCheckOptions {
    install::InstallSelection selection;
    /// The marker environment to assume; empty = the venv's Python on this host.
    std::optional<pep508::MarkerEnvironment> environment;
    /// Hashing threads; 0 = std::thread::hardware_concurrency().
    unsigned jobs = 0;
};

struct VenvCheckResult {
    std::vector<Finding> findings;          ///< in the rule order above, then by package
    std::size_t distributions_checked = 0;  ///< installed distributions found and compared
    std::size_t expected = 0;               ///< lock packages that should be installed
    std::size_t files_hashed = 0;           ///< RECORD rows whose file was hashed
    std::string environment;                ///< "CPython 3.12.4, linux x86_64"
};

/// Checks the virtual environment at `venv` (as given; messages name paths through it)
/// against the lock. The error says why the check could not run: not a virtual
/// environment, site-packages unreadable, or a selection uv would refuse.
std::expected<VenvCheckResult, std::string> check_venv(const lockfile::Lock& lock, const std::filesystem::path& venv,
                                                       const VenvCheckOptions& options = {});

} // namespace lockkit::verify
