// Installing an unpacked wheel; see include/lockkit/install/wheel_installer.hpp.

#include "lockkit/install/wheel_installer.hpp"

#include "lockkit/install/entry_points.hpp"
#include "lockkit/install/record.hpp"
#include "lockkit/install/wheel_file.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>
#include <sys/stat.h>

namespace lockkit::install {

namespace {

/// One step of an install: a cache file to place, or content to write.
struct Step {
    std::string target;  ///< absolute
    std::string source;  ///< in the unpacked tree; empty: write `content`
    std::string content;
    mode_t mode = 0644;
    bool copy = false;  ///< place a private copy (the installer changes its mode)
    int phase = 2;      ///< 0 RECORD, 1 .dist-info, 2 the rest
    std::string tree_path{};  ///< `source` relative to the unpacked tree (its stamp's key)
};

std::string slashed(const std::filesystem::path& p) {
    return p.generic_string();
}

/// `#!python` scripts: the interpreter line replaced by the environment's shebang. The
/// first line ends at the first '\n' or '\r' (uv reads it byte by byte the same way).
std::string rewrite_script(const std::string& text, const std::string& shebang) {
    std::size_t end = text.find_first_of("\r\n", 8);
    std::string rest = end == std::string::npos ? std::string() : text.substr(end + 1);
    return shebang + "\n" + rest;
}

class Installation {
public:
    Installation(const StoredWheel& wheel, const std::string& name, const Layout& layout,
                 const InstallerMetadata& metadata, Linker& linker)
        : m_wheel(wheel), m_name(name), m_layout(layout), m_metadata(metadata), m_linker(linker) {}

    std::expected<InstalledWheel, std::string> run() {
        if (auto planned = plan(); !planned) {
            return std::unexpected(planned.error());
        }
        std::stable_sort(m_steps.begin(), m_steps.end(), [](const Step& a, const Step& b) { return a.phase < b.phase; });
        InstalledWheel out;
        out.dist_info = m_site_packages / m_wheel.dist_info;
        // Plain strings, not path objects: thousands of files per wheel make path splitting
        // and comparing a visible share of a fresh sync.
        std::unordered_set<std::string_view> folders;
        const std::string& root = m_layout.root.native();
        for (const auto& step : m_steps) {
            const std::string& target = step.target;
            const std::string_view folder(target.data(), target.rfind('/'));
            if (folders.insert(folder).second) {
                if (auto made = make_directories(std::string(folder)); !made) {
                    return std::unexpected(made.error());
                }
            }
            std::expected<FileStamp, std::string> placed;
            if (!step.source.empty() && !step.copy) {
                const auto known = m_wheel.stamps.find(step.tree_path);
                placed = m_linker.place(step.source, step.target,
                                        known == m_wheel.stamps.end() ? nullptr : &known->second);
            } else if (!step.source.empty()) {
                auto text = read_file(step.source);
                if (!text) {
                    return std::unexpected(text.error());
                }
                placed = write_new_file(step.target, *text, step.mode);
            } else {
                placed = write_new_file(step.target, step.content, step.mode);
            }
            if (!placed) {
                return std::unexpected(placed.error());
            }
            if (target.size() > root.size() && target.starts_with(root) && target[root.size()] == '/') {
                out.files.emplace_back(target.substr(root.size() + 1), *placed);
            } else {
                out.files.emplace_back(slashed(std::filesystem::path(target).lexically_relative(m_layout.root)), *placed);
            }
        }
        return out;
    }

private:
    std::expected<void, std::string> plan() {
        const auto tree = m_wheel.tree;
        const std::string& dist_info = m_wheel.dist_info;
        auto wheel_text = read_file(tree / dist_info / "WHEEL");
        if (!wheel_text) {
            return std::unexpected(wheel_text.error());
        }
        auto wheel_file = parse_wheel_file(*wheel_text);
        if (!wheel_file) {
            return std::unexpected(wheel_file.error());
        }
        m_site_packages = wheel_file->root_is_purelib ? m_layout.purelib : m_layout.platlib;

        auto record_text = read_file(tree / dist_info / "RECORD");
        if (!record_text) {
            return std::unexpected(record_text.error());
        }
        auto rows = parse_record(*record_text);
        if (!rows) {
            return std::unexpected(dist_info + "/RECORD " + rows.error());
        }
        EntryPoints entry_points;
        if (auto text = read_file(tree / dist_info / "entry_points.txt")) {
            auto parsed = parse_entry_points(*text, m_layout.python_minor);
            if (!parsed) {
                return std::unexpected(parsed.error());
            }
            entry_points = std::move(*parsed);
        }
        std::set<std::string> launcher_names;
        for (const auto* list : {&entry_points.console, &entry_points.gui}) {
            for (const auto& s : *list) {
                launcher_names.insert(s.name);
            }
        }

        const std::string shebang = format_shebang(m_layout.python.string());
        const std::string data_prefix = dist_info.substr(0, dist_info.size() - 10) + ".data/";
        const std::string record_row = dist_info + "/RECORD";
        std::vector<RecordEntry> record;
        // Strings, not paths, on the per-file path (see run()).
        const std::string tree_prefix = tree.native() + "/";
        const std::string site_prefix = m_site_packages.native() + "/";
        for (auto& row : *rows) {
            const std::string source = tree_prefix + row.path;
            if (row.path == record_row) {
                record.push_back(std::move(row));
                continue;
            }
            if (!row.path.starts_with(data_prefix)) {
                Step step{site_prefix + row.path, source, {}, 0644, false,
                          row.path.starts_with(dist_info + "/") ? 1 : 2, row.path};
                m_steps.push_back(std::move(step));
                record.push_back(std::move(row));
                continue;
            }
            const std::string rest = row.path.substr(data_prefix.size());
            const std::string kind = rest.substr(0, rest.find('/'));
            const std::string below = rest.substr(kind.size() + 1);
            std::filesystem::path target;
            if (kind == "purelib") {
                target = m_layout.purelib / below;
            } else if (kind == "platlib") {
                target = m_layout.platlib / below;
            } else if (kind == "headers") {
                target = m_layout.include / m_name / below;
            } else if (kind == "data") {
                target = m_layout.data / below;
            } else if (kind == "scripts") {
                if (auto handled = plan_script(row, source, below, launcher_names, shebang)) {
                    record.push_back(std::move(*handled));
                    continue;
                }
                record.push_back(std::move(row));  // replaced by an entry point: skipped, row kept (uv)
                continue;
            } else {
                return std::unexpected("unknown wheel data type `" + kind + "` in " + row.path);
            }
            m_steps.push_back(Step{target, source, {}, 0644, false, 2, row.path});
            row.path = slashed(target.lexically_relative(m_site_packages));
            record.push_back(std::move(row));
        }

        for (const auto& [list, gui] : {std::pair{&entry_points.console, false}, std::pair{&entry_points.gui, true}}) {
            (void)gui;  // POSIX launchers are the same for GUI scripts
            for (const auto& script : *list) {
                add_written(m_layout.scripts / script.name, launcher_script(script, shebang), 0755, 2, record);
            }
        }
        add_written(m_site_packages / dist_info / "REQUESTED", "", 0644, 1, record);
        if (m_metadata.direct_url_json) {
            add_written(m_site_packages / dist_info / "direct_url.json", *m_metadata.direct_url_json, 0644, 1, record);
        }
        add_written(m_site_packages / dist_info / "INSTALLER", m_metadata.installer, 0644, 1, record);
        m_steps.push_back(Step{m_site_packages / record_row, {}, format_record(std::move(record)), 0644, false, 0});
        return {};
    }

