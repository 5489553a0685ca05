#pragma once
// Small uv.lock texts for the diff tests: a project root "app" (editable ".")
// depending on some registry packages, each with one sdist and one wheel whose
// hash, URL and size can be overridden. Tests parse them with the real reader.

#include "lockkit/lockfile/reader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

// Tests name only the PkgSpec fields they care about (designated initializers);
// the rest keep their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace lockkit::testing {

struct PkgSpec {
    std::string name;
    std::string version;
    std::vector<std::string> deps;        ///< names
    std::string hash = "sha256:00";       ///< of the wheel
    std::string url_host = "https://files.pythonhosted.org/packages";
    std::string size = "1000";
    bool wheel = true;
    std::string source = "{ registry = \"https://pypi.org/simple\" }";
    std::string upload_time;  ///< added to the wheel when set
    std::vector<std::string> markers;  ///< resolution-markers
};

inline std::string lock_text(const std::vector<std::string>& root_deps, const std::vector<PkgSpec>& pkgs,
                             const std::string& requires_python = ">=3.12") {
    std::vector<PkgSpec> all = pkgs;
    all.push_back(PkgSpec{.name = "app", .version = "0.1.0", .deps = root_deps, .wheel = false, .source = "{ editable = \".\" }"});
    std::sort(all.begin(), all.end(), [](const PkgSpec& a, const PkgSpec& b) {
        return a.name != b.name ? a.name < b.name : a.version < b.version;
    });
    std::string out = "version = 1\nrevision = 3\nrequires-python = \"" + requires_python + "\"\n";
    for (const auto& p : all) {
        out += "\n[[package]]\nname = \"" + p.name + "\"\nversion = \"" + p.version + "\"\nsource = " + p.source + "\n";
        if (!p.markers.empty()) {
            out += "resolution-markers = [\n";
            for (const auto& m : p.markers) out += "    \"" + m + "\",\n";
            out += "]\n";
        }
        if (!p.deps.empty()) {
            out += "dependencies = [\n";
            for (const auto& d : p.deps) out += "    { name = \"" + d + "\" },\n";
            out += "]\n";
        }
        if (p.source.find("registry") != std::string::npos) {
            const std::string base = p.url_host + "/" + p.name + "-" + p.version;
            out += "sdist = { url = \"" + base + ".tar.gz\", hash = \"sha256:ff\", size = 2000 }\n";
            if (p.wheel) {
                out += "wheels = [\n    { url = \"" + base + "-py3-none-any.whl\"";
                if (!p.hash.empty()) out += ", hash = \"" + p.hash + "\"";
                out += ", size = " + p.size;
                if (!p.upload_time.empty()) out += ", upload-time = \"" + p.upload_time + "\"";
                out += " },\n]\n";
            }
        }
    }
    return out;
}

inline lockfile::Lock parse_or_fail(const std::string& text) {
    auto lock = lockfile::parse_lock(text, "test.uv.lock");
    if (!lock) {
        FAIL(lock.error().render() << "\n--- text ---\n" << text);
    }
    return *lock;
}

} // namespace lockkit::testing
