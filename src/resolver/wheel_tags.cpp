// The default wheel-tag verdicts (see wheel_tags.hpp).
#include <lockkit/resolver/wheel_tags.hpp>

#include <lockkit/pep508/package_name.hpp>
#include <lockkit/tags/wheel_filename.hpp>
#include <lockkit/tags/wheel_reach.hpp>

namespace lockkit::resolver {

WheelTagJudge::WheelTagJudge(const RequiresPython& requires_python) {
    auto [lower, upper] = requires_python.release_bounds();
    m_lower = std::move(lower);
    m_upper = std::move(upper);
}

WheelTagVerdict WheelTagJudge::judge(std::string_view filename) {
    const auto fields = tags::split_wheel_filename(filename);
    if (!fields) return judge_parsed(filename);
    WheelTagVerdict invalid;
    invalid.reason = TagIncompatibility::Invalid;
    // The fields are views into the filename: the head runs from its start to the version's
    // end, the tag text from the python tag to before ".whl".
    const std::string_view head = filename.substr(0, fields->version.data() + fields->version.size() - filename.data());
    auto known_head = m_valid_heads.find(head);
    if (known_head == m_valid_heads.end()) {
        const bool valid = pep508::is_valid_name(fields->name) && pep440::Version::parse(fields->version).has_value();
        known_head = m_valid_heads.emplace(std::string(head), valid).first;
    }
    if (!known_head->second) return invalid;
    if (!fields->build.empty() && !tags::BuildTag::parse(fields->build)) return invalid;
    const std::string_view tag_text =
        filename.substr(fields->python.data() - filename.data(), fields->python.size() + 1 + fields->abi.size() + 1 + fields->platform.size());
    if (auto known = m_tag_verdicts.find(tag_text); known != m_tag_verdicts.end()) return known->second;
    // Name, version and build tag are valid: what the full parse says depends on the tags alone.
    const WheelTagVerdict verdict = judge_parsed(filename);
    m_tag_verdicts.emplace(std::string(tag_text), verdict);
    return verdict;
}

WheelTagVerdict WheelTagJudge::judge_parsed(std::string_view filename) const {
    WheelTagVerdict verdict;
    const auto wheel = tags::WheelFilename::parse(filename);
    if (!wheel) {
        verdict.reason = TagIncompatibility::Invalid;
        return verdict;
    }
    if (m_tags) {
        const tags::TagCompatibility fit = m_tags->compatibility(*wheel);
        verdict.compatible = fit.compatible;
        if (fit.compatible) verdict.priority = fit.priority;
        // Both enums list uv's `IncompatibleTag` in uv's order.
        else verdict.reason = static_cast<TagIncompatibility>(fit.reason);
        return verdict;
    }
    verdict.compatible = tags::matches_requires_python(*wheel, m_lower, m_upper);
    if (!verdict.compatible) verdict.reason = TagIncompatibility::AbiPythonVersion;
    return verdict;
}

} // namespace lockkit::resolver
