#include "lockkit/lockfile/writer.hpp"

#include "plain_word.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace lockkit::lockfile {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

void append_escaped(std::string& out, std::string_view value, bool multiline) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += multiline ? "\n" : "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        case '"': out += multiline ? "\"" : "\\\""; break;
        case '\\': out += "\\\\"; break;
        default:
            if (is_control(c)) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
}

using detail::plain_word;

/// A string that can be written as a basic string without escapes: eight
/// bytes at a time (URLs and hashes are most of a lock's bytes), then bytewise.
bool plain_basic_string(std::string_view value) {
    const char* p = value.data();
    const char* const end = p + value.size();
    for (; end - p >= 8; p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (!plain_word(word)) {
            break;
        }
    }
    for (; p < end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
            return false;
        }
    }
    return true;
}

} // namespace

void append_toml_string(std::string& out, std::string_view value) {
    // Fast path: nearly every string uv writes (names, URLs, hashes, markers)
    // needs no escaping and no other quote style.
    if (plain_basic_string(value)) {
        out += '"';
        out += value;
        out += '"';
        return;
    }
    // The first style that can hold the text wins, as in toml_writer/toml_edit:
    // basic, literal, multi-line basic, multi-line literal, escaped basic.
    bool has_dquote = false, has_squote = false, has_backslash = false, has_lf = false, has_control = false;
    int dquote_run = 0, max_dquote_run = 0, squote_run = 0, max_squote_run = 0;
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"') {
            has_dquote = true;
            max_dquote_run = std::max(max_dquote_run, ++dquote_run);
        } else {
            dquote_run = 0;
        }
        if (c == '\'') {
            has_squote = true;
            max_squote_run = std::max(max_squote_run, ++squote_run);
        } else {
            squote_run = 0;
        }
        if (c == '\\') {
            has_backslash = true;
        } else if (c == '\n') {
            has_lf = true;
        } else if (c != '\t' && is_control(c)) {
            has_control = true;
        }
    }
    if (!has_dquote && !has_backslash && !has_lf && !has_control) {
        out += '"';
        append_escaped(out, value, false);  // only TAB can need escaping here
        out += '"';
        return;
    }
    if (!has_squote && !has_lf && !has_control) {
        out += '\'';
        out += value;
        out += '\'';
        return;
    }
    if (!has_control && !has_backslash && max_dquote_run <= 2) {
        out += "\"\"\"";
        if (has_lf) {
            out += '\n';
        }
        append_escaped(out, value, true);
        out += "\"\"\"";
        return;
    }
    if (!has_control && max_squote_run <= 2) {
        out += "'''";
        if (has_lf) {
            out += '\n';
        }
        out += value;
        out += "'''";
        return;
    }
    if (has_lf) {
        out += "\"\"\"\n";
        append_escaped(out, value, true);
        out += "\"\"\"";
    } else {
        out += '"';
        append_escaped(out, value, false);
        out += '"';
    }
}

namespace {

class Writer {
public:
    explicit Writer(const Lock& lock) : m_lock(lock) {
        for (const Package& p : lock.packages) {
            ++m_name_count[p.id.name];
        }
        // A lock's size is dominated by wheel lines of ~250 bytes each.
        std::size_t estimate = 4096;
        for (const Package& p : lock.packages) {
            estimate += 400 + 260 * p.wheels.size() + 60 * p.dependencies.size();
        }
        m_out.reserve(estimate);
    }

    /// One package's block, with edges abbreviated as in the whole lock.
    std::string run_one(const Package& p) {
        m_out.clear();
        package(p);
        return m_out.substr(m_out.starts_with('\n') ? 1 : 0);
    }

    std::string run() {
        top_level();
        options();
        manifest();
        for (const Package& p : m_lock.packages) {
            package(p);
        }
        return std::move(m_out);
    }

private:
    const Lock& m_lock;
    std::string m_out;
    std::unordered_map<std::string, int> m_name_count;

    void str(std::string_view s) { append_toml_string(m_out, s); }
    void number(std::uint64_t n) {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, n);
        m_out.append(buf, r.ptr);
    }
    void key_str(std::string_view key, std::string_view value) {
        m_out += key;
        m_out += " = ";
        str(value);
        m_out += '\n';
    }
    void header(std::string_view h) {
        m_out += '\n';
        m_out += h;
        m_out += '\n';
    }

