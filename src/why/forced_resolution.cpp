// `lock why-not` by resolving with the version forced; see forced_resolution.hpp.

#include <lockkit/why/forced_resolution.hpp>

#include <lockkit/lockfile/reader.hpp>
#include <lockkit/pep440/version.hpp>
#include <lockkit/pep508/package_name.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace lockkit::why {

namespace {

/// Each package name's versions, ascending.
std::map<std::string, std::vector<std::string>> versions_by_name(std::string_view text) {
    std::map<std::string, std::vector<std::string>> out;
    if (text.empty()) return out;
    auto lock = lockfile::parse_lock(text, "uv.lock");
    if (!lock) return out;
    for (const auto& p : lock->packages) out[p.id.name].push_back(p.id.version.value_or(""));
    for (auto& [name, versions] : out) {
        std::sort(versions.begin(), versions.end(), [](const std::string& a, const std::string& b) {
            auto va = pep440::Version::parse(a), vb = pep440::Version::parse(b);
            return va && vb ? *va < *vb : a < b;
        });
        versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
    }
    return out;
}

} // namespace

std::expected<ForcedResolution, Diagnostic> resolve_with_version(project::LockProjectOptions options,
                                                                 std::string_view name, std::string_view version) {
    ForcedResolution out;
    options.check = true;  // never write
    options.command_line.upgrade_package.push_back(pep508::normalize_name(name) + "==" + std::string(version));
    bool failed_to_solve = false;
    options.on_no_solution = [&](const resolver::NoSolution& failure) {
        failed_to_solve = true;
        out.header = failure.header();
        out.report = failure.report();
        out.hints = failure.hints();
    };
    auto outcome = project::lock_project(options);
    if (!outcome) {
        if (failed_to_solve) return out;
        return std::unexpected(std::move(outcome.error()));
    }
    out.solvable = true;
    const auto before = versions_by_name(outcome->old_text);
    const auto after = versions_by_name(outcome->new_text);
    std::set<std::string> names;
    for (const auto& [n, _] : before) names.insert(n);
    for (const auto& [n, _] : after) names.insert(n);
    for (const auto& n : names) {
        const auto b = before.find(n), a = after.find(n);
        VersionChange c{n, b == before.end() ? std::vector<std::string>{} : b->second,
                        a == after.end() ? std::vector<std::string>{} : a->second};
        if (c.before != c.after) out.changes.push_back(std::move(c));
    }
    return out;
}

} // namespace lockkit::why
