#include "model_builder.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace lockkit::lockfile::detail {
namespace {

const char* kind_name(const Node& n) {
    switch (n.kind) {
    case NodeKind::String: return "a string";
    case NodeKind::Integer: return "an integer";
    case NodeKind::Boolean: return "a boolean";
    case NodeKind::Array: return "an array";
    case NodeKind::Table: return "a table";
    default: return "a float or date";
    }
}

[[noreturn]] void fail(std::uint32_t offset, std::string message, std::vector<std::string> hints = {},
                       ProblemKind kind = ProblemKind::InvalidField) {
    throw ModelError{offset, std::move(message), std::move(hints), kind};
}

const Node& expect(const Node& n, NodeKind kind, std::string_view what) {
    if (n.kind != kind) {
        const char* want = kind == NodeKind::String ? "a string"
                           : kind == NodeKind::Integer ? "an integer"
                           : kind == NodeKind::Array ? "an array"
                           : kind == NodeKind::Table ? "a table"
                                                     : "a boolean";
        fail(n.offset, "`" + std::string(what) + "` must be " + want + ", found " + kind_name(n));
    }
    return n;
}

std::string string_of(const Node& n, std::string_view what) {
    return std::string(expect(n, NodeKind::String, what).text);
}

std::optional<std::string> opt_string(const Node& table, std::string_view key) {
    const Node* n = table.get(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    return string_of(*n, key);
}

std::string required_string(const Node& table, std::string_view key, std::string_view in) {
    const Node* n = table.get(key);
    if (n == nullptr) {
        fail(table.offset, "missing required field `" + std::string(key) + "` in " + std::string(in));
    }
    return string_of(*n, key);
}

std::optional<std::uint64_t> opt_size(const Node& table, std::string_view key) {
    const Node* n = table.get(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    expect(*n, NodeKind::Integer, key);
    if (n->integer < 0) {
        fail(n->offset, "`" + std::string(key) + "` must not be negative");
    }
    return static_cast<std::uint64_t>(n->integer);
}

std::vector<std::string> string_list(const Node& n, std::string_view what) {
    expect(n, NodeKind::Array, what);
    std::vector<std::string> out;
    out.reserve(n.items.size());
    for (const Node& item : n.items) {
        out.push_back(string_of(item, what));
    }
    return out;
}

std::optional<std::vector<std::string>> opt_string_list(const Node& table, std::string_view key) {
    const Node* n = table.get(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    return string_list(*n, key);
}

const Node& table_of(const Node& n, std::string_view what) { return expect(n, NodeKind::Table, what); }

const Node* first_of(const Node& table, std::string_view a, std::string_view b) {
    const Node* n = table.get(a);
    return n != nullptr ? n : table.get(b);
}

Source parse_source(const Node& node, std::string_view package) {
    if (node.kind == NodeKind::String) {
        fail(node.offset,
             "package `" + std::string(package) + "` has a string `source`; this lock was written by uv older than 0.3, "
             "whose format current uv no longer reads",
             {"re-create it with a current uv (`uv lock`); lockkit reads the format uv 0.3 and later write"},
             ProblemKind::UnsupportedVersion);
    }
    table_of(node, "source");
    static constexpr std::pair<std::string_view, SourceKind> kinds[] = {
        {"registry", SourceKind::Registry}, {"git", SourceKind::Git},             {"url", SourceKind::Url},
        {"path", SourceKind::Path},         {"directory", SourceKind::Directory}, {"editable", SourceKind::Editable},
        {"virtual", SourceKind::Virtual},
    };
    for (const auto& [key, kind] : kinds) {
        if (const Node* v = node.get(key)) {
            Source s;
            s.kind = kind;
            s.location = string_of(*v, key);
            if (kind == SourceKind::Url) {
                s.subdirectory = opt_string(node, "subdirectory");
            }
            return s;
        }
    }
    fail(node.offset, "the `source` of package `" + std::string(package) +
                          "` names no known kind (registry, git, url, path, directory, editable, virtual)");
}

ConflictItem parse_conflict_item(const Node& node) {
    table_of(node, "conflict item");
    ConflictItem item;
    item.package = required_string(node, "package", "a conflict item");
    if (auto e = opt_string(node, "extra")) {
        item.kind = ConflictItem::Kind::Extra;
        item.name = *e;
    } else if (auto g = opt_string(node, "group")) {
        item.kind = ConflictItem::Kind::Group;
        item.name = *g;
    } else {
        item.kind = ConflictItem::Kind::Project;
    }
    return item;
}

Requirement parse_requirement(const Node& node) {
    table_of(node, "requirement");
    Requirement r;
    r.name = required_string(node, "name", "a requirement");
    r.extras = opt_string_list(node, "extras");
    r.groups = opt_string_list(node, "groups");
    r.marker = opt_string(node, "marker").value_or("");
    r.specifier = opt_string(node, "specifier");
    r.index = opt_string(node, "index");
    if (const Node* c = node.get("conflict")) {
        r.conflict = parse_conflict_item(*c);
    }
    r.url = opt_string(node, "url");
    r.subdirectory = opt_string(node, "subdirectory");
    r.git = opt_string(node, "git");
    r.path = opt_string(node, "path");
    r.directory = opt_string(node, "directory");
    r.editable = opt_string(node, "editable");
    r.virtual_ = opt_string(node, "virtual");
    return r;
}

std::vector<Requirement> requirement_list(const Node& n, std::string_view what) {
    expect(n, NodeKind::Array, what);
    std::vector<Requirement> out;
    out.reserve(n.items.size());
    for (const Node& item : n.items) {
        out.push_back(parse_requirement(item));
    }
    return out;
}

NamedLists<Requirement> requirement_groups(const Node& n, std::string_view what) {
    table_of(n, what);
    NamedLists<Requirement> out;
    for (const auto& [k, v] : n.entries) {
        out.emplace_back(std::string(k), requirement_list(v, k));
    }
    return out;
}

Artifact parse_artifact(const Node& node, std::string_view what) {
    table_of(node, what);
    Artifact a;
    if (auto u = opt_string(node, "url")) {
        a.location_kind = ArtifactLocation::Url;
        a.location = std::move(*u);
    } else if (auto p = opt_string(node, "path")) {
        a.location_kind = ArtifactLocation::Path;
        a.location = std::move(*p);
    } else if (auto f = opt_string(node, "filename")) {
        a.location_kind = ArtifactLocation::Filename;
        a.location = std::move(*f);
    }
    a.hash = opt_string(node, "hash");
    a.size = opt_size(node, "size");
    a.upload_time = opt_string(node, "upload-time");
    if (!a.upload_time) {
        a.upload_time = opt_string(node, "upload_time");  // uv 0.6.15 - 0.6.17
    }
    if (const Node* z = node.get("zstd")) {
        table_of(*z, "zstd");
        ZstdInfo info;
        info.hash = opt_string(*z, "hash");
        info.size = opt_size(*z, "size");
        a.zstd = std::move(info);
    }
    return a;
}

/// An edge as written: the target may still lack its version or source.
struct RawEdge {
    Dependency dep;
    bool has_version = false;
    bool has_source = false;
    std::uint32_t offset = 0;
};

RawEdge parse_edge(const Node& node) {
    table_of(node, "dependency");
    RawEdge e;
    e.offset = node.offset;
    e.dep.target.name = required_string(node, "name", "a dependency");
    if (auto v = opt_string(node, "version")) {
        e.dep.target.version = std::move(v);
        e.has_version = true;
    }
    if (const Node* s = node.get("source")) {
        e.dep.target.source = parse_source(*s, e.dep.target.name);
        e.has_source = true;
    }
    if (const Node* x = node.get("extra")) {
        e.dep.extras = string_list(*x, "extra");
    }
    e.dep.marker = opt_string(node, "marker").value_or("");
    return e;
}

std::vector<RawEdge> edge_list(const Node& n, std::string_view what) {
    expect(n, NodeKind::Array, what);
    std::vector<RawEdge> out;
    out.reserve(n.items.size());
    for (const Node& item : n.items) {
        out.push_back(parse_edge(item));
    }
    return out;
}

struct RawPackage {
    Package pkg;
    std::vector<RawEdge> deps;
    std::vector<std::pair<std::string, std::vector<RawEdge>>> optional;
    std::vector<std::pair<std::string, std::vector<RawEdge>>> dev;
};

RawPackage parse_package(const Node& node) {
    table_of(node, "package");
    RawPackage raw;
    Package& p = raw.pkg;
    p.id.name = required_string(node, "name", "[[package]]");
    p.id.version = opt_string(node, "version");
    const Node* source = node.get("source");
    if (source == nullptr) {
        fail(node.offset, "missing required field `source` in [[package]] `" + p.id.name + "`");
    }
    p.id.source = parse_source(*source, p.id.name);
    if (!p.id.version && !p.id.source.is_source_tree()) {
        fail(node.offset, "package `" + p.id.name + "` has no `version`; only source trees with a dynamic version may "
                          "omit it");
    }
    if (auto m = opt_string_list(node, "resolution-markers")) {
        p.resolution_markers = std::move(*m);
    }
    if (const Node* d = node.get("dependencies")) {
        raw.deps = edge_list(*d, "dependencies");
    }
    if (const Node* s = node.get("sdist")) {
        p.sdist = parse_artifact(*s, "sdist");
    }
    if (const Node* w = first_of(node, "wheels", "wheel")) {
        expect(*w, NodeKind::Array, "wheels");
        for (const Node& item : w->items) {
            p.wheels.push_back(parse_artifact(item, "wheel"));
        }
    }
    if (const Node* v = node.get("variants-json")) {
        p.variants_json = parse_artifact(*v, "variants-json");
    }
    if (const Node* o = node.get("optional-dependencies")) {
        table_of(*o, "optional-dependencies");
        for (const auto& [k, v] : o->entries) {
            raw.optional.emplace_back(std::string(k), edge_list(v, k));
        }
    }
    if (const Node* o = first_of(node, "dev-dependencies", "dependency-groups")) {
        table_of(*o, "dev-dependencies");
        for (const auto& [k, v] : o->entries) {
            raw.dev.emplace_back(std::string(k), edge_list(v, k));
        }
    }
    if (const Node* m = node.get("metadata")) {
        table_of(*m, "metadata");
        p.metadata.present = true;
        if (const Node* rd = m->get("requires-dist")) {
            p.metadata.requires_dist = requirement_list(*rd, "requires-dist");
        }
        p.metadata.provides_extras = opt_string_list(*m, "provides-extras");
        if (const Node* rd = first_of(*m, "requires-dev", "dependency-groups")) {
            p.metadata.requires_dev = requirement_groups(*rd, "requires-dev");
        }
    }
    return raw;
}

Options parse_options(const Node& node) {
    table_of(node, "options");
    Options o;
    o.resolution_mode = opt_string(node, "resolution-mode");
    o.prerelease_mode = opt_string(node, "prerelease-mode");
    o.fork_strategy = opt_string(node, "fork-strategy");
    o.exclude_newer = opt_string(node, "exclude-newer");
    o.exclude_newer_span = opt_string(node, "exclude-newer-span");
    if (const Node* t = node.get("prerelease-package")) {
        table_of(*t, "prerelease-package");
        o.has_prerelease_package_table = true;
        for (const auto& [k, v] : t->entries) {
            o.prerelease_package.emplace_back(std::string(k), string_of(v, k));
        }
    }
    if (const Node* t = node.get("exclude-newer-package")) {
        table_of(*t, "exclude-newer-package");
        o.has_exclude_newer_package_table = true;
        for (const auto& [k, v] : t->entries) {
            ExcludeNewerPackage e;
            e.name = std::string(k);
            if (v.kind == NodeKind::Boolean) {
                if (v.boolean) {
                    fail(v.offset, "`exclude-newer-package` entries may be `false` but not `true`");
                }
                e.kind = ExcludeNewerPackage::Kind::Disabled;
            } else if (v.kind == NodeKind::Table) {
                e.kind = ExcludeNewerPackage::Kind::Relative;
                e.timestamp = opt_string(v, "timestamp").value_or("");
                e.span = required_string(v, "span", "a relative exclude-newer-package entry");
            } else {
                e.kind = ExcludeNewerPackage::Kind::Timestamp;
                e.timestamp = string_of(v, k);
            }
            o.exclude_newer_package.push_back(std::move(e));
        }
    }
    return o;
}

ManifestEntry parse_manifest_entry(const Node& node, bool is_exclude) {
    ManifestEntry e;
    if (node.kind == NodeKind::String) {
        if (!is_exclude) {
            fail(node.offset, "an override must be a requirement table");
        }
        e.name = std::string(node.text);
        return e;
    }
    table_of(node, is_exclude ? "excludes" : "overrides");
    if (const Node* pkg = node.get("package")) {
        table_of(*pkg, "package");
        ScopedRequirements s;
        s.package = required_string(*pkg, "name", "a scoped entry's `package`");
        s.version = opt_string(*pkg, "version");
        if (const Node* deps = node.get("dependencies")) {
            expect(*deps, NodeKind::Array, "dependencies");
            for (const Node& d : deps->items) {
                if (is_exclude) {
                    s.names.push_back(string_of(d, "dependencies"));
                } else {
                    s.dependencies.push_back(parse_requirement(d));
                }
            }
        }
        e.scoped = std::move(s);
        return e;
    }
    if (is_exclude) {
        fail(node.offset, "an exclude must be a name or a scoped `{ package = ..., dependencies = [...] }` table");
    }
    e.requirement = parse_requirement(node);
    return e;
}

Manifest parse_manifest(const Node& node) {
    table_of(node, "manifest");
    Manifest m;
    m.present = true;
    if (auto members = opt_string_list(node, "members")) {
        m.members = std::move(*members);
    }
    if (const Node* n = node.get("requirements")) {
        m.requirements = requirement_list(*n, "requirements");
    }
    if (const Node* n = node.get("constraints")) {
        m.constraints = requirement_list(*n, "constraints");
    }
    if (const Node* n = node.get("overrides")) {
        expect(*n, NodeKind::Array, "overrides");
        for (const Node& item : n->items) {
            m.overrides.push_back(parse_manifest_entry(item, false));
        }
    }
    if (const Node* n = node.get("excludes")) {
        expect(*n, NodeKind::Array, "excludes");
        for (const Node& item : n->items) {
            m.excludes.push_back(parse_manifest_entry(item, true));
        }
    }
    if (const Node* n = node.get("build-constraints")) {
        m.build_constraints = requirement_list(*n, "build-constraints");
    }
    if (const Node* n = node.get("dependency-groups")) {
        m.has_dependency_groups_table = true;
        m.dependency_groups = requirement_groups(*n, "dependency-groups");
    }
    if (const Node* n = node.get("dependency-metadata")) {
        expect(*n, NodeKind::Array, "dependency-metadata");
        for (const Node& item : n->items) {
            table_of(item, "dependency-metadata");
            DependencyMetadata d;
            d.name = required_string(item, "name", "[[manifest.dependency-metadata]]");
            d.version = opt_string(item, "version");
            d.requires_dist = opt_string_list(item, "requires-dist");
            d.requires_python = opt_string(item, "requires-python");
            d.provides_extras = opt_string_list(item, "provides-extras");
            m.dependency_metadata.push_back(std::move(d));
        }
    }
    return m;
}

/// Fills in each edge's target from the package list and rejects dangling or
/// ambiguous edges, as uv does when it reads a lock.
class EdgeResolver {
public:
    explicit EdgeResolver(const std::vector<Package>& packages) : m_packages(packages) {
        for (std::size_t i = 0; i < packages.size(); ++i) {
            m_by_name[packages[i].id.name].push_back(i);
        }
    }

    Dependency resolve(RawEdge&& e, const Package& parent) const {
        const auto it = m_by_name.find(e.dep.target.name);
        if (it == m_by_name.end()) {
            fail(e.offset,
                 "dependency `" + e.dep.target.name + "` of package `" + parent.id.name +
                     "` points at no package in the lock",
                 {}, ProblemKind::DanglingDependency);
        }
        const std::vector<std::size_t>& candidates = it->second;
        const Package* match = nullptr;
        std::size_t matches = 0;
        for (std::size_t idx : candidates) {
            const PackageId& id = m_packages[idx].id;
            if (e.has_version && id.version != e.dep.target.version) {
                continue;
            }
            if (e.has_source && !(id.source == e.dep.target.source)) {
                continue;
            }
            match = &m_packages[idx];
            ++matches;
        }
        if (matches == 0) {
            fail(e.offset,
                 "dependency `" + e.dep.target.name + "` of package `" + parent.id.name +
                     "` names a version or source that no package in the lock has",
                 {}, ProblemKind::DanglingDependency);
        }
        if (matches > 1) {
            fail(e.offset, "dependency `" + e.dep.target.name + "` of package `" + parent.id.name +
                               "` is ambiguous: the lock has several packages of that name",
                 {"give the edge a `version` and `source`"}, ProblemKind::AmbiguousDependency);
        }
        e.dep.target = match->id;
        return std::move(e.dep);
    }

private:
    const std::vector<Package>& m_packages;
    std::unordered_map<std::string, std::vector<std::size_t>> m_by_name;
};

/// Below this many packages a second thread costs more than it saves.
constexpr std::size_t k_side_by_side_packages = 64;

/// Reads the `[[package]]` entries into `raw` with the second half on a thread of its own
/// (parse_package reads nothing but its node), when there are enough of them and a thread can
/// be had; false to leave the reading to the caller. Errors propagate as in one pass: the first
/// in file order (the first half's before the second's).
bool read_packages_side_by_side(const std::vector<Node>& items, std::vector<RawPackage>& raw,
                                std::vector<std::uint32_t>& offsets) {
    if (items.size() < k_side_by_side_packages || std::thread::hardware_concurrency() < 2) return false;
    for (const Node& item : items) {
        if (item.kind == NodeKind::Other && item.text == k_unreadable_entry) return false;
    }
    const std::size_t half = items.size() / 2;
    std::vector<RawPackage> tail;
    tail.reserve(items.size() - half);
    std::exception_ptr tail_error;
    std::thread worker;
    try {
        worker = std::thread([&] {
            try {
                for (std::size_t i = half; i < items.size(); ++i) {
                    tail.push_back(parse_package(items[i]));
                    tail.back().pkg.line = items[i].offset;  // converted to a line number by the reader
                }
            } catch (...) {
                tail_error = std::current_exception();
            }
        });
    } catch (const std::system_error&) {
        return false;
    }
    try {
        for (std::size_t i = 0; i < half; ++i) {
            raw.push_back(parse_package(items[i]));
            raw.back().pkg.line = items[i].offset;
        }
    } catch (...) {
        worker.join();
        throw;
    }
    worker.join();
    if (tail_error) std::rethrow_exception(tail_error);
    std::move(tail.begin(), tail.end(), std::back_inserter(raw));
    for (const Node& item : items) offsets.push_back(item.offset);
    return true;
}

/// Where model errors go: thrown at the first (the reader), or recorded so that
/// one run reports them all (find_lock_problems). The reader's path stays a plain
/// call: a try block costs nothing until something throws.
class ErrorSink {
public:
    explicit ErrorSink(ProblemCollector* collector) : m_collector(collector) {}

    /// Runs `step`. Without a collector its error propagates; with one it is
    /// recorded and false returned. An unsupported version or format always
    /// propagates: nothing after it can be judged.
    template <class Step>
    bool attempt(Step&& step) {
        if (m_collector == nullptr) {
            step();
            return true;
        }
        try {
            step();
            return true;
        } catch (ModelError& e) {
            if (e.kind == ProblemKind::UnsupportedVersion) {
                throw;
            }
            m_collector->errors.push_back(std::move(e));
            return false;
        }
    }

    /// Records an error that does not stop the build when collecting; else throws it.
    void report(ModelError e) {
        if (m_collector == nullptr) {
            throw e;
        }
        m_collector->errors.push_back(std::move(e));
    }

    /// Whether an edge to `name` can be judged: its package's text was readable.
    bool judgeable(const std::string& name) const {
        if (m_collector == nullptr) {
            return true;
        }
        const auto& skip = m_collector->unreadable_packages;
        return !m_collector->unreadable_unnamed && std::find(skip.begin(), skip.end(), name) == skip.end();
    }

    void unreadable_package(const Node& node) {
        if (m_collector == nullptr) {
            return;
        }
        const Node* name = node.kind == NodeKind::Table ? node.get("name") : nullptr;
        if (name != nullptr && name->kind == NodeKind::String) {
            m_collector->unreadable_packages.emplace_back(name->text);
        } else {
            m_collector->unreadable_unnamed = true;
        }
    }

    bool collecting() const { return m_collector != nullptr; }

private:
    ProblemCollector* m_collector;
};

Lock build_lock_with(const Document& doc, ErrorSink& sink) {
    const Node& root = doc.root;
    Lock lock;
    const Node* version = root.get("version");
    if (version == nullptr) {
        sink.report({0, "missing required field `version` at the top of the lock",
                     {"a uv.lock starts with `version = 1`; is this a uv lock file?"}});
    } else if (sink.attempt([&] { expect(*version, NodeKind::Integer, "version"); })) {
        if (version->integer != k_lock_version) {
            fail(version->offset,
                 "lockfile version " + std::to_string(version->integer) +
                     " is not supported; this build reads version " + std::to_string(k_lock_version),
                 {"this lock was written by a uv release newer than lockkit knows; upgrade lockkit"},
                 ProblemKind::UnsupportedVersion);
        }
        lock.version = version->integer;
    }
    if (const Node* rev = root.get("revision")) {
        sink.attempt([&] {
            expect(*rev, NodeKind::Integer, "revision");
            if (rev->integer < 0) {
                fail(rev->offset, "`revision` must not be negative");
            }
            lock.revision = rev->integer;
        });
    }
    sink.attempt([&] {
        lock.resolution_markers = opt_string_list(root, "resolution-markers");
        if (!lock.resolution_markers) {
            lock.resolution_markers = opt_string_list(root, "environment-markers");  // uv 0.3 spelling
        }
    });
    sink.attempt([&] { lock.supported_markers = opt_string_list(root, "supported-markers"); });
    sink.attempt([&] { lock.required_markers = opt_string_list(root, "required-markers"); });
    if (const Node* c = root.get("conflicts")) {
        sink.attempt([&] {
            expect(*c, NodeKind::Array, "conflicts");
            for (const Node& set : c->items) {
                expect(set, NodeKind::Array, "conflicts");
                std::vector<ConflictItem> items;
                for (const Node& item : set.items) {
                    items.push_back(parse_conflict_item(item));
                }
                lock.conflicts.push_back(std::move(items));
            }
        });
    }
    if (const Node* o = root.get("options")) {
        sink.attempt([&] { lock.options = parse_options(*o); });
    }
    if (const Node* m = root.get("manifest")) {
        sink.attempt([&] { lock.manifest = parse_manifest(*m); });
    }
    const Node* packages = first_of(root, "package", "distribution");
    std::vector<RawPackage> raw;
    std::vector<std::uint32_t> raw_offsets;  // of each kept entry's [[package]] header
    if (packages != nullptr && sink.attempt([&] { expect(*packages, NodeKind::Array, "package"); })) {
        raw.reserve(packages->items.size());
        raw_offsets.reserve(packages->items.size());
        // Without a collector, a large lock's packages are read on two threads.
        const bool read = !sink.collecting() && read_packages_side_by_side(packages->items, raw, raw_offsets);
        for (std::size_t i = 0; !read && i < packages->items.size(); ++i) {
            const Node& item = packages->items[i];
            if (item.kind == NodeKind::Other && item.text == k_unreadable_entry) {
                continue;  // a block with a syntax error, already reported
            }
            const bool parsed = sink.attempt([&] {
                raw.push_back(parse_package(item));
                raw.back().pkg.line = item.offset;  // converted to a line number by the reader
                raw_offsets.push_back(item.offset);
            });
            if (!parsed) {
                sink.unreadable_package(item);
            }
        }
    }
    // Checked after the packages so that a pre-0.3 lock gets the message about its era.
    sink.attempt([&] { lock.requires_python = required_string(root, "requires-python", "the top of the lock"); });
    lock.packages.reserve(raw.size());
    // Identities must be unique, as uv requires. A duplicate is left out of the
    // model when collecting, so that edges to it are not also called ambiguous.
    {
        std::unordered_map<std::string, std::vector<std::size_t>> seen;
        std::vector<bool> duplicate;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const PackageId& id = raw[i].pkg.id;
            auto& list = seen[id.name];
            if (std::any_of(list.begin(), list.end(), [&](std::size_t j) { return raw[j].pkg.id == id; })) {
                sink.report({raw_offsets[i],
                             "package `" + id.name + "` " + id.version.value_or("") + " appears twice with the same source",
                             {"a merge may have duplicated it; keep one entry"},
                             ProblemKind::DuplicatePackage});
                duplicate.resize(raw.size());
                duplicate[i] = true;
                continue;
            }
            list.push_back(i);
        }
        if (!duplicate.empty()) {
            std::size_t out = 0;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (!duplicate[i]) {
                    if (out != i) {  // a self-move would empty the entry's vectors
                        raw[out] = std::move(raw[i]);
                    }
                    ++out;
                }
            }
            raw.resize(out);
        }
    }
    for (RawPackage& r : raw) {
        lock.packages.push_back(std::move(r.pkg));
    }
    const EdgeResolver resolver(lock.packages);
    auto resolve_all = [&](std::vector<RawEdge>& edges, const Package& parent) {
        std::vector<Dependency> deps;
        deps.reserve(edges.size());
        for (RawEdge& e : edges) {
            if (!sink.judgeable(e.dep.target.name)) {
                continue;
            }
            sink.attempt([&] { deps.push_back(resolver.resolve(std::move(e), parent)); });
        }
        return deps;
    };
    for (std::size_t i = 0; i < raw.size(); ++i) {
        Package& p = lock.packages[i];
        p.dependencies = resolve_all(raw[i].deps, p);
        for (auto& [name, edges] : raw[i].optional) {
            p.optional_dependencies.emplace_back(name, resolve_all(edges, p));
        }
        for (auto& [name, edges] : raw[i].dev) {
            p.dev_dependencies.emplace_back(name, resolve_all(edges, p));
        }
    }
    return lock;
}

} // namespace

Lock build_lock(const Document& doc, ProblemCollector* collector) {
    ErrorSink sink(collector);
    if (collector == nullptr) {
        return build_lock_with(doc, sink);
    }
    try {
        return build_lock_with(doc, sink);
    } catch (ModelError& e) {  // an unsupported version or format: the rest cannot be judged
        collector->errors.push_back(std::move(e));
        return Lock{};
    }
}

} // namespace lockkit::lockfile::detail