    // Style M: one element per line, 4-space indent, trailing comma everywhere.
    template <typename T, typename F>
    void multiline(std::string_view key, const std::vector<T>& items, F&& emit) {
        m_out += key;
        m_out += " = [\n";
        for (const T& item : items) {
            m_out += "    ";
            emit(item);
            m_out += ",\n";
        }
        m_out += "]\n";
    }
    // Style S: inline for 0 or 1 elements, else style M.
    template <typename T, typename F>
    void sized(std::string_view key, const std::vector<T>& items, F&& emit) {
        if (items.size() <= 1) {
            m_out += key;
            m_out += " = [";
            if (!items.empty()) {
                emit(items.front());
            }
            m_out += "]\n";
            return;
        }
        multiline(key, items, emit);
    }
    // Style I: always one line.
    void inline_strings(const std::vector<std::string>& items) {
        m_out += '[';
        bool first = true;
        for (const auto& s : items) {
            if (!first) {
                m_out += ", ";
            }
            first = false;
            str(s);
        }
        m_out += ']';
    }

    void top_level() {
        m_out += "version = ";
        m_out += std::to_string(m_lock.version);
        m_out += '\n';
        if (m_lock.revision > 0) {
            m_out += "revision = ";
            m_out += std::to_string(m_lock.revision);
            m_out += '\n';
        }
        key_str("requires-python", m_lock.requires_python);
        auto markers = [&](std::string_view key, const std::optional<std::vector<std::string>>& list) {
            if (list) {
                multiline(key, *list, [&](const std::string& m) { str(m); });
            }
        };
        markers("resolution-markers", m_lock.resolution_markers);
        markers("supported-markers", m_lock.supported_markers);
        markers("required-markers", m_lock.required_markers);
        if (!m_lock.conflicts.empty()) {
            m_out += "conflicts = [[\n";
            bool first = true;
            for (const auto& set : m_lock.conflicts) {
                if (!first) {
                    m_out += "], [\n";
                }
                first = false;
                for (const ConflictItem& item : set) {
                    m_out += "    ";
                    conflict_item(item);
                    m_out += ",\n";
                }
            }
            m_out += "]]\n";
        }
    }

    void conflict_item(const ConflictItem& item) {
        m_out += "{ package = ";
        str(item.package);
        if (item.kind == ConflictItem::Kind::Extra) {
            m_out += ", extra = ";
            str(item.name);
        } else if (item.kind == ConflictItem::Kind::Group) {
            m_out += ", group = ";
            str(item.name);
        }
        m_out += " }";
    }

    void options() {
        const Options& o = m_lock.options;
        if (o.empty()) {
            return;
        }
        header("[options]");
        if (o.resolution_mode) {
            key_str("resolution-mode", *o.resolution_mode);
        }
        if (o.prerelease_mode) {
            key_str("prerelease-mode", *o.prerelease_mode);
        }
        if (o.fork_strategy) {
            key_str("fork-strategy", *o.fork_strategy);
        }
        if (o.exclude_newer) {
            m_out += "exclude-newer = ";
            str(*o.exclude_newer);
            // uv marks the placeholder it writes for relative cutoffs (uv >= 0.11.8).
            if (*o.exclude_newer == "0001-01-01T00:00:00Z") {
                m_out += " # This has no effect and is included for backwards compatibility when using relative "
                         "exclude-newer values.";
            }
            m_out += '\n';
        }
        if (o.exclude_newer_span) {
            key_str("exclude-newer-span", *o.exclude_newer_span);
        }
        if (!o.prerelease_package.empty()) {
            header("[options.prerelease-package]");
            for (const auto& [name, mode] : o.prerelease_package) {
                key_str(name, mode);
            }
        }
        if (!o.exclude_newer_package.empty()) {
            header("[options.exclude-newer-package]");
            for (const ExcludeNewerPackage& e : o.exclude_newer_package) {
                m_out += e.name;
                m_out += " = ";
                switch (e.kind) {
                case ExcludeNewerPackage::Kind::Timestamp: str(e.timestamp); break;
                case ExcludeNewerPackage::Kind::Disabled: m_out += "false"; break;
                case ExcludeNewerPackage::Kind::Relative:
                    m_out += "{ timestamp = ";
                    str(e.timestamp);
                    m_out += ", span = ";
                    str(e.span);
                    m_out += " }";
                    break;
                }
                m_out += '\n';
            }
        }
    }

