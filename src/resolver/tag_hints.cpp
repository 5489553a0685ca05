// Wheel-tag context and hints for failure reports (see tag_hints.hpp).
#include "tag_hints.hpp"

#include <lockkit/tags/wheel_filename.hpp>

#include <set>

namespace lockkit::resolver::detail {

namespace {

const tags::Tag* best_tag(const NoSolution& failure) {
    if (!failure.tags || failure.tags->tags().empty()) return nullptr;
    return &failure.tags->tags().front();
}

/// The version uv's selector would pick in `set` without preferences: stable versions first,
/// newest first (oldest first in `lowest` mode).
const std::pair<pep440::Version, std::vector<std::string>>* candidate(
    const NoSolution& failure, const std::vector<std::pair<pep440::Version, std::vector<std::string>>>& versions,
    const VersionRange& set) {
    const bool lowest = failure.options.resolution == ResolutionMode::Lowest;
    for (const bool stable_pass : {true, false}) {
        const std::pair<pep440::Version, std::vector<std::string>>* found = nullptr;
        for (const auto& entry : versions) {
            if (!set.contains(entry.first) || (stable_pass && entry.first.is_prerelease())) continue;
            if (found == nullptr || !lowest) found = &entry;
            if (lowest) break;
        }
        if (found != nullptr) return found;
    }
    return nullptr;
}

std::string listed(const std::set<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) out += (out.empty() ? "`" : ", `") + t + "`";
    return out;
}

} // namespace

std::optional<std::string> tag_context(const NoSolution& failure, const UnavailableVersion& reason) {
    if (reason.kind != UnavailableVersion::Kind::IncompatibleDist) return std::nullopt;
    const IncompatibleDist& d = reason.dist;
    if (d.kind != IncompatibleDist::Kind::Wheel || d.wheel.kind != IncompatibleWheel::Kind::Tag) return std::nullopt;
    const tags::Tag* best = best_tag(failure);
    switch (d.wheel.tag) {
    case TagIncompatibility::Python:
        if (best != nullptr) return "(e.g., `" + best->python.to_string() + "`)";
        return std::nullopt;
    case TagIncompatibility::Abi:
        if (best != nullptr) return "(e.g., `" + best->abi.to_string() + "`)";
        return std::nullopt;
    case TagIncompatibility::Platform:
        if (best != nullptr) return "(e.g., `" + best->platform.to_string() + "`)";
        return std::nullopt;
    case TagIncompatibility::AbiPythonVersion: {
        // A CPython ABI tag for the target's lowest Python.
        const auto& lower = failure.python.target.lower();
        if (lower.is_unbounded() || lower.value.release().size() < 2) return std::nullopt;
        const auto release = lower.value.release();
        if (release[0] > 255 || release[1] > 255) return std::nullopt;
        return "(e.g., `" +
               tags::AbiTag::cpython(static_cast<std::uint8_t>(release[0]), static_cast<std::uint8_t>(release[1]))
                   .to_string() +
               "`)";
    }
    case TagIncompatibility::Invalid:
    case TagIncompatibility::FreethreadedAbi: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> tag_hint(const NoSolution& failure, const std::string& name, const VersionRange& set,
                                    TagIncompatibility tag) {
    auto it = failure.wheel_filenames.find(name);
    if (it == failure.wheel_filenames.end()) return std::nullopt;
    const auto* chosen = candidate(failure, it->second, set);
    if (chosen == nullptr) return std::nullopt;
    std::vector<tags::WheelFilename> wheels;
    for (const auto& f : chosen->second)
        if (auto w = tags::WheelFilename::parse(f, name)) wheels.push_back(std::move(*w));
    const tags::Tag* best = best_tag(failure);
    const std::string version = "(v" + chosen->first.to_string() + ")";
    auto require = [](const std::optional<std::string>& pretty, const std::string& text) {
        return pretty ? *pretty + " (`" + text + "`)" : text;
    };
    switch (tag) {
    case TagIncompatibility::Invalid: return std::nullopt;
    case TagIncompatibility::Python: {
        std::set<std::string> found;
        for (const auto& w : wheels)
            for (const auto& t : w.python_tags()) found.insert(t.to_string());
        if (found.empty()) return std::nullopt;
        const std::string s = found.size() == 1 ? "" : "s";
        if (best != nullptr)
            return "You require " + require(best->python.pretty(), best->python.to_string()) +
                   ", but we only found wheels for `" + name + "` " + version +
                   " with the following Python implementation tag" + s + ": " + listed(found);
        return "Wheels are available for `" + name + "` " + version + " with the following Python implementation tag" +
               s + ": " + listed(found);
    }
    case TagIncompatibility::Abi:
    case TagIncompatibility::FreethreadedAbi:
    case TagIncompatibility::AbiPythonVersion: {
        // `none` fits everywhere, so it explains nothing.
        std::set<std::string> found;
        for (const auto& w : wheels)
            for (const auto& t : w.abi_tags())
                if (t.kind != tags::AbiTag::Kind::None) found.insert(t.to_string());
        if (found.empty()) return std::nullopt;
        const std::string s = found.size() == 1 ? "" : "s";
        if (best != nullptr)
            return "You require " + require(best->abi.pretty(), best->abi.to_string()) +
                   ", but we only found wheels for `" + name + "` " + version + " with the following Python ABI tag" + s +
                   ": " + listed(found);
        return "Wheels are available for `" + name + "` " + version + " with the following Python ABI tag" + s + ": " +
               listed(found);
    }
    case TagIncompatibility::Platform: {
        // Only the platforms of wheels whose Python and ABI tags fit: the others would mislead.
        if (!failure.tags) return std::nullopt;
        std::set<std::string> found;
        for (const auto& w : wheels) {
            bool abi_fits = false;
            for (const auto& py : w.python_tags())
                for (const auto& abi : w.abi_tags())
                    if (failure.tags->is_compatible_abi(py, abi)) abi_fits = true;
            if (!abi_fits) continue;
            for (const auto& p : w.platform_tags()) found.insert(p.to_string());
        }
        if (found.empty()) return std::nullopt;
        const std::string s = found.size() == 1 ? "" : "s";
        return "Wheels are available for `" + name + "` " + version + " on the following platform" + s + ": " +
               listed(found);
    }
    }
    return std::nullopt;
}

} // namespace lockkit::resolver::detail
