// `lock why-not` from the lock alone; see exclusion.hpp.

#include <lockkit/why/exclusion.hpp>

#include <lockkit/pep440/version.hpp>
#include <lockkit/pep508/package_name.hpp>

#include <algorithm>

namespace lockkit::why {

LockExclusions find_lock_exclusions(const lockfile::Lock& lock, std::string_view name, std::string_view version) {
    LockExclusions out;
    out.package = pep508::normalize_name(name);
    out.version = std::string(version);
    const auto wanted = pep440::Version::parse(version);
    for (const auto& p : lock.packages) {
        if (p.id.name != out.package) continue;
        out.locked.push_back(p.id);
        if (!p.id.version) continue;
        const auto v = pep440::Version::parse(*p.id.version);
        if (wanted && v && *v == *wanted) out.version_locked = true;
    }
    auto recorded = recorded_requirements_on(lock, out.package);
    const bool overridden = std::any_of(recorded.begin(), recorded.end(), [](const RecordedRequirement& r) {
        return r.origin == RecordedRequirement::Origin::Override;
    });
    for (auto& r : recorded) {
        if (overridden && r.origin != RecordedRequirement::Origin::Override) continue;
        if (!admits(r.requirement, version)) out.excluded_by.push_back(std::move(r));
    }
    return out;
}

} // namespace lockkit::why
