// Pairing the package entries of two locks and collecting findings (see lock_diff.hpp).

#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/util/strings.hpp"

#include "lockkit/diff/dependency_graph.hpp"
#include "lockkit/diff/version_bump.hpp"
#include "lockkit/lockfile/exclude_newer_package.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace lockkit::diff {

using lockfile::Artifact;
using lockfile::Lock;
using lockfile::Package;
using lockfile::Source;

namespace {

std::string strip_slash(std::string s) {
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

Source normalized(Source s) {
    s.location = strip_slash(std::move(s.location));
    return s;
}

bool same_source(const Source& a, const Source& b) { return normalized(a) == normalized(b); }

/// The package with every meaningless difference removed: upload times, slash spellings.
Package without_cosmetics(Package p) {
    auto clean = [](std::optional<Artifact>& a) {
        if (a) a->upload_time.reset();
    };
    clean(p.sdist);
    for (auto& w : p.wheels) w.upload_time.reset();
    p.id.source = normalized(p.id.source);
    auto fix = [](std::vector<lockfile::Dependency>& deps) {
        for (auto& d : deps) d.target.source = normalized(d.target.source);
    };
    fix(p.dependencies);
    for (auto& [_, deps] : p.optional_dependencies) fix(deps);
    for (auto& [_, deps] : p.dev_dependencies) fix(deps);
    return p;
}

/// Whether two entries differ only in meaningless ways: upload times, slash spellings, and
/// `[package.metadata]` recorded on one side only (uv 0.3 started to record it).
bool only_cosmetic(const Package& a, const Package& b) {
    Package x = without_cosmetics(a);
    Package y = without_cosmetics(b);
    if (!x.metadata.present || !y.metadata.present) x.metadata = y.metadata = {};
    return x == y;
}

int compare_optional_versions(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a || !b) return a ? 1 : b ? -1 : 0;
    return compare_versions(*a, *b);
}

std::set<std::string> edge_set(const Package& p) {
    std::set<std::string> out;
    for (const auto& d : p.dependencies) out.insert(edge_key(d));
    for (const auto& [extra, deps] : p.optional_dependencies)
        for (const auto& d : deps) out.insert(edge_key(d, "extra", extra));
    for (const auto& [group, deps] : p.dev_dependencies)
        for (const auto& d : deps) out.insert(edge_key(d, "group", group));
    return out;
}

std::set<std::string> requirement_set(const lockfile::PackageMetadata& m) {
    std::set<std::string> out;
    if (m.requires_dist)
        for (const auto& r : *m.requires_dist) out.insert(requirement_key(r));
    if (m.requires_dev)
        for (const auto& [group, reqs] : *m.requires_dev)
            for (const auto& r : reqs) out.insert(requirement_key(r) + " (group: " + group + ")");
    return out;
}

void set_difference(const std::set<std::string>& a, const std::set<std::string>& b, std::vector<std::string>& out) {
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
}

void compare_artifacts(const Package& a, const Package& b, PackageChange& c) {
    std::map<std::string, const Artifact*> old_files;
    std::map<std::string, const Artifact*> new_files;
    if (a.sdist) old_files[a.sdist->filename()] = &*a.sdist;
    if (b.sdist) new_files[b.sdist->filename()] = &*b.sdist;
    for (const auto& w : a.wheels) old_files[w.filename()] = &w;
    for (const auto& w : b.wheels) new_files[w.filename()] = &w;
    using Kind = ArtifactChange::Kind;
    for (const auto& [name, x] : old_files) {
        auto it = new_files.find(name);
        if (it == new_files.end()) {
            if (!(a.sdist && &*a.sdist == x)) c.wheels_removed.push_back(name);
            continue;
        }
        const Artifact* y = it->second;
        if (x->hash && y->hash && *x->hash != *y->hash) c.artifact_changes.push_back({name, Kind::HashChanged, *x->hash, *y->hash});
        if (!x->hash && y->hash) c.artifact_changes.push_back({name, Kind::HashAdded, "", *y->hash});
        if (x->hash && !y->hash) c.artifact_changes.push_back({name, Kind::HashRemoved, *x->hash, ""});
        if (x->location != y->location) c.artifact_changes.push_back({name, Kind::UrlChanged, x->location, y->location});
        if (x->size && y->size && *x->size != *y->size)
            c.artifact_changes.push_back({name, Kind::SizeChanged, std::to_string(*x->size), std::to_string(*y->size)});
    }
    for (const auto& [name, y] : new_files) {
        if (!old_files.contains(name) && !(b.sdist && &*b.sdist == y)) c.wheels_added.push_back(name);
    }
}

/// Fills the findings of an old/new pair; returns false when nothing meaningful changed.
bool compare_pair(const Package& a, const Package& b, PackageChange& c) {
    c.name = b.id.name;
    c.old_version = a.id.version;
    c.new_version = b.id.version;
    c.old_source = a.id.source;
    c.new_source = b.id.source;
    const int cmp = compare_optional_versions(a.id.version, b.id.version);
    if (a.id.version && b.id.version && cmp != 0) {
        c.kind = cmp < 0 ? ChangeKind::Upgraded : ChangeKind::Downgraded;
        c.bump = classify_bump(*a.id.version, *b.id.version);
    } else {
        c.kind = ChangeKind::Unchanged;
    }
    c.source_changed = !same_source(a.id.source, b.id.source);
    if (a.id.version == b.id.version && !c.source_changed) {
        compare_artifacts(a, b, c);
    }
    c.became_sdist_only = !a.wheels.empty() && b.wheels.empty() && b.sdist.has_value();
    // Coverage compares like with like: a registry entry turning into a git or directory
    // source has no wheels by nature, which the source change already says.
    if (!c.became_sdist_only && a.id.source.kind == b.id.source.kind && (!a.wheels.empty() || !b.wheels.empty())) {
        std::vector<std::string> wa, wb;
        for (const auto& w : a.wheels) wa.push_back(w.filename());
        for (const auto& w : b.wheels) wb.push_back(w.filename());
        c.wheel_coverage = compare_wheel_coverage(wa, wb);
    }
    if (c.source_changed) c.compare_url = git_compare_url(a.id.source, b.id.source);
    if (a.resolution_markers != b.resolution_markers) {
        c.markers_changed = true;
        c.old_markers = a.resolution_markers;
        c.new_markers = b.resolution_markers;
    }
    const auto ea = edge_set(a);
    const auto eb = edge_set(b);
    set_difference(eb, ea, c.dependencies_added);
    set_difference(ea, eb, c.dependencies_removed);
    // A side with no [package.metadata] at all is an older uv that did not record it (uv 0.3
    // started to): not a change of requirements.
    if (a.metadata != b.metadata && a.metadata.present && b.metadata.present) {
        const auto ra = requirement_set(a.metadata);
        const auto rb = requirement_set(b.metadata);
        set_difference(rb, ra, c.requirements_added);
        set_difference(ra, rb, c.requirements_removed);
    }
    return c.kind != ChangeKind::Unchanged || a.id.version != b.id.version || c.has_findings();
}

/// Pairs the entries of one name (see the header comment for the order of passes).
void pair_entries(std::vector<const Package*>& olds, std::vector<const Package*>& news,
                  std::vector<std::pair<const Package*, const Package*>>& pairs) {
    auto take = [&](auto matches) {
        for (auto& o : olds) {
            if (!o) continue;
            for (auto& n : news) {
                if (n && matches(*o, *n)) {
                    pairs.emplace_back(o, n);
                    o = nullptr;
                    n = nullptr;
                    break;
                }
            }
        }
    };
    take([](const Package& a, const Package& b) { return a.id.version == b.id.version && same_source(a.id.source, b.id.source); });
    take([](const Package& a, const Package& b) {
        return same_source(a.id.source, b.id.source) && a.resolution_markers == b.resolution_markers;
    });
    auto by_version_desc = [](const Package* a, const Package* b) {
        return compare_optional_versions(a->id.version, b->id.version) > 0;
    };
    auto align = [&](auto same_group) {
        for (auto& o : olds) {
            if (!o) continue;
            std::vector<const Package**> og;
            std::vector<const Package**> ng;
            for (auto& x : olds)
                if (x && same_group(*o, *x)) og.push_back(&x);
            for (auto& y : news)
                if (y && same_group(*o, *y)) ng.push_back(&y);
            auto cmp = [&](const Package** x, const Package** y) { return by_version_desc(*x, *y); };
            std::stable_sort(og.begin(), og.end(), cmp);
            std::stable_sort(ng.begin(), ng.end(), cmp);
            for (std::size_t i = 0; i < og.size() && i < ng.size(); ++i) {
                pairs.emplace_back(*og[i], *ng[i]);
                *og[i] = nullptr;
                *ng[i] = nullptr;
            }
        }
    };
    align([](const Package& a, const Package& b) { return same_source(a.id.source, b.id.source); });
    align([](const Package&, const Package&) { return true; });
}

void add_field(std::vector<LockFieldChange>& out, std::string field, const std::string& a, const std::string& b) {
    if (a != b) out.push_back({std::move(field), a, b});
}

std::string join_optional(const std::optional<std::vector<std::string>>& v) { return v ? join(*v, "; ") : ""; }

/// `[options.exclude-newer-package]`, by name (uv writes it in hash-map order, which carries
/// no meaning): `false`, a timestamp, or `span (timestamp)`.
std::map<std::string, std::string> exclude_newer_package(const lockfile::Options& o) {
    std::map<std::string, std::string> out;
    for (const auto& [name, e] : lockfile::exclude_newer_package_by_name(o)) out[name] = lockfile::exclude_newer_package_text(e);
    return out;
}

} // namespace

