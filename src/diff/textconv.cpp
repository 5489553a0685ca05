// The textconv rendering of a lock (see textconv.hpp).

#include "lockkit/diff/textconv.hpp"
#include "lockkit/util/strings.hpp"

#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/diff/version_bump.hpp"

#include <algorithm>
#include <cstdio>

namespace lockkit::diff {

namespace {

void fnv(std::uint64_t& h, std::string_view s) {
    for (unsigned char ch : s) {
        h ^= ch;
        h *= 1099511628211ULL;
    }
    h ^= 0xff;  // field separator
    h *= 1099511628211ULL;
}

std::string package_line(const lockfile::Package& p) {
    std::string out = p.id.name + " " + p.id.version.value_or("(dynamic)") + " " + describe_source(p.id.source);
    if (!p.resolution_markers.empty()) out += " [" + join(p.resolution_markers, " | ") + "]";
    std::vector<std::string> deps;
    for (const auto& d : p.dependencies) deps.push_back(edge_key(d));
    for (const auto& [extra, list] : p.optional_dependencies)
        for (const auto& d : list) deps.push_back(edge_key(d, "extra", extra));
    for (const auto& [group, list] : p.dev_dependencies)
        for (const auto& d : list) deps.push_back(edge_key(d, "group", group));
    if (!deps.empty()) out += " deps=[" + join(deps, ", ") + "]";
    std::uint64_t h = 14695981039346656037ULL;
    std::size_t files = 0;
    auto add = [&](const lockfile::Artifact& a) {
        ++files;
        fnv(h, a.filename());
        fnv(h, a.location);
        fnv(h, a.hash.value_or(""));
        fnv(h, a.size ? std::to_string(*a.size) : "");
    };
    if (p.sdist) add(*p.sdist);
    for (const auto& w : p.wheels) add(w);
    if (files > 0) {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
        out += " files=" + std::to_string(files) + " fp=" + buf;
    }
    return out;
}

} // namespace

std::string render_textconv(const lockfile::Lock& lock) {
    std::string out = "requires-python " + lock.requires_python + "\n";
    if (lock.resolution_markers) {
        for (const auto& m : *lock.resolution_markers) out += "resolution-marker " + m + "\n";
    }
    for (const auto& m : lock.manifest.members) out += "member " + m + "\n";
    std::vector<const lockfile::Package*> pkgs;
    for (const auto& p : lock.packages) pkgs.push_back(&p);
    std::stable_sort(pkgs.begin(), pkgs.end(), [](const lockfile::Package* a, const lockfile::Package* b) {
        if (a->id.name != b->id.name) return a->id.name < b->id.name;
        if (a->id.version && b->id.version) return compare_versions(*a->id.version, *b->id.version) < 0;
        return !a->id.version && b->id.version;
    });
    for (const auto* p : pkgs) out += package_line(*p) + "\n";
    return out;
}

} // namespace lockkit::diff
