// Reading pyproject.toml with toml++ into the PyProject model (see pyproject.hpp).

#include "lockkit/pyproject/pyproject.hpp"

#include "lockkit/pep508/package_name.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace lockkit::pyproject {

bool Project::is_dynamic(std::string_view field) const {
    for (const auto& d : dynamic) {
        if (d == field) {
            return true;
        }
    }
    return false;
}

const PackageSources* PyProject::sources_for(std::string_view name) const {
    for (const auto& s : tool_uv.sources) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

namespace {

using Unexpected = std::unexpected<Diagnostic>;

/// Turns toml++ nodes into model values; every failure points at the node.
class Reader {
public:
    Reader(std::string_view text, std::string_view file) : m_text(text), m_file(file) {}

    Diagnostic error_at(const toml::node& node, std::string message) const {
        const auto& b = node.source().begin;
        return diagnostic_at_line(m_file, m_text, static_cast<std::uint32_t>(b.line),
                                  static_cast<std::uint32_t>(b.column), std::move(message));
    }

    std::expected<std::string, Diagnostic> string(const toml::node& node, std::string_view what) const {
        if (const auto* s = node.as_string()) {
            return s->get();
        }
        return Unexpected(error_at(node, "`" + std::string(what) + "` must be a string"));
    }

    std::expected<bool, Diagnostic> boolean(const toml::node& node, std::string_view what) const {
        if (const auto* b = node.as_boolean()) {
            return b->get();
        }
        return Unexpected(error_at(node, "`" + std::string(what) + "` must be a boolean"));
    }

    std::expected<std::vector<std::string>, Diagnostic> strings(const toml::node& node, std::string_view what) const {
        const auto* arr = node.as_array();
        if (arr == nullptr) {
            return Unexpected(error_at(node, "`" + std::string(what) + "` must be an array of strings"));
        }
        std::vector<std::string> out;
        for (const auto& item : *arr) {
            const auto* s = item.as_string();
            if (s == nullptr) {
                return Unexpected(error_at(item, "`" + std::string(what) + "` must be an array of strings"));
            }
            out.push_back(s->get());
        }
        return out;
    }

    std::expected<Dependency, Diagnostic> dependency(const toml::node& node, std::string_view what) const {
        const auto* s = node.as_string();
        if (s == nullptr) {
            return Unexpected(error_at(node, "`" + std::string(what) + "` must be an array of strings"));
        }
        auto parsed = pep508::Requirement::parse(s->get());
        const auto& b = node.source().begin;
        if (!parsed) {
            // Point into the string when it is a plain one-line basic string.
            std::uint32_t column = static_cast<std::uint32_t>(b.column);
            column += 1 + static_cast<std::uint32_t>(parsed.error().offset);
            return Unexpected(diagnostic_at_line(m_file, m_text, static_cast<std::uint32_t>(b.line), column,
                                                 "invalid requirement in `" + std::string(what) +
                                                     "`: " + parsed.error().message));
        }
        return Dependency{std::move(*parsed), s->get(), static_cast<std::uint32_t>(b.line),
                          static_cast<std::uint32_t>(b.column)};
    }

    std::expected<std::vector<Dependency>, Diagnostic> dependencies(const toml::node& node,
                                                                     std::string_view what) const {
        const auto* arr = node.as_array();
        if (arr == nullptr) {
            return Unexpected(error_at(node, "`" + std::string(what) + "` must be an array of strings"));
        }
        std::vector<Dependency> out;
        for (const auto& item : *arr) {
            auto d = dependency(item, what);
            if (!d) {
                return Unexpected(std::move(d.error()));
            }
            out.push_back(std::move(*d));
        }
        return out;
    }

    std::expected<std::string, Diagnostic> name(const toml::node& node, std::string_view raw,
                                                std::string_view what) const {
        auto n = pep508::validate_and_normalize_name(raw);
        if (!n) {
            return Unexpected(error_at(node, "`" + std::string(what) + "` has an invalid name: `" +
                                                 std::string(raw) + "`"));
        }
        return *n;
    }

    std::string_view file() const { return m_file; }

private:
    std::string_view m_text;
    std::string_view m_file;
};

#define LK_TRY(var, expr)                          \
    auto var##_r = (expr);                         \
    if (!var##_r) {                                \
        return Unexpected(std::move(var##_r.error())); \
    }                                              \
    auto var = std::move(*var##_r)

std::expected<Project, Diagnostic> read_project(const Reader& r, const toml::table& t, const toml::node& node) {
    Project p;
    const toml::node* name = t.get("name");
    if (name == nullptr) {
        return Unexpected(r.error_at(node, "`project.name` is missing"));
    }
    LK_TRY(raw_name, r.string(*name, "project.name"));
    LK_TRY(norm, r.name(*name, raw_name, "project.name"));
    p.name = norm;
    p.name_as_written = raw_name;
    if (const auto* v = t.get("version")) {
        LK_TRY(version, r.string(*v, "project.version"));
        p.version = version;
    }
    if (const auto* v = t.get("dynamic")) {
        LK_TRY(dynamic, r.strings(*v, "project.dynamic"));
        p.dynamic = dynamic;
    }
    if (const auto* v = t.get("requires-python")) {
        LK_TRY(rp, r.string(*v, "project.requires-python"));
        p.requires_python = rp;
    }
    if (const auto* v = t.get("dependencies")) {
        p.has_dependencies = true;
        LK_TRY(deps, r.dependencies(*v, "project.dependencies"));
        p.dependencies = std::move(deps);
    }
    if (const auto* v = t.get("optional-dependencies")) {
        const auto* ot = v->as_table();
        if (ot == nullptr) {
            return Unexpected(r.error_at(*v, "`project.optional-dependencies` must be a table"));
        }
        // toml++ tables are ordered by key; recover declaration order from positions.
        std::vector<std::pair<toml::source_position, std::pair<std::string, const toml::node*>>> order;
        for (const auto& [k, n] : *ot) {
            order.push_back({k.source().begin, {std::string(k.str()), &n}});
        }
        std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [pos, kv] : order) {
            const std::string what = "project.optional-dependencies." + kv.first;
            LK_TRY(extra, r.name(*kv.second, kv.first, what));
            LK_TRY(deps, r.dependencies(*kv.second, what));
            bool merged = false;
            for (auto& [e, list] : p.optional_dependencies) {
                if (e == extra) {
                    list.insert(list.end(), deps.begin(), deps.end());
                    merged = true;
                }
            }
            if (!merged) {
                p.optional_dependencies.emplace_back(extra, std::move(deps));
            }
        }
    }
    return p;
}

/// Keys of a table in declaration order.
std::vector<std::pair<std::string, const toml::node*>> ordered(const toml::table& t) {
    std::vector<std::pair<toml::source_position, std::pair<std::string, const toml::node*>>> order;
    for (const auto& [k, n] : t) {
        order.push_back({k.source().begin, {std::string(k.str()), &n}});
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<std::string, const toml::node*>> out;
    for (auto& [pos, kv] : order) {
        out.push_back(std::move(kv));
    }
    return out;
}

std::expected<std::vector<DependencyGroup>, Diagnostic> read_groups(const Reader& r, const toml::node& node) {
    const auto* t = node.as_table();
    if (t == nullptr) {
        return Unexpected(r.error_at(node, "`dependency-groups` must be a table"));
    }
    std::vector<DependencyGroup> out;
    for (const auto& [key, value] : ordered(*t)) {
        const std::string what = "dependency-groups." + key;
        LK_TRY(name, r.name(*value, key, what));
        for (const auto& g : out) {
            if (g.name == name) {
                return Unexpected(r.error_at(*value, "duplicate dependency group `" + name + "`"));
            }
        }
        DependencyGroup group;
        group.name = name;
        group.line = static_cast<std::uint32_t>(value->source().begin.line);
        group.column = static_cast<std::uint32_t>(value->source().begin.column);
        const auto* arr = value->as_array();
        if (arr == nullptr) {
            return Unexpected(r.error_at(*value, "`" + what + "` must be an array"));
        }
        for (const auto& item : *arr) {
            GroupItem gi;
            gi.line = static_cast<std::uint32_t>(item.source().begin.line);
            gi.column = static_cast<std::uint32_t>(item.source().begin.column);
            if (item.is_string()) {
                LK_TRY(dep, r.dependency(item, what));
                gi.requirement = std::move(dep);
            } else if (const auto* it = item.as_table()) {
                const auto* inc = it->get("include-group");
                if (inc == nullptr || it->size() != 1) {
                    return Unexpected(r.error_at(item, "items of `" + what +
                                                           "` must be strings or `{include-group = \"...\"}`"));
                }
                LK_TRY(inc_name, r.string(*inc, what + ".include-group"));
                LK_TRY(inc_norm, r.name(*inc, inc_name, what + ".include-group"));
                gi.include_group = inc_norm;
            } else {
                return Unexpected(
                    r.error_at(item, "items of `" + what + "` must be strings or `{include-group = \"...\"}`"));
            }
            group.items.push_back(std::move(gi));
        }
        out.push_back(std::move(group));
    }
    return out;
}

std::expected<Source, Diagnostic> read_source(const Reader& r, const toml::node& node, const std::string& what) {
    const auto* t = node.as_table();
    if (t == nullptr) {
        return Unexpected(r.error_at(node, "`" + what + "` must be a table or an array of tables"));
    }
    Source s;
    int kinds = 0;
    for (const auto& [k, v] : *t) {
        const std::string key(k.str());
        const std::string path = what + "." + key;
        if (key == "workspace") {
            LK_TRY(b, r.boolean(v, path));
            if (!b) {
                return Unexpected(r.error_at(v, "`workspace = false` is not supported"));
            }
            s.kind = Source::Kind::Workspace;
            ++kinds;
        } else if (key == "path" || key == "git" || key == "url" || key == "index") {
            LK_TRY(str, r.string(v, path));
            s.location = str;
            s.kind = key == "path"  ? Source::Kind::Path
                     : key == "git" ? Source::Kind::Git
                     : key == "url" ? Source::Kind::Url
                                    : Source::Kind::Registry;
            ++kinds;
        } else if (key == "editable" || key == "package" || key == "lfs") {
            LK_TRY(b, r.boolean(v, path));
            (key == "editable" ? s.editable : key == "package" ? s.package : s.lfs) = b;
        } else if (key == "rev" || key == "tag" || key == "branch" || key == "subdirectory") {
            LK_TRY(str, r.string(v, path));
            (key == "rev" ? s.rev : key == "tag" ? s.tag : key == "branch" ? s.branch : s.subdirectory) = str;
        } else if (key == "marker") {
            LK_TRY(str, r.string(v, path));
            auto m = pep508::MarkerTree::parse(str);
            if (!m) {
                return Unexpected(r.error_at(v, "invalid marker in `" + path + "`: " + m.error().message));
            }
            s.marker = *m;
        } else if (key == "extra" || key == "group") {
            LK_TRY(str, r.string(v, path));
            LK_TRY(norm, r.name(v, str, path));
            (key == "extra" ? s.extra : s.group) = norm;
        } else {
            return Unexpected(r.error_at(v, "unknown key `" + key + "` in `" + what + "`"));
        }
    }
    if (kinds != 1) {
        return Unexpected(r.error_at(node, "`" + what +
                                               "` must have exactly one of `workspace`, `path`, `git`, `url`, `index`"));
    }
    if (s.kind == Source::Kind::Git && int(s.rev.has_value()) + int(s.tag.has_value()) + int(s.branch.has_value()) > 1) {
        return Unexpected(r.error_at(node, "`" + what + "`: can only specify one of `rev`, `tag`, or `branch`"));
    }
    return s;
}

std::expected<ToolUv, Diagnostic> read_tool_uv(const Reader& r, const toml::node& node) {
    ToolUv uv;
    const auto* t = node.as_table();
    if (t == nullptr) {
        return Unexpected(r.error_at(node, "`tool.uv` must be a table"));
    }
    if (const auto* v = t->get("package")) {
        LK_TRY(b, r.boolean(*v, "tool.uv.package"));
        uv.package = b;
    }
    if (const auto* v = t->get("sources")) {
        const auto* st = v->as_table();
        if (st == nullptr) {
            return Unexpected(r.error_at(*v, "`tool.uv.sources` must be a table"));
        }
        for (const auto& [key, value] : ordered(*st)) {
            const std::string what = "tool.uv.sources." + key;
            LK_TRY(name, r.name(*value, key, what));
            PackageSources ps;
            ps.name = name;
            if (const auto* arr = value->as_array()) {
                for (const auto& item : *arr) {
                    LK_TRY(s, read_source(r, item, what));
                    ps.sources.push_back(std::move(s));
                }
            } else {
                LK_TRY(s, read_source(r, *value, what));
                ps.sources.push_back(std::move(s));
            }
            uv.sources.push_back(std::move(ps));
        }
    }
    if (const auto* v = t->get("index")) {
        const auto* arr = v->as_array();
        if (arr == nullptr) {
            return Unexpected(r.error_at(*v, "`tool.uv.index` must be an array of tables"));
        }
        for (const auto& item : *arr) {
            const auto* it = item.as_table();
            if (it == nullptr) {
                return Unexpected(r.error_at(item, "`tool.uv.index` must be an array of tables"));
            }
            Index idx;
            if (const auto* n = it->get("name")) {
                LK_TRY(s, r.string(*n, "tool.uv.index.name"));
                idx.name = s;
            }
            const auto* u = it->get("url");
            if (u == nullptr) {
                return Unexpected(r.error_at(item, "`tool.uv.index` entry without `url`"));
            }
            LK_TRY(url, r.string(*u, "tool.uv.index.url"));
            idx.url = url;
            if (const auto* d = it->get("default")) {
                LK_TRY(b, r.boolean(*d, "tool.uv.index.default"));
                idx.is_default = b;
            }
            if (const auto* e = it->get("explicit")) {
                LK_TRY(b, r.boolean(*e, "tool.uv.index.explicit"));
                idx.is_explicit = b;
            }
            if (const auto* f = it->get("format")) {
                LK_TRY(format, r.string(*f, "tool.uv.index.format"));
                if (format != "flat" && format != "simple")
                    return Unexpected(r.error_at(*f, "the index `format` must be \"simple\" or \"flat\""));
                idx.flat = format == "flat";
            }
            uv.indexes.push_back(std::move(idx));
        }
    }
    if (const auto* v = t->get("workspace")) {
        const auto* wt = v->as_table();
        if (wt == nullptr) {
            return Unexpected(r.error_at(*v, "`tool.uv.workspace` must be a table"));
        }
        WorkspaceSpec ws;
        if (const auto* m = wt->get("members")) {
            LK_TRY(members, r.strings(*m, "tool.uv.workspace.members"));
            ws.members = members;
        }
        if (const auto* m = wt->get("exclude")) {
            LK_TRY(exclude, r.strings(*m, "tool.uv.workspace.exclude"));
            ws.exclude = exclude;
        }
        uv.workspace = std::move(ws);
    }
    if (const auto* v = t->get("dev-dependencies")) {
        LK_TRY(d, r.dependencies(*v, "tool.uv.dev-dependencies"));
        uv.dev_dependencies = std::move(d);
    }
    if (const auto* v = t->get("constraint-dependencies")) {
        LK_TRY(d, r.dependencies(*v, "tool.uv.constraint-dependencies"));
        uv.constraint_dependencies = std::move(d);
    }
    if (const auto* v = t->get("override-dependencies")) {
        LK_TRY(d, r.dependencies(*v, "tool.uv.override-dependencies"));
        uv.override_dependencies = std::move(d);
    }
    if (const auto* v = t->get("build-constraint-dependencies")) {
        LK_TRY(d, r.dependencies(*v, "tool.uv.build-constraint-dependencies"));
        uv.build_constraint_dependencies = std::move(d);
    }
    if (const auto* v = t->get("environments")) {
        LK_TRY(e, r.strings(*v, "tool.uv.environments"));
        uv.environments = e;
    }
    if (const auto* v = t->get("required-environments")) {
        LK_TRY(e, r.strings(*v, "tool.uv.required-environments"));
        uv.required_environments = e;
    }
    if (const auto* v = t->get("default-groups")) {
        if (v->is_string() && v->as_string()->get() == "all") {
            uv.default_groups_all = true;
        } else {
            LK_TRY(g, r.strings(*v, "tool.uv.default-groups"));
            std::vector<std::string> names;
            for (const auto& s : g) {
                LK_TRY(n, r.name(*v, s, "tool.uv.default-groups"));
                names.push_back(n);
            }
            uv.default_groups = std::move(names);
        }
    }
    if (const auto* v = t->get("conflicts")) {
        const auto* arr = v->as_array();
        if (arr == nullptr) {
            return Unexpected(r.error_at(*v, "`tool.uv.conflicts` must be an array of arrays of tables"));
        }
        for (const auto& set : *arr) {
            const auto* sa = set.as_array();
            if (sa == nullptr) {
                return Unexpected(r.error_at(set, "`tool.uv.conflicts` must be an array of arrays of tables"));
            }
            std::vector<ToolUv::ConflictItem> items;
            for (const auto& item : *sa) {
                const auto* it = item.as_table();
                if (it == nullptr) {
                    return Unexpected(r.error_at(item, "`tool.uv.conflicts` must be an array of arrays of tables"));
                }
                ToolUv::ConflictItem ci;
                for (const auto& [k, val] : *it) {
                    const std::string key(k.str());
                    LK_TRY(s, r.string(val, "tool.uv.conflicts." + key));
                    LK_TRY(n, r.name(val, s, "tool.uv.conflicts." + key));
                    if (key == "package") {
                        ci.package = n;
                    } else if (key == "extra" || key == "group") {
                        ci.kind = key;
                        ci.name = n;
                    } else {
                        return Unexpected(r.error_at(val, "unknown key `" + key + "` in `tool.uv.conflicts`"));
                    }
                }
                items.push_back(std::move(ci));
            }
            uv.conflicts.push_back(std::move(items));
        }
    }
    return uv;
}

} // namespace

std::expected<PyProject, Diagnostic> parse_pyproject(std::string_view text, std::string_view file) {
    toml::table root;
    try {
        root = toml::parse(text, file);
    } catch (const toml::parse_error& err) {
        const auto& b = err.source().begin;
        return Unexpected(diagnostic_at_line(file, text, static_cast<std::uint32_t>(b.line),
                                             static_cast<std::uint32_t>(b.column),
                                             "invalid TOML: " + std::string(err.description())));
    }
    Reader r(text, file);
    PyProject out;
    out.file = std::string(file);
    out.source = std::string(text);
    if (const auto* v = root.get("project")) {
        const auto* t = v->as_table();
        if (t == nullptr) {
            return Unexpected(r.error_at(*v, "`project` must be a table"));
        }
        LK_TRY(p, read_project(r, *t, *v));
        out.project = std::move(p);
    }
    if (const auto* v = root.get("dependency-groups")) {
        LK_TRY(g, read_groups(r, *v));
        out.dependency_groups = std::move(g);
    }
    out.has_build_system = root.contains("build-system");
    if (const auto* bs = root.get("build-system"); bs != nullptr && bs->as_table() != nullptr)
        if (const auto* backend = bs->as_table()->get("build-backend"); backend != nullptr && backend->is_string())
            out.build_backend = backend->as_string()->get();
    if (const auto* tool = root.get("tool")) {
        if (const auto* tt = tool->as_table()) {
            out.has_tool_poetry = tt->contains("poetry");
            if (const auto* v = tt->get("uv")) {
                LK_TRY(uv, read_tool_uv(r, *v));
                out.tool_uv = std::move(uv);
            }
        }
    }
    return out;
}

std::expected<PyProject, Diagnostic> read_pyproject(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Diagnostic d;
        d.file = path.string();
        d.message = "cannot read the file";
        return Unexpected(std::move(d));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    return parse_pyproject(text, path.string());
}

} // namespace lockkit::pyproject