LockDiff diff_locks(const Lock& old_lock, const Lock& new_lock) {
    LockDiff out;
    if (old_lock.revision != new_lock.revision) out.revision = {old_lock.revision, new_lock.revision};
    auto& f = out.lock_changes;
    add_field(f, "requires-python", old_lock.requires_python, new_lock.requires_python);
    add_field(f, "resolution-markers", join_optional(old_lock.resolution_markers), join_optional(new_lock.resolution_markers));
    add_field(f, "supported-markers", join_optional(old_lock.supported_markers), join_optional(new_lock.supported_markers));
    add_field(f, "required-markers", join_optional(old_lock.required_markers), join_optional(new_lock.required_markers));
    add_field(f, "options.resolution-mode", old_lock.options.resolution_mode.value_or(""), new_lock.options.resolution_mode.value_or(""));
    add_field(f, "options.prerelease-mode", old_lock.options.prerelease_mode.value_or(""), new_lock.options.prerelease_mode.value_or(""));
    add_field(f, "options.fork-strategy", old_lock.options.fork_strategy.value_or(""), new_lock.options.fork_strategy.value_or(""));
    add_field(f, "options.exclude-newer", old_lock.options.exclude_newer.value_or(""), new_lock.options.exclude_newer.value_or(""));
    {
        const auto was = exclude_newer_package(old_lock.options), now = exclude_newer_package(new_lock.options);
        std::set<std::string> names;
        for (const auto& [name, _] : was) names.insert(name);
        for (const auto& [name, _] : now) names.insert(name);
        for (const auto& name : names) {
            const auto a = was.find(name), b = now.find(name);
            add_field(f, "options.exclude-newer-package." + name, a == was.end() ? "" : a->second, b == now.end() ? "" : b->second);
        }
    }
    add_field(f, "manifest.members", join(old_lock.manifest.members, ", "), join(new_lock.manifest.members, ", "));

    std::map<std::string, std::pair<std::vector<const Package*>, std::vector<const Package*>>> by_name;
    for (const auto& p : old_lock.packages) by_name[p.id.name].first.push_back(&p);
    for (const auto& p : new_lock.packages) by_name[p.id.name].second.push_back(&p);

    const DependencyGraph old_graph(old_lock);
    const DependencyGraph new_graph(new_lock);
    auto locate = [](PackageChange& c, const DependencyGraph& g) {
        c.relation = g.relation_of(c.name);
        c.via = g.via(c.name);
        c.reached_from = g.reach_of(c.name);
    };

    for (auto& [name, sides] : by_name) {
        auto& [olds, news] = sides;
        std::vector<std::pair<const Package*, const Package*>> pairs;
        pair_entries(olds, news, pairs);
        for (const auto& [a, b] : pairs) {
            if (*a == *b) continue;
            PackageChange c;
            if (compare_pair(*a, *b, c)) {
                locate(c, new_graph);
                out.changes.push_back(std::move(c));
            } else if (only_cosmetic(*a, *b)) {
                ++out.cosmetic_packages;
            }
        }
        for (const Package* a : olds) {
            if (!a) continue;
            PackageChange c;
            c.name = a->id.name;
            c.kind = ChangeKind::Removed;
            c.old_version = a->id.version;
            c.old_source = a->id.source;
            locate(c, old_graph);
            out.changes.push_back(std::move(c));
        }
        for (const Package* b : news) {
            if (!b) continue;
            PackageChange c;
            c.name = b->id.name;
            c.kind = ChangeKind::Added;
            c.new_version = b->id.version;
            c.new_source = b->id.source;
            locate(c, new_graph);
            out.changes.push_back(std::move(c));
        }
    }
    std::stable_sort(out.changes.begin(), out.changes.end(), [](const PackageChange& x, const PackageChange& y) {
        if (x.name != y.name) return x.name < y.name;
        if (int c = compare_optional_versions(x.old_version, y.old_version); c != 0) return c < 0;
        return compare_optional_versions(x.new_version, y.new_version) < 0;
    });
    return out;
}