    void requirement(const Requirement& r) {
        m_out += "{ name = ";
        str(r.name);
        if (r.extras) {
            m_out += ", extras = ";
            inline_strings(*r.extras);
        }
        if (r.groups) {
            m_out += ", groups = ";
            inline_strings(*r.groups);
        }
        auto opt = [&](std::string_view key, const std::optional<std::string>& v) {
            if (v) {
                m_out += ", ";
                m_out += key;
                m_out += " = ";
                str(*v);
            }
        };
        if (!r.marker.empty()) {
            m_out += ", marker = ";
            str(r.marker);
        }
        opt("specifier", r.specifier);
        opt("index", r.index);
        if (r.conflict) {
            m_out += ", conflict = ";
            conflict_item(*r.conflict);
        }
        opt("url", r.url);
        opt("subdirectory", r.subdirectory);
        opt("git", r.git);
        opt("path", r.path);
        opt("directory", r.directory);
        opt("editable", r.editable);
        opt("virtual", r.virtual_);
        m_out += " }";
    }

    void manifest_entry(const ManifestEntry& e) {
        if (e.name) {
            str(*e.name);
        } else if (e.requirement) {
            requirement(*e.requirement);
        } else if (e.scoped) {
            m_out += "{ package = { name = ";
            str(e.scoped->package);
            if (e.scoped->version) {
                m_out += ", version = ";
                str(*e.scoped->version);
            }
            m_out += " }, dependencies = [";
            bool first = true;
            for (const Requirement& r : e.scoped->dependencies) {
                if (!first) {
                    m_out += ", ";
                }
                first = false;
                requirement(r);
            }
            for (const std::string& n : e.scoped->names) {
                if (!first) {
                    m_out += ", ";
                }
                first = false;
                str(n);
            }
            m_out += "] }";
        }
    }

    void manifest() {
        const Manifest& m = m_lock.manifest;
        if (m.empty()) {
            return;
        }
        header("[manifest]");
        if (!m.members.empty()) {
            multiline("members", m.members, [&](const std::string& s) { str(s); });
        }
        auto reqs = [&](std::string_view key, const std::vector<Requirement>& list) {
            if (!list.empty()) {
                sized(key, list, [&](const Requirement& r) { requirement(r); });
            }
        };
        auto entries = [&](std::string_view key, const std::vector<ManifestEntry>& list) {
            if (!list.empty()) {
                sized(key, list, [&](const ManifestEntry& e) { manifest_entry(e); });
            }
        };
        reqs("requirements", m.requirements);
        reqs("constraints", m.constraints);
        entries("overrides", m.overrides);
        entries("excludes", m.excludes);
        reqs("build-constraints", m.build_constraints);
        bool any_group = false;
        for (const auto& [name, list] : m.dependency_groups) {
            any_group = any_group || !list.empty();
        }
        if (any_group) {
            header("[manifest.dependency-groups]");
            for (const auto& [name, list] : m.dependency_groups) {
                if (!list.empty()) {
                    sized(name, list, [&](const Requirement& r) { requirement(r); });
                }
            }
        }
        for (const DependencyMetadata& d : m.dependency_metadata) {
            header("[[manifest.dependency-metadata]]");
            key_str("name", d.name);
            if (d.version) {
                key_str("version", *d.version);
            }
            if (d.requires_dist && !d.requires_dist->empty()) {
                m_out += "requires-dist = ";
                inline_strings(*d.requires_dist);
                m_out += '\n';
            }
            if (d.requires_python) {
                key_str("requires-python", *d.requires_python);
            }
            if (d.provides_extras && !d.provides_extras->empty()) {
                m_out += "provides-extras = ";
                inline_strings(*d.provides_extras);
                m_out += '\n';
            }
        }
    }

    void source(const Source& s) {
        m_out += "{ ";
        m_out += source_kind_key(s.kind);
        m_out += " = ";
        str(s.location);
        if (s.subdirectory) {
            m_out += ", subdirectory = ";
            str(*s.subdirectory);
        }
        m_out += " }";
    }

