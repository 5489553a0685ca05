#pragma once
// Which of a lock's artifacts `lock-verify --download` fetches when the user
// names target environments (`--python-version 3.12 --platform linux`).
// A lock is universal: it lists wheels for every platform and Python it
// supports, and fetching all of them (hundreds of MB for torch-like projects)
// is wasteful when CI only installs on one. A target keeps the wheels an
// installer for that Python and OS/architecture could pick (PEP 425 tags, per
// the platform compatibility tags spec), and a package's sdist when none of
// its wheels fits (the installer would build it).
//
// Tags are read with the wheel-tag module (`tags/`). This is a coarse filter
// for verification, not an installer's tag ranking:
// glibc/macOS minimum versions are not judged (every manylinux wheel counts
// as Linux), and the target interpreter is CPython.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace lockkit::verify {

enum class TargetOs : std::uint8_t { Any, Linux, MacOS, Windows };

struct DownloadTarget {
    std::optional<std::pair<unsigned, unsigned>> python;  ///< (3, 12); empty = any Python
    TargetOs os = TargetOs::Any;
    std::string arch;  ///< normalized: x86_64, aarch64, i686, ...; empty = any
};

/// "3.12" → (3, 12); the error shows the accepted form.
std::expected<std::pair<unsigned, unsigned>, std::string> parse_python_version(std::string_view text);

/// Parses a platform: `linux`, `macos`, `windows`, optionally with an
/// architecture (`linux-aarch64`, `macos-arm64`, `windows-x86_64`), or uv's
/// `--python-platform` spellings (`x86_64-unknown-linux-gnu`,
/// `aarch64-apple-darwin`, `x86_64-pc-windows-msvc`, `x86_64-manylinux_2_28`).
/// Fills `os` and `arch` of a target; the error lists the accepted forms.
std::expected<DownloadTarget, std::string> parse_platform(std::string_view text);

/// Whether a wheel filename's tags fit the target; false for a name that is
/// no wheel filename.
bool wheel_fits(std::string_view filename, const DownloadTarget& target);

} // namespace lockkit::verify