bool PackageChange::has_findings() const {
    return source_changed || !artifact_changes.empty() || !wheels_added.empty() || !wheels_removed.empty() ||
           !wheel_coverage.empty() ||
           became_sdist_only || markers_changed || !dependencies_added.empty() || !dependencies_removed.empty() ||
           !requirements_added.empty() || !requirements_removed.empty();
}

bool PackageChange::has_security_findings() const {
    return std::any_of(artifact_changes.begin(), artifact_changes.end(), [](const ArtifactChange& a) { return a.is_security(); });
}

std::size_t LockDiff::count(ChangeKind kind) const {
    return static_cast<std::size_t>(
        std::count_if(changes.begin(), changes.end(), [&](const PackageChange& c) { return c.kind == kind; }));
}

bool LockDiff::has_source_change() const {
    return std::any_of(changes.begin(), changes.end(), [](const PackageChange& c) { return c.source_changed; });
}

bool LockDiff::has_artifact_change() const {
    return std::any_of(changes.begin(), changes.end(), [](const PackageChange& c) { return c.has_security_findings(); });
}

std::string edge_key(const lockfile::Dependency& d, std::string_view list, std::string_view name) {
    std::string out = d.target.name;
    if (!d.extras.empty()) {
        out += '[';
        out += join(d.extras, ",");
        out += ']';
    }
    if (!d.marker.empty()) {
        out += " ; ";
        out += d.marker;
    }
    if (!list.empty()) {
        out += " (";
        out += list;
        out += ": ";
        out += name;
        out += ")";
    }
    return out;
}

