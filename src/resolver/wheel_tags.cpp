// The default wheel-tag verdicts (see wheel_tags.hpp).
#include <lockkit/resolver/wheel_tags.hpp>

#include <lockkit/tags/wheel_filename.hpp>
#include <lockkit/tags/wheel_reach.hpp>

namespace lockkit::resolver {

WheelTagJudge::WheelTagJudge(const RequiresPython& requires_python) {
    auto [lower, upper] = requires_python.release_bounds();
    m_lower = std::move(lower);
    m_upper = std::move(upper);
}

WheelTagVerdict WheelTagJudge::judge(std::string_view filename) const {
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
