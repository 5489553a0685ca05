// Set comparison of requirement tables after normalisation (see compare.hpp).

#include "lockkit/pyproject/compare.hpp"

#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep508/marker.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace lockkit::pyproject {

namespace {

std::string canonical_marker(const std::string& text) {
    if (text.empty()) {
        return "";
    }
    auto m = pep508::MarkerTree::parse(text);
    return m ? m->to_string() : text;
}

std::string canonical_specifier(const std::string& text) {
    auto s = pep440::VersionSpecifiers::parse(text);
    if (!s) {
        return text;
    }
    s->sort();
    return s->to_string(",");
}

std::string canonical_path(std::string p) {
    while (p.starts_with("./")) {
        p.erase(0, 2);
    }
    while (p.size() > 1 && p.back() == '/') {
        p.pop_back();
    }
    return p.empty() ? "." : p;
}

std::string sorted_list(const std::optional<std::vector<std::string>>& v) {
    if (!v) {
        return "";
    }
    std::set<std::string> s(v->begin(), v->end());
    std::string out;
    for (const auto& x : s) {
        out += x + ",";
    }
    return out;
}

std::set<std::string> key_set(const std::vector<lockfile::Requirement>& v) {
    std::set<std::string> out;
    for (const auto& r : v) {
        out.insert(normalized_key(r));
    }
    return out;
}

const std::vector<lockfile::Requirement>& or_empty(const std::optional<std::vector<lockfile::Requirement>>& v) {
    static const std::vector<lockfile::Requirement> empty;
    return v ? *v : empty;
}

} // namespace

std::string normalized_key(const lockfile::Requirement& r) {
    std::string k = r.name;
    k += "|x=" + sorted_list(r.extras);
    k += "|g=" + sorted_list(r.groups);
    k += "|m=" + canonical_marker(r.marker);
    if (r.specifier) {
        k += "|s=" + canonical_specifier(*r.specifier);
    }
    if (r.index) {
        std::string idx = *r.index;
        while (!idx.empty() && idx.back() == '/') {
            idx.pop_back();
        }
        k += "|i=" + idx;
    }
    if (r.url) {
        k += "|u=" + *r.url;
    }
    if (r.subdirectory) {
        k += "|sd=" + canonical_path(*r.subdirectory);
    }
    if (r.git) {
        k += "|git=" + *r.git;
    }
    if (r.path) {
        k += "|p=" + canonical_path(*r.path);
    }
    if (r.directory) {
        k += "|d=" + canonical_path(*r.directory);
    }
    if (r.editable) {
        k += "|e=" + canonical_path(*r.editable);
    }
    if (r.virtual_) {
        k += "|v=" + canonical_path(*r.virtual_);
    }
    return k;
}

std::string describe_requirement(const lockfile::Requirement& r) {
    std::string out = r.name;
    if (r.extras && !r.extras->empty()) {
        out += '[';
        for (std::size_t i = 0; i < r.extras->size(); ++i) {
            out += (i ? "," : "") + (*r.extras)[i];
        }
        out += ']';
    }
    if (r.specifier) {
        out += *r.specifier;
    }
    if (r.index) {
        out += " (index " + *r.index + ")";
    }
    if (r.url) {
        out += " @ " + *r.url;
    }
    if (r.git) {
        out += " @ git+" + *r.git;
    }
    if (r.path) {
        out += " @ path " + *r.path;
    }
    if (r.directory) {
        out += " @ directory " + *r.directory;
    }
    if (r.editable) {
        out += " @ editable " + *r.editable;
    }
    if (r.virtual_) {
        out += " @ virtual " + *r.virtual_;
    }
    if (!r.marker.empty()) {
        out += " ; " + r.marker;
    }
    return out;
}

bool same_requirements(const std::vector<lockfile::Requirement>& a, const std::vector<lockfile::Requirement>& b) {
    return key_set(a) == key_set(b);
}

std::optional<std::string> requirement_difference(const std::vector<lockfile::Requirement>& declared,
                                                  const std::vector<lockfile::Requirement>& locked) {
    const auto dk = key_set(declared);
    const auto lk = key_set(locked);
    if (dk == lk) {
        return std::nullopt;
    }
    for (const auto& d : declared) {
        if (lk.contains(normalized_key(d))) {
            continue;
        }
        for (const auto& l : locked) {
            if (l.name == d.name && !dk.contains(normalized_key(l))) {
                return "pyproject.toml requires `" + describe_requirement(d) + "`, uv.lock records `" +
                       describe_requirement(l) + "`";
            }
        }
        return "pyproject.toml requires `" + describe_requirement(d) + "`, uv.lock does not record it";
    }
    for (const auto& l : locked) {
        if (!dk.contains(normalized_key(l))) {
            return "uv.lock records `" + describe_requirement(l) + "`, which pyproject.toml does not require";
        }
    }
    return std::nullopt;
}

std::optional<std::string> metadata_difference(const lockfile::PackageMetadata& declared,
                                               const lockfile::PackageMetadata& locked) {
    if (auto d = requirement_difference(or_empty(declared.requires_dist), or_empty(locked.requires_dist))) {
        return "requires-dist: " + *d;
    }
    const std::vector<std::string> none;
    const auto& de = declared.provides_extras ? *declared.provides_extras : none;
    const auto& le = locked.provides_extras ? *locked.provides_extras : none;
    if (std::set<std::string>(de.begin(), de.end()) != std::set<std::string>(le.begin(), le.end())) {
        std::string a, b;
        for (const auto& x : de) {
            a += (a.empty() ? "" : ", ") + x;
        }
        for (const auto& x : le) {
            b += (b.empty() ? "" : ", ") + x;
        }
        return "provides-extras: pyproject.toml declares [" + a + "], uv.lock records [" + b + "]";
    }
    std::map<std::string, std::vector<lockfile::Requirement>> dg, lg;
    if (declared.requires_dev) {
        for (const auto& [n, v] : *declared.requires_dev) {
            dg[n] = v;
        }
    }
    if (locked.requires_dev) {
        for (const auto& [n, v] : *locked.requires_dev) {
            lg[n] = v;
        }
    }
    for (const auto& [n, v] : dg) {
        auto it = lg.find(n);
        if (it == lg.end()) {
            return "requires-dev: pyproject.toml declares group `" + n + "`, uv.lock does not record it";
        }
        if (auto d = requirement_difference(v, it->second)) {
            return "requires-dev." + n + ": " + *d;
        }
    }
    for (const auto& [n, v] : lg) {
        if (!dg.contains(n)) {
            return "requires-dev: uv.lock records group `" + n + "`, which pyproject.toml does not declare";
        }
    }
    return std::nullopt;
}

} // namespace lockkit::pyproject
