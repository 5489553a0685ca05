// Conflict items and their pseudo-extra encoding (see conflicts.hpp).
#include <lockkit/resolver/conflicts.hpp>

#include <algorithm>
#include <charconv>

namespace lockkit::resolver {

std::string ConflictItem::to_string() const {
    if (extra) return package + "[" + *extra + "]";
    if (group) return package + "[group:" + *group + "]";
    return package;
}

std::string ConflictItem::encoded() const {
    const std::string len = std::to_string(package.size());
    if (extra) return "extra-" + len + "-" + package + "-" + *extra;
    if (group) return "group-" + len + "-" + package + "-" + *group;
    return "project-" + len + "-" + package;
}

std::optional<ConflictItem> ConflictItem::decode(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const std::string_view kind = text.substr(0, dash);
    std::string_view rest = text.substr(dash + 1);
    std::size_t len = 0;
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), len);
    if (ec != std::errc{} || ptr == rest.data() + rest.size() || *ptr != '-') return std::nullopt;
    rest.remove_prefix(static_cast<std::size_t>(ptr - rest.data()) + 1);
    if (rest.size() < len) return std::nullopt;
    ConflictItem item;
    item.package = std::string(rest.substr(0, len));
    rest.remove_prefix(len);
    if (kind == "project") {
        if (!rest.empty()) return std::nullopt;
        return item;
    }
    if (rest.size() < 2 || rest.front() != '-') return std::nullopt;
    rest.remove_prefix(1);
    if (kind == "extra") item.extra = std::string(rest);
    else if (kind == "group") item.group = std::string(rest);
    else return std::nullopt;
    return item;
}

pep508::MarkerTree ConflictItem::marker() const {
    auto parsed = pep508::MarkerTree::parse("extra == '" + encoded() + "'");
    return parsed ? *parsed : pep508::MarkerTree::always_false();
}

bool conflicts_contain_extra(const std::vector<ConflictSet>& conflicts, const std::string& package,
                             const std::string& extra) {
    return std::any_of(conflicts.begin(), conflicts.end(), [&](const ConflictSet& set) {
        return std::any_of(set.begin(), set.end(),
                           [&](const ConflictItem& i) { return i.package == package && i.extra == extra; });
    });
}

bool conflicts_contain_group(const std::vector<ConflictSet>& conflicts, const std::string& package,
                             const std::string& group) {
    return std::any_of(conflicts.begin(), conflicts.end(), [&](const ConflictSet& set) {
        return std::any_of(set.begin(), set.end(),
                           [&](const ConflictItem& i) { return i.package == package && i.group == group; });
    });
}

std::optional<std::pair<std::vector<ConflictItem>, std::vector<ConflictItem>>> conflict_filter_rules(
    pep508::MarkerTree universal_marker) {
    std::pair<std::vector<ConflictItem>, std::vector<ConflictItem>> out;
    auto add = [](std::vector<ConflictItem>& list, ConflictItem item) {
        if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
    };
    for (const auto& clause : universal_marker.to_dnf()) {
        for (const auto& term : clause) {
            const bool include = term.starts_with("extra == '");
            if (!include && !term.starts_with("extra != '")) continue;
            const std::string_view value = std::string_view(term).substr(10, term.size() - 11);
            auto item = ConflictItem::decode(value);
            if (!item) return std::nullopt;
            add(include ? out.first : out.second, std::move(*item));
        }
    }
    return out;
}

} // namespace lockkit::resolver
