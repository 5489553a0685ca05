#include "lockkit/pep508/lenient.hpp"

#include <re2/re2.h>

#include <array>
#include <string>

namespace lockkit::pep508 {

namespace {

struct Repair {
    const char* pattern;
    const char* rewrite;
};

/// uv's list, in uv's order (see the header).
constexpr std::array<Repair, 7> k_repairs = {{
    {R"((\d)([<>=~^!]))", R"(\1,\2)"},
    {R"(!=~((?:\d\.)*\d))", R"(!=\1.*)"},
    {R"((<=|>=|<|>)\s*(\d+(\.\d+)*)\.\*)", R"(\1\2)"},
    {R"((\d\.\d)+\*)", R"(\1.*)"},
    {R"(,\s*$)", ""},
    {R"(>dev)", ">0.0.0dev"},
    {R"((\d+(\.\d)*(a|b|rc|post|dev)\d+)\.0)", R"(\1)"},
}};

const std::array<std::unique_ptr<RE2>, k_repairs.size()>& compiled() {
    static const auto regexes = [] {
        std::array<std::unique_ptr<RE2>, k_repairs.size()> out;
        for (std::size_t i = 0; i < k_repairs.size(); ++i) {
            out[i] = std::make_unique<RE2>(k_repairs[i].pattern);
        }
        return out;
    }();
    return regexes;
}

/// Quotes anywhere before the marker (`'>= 2.7'`) are stray; quotes in the marker are not.
std::string without_stray_quotes(const std::string& text) {
    const auto semicolon = text.find(';');
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i < semicolon && (text[i] == '\'' || text[i] == '"')) {
            continue;
        }
        out += text[i];
    }
    return out;
}

template <typename Parse>
auto parse_with_repairs(std::string_view text, Parse&& parse) -> decltype(parse(text)) {
    auto first = parse(text);
    if (first) {
        return first;
    }
    std::string patched(text);
    const auto& regexes = compiled();
    for (std::size_t i = 0; i <= k_repairs.size(); ++i) {
        std::string next = patched;
        if (i < k_repairs.size()) {
            RE2::GlobalReplace(&next, *regexes[i], k_repairs[i].rewrite);
        } else {
            next = without_stray_quotes(patched);
        }
        if (next == patched) {
            continue;
        }
        if (auto repaired = parse(next)) {
            return repaired;
        }
        patched = std::move(next);
    }
    return first;  // the original text's error is the one to show
}

} // namespace

ParseResult<pep440::VersionSpecifiers> parse_lenient_specifiers(std::string_view text) {
    return parse_with_repairs(text, [](std::string_view t) { return pep440::VersionSpecifiers::parse(t); });
}

ParseResult<Requirement> parse_lenient_requirement(std::string_view text) {
    return parse_with_repairs(text, [](std::string_view t) { return Requirement::parse(t); });
}

} // namespace lockkit::pep508