    void edge(const Dependency& d) {
        m_out += "{ name = ";
        str(d.target.name);
        const auto it = m_name_count.find(d.target.name);
        if (it != m_name_count.end() && it->second > 1) {
            if (d.target.version) {
                m_out += ", version = ";
                str(*d.target.version);
            }
            m_out += ", source = ";
            source(d.target.source);
        }
        if (!d.extras.empty()) {
            m_out += ", extra = ";
            inline_strings(d.extras);
        }
        if (!d.marker.empty()) {
            m_out += ", marker = ";
            str(d.marker);
        }
        m_out += " }";
    }

    void artifact(const Artifact& a) {
        m_out += '{';
        bool first = true;
        auto sep = [&] {
            m_out += first ? " " : ", ";
            first = false;
        };
        switch (a.location_kind) {
        case ArtifactLocation::Url: sep(); m_out += "url = "; str(a.location); break;
        case ArtifactLocation::Path: sep(); m_out += "path = "; str(a.location); break;
        case ArtifactLocation::Filename: sep(); m_out += "filename = "; str(a.location); break;
        case ArtifactLocation::None: break;
        }
        if (a.hash) {
            sep();
            m_out += "hash = ";
            str(*a.hash);
        }
        if (a.size) {
            sep();
            m_out += "size = ";
            number(*a.size);
        }
        if (a.upload_time) {
            sep();
            m_out += "upload-time = ";
            str(*a.upload_time);
        }
        if (a.zstd) {
            sep();
            m_out += "zstd = {";
            bool zfirst = true;
            if (a.zstd->hash) {
                m_out += " hash = ";
                str(*a.zstd->hash);
                zfirst = false;
            }
            if (a.zstd->size) {
                m_out += zfirst ? " size = " : ", size = ";
                m_out += std::to_string(*a.zstd->size);
                zfirst = false;
            }
            m_out += zfirst ? "}" : " }";
        }
        m_out += first ? "}" : " }";
    }

    void edge_lists(std::string_view table, const NamedLists<Dependency>& lists) {
        bool any = false;
        for (const auto& [name, deps] : lists) {
            any = any || !deps.empty();
        }
        if (!any) {
            return;
        }
        header(table);
        for (const auto& [name, deps] : lists) {
            if (!deps.empty()) {
                multiline(name, deps, [&](const Dependency& d) { edge(d); });
            }
        }
    }

    void package(const Package& p) {
        header("[[package]]");
        key_str("name", p.id.name);
        if (p.id.version) {
            key_str("version", *p.id.version);
        }
        m_out += "source = ";
        source(p.id.source);
        m_out += '\n';
        if (!p.resolution_markers.empty()) {
            multiline("resolution-markers", p.resolution_markers, [&](const std::string& m) { str(m); });
        }
        if (!p.dependencies.empty()) {
            multiline("dependencies", p.dependencies, [&](const Dependency& d) { edge(d); });
        }
        if (p.sdist) {
            m_out += "sdist = ";
            artifact(*p.sdist);
            m_out += '\n';
        }
        if (!p.wheels.empty()) {
            multiline("wheels", p.wheels, [&](const Artifact& a) { artifact(a); });
        }
        if (p.variants_json) {
            m_out += "variants-json = ";
            artifact(*p.variants_json);
            m_out += '\n';
        }
        edge_lists("[package.optional-dependencies]", p.optional_dependencies);
        edge_lists("[package.dev-dependencies]", p.dev_dependencies);

        const PackageMetadata& md = p.metadata;
        const bool has_requires_dist = md.requires_dist && !md.requires_dist->empty();
        const bool has_extras = md.provides_extras && !md.provides_extras->empty();
        const bool has_dev = md.requires_dev && !md.requires_dev->empty();
        if (has_requires_dist || has_extras || has_dev) {
            header("[package.metadata]");
            if (has_requires_dist) {
                sized("requires-dist", *md.requires_dist, [&](const Requirement& r) { requirement(r); });
            }
            if (has_extras) {
                m_out += "provides-extras = ";
                inline_strings(*md.provides_extras);
                m_out += '\n';
            }
            if (has_dev) {
                header("[package.metadata.requires-dev]");
                for (const auto& [name, list] : *md.requires_dev) {
                    sized(name, list, [&](const Requirement& r) { requirement(r); });
                }
            }
        }
    }
};

} // namespace

std::string write_lock(const Lock& lock) { return Writer(lock).run(); }

std::string write_package(const Lock& context, const Package& package) { return Writer(context).run_one(package); }

} // namespace lockkit::lockfile
