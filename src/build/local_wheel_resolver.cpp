// Build requirements from local wheels; see include/lockkit/build/local_wheel_resolver.hpp.

#include "lockkit/build/local_wheel_resolver.hpp"

#include "lockkit/index/local_index.hpp"
#include "lockkit/index/wheel_archive.hpp"
#include "lockkit/metadata/core_metadata.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace lockkit::build {

namespace {

struct Candidate {
    pep440::Version version;
    std::uint32_t priority = 0;
    std::string filename;
    std::filesystem::path file;
};

struct Chosen {
    Candidate candidate;
    std::string wanted_by;  ///< the requirement that chose it, for conflict messages
    std::vector<pep508::Requirement> requires_dist;
    std::set<std::string> extras_done;
};

struct Pending {
    pep508::Requirement requirement;
    std::string from;  ///< who asks: "build-system.requires" or "name==version"
};

} // namespace

std::expected<std::vector<RequirementWheel>, std::string> LocalWheelResolver::resolve(
    const std::vector<pep508::Requirement>& requirements, const interpreter::InterpreterInfo& interpreter) {
    const auto supported = interpreter.supported_tags();
    if (!supported) return std::unexpected(supported.error());
    // Every wheel of every folder, by project.
    std::map<std::string, std::vector<Candidate>> wheels;
    for (const auto& folder : m_folders) {
        auto files = index::list_find_links_directory(folder);
        if (!files) return std::unexpected(files.error().render());
        for (const auto& f : files->files()) {
            if (!f.is_wheel() || f.version == nullptr) continue;
            const auto parsed = tags::WheelFilename::parse(f.filename);
            if (!parsed) continue;
            const auto fit = supported->compatibility(*parsed);
            if (!fit.compatible) continue;
            wheels[std::string(f.name)].push_back({*f.version, fit.priority, std::string(f.filename), folder / f.filename});
        }
    }
    std::map<std::string, Chosen> chosen;
    std::deque<Pending> queue;
    for (const auto& r : requirements) queue.push_back({r, "the build requirements"});
    while (!queue.empty()) {
        Pending next = std::move(queue.front());
        queue.pop_front();
        const auto& r = next.requirement;
        if (r.url) {
            return std::unexpected("`" + r.to_string() + "` (from " + next.from +
                                   ") is a direct reference, which local build requirements cannot serve");
        }
        auto it = chosen.find(r.name);
        if (it == chosen.end()) {
            auto found = wheels.find(r.name);
            const Candidate* best = nullptr;
            if (found != wheels.end()) {
                for (const auto& c : found->second) {
                    if (!r.specifiers.contains(c.version)) continue;
                    const auto key = [](const Candidate& x) { return std::tuple(!x.version.is_prerelease(), x.version, x.priority); };
                    if (best == nullptr || key(c) > key(*best)) best = &c;
                }
            }
            if (best == nullptr) {
                return std::unexpected(
                    "no wheel in the find-links folders satisfies `" + r.to_string() + "` (from " + next.from + ")" +
                    (m_folders.empty() ? "\nhint: pass --find-links FOLDER (or set `find-links` in [tool.uv]) "
                                         "with wheels of the build requirements"
                                       : ""));
            }
            auto text = index::read_wheel_metadata_file(best->file, r.name);
            if (!text) return std::unexpected("`" + best->file.string() + "`: " + text.error().message);
            auto meta = metadata::parse_core_metadata(*text, best->filename + "/METADATA");
            if (!meta) return std::unexpected(meta.error().render());
            Chosen entry{*best, r.to_string(), std::move(meta->requires_dist), {}};
            it = chosen.emplace(r.name, std::move(entry)).first;
        } else if (!r.specifiers.contains(it->second.candidate.version)) {
            return std::unexpected("the build requirements disagree on " + r.name + ": `" + it->second.wanted_by +
                                   "` chose " + it->second.candidate.version.to_string() + ", but " + next.from +
                                   " asks for `" + r.to_string() + "`");
        }
        // The package's own requirements, for no extra once and for each extra asked for.
        std::vector<std::string> extras = {""};
        extras.insert(extras.end(), r.extras.begin(), r.extras.end());
        const std::string from = r.name + "==" + it->second.candidate.version.to_string();
        for (const auto& extra : extras) {
            if (!it->second.extras_done.insert(extra).second) continue;
            std::vector<std::string> active;
            if (!extra.empty()) active.push_back(extra);
            for (const auto& dep : it->second.requires_dist) {
                if (dep.marker.evaluate(interpreter.markers, active)) queue.push_back({dep, from});
            }
        }
    }
    std::vector<RequirementWheel> out;
    for (const auto& [name, c] : chosen) {
        out.push_back({name, c.candidate.version.to_string(), c.candidate.filename, c.candidate.file, {}, {}});
    }
    return out;
}

} // namespace lockkit::build
