// Wheel platform coverage and git compare links (see lock_diff.hpp).

#include "lockkit/diff/lock_diff.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace lockkit::diff {

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

bool all_digits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }

/// The architecture after a prefix and any numeric version parts: "2_17_x86_64" -> "x86_64".
std::string arch_after(std::string_view rest) {
    auto parts = split(rest, '_');
    std::size_t i = 0;
    while (i + 1 < parts.size() && all_digits(parts[i])) ++i;
    std::string out;
    for (; i < parts.size(); ++i) {
        if (!out.empty()) out += '_';
        out += parts[i];
    }
    return out;
}

/// Python tag key of a wheel: "cp314", "cp314t" (free-threaded ABI), "cp39-abi3", "py3"; "" if unparseable.
std::pair<std::string, std::vector<std::string>> parse_wheel(std::string_view filename) {
    if (!filename.ends_with(".whl")) return {};
    filename.remove_suffix(4);
    const auto parts = split(filename, '-');
    if (parts.size() < 5) return {};
    const std::string& py = parts[parts.size() - 3];
    const std::string& abi = parts[parts.size() - 2];
    const std::string& plat = parts[parts.size() - 1];
    std::string key = py;
    if (abi == "abi3") key = py + "-abi3";
    else if (abi.starts_with("cp") && abi.ends_with("t")) key = abi;
    std::vector<std::string> platforms;
    for (const auto& p : split(plat, '.')) {
        auto label = platform_label(p);
        if (std::find(platforms.begin(), platforms.end(), label) == platforms.end()) platforms.push_back(std::move(label));
    }
    return {key, platforms};
}

std::map<std::string, std::set<std::string>> coverage(const std::vector<std::string>& wheels) {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& w : wheels) {
        auto [key, platforms] = parse_wheel(w);
        if (key.empty()) continue;
        out[key].insert(platforms.begin(), platforms.end());
    }
    return out;
}

/// Orders Python tags by interpreter then version number, so cp39 sorts before cp310.
/// The number is compared as a digit string (length, then digits): a tag comes from an
/// untrusted lock and may hold more digits than any integer type.
bool tag_less(const std::string& a, const std::string& b) {
    auto split_tag = [](std::string_view t) {
        std::size_t i = 0;
        while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) ++i;
        std::size_t j = i;
        while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
        std::string_view digits = t.substr(i, j - i);
        const bool has_number = !digits.empty();
        while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
        return std::tuple(t.substr(0, i), has_number, digits.size(), digits, t.substr(j));
    };
    return split_tag(a) < split_tag(b);
}

} // namespace

std::string platform_label(std::string_view p) {
    if (p == "any") return "any";
    if (p == "win32") return "Windows x86";
    if (p.starts_with("win_")) return "Windows " + std::string(p.substr(4));
    if (p.starts_with("manylinux_")) return "manylinux " + arch_after(p.substr(10));
    if (p.starts_with("manylinux")) {
        // manylinux1_x86_64, manylinux2010_i686, manylinux2014_aarch64
        const auto us = p.find('_');
        if (us != std::string_view::npos) return "manylinux " + std::string(p.substr(us + 1));
    }
    if (p.starts_with("musllinux_")) return "musllinux " + arch_after(p.substr(10));
    if (p.starts_with("macosx_")) return "macOS " + arch_after(p.substr(7));
    if (p.starts_with("linux_")) return "linux " + std::string(p.substr(6));
    if (p.starts_with("android_")) return "Android " + arch_after(p.substr(8));
    if (p.starts_with("ios_")) return "iOS " + arch_after(p.substr(4));
    return std::string(p);
}

std::vector<WheelCoverageChange> compare_wheel_coverage(const std::vector<std::string>& old_wheels,
                                                        const std::vector<std::string>& new_wheels) {
    const auto a = coverage(old_wheels);
    const auto b = coverage(new_wheels);
    std::set<std::string> keys;
    for (const auto& [k, _] : a) keys.insert(k);
    for (const auto& [k, _] : b) keys.insert(k);
    std::vector<std::string> ordered(keys.begin(), keys.end());
    std::stable_sort(ordered.begin(), ordered.end(), tag_less);
    std::vector<WheelCoverageChange> out;
    static const std::set<std::string> none;
    for (const auto& k : ordered) {
        const auto ia = a.find(k);
        const auto ib = b.find(k);
        const auto& pa = ia == a.end() ? none : ia->second;
        const auto& pb = ib == b.end() ? none : ib->second;
        WheelCoverageChange c;
        c.python = k;
        c.kind = ia == a.end() ? WheelCoverageChange::Kind::Added
                 : ib == b.end() ? WheelCoverageChange::Kind::Removed
                                 : WheelCoverageChange::Kind::Changed;
        std::set_difference(pb.begin(), pb.end(), pa.begin(), pa.end(), std::back_inserter(c.platforms_added));
        std::set_difference(pa.begin(), pa.end(), pb.begin(), pb.end(), std::back_inserter(c.platforms_removed));
        if (c.platforms_added.empty() && c.platforms_removed.empty()) continue;
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<std::string> git_compare_url(const lockfile::Source& old_source, const lockfile::Source& new_source) {
    if (old_source.kind != lockfile::SourceKind::Git || new_source.kind != lockfile::SourceKind::Git) return std::nullopt;
    struct Parsed {
        std::string repo;    // https://host/owner/name
        std::string commit;
        std::string host;
    };
    auto parse = [](const std::string& location) -> std::optional<Parsed> {
        const auto hash = location.rfind('#');
        if (hash == std::string::npos) return std::nullopt;
        Parsed p;
        p.commit = location.substr(hash + 1);
        std::string url = location.substr(0, hash);
        if (const auto q = url.find('?'); q != std::string::npos) url.resize(q);
        if (url.starts_with("git+")) url = url.substr(4);
        if (url.starts_with("ssh://git@")) url = "https://" + url.substr(10);
        else if (url.starts_with("http://")) url = "https://" + url.substr(7);
        if (!url.starts_with("https://")) return std::nullopt;
        while (url.ends_with("/")) url.pop_back();
        if (url.ends_with(".git")) url.resize(url.size() - 4);
        const auto host_end = url.find('/', 8);
        if (host_end == std::string::npos) return std::nullopt;
        p.host = url.substr(8, host_end - 8);
        if (const auto at = p.host.find('@'); at != std::string::npos) {
            p.host = p.host.substr(at + 1);
            url = "https://" + p.host + url.substr(host_end);
        }
        p.repo = url;
        if (p.commit.empty() || p.commit.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return std::nullopt;
        return p;
    };
    const auto a = parse(old_source.location);
    const auto b = parse(new_source.location);
    if (!a || !b || a->repo != b->repo || a->commit == b->commit) return std::nullopt;
    if (a->host == "github.com") {
        // Exactly owner/name.
        const auto path = a->repo.substr(8 + a->host.size() + 1);
        if (std::count(path.begin(), path.end(), '/') != 1) return std::nullopt;
        return a->repo + "/compare/" + a->commit + "..." + b->commit;
    }
    if (a->host == "gitlab.com" || a->host.starts_with("gitlab.")) return a->repo + "/-/compare/" + a->commit + "..." + b->commit;
    return std::nullopt;
}

} // namespace lockkit::diff
