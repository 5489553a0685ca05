#include "lockkit/verify/artifact_check.hpp"

#include "finding_builder.hpp"
#include "lockkit/util/parallel.hpp"
#include "lockkit/util/sha256.hpp"

#include <algorithm>
#include <system_error>
#include <unordered_map>

namespace lockkit::verify {

using detail::make_finding;
using detail::package_label;

namespace {

struct Expected {
    const lockfile::Package* package = nullptr;
    std::string hash;  ///< "sha256:<hex>"
};

struct Job {
    std::filesystem::path path;
    std::vector<Expected> expected;  ///< every lock entry naming this filename
    std::expected<std::string, std::string> actual = std::string();
};

} // namespace

std::expected<ArtifactCheckResult, std::string> check_artifacts(const lockfile::Lock& lock,
                                                                const std::filesystem::path& dir, unsigned jobs) {
    std::unordered_map<std::string, std::vector<Expected>> by_filename;
    for (const auto& p : lock.packages) {
        auto add = [&](const lockfile::Artifact& a) {
            if (a.location_kind != lockfile::ArtifactLocation::None && a.hash && a.hash->starts_with("sha256:")) {
                by_filename[a.filename()].push_back({&p, *a.hash});
            }
        };
        if (p.sdist) {
            add(*p.sdist);
        }
        for (const auto& w : p.wheels) {
            add(w);
        }
    }

    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        return std::unexpected("cannot read artifacts folder " + dir.string() + ": " + ec.message());
    }
    std::vector<Job> work;
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec) {
            return std::unexpected("cannot read artifacts folder " + dir.string() + ": " + ec.message());
        }
        if (!it->is_regular_file(ec)) {
            continue;
        }
        if (auto found = by_filename.find(it->path().filename().string()); found != by_filename.end()) {
            work.push_back({it->path(), found->second, std::string()});
        }
    }
    std::sort(work.begin(), work.end(), [](const Job& a, const Job& b) { return a.path < b.path; });

    parallel_for(work.size(), jobs, [&](std::size_t i) { work[i].actual = sha256_file(work[i].path); });

    ArtifactCheckResult result;
    for (const Job& job : work) {
        const std::string filename = job.path.filename().string();
        if (!job.actual) {
            result.findings.push_back(make_finding(rule::artifact_unreadable, Severity::Error, job.expected.front().package,
                                                   "cannot hash `" + filename + "`: " + job.actual.error(),
                                                   "check the file's permissions"));
            continue;
        }
        ++result.checked;
        std::string actual = "sha256:";
        actual += *job.actual;
        for (const Expected& e : job.expected) {
            if (e.hash != actual) {
                std::string message = "`";
                message += job.path.string();
                message += "` of " + package_label(*e.package) + " has hash " + actual + ", but the lock expects " + e.hash;
                result.findings.push_back(make_finding(
                    rule::hash_mismatch, Severity::Error, e.package, std::move(message),
                    "the file was altered or is a different build: download it again from the index, or "
                    "re-run `uv lock` if the index legitimately changed"));
            }
        }
    }
    return result;
}

} // namespace lockkit::verify
