// Wheel platform coverage and git compare links (see lock_diff.hpp).

#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/tags/platform_tag.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace lockkit::diff {

namespace {

/// Python tag key of a wheel: "cp314", "cp314t" (free-threaded ABI), "cp39-abi3", "py3"; "" if unparseable.
std::pair<std::string, std::vector<std::string>> parse_wheel(std::string_view filename) {
    const auto fields = tags::split_wheel_filename(filename);
    if (!fields) return {};
    const std::string_view py = fields->python;
    const std::string_view abi = fields->abi;
    std::string key(py);
    if (abi == "abi3") key += "-abi3";
    else if (abi.starts_with("cp") && abi.ends_with("t")) key = abi;
    std::vector<std::string> platforms;
    std::string_view plat = fields->platform;
    for (;;) {
        const auto dot = plat.find('.');
        auto label = platform_label(plat.substr(0, dot));
        if (std::find(platforms.begin(), platforms.end(), label) == platforms.end()) platforms.push_back(std::move(label));
        if (dot == std::string_view::npos) break;
        plat.remove_prefix(dot + 1);
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
    using K = tags::PlatformTag::Kind;
    const auto tag = tags::PlatformTag::parse(p);
    if (!tag) return std::string(p);
    switch (tag->kind) {
    case K::Any:
        return "any";
    case K::Win32:
        return "Windows x86";
    case K::WinAmd64:
        return "Windows amd64";
    case K::WinArm64:
        return "Windows arm64";
    case K::WinIa64:
        return "Windows ia64";
    case K::Manylinux:
    case K::Manylinux1:
    case K::Manylinux2010:
    case K::Manylinux2014:
        return "manylinux " + std::string(tags::arch_name(tag->arch));
    case K::Musllinux:
        return "musllinux " + std::string(tags::arch_name(tag->arch));
    case K::Linux:
        return "linux " + std::string(tags::arch_name(tag->arch));
    case K::Macos:
        return "macOS " + std::string(tags::macos_format_name(tag->macos_format()));
    case K::Android: {
        // The ABI is what follows the API level: android_21_arm64_v8a -> arm64_v8a.
        const auto rest = p.substr(8);
        return "Android " + std::string(rest.substr(rest.find('_') + 1));
    }
    case K::Ios: {
        const auto text = tag->to_string();
        std::size_t skip = 4;
        for (int i = 0; i < 2; ++i) skip = text.find('_', skip) + 1;
        return "iOS " + text.substr(skip);
    }
    default:
        return std::string(p);
    }
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