    /// A `.data/scripts/` file: the RECORD row to keep for it, or nullopt when an entry
    /// point of the same name replaces it.
    std::optional<RecordEntry> plan_script(RecordEntry row, const std::filesystem::path& source,
                                           const std::string& name, const std::set<std::string>& launchers,
                                           const std::string& shebang) {
        std::string_view match = name;
        for (std::string_view suffix : {".exe", "-script.py", ".pya"}) {
            if (match.ends_with(suffix)) {
                match.remove_suffix(suffix.size());
                break;
            }
        }
        if (launchers.contains(std::string(match))) {
            return std::nullopt;
        }
        const auto target = m_layout.scripts / name;
        const std::string tree_path = row.path;
        row.path = slashed(target.lexically_relative(m_site_packages));
        auto text = read_file(source);
        if (text && text->starts_with("#!python")) {
            std::string content = rewrite_script(*text, shebang);
            row.hash = record_hash_of(content);
            row.size = content.size();
            m_steps.push_back(Step{target, {}, std::move(content), 0755, false, 2});
            return row;
        }
        struct stat st {};
        const bool executable = ::stat(source.c_str(), &st) == 0 && (st.st_mode & 0111) == 0111;
        // Making a linked file executable would change the cache's copy: copy it instead.
        m_steps.push_back(Step{target, source, {}, 0755, !executable, 2, tree_path});
        return row;
    }

    void add_written(const std::filesystem::path& target, std::string content, mode_t mode, int phase,
                     std::vector<RecordEntry>& record) {
        RecordEntry row;
        row.path = slashed(target.lexically_relative(m_site_packages));
        row.hash = record_hash_of(content);
        row.size = content.size();
        record.push_back(std::move(row));
        m_steps.push_back(Step{target, {}, std::move(content), mode, false, phase});
    }

    const StoredWheel& m_wheel;
    const std::string& m_name;
    const Layout& m_layout;
    const InstallerMetadata& m_metadata;
    Linker& m_linker;
    std::filesystem::path m_site_packages;
    std::vector<Step> m_steps;
};

} // namespace

std::expected<InstalledWheel, std::string> install_wheel(const StoredWheel& wheel, const std::string& name,
                                                         const Layout& layout, const InstallerMetadata& metadata,
                                                         Linker& linker) {
    return Installation(wheel, name, layout, metadata, linker).run();
}

} // namespace lockkit::install