std::string requirement_key(const lockfile::Requirement& r) {
    std::string out = r.name;
    if (r.extras && !r.extras->empty()) {
        out += '[';
        out += join(*r.extras, ",");
        out += ']';
    }
    if (r.specifier) out += *r.specifier;
    auto at = [&](const char* kind, const std::optional<std::string>& v) {
        if (v) out += std::string(" @ ") + kind + "+" + *v;
    };
    at("url", r.url);
    at("git", r.git);
    at("path", r.path);
    at("directory", r.directory);
    at("editable", r.editable);
    at("virtual", r.virtual_);
    if (r.index) out += " (index: " + *r.index + ")";
    if (!r.marker.empty()) out += " ; " + r.marker;
    return out;
}

const char* change_kind_name(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Added: return "added";
    case ChangeKind::Removed: return "removed";
    case ChangeKind::Upgraded: return "upgraded";
    case ChangeKind::Downgraded: return "downgraded";
    case ChangeKind::Unchanged: return "changed";
    }
    return "changed";
}

const char* bump_kind_name(BumpKind kind) {
    switch (kind) {
    case BumpKind::None: return "";
    case BumpKind::Major: return "major";
    case BumpKind::Minor: return "minor";
    case BumpKind::Patch: return "patch";
    case BumpKind::PreRelease: return "pre-release";
    case BumpKind::Post: return "post";
    case BumpKind::Local: return "local";
    case BumpKind::Other: return "other";
    }
    return "";
}

const char* relation_name(Relation relation) {
    switch (relation) {
    case Relation::Member: return "member";
    case Relation::Direct: return "direct";
    case Relation::Transitive: return "transitive";
    case Relation::Unreachable: return "unreachable";
    }
    return "";
}

const char* artifact_change_name(ArtifactChange::Kind kind) {
    switch (kind) {
    case ArtifactChange::Kind::HashChanged: return "hash-changed";
    case ArtifactChange::Kind::HashAdded: return "hash-added";
    case ArtifactChange::Kind::HashRemoved: return "hash-removed";
    case ArtifactChange::Kind::UrlChanged: return "url-changed";
    case ArtifactChange::Kind::SizeChanged: return "size-changed";
    }
    return "";
}

std::string describe_source(const Source& source) {
    std::string out = lockfile::source_kind_key(source.kind);
    out += "+";
    out += source.location;
    if (source.subdirectory) out += "#subdirectory=" + *source.subdirectory;
    return out;
}

} // namespace lockkit::diff
