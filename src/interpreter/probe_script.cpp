// The script a Python interpreter runs to describe itself (see probe.hpp). It is
// kept in Python because only the interpreter knows its sysconfig scheme, its
// libc and its `_manylinux` override; it runs on Python 3.6 and later, imports
// only the standard library, and prints one JSON object (format 1, read by
// parse_interpreter_info). Problems it can name (too old, no libc) come back as
// {"format": 1, "error": {"kind": ..., "message": ...}} with exit status 0.

#include "lockkit/interpreter/probe.hpp"

namespace lockkit::interpreter {

namespace {

constexpr std::string_view k_script = R"PROBE(# lockkit interpreter probe: prints one JSON object describing this Python.
# Runs on Python 3.6 and later with -I -B; never imports third-party code.
import json
import os
import platform
import re
import struct
import sys
import sysconfig


def version_text(info):
    text = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text


def fail(kind, message):
    print(json.dumps({"format": 1, "error": {"kind": kind, "message": message}}))
    sys.exit(0)


def musl_version():
    # The musl loader maps itself into every process it starts; running it prints its version.
    try:
        with open("/proc/self/maps") as maps:
            loaders = [line.split()[-1] for line in maps if "/ld-musl-" in line]
    except OSError:
        return None
    if not loaders:
        return None
    import subprocess
    try:
        done = subprocess.run([loaders[0]], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError:
        return None
    found = re.search(r"Version (\d+)\.(\d+)", done.stderr.decode("latin-1"))
    return (int(found.group(1)), int(found.group(2))) if found else None


def glibc_version():
    text = None
    try:
        text = os.confstr("CS_GNU_LIBC_VERSION")
    except (AttributeError, OSError, ValueError):
        pass
    if not text:
        try:
            import ctypes
            function = ctypes.CDLL(None).gnu_get_libc_version
            function.restype = ctypes.c_char_p
            text = "glibc " + function().decode("ascii")
        except Exception:
            return None
    found = re.match(r"glibc (\d+)\.(\d+)", text)
    return (int(found.group(1)), int(found.group(2))) if found else None


def manylinux_compatible(arch, glibc):
    # PEP 600: a distributor's `_manylinux` module may veto manylinux wheels.
    try:
        import _manylinux
    except ImportError:
        return True
    if hasattr(_manylinux, "manylinux_compatible"):
        answer = _manylinux.manylinux_compatible(glibc[0], glibc[1], arch)
        return True if answer is None else bool(answer)
    legacy = {(2, 5): "manylinux1_compatible", (2, 12): "manylinux2010_compatible",
              (2, 17): "manylinux2014_compatible"}.get(tuple(glibc))
    if legacy and hasattr(_manylinux, legacy):
        return bool(getattr(_manylinux, legacy))
    return True


def platform_info():
    name = sysconfig.get_platform()
    bits32 = struct.calcsize("P") == 4
    if name.startswith("linux"):
        arch = name.partition("-")[2] or platform.machine()
        if bits32:
            arch = {"x86_64": "i686", "aarch64": "armv8l"}.get(arch, arch)
        if hasattr(sys, "getandroidapilevel"):
            return {"os": {"name": "android", "major": sys.getandroidapilevel()}, "arch": arch}
        musl = musl_version()
        if musl:
            return {"os": {"name": "musllinux", "major": musl[0], "minor": musl[1]}, "arch": arch}
        glibc = glibc_version()
        if glibc:
            return {"os": {"name": "manylinux", "major": glibc[0], "minor": glibc[1]}, "arch": arch,
                    "manylinux_compatible": manylinux_compatible(arch, glibc)}
        fail("libc_not_found", "neither glibc nor musl was found")
    if name.startswith("macosx"):
        release, _, arch = platform.mac_ver()
        if not release or not arch:
            fail("broken_mac_ver", "platform.mac_ver() gave no macOS version")
        if bits32:
            arch = "ppc" if arch.startswith("ppc") else "i386"
        parts = (release.split(".") + ["0"])[:2]
        return {"os": {"name": "macos", "major": int(parts[0]), "minor": int(parts[1])}, "arch": arch}
    if name.startswith("win"):
        arch = {"win32": "i686", "win-amd64": "x86_64", "win-arm64": "aarch64"}.get(name, name)
        return {"os": {"name": "windows"}, "arch": arch}
    if name.startswith("ios"):
        ios = platform.ios_ver()
        parts = (ios.release.split(".") + ["0"])[:2]
        return {"os": {"name": "ios", "major": int(parts[0]), "minor": int(parts[1]),
                       "simulator": bool(ios.is_simulator)}, "arch": name.split("-")[-2]}
    if name.startswith("emscripten"):
        for key, os_name in (("PYEMSCRIPTEN_PLATFORM_VERSION", "pyemscripten"), ("PYODIDE_ABI_VERSION", "pyodide")):
            value = sysconfig.get_config_var(key)
            if value:
                major, minor = value.split("_")[:2]
                return {"os": {"name": os_name, "major": int(major), "minor": int(minor)}, "arch": "wasm32"}
        fail("emscripten_not_pyodide", "an Emscripten Python that is not Pyodide")
    parts = name.split("-")
    if parts[0] in ("freebsd", "netbsd", "openbsd", "dragonfly", "haiku", "illumos", "solaris", "sunos"):
        os_name = "illumos" if parts[0] in ("solaris", "sunos") else parts[0]
        return {"os": {"name": os_name, "release": "-".join(parts[1:-1]) or platform.release()},
                "arch": parts[-1] if len(parts) > 1 else platform.machine()}
    fail("unknown_operating_system", "unknown operating system: " + name)


def scheme_name():
    preferred = getattr(sysconfig, "get_preferred_scheme", None)
    if preferred:
        return preferred("prefix")
    names = set(sysconfig.get_scheme_names())
    for candidate in (sys.implementation.name + "_" + os.name, sys.implementation.name, os.name + "_prefix", os.name):
        if candidate in names:
            return candidate
    return "posix_prefix"


def install_scheme():
    paths = sysconfig.get_paths(scheme=scheme_name())
    scheme = {key: paths[key] for key in ("purelib", "platlib", "include", "scripts", "data")}
    if sys.prefix != sys.base_prefix:
        scheme["include"] = os.path.join(sys.prefix, "include", "site", "python%d.%d" % sys.version_info[:2])
    return scheme


def venv_scheme():
    # The same five paths relative to the root of a virtual environment made from this Python.
    names = sysconfig.get_scheme_names()
    scheme = "venv" if "venv" in names else ("nt" if os.name == "nt" else "posix_prefix")
    empty = {key: "" for key in ("base", "platbase", "installed_base", "installed_platbase", "userbase")}
    paths = sysconfig.get_paths(scheme=scheme, vars=empty)
    relative = {key: paths[key].replace("/", os.sep).lstrip(os.sep) for key in ("purelib", "platlib", "scripts", "data")}
    relative["include"] = os.path.join("include", "site", "python%d.%d" % sys.version_info[:2])
    return relative


def main():
    if sys.version_info < (3, 6):
        fail("unsupported_python_version", "Python " + version_text(sys.version_info) + " is older than 3.6")
    implementation = sys.implementation.name
    implementation_version = version_text(sys.implementation.version)
    cache_tag = sys.implementation.cache_tag or ""
    # GraalPy and Pyston report CPython's version; their own is in the cache tag.
    found = re.match(r"(?:graalpy|pyston-)(\d)(\d+)", cache_tag)
    if implementation in ("graalpy", "pyston") and found:
        implementation_version = found.group(1) + "." + found.group(2)
    full_version = platform.python_version()
    if full_version.endswith("+"):
        full_version = full_version[:-1]  # local builds: "3.13.0+" is no PEP 440 version
    markers = {
        "implementation_name": implementation,
        "implementation_version": implementation_version,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_python_implementation": platform.python_implementation(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": full_version,
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }
    try:
        import site
        site_packages = site.getsitepackages()
    except AttributeError:
        site_packages = []
    print(json.dumps({
        "format": 1,
        "markers": markers,
        "python": {
            "version": list(sys.version_info[:3]),
            "implementation": implementation,
            "implementation_version": implementation_version,
            "gil_disabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "debug": bool(sysconfig.get_config_var("Py_DEBUG")),
            "pointer_size": struct.calcsize("P") * 8,
        },
        "platform": platform_info(),
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


main()
)PROBE";

} // namespace

std::string_view probe_script() {
    return k_script;
}

} // namespace lockkit::interpreter
