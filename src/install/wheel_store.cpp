// The unpacked-wheel cache; see include/lockkit/install/wheel_store.hpp.

#include "lockkit/install/wheel_store.hpp"

#include "lockkit/install/entry_points.hpp"
#include "lockkit/install/installed_distribution.hpp"
#include "lockkit/install/linker.hpp"
#include "lockkit/install/record.hpp"
#include "lockkit/install/wheel_file.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <unistd.h>

namespace lockkit::install {

namespace {

constexpr std::string_view k_stamps_header = "lockkit-unpacked-wheel 1";

std::string random_suffix() {
    static std::atomic<std::uint64_t> counter{0};
    std::random_device rd;
    return std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rd());
}

bool same_version(const std::string& a, const std::string& b) {
    if (a == b) {
        return true;
    }
    const auto va = pep440::Version::parse(a);
    const auto vb = pep440::Version::parse(b);
    if (!va || !vb) {
        return false;
    }
    // The file name may carry a local label (`+cpu`) that METADATA lacks.
    return *va == *vb || va->without_local() == *vb;
}

/// What a stamps file holds.
struct Stamps {
    std::string dist_info;
    std::vector<std::pair<std::string, FileStamp>> files;
};

std::string format_stamps(const Stamps& s) {
    std::string out(k_stamps_header);
    out += "\n" + s.dist_info + "\n";
    for (const auto& [path, st] : s.files) {
        out += format_stamp_line(path, st);
    }
    return out;
}

std::optional<Stamps> parse_stamps(std::string_view text) {
    Stamps s;
    std::size_t pos = 0;
    auto next_line = [&]() -> std::optional<std::string_view> {
        if (pos >= text.size()) {
            return std::nullopt;
        }
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        const auto line = text.substr(pos, eol - pos);
        pos = eol + 1;
        return line;
    };
    if (next_line() != k_stamps_header) {
        return std::nullopt;
    }
    const auto dist_info = next_line();
    if (!dist_info || dist_info->empty()) {
        return std::nullopt;
    }
    s.dist_info = std::string(*dist_info);
    while (auto line = next_line()) {
        auto stamped = parse_stamp_line(*line);
        if (!stamped) {
            return std::nullopt;
        }
        s.files.push_back(std::move(*stamped));
    }
    return s;
}

/// RECORD paths as uv reads them: a leading '/' dropped, "./" and "//" collapsed.
std::string record_key(std::string_view path) {
    while (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    std::string out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        const auto part = path.substr(start, end - start);
        if (!part.empty() && part != ".") {
            out += (out.empty() ? "" : "/") + std::string(part);
        }
        start = end + 1;
    }
    return out;
}

class WheelChecker {
public:
    WheelChecker(const std::filesystem::path& tree, const WheelIdentity& identity, std::vector<UnpackedFile>& files,
                 bool accept_record_mismatch)
        : m_tree(tree), m_identity(identity), m_files(files), m_accept_record_mismatch(accept_record_mismatch) {}

    /// Returns the .dist-info folder name; the error says why the wheel is refused.
    std::expected<std::string, std::string> run() {
        auto dist_info = find_dist_info();
        if (!dist_info) {
            return dist_info;
        }
        m_dist_info = *dist_info;
        for (auto step : {&WheelChecker::check_wheel_file, &WheelChecker::check_metadata, &WheelChecker::check_record,
                          &WheelChecker::check_data, &WheelChecker::check_entry_points}) {
            if (auto checked = (this->*step)(); !checked) {
                return std::unexpected(checked.error());
            }
        }
        return m_dist_info;
    }

private:
    std::unexpected<std::string> refuse(const std::string& why) const {
        return std::unexpected("refusing wheel " + m_identity.filename + ": " + why);
    }

    std::expected<std::string, std::string> find_dist_info() const {
        std::vector<std::string> found;
        std::error_code ec;
        for (std::filesystem::directory_iterator it(m_tree, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.ends_with(".dist-info") && it->is_directory(ec)) {
                found.push_back(name);
            }
        }
        if (found.empty()) {
            return refuse("it has no .dist-info folder");
        }
        if (found.size() > 1) {
            std::sort(found.begin(), found.end());
            std::string list;
            for (const auto& f : found) {
                list += (list.empty() ? "" : ", ") + f;
            }
            return refuse("it has several .dist-info folders: " + list);
        }
        const std::string stem = found.front().substr(0, found.front().size() - 10);
        const std::string name = pep508::normalize_name(stem.substr(0, stem.find('-')));
        if (name != m_identity.name) {
            return refuse("its metadata folder " + found.front() + " is for `" + name + "`, not `" + m_identity.name +
                          "`");
        }
        return found.front();
    }

    std::expected<std::string, std::string> read_member(const std::string& rel) const {
        auto text = read_file(m_tree / rel);
        if (!text) {
            return refuse("it has no readable " + rel);
        }
        return text;
    }

    std::expected<void, std::string> check_wheel_file() {
        auto text = read_member(m_dist_info + "/WHEEL");
        if (!text) {
            return std::unexpected(text.error());
        }
        if (auto parsed = parse_wheel_file(*text); !parsed) {
            return refuse(parsed.error());
        }
        return {};
    }

    std::expected<void, std::string> check_metadata() {
        auto text = read_member(m_dist_info + "/METADATA");
        if (!text) {
            return std::unexpected(text.error());
        }
        const CoreMetadata metadata = parse_core_metadata(*text);
        if (pep508::normalize_name(metadata.name) != m_identity.name) {
            return refuse("its METADATA names `" + metadata.name + "`, not `" + m_identity.name + "`");
        }
        if (!same_version(m_identity.version, metadata.version)) {
            return refuse("its METADATA says version " + metadata.version + ", the file name " + m_identity.version);
        }
        return {};
    }

    std::expected<void, std::string> check_record() {
        const std::string record_path = m_dist_info + "/RECORD";
        auto text = read_member(record_path);
        if (!text) {
            return std::unexpected(text.error());
        }
        auto rows = parse_record(*text);
        if (!rows) {
            return refuse(record_path + " " + rows.error());
        }
        std::map<std::string, const UnpackedFile*> present;
        for (const auto& f : m_files) {
            present[f.path] = &f;
        }
        std::vector<RecordEntry> healed;
        std::set<std::string> listed;
        bool changed = false;
        for (auto& row : *rows) {
            const std::string key = record_key(row.path);
            const auto it = present.find(key);
            if (it == present.end() || !listed.insert(key).second) {
                changed = true;  // a row for a file the archive lacks (or a repeated row): dropped
                continue;
            }
            const UnpackedFile& file = *it->second;
            const bool judged = key != record_path && !m_accept_record_mismatch;
            if (judged && row.hash.starts_with("sha256=") && row.hash != file.record_hash) {
                return refuse(record_path + " line " + std::to_string(row.line) + " says " + key + " has hash " +
                              row.hash + ", but the archive's file has " + file.record_hash +
                              "\nhint: the archive itself matches the lock's hash; some published wheels carry a "
                              "RECORD like this, which uv and pip install anyway: if you trust it, pass "
                              "--allow-record-mismatch");
            }
            if (judged && row.size && *row.size != file.size) {
                return refuse(record_path + " line " + std::to_string(row.line) + " says " + key + " has " +
                              std::to_string(*row.size) + " bytes, but the archive's file has " +
                              std::to_string(file.size) +
                              "\nhint: if you trust the wheel (its archive matches the lock's hash), pass "
                              "--allow-record-mismatch");
            }
            if (row.path != key) {
                changed = true;
            }
            row.path = key;
            healed.push_back(std::move(row));
        }
        for (const auto& f : m_files) {
            if (listed.contains(f.path) || f.path == m_dist_info + "/RECORD.jws" || f.path == m_dist_info + "/RECORD.p7s") {
                continue;
            }
            healed.push_back({f.path, "", f.size, 0});  // unlisted: kept without a hash, as uv heals
            changed = true;
        }
        if (changed) {
            if (auto written = write_new_file(m_tree / record_path, format_record(std::move(healed))); !written) {
                return std::unexpected(written.error());
            }
            // RECORD's own size changed; its row has none, but keep the file list truthful.
            for (auto& f : m_files) {
                if (f.path == record_path) {
                    std::error_code ec;
                    f.size = std::filesystem::file_size(m_tree / record_path, ec);
                }
            }
        }
        return {};
    }

    std::expected<void, std::string> check_data() {
        const std::string data_prefix = m_dist_info.substr(0, m_dist_info.size() - 10) + ".data/";
        for (const auto& f : m_files) {
            if (!f.path.starts_with(data_prefix)) {
                continue;
            }
            const std::string rest = f.path.substr(data_prefix.size());
            const std::string kind = rest.substr(0, rest.find('/'));
            static const std::set<std::string> k_kinds = {"purelib", "platlib", "headers", "scripts", "data"};
            if (!k_kinds.contains(kind) || rest.find('/') == std::string::npos) {
                return refuse("unknown wheel data type `" + kind + "` in " + f.path);
            }
            const std::string below = rest.substr(kind.size() + 1);
            std::string script;
            if (kind == "scripts") {
                if (below.find('/') != std::string::npos) {
                    return refuse(f.path + ": the scripts folder may hold files only, not folders");
                }
                script = below;
            } else if (kind == "data" && below.starts_with("bin/") && below.find('/', 4) == std::string::npos) {
                script = below.substr(4);  // data/ lands in the environment's root, so data/bin/ is bin/
            }
            if (!script.empty()) {
                if (auto reserved = reserved_script_name(script)) {
                    return refuse(f.path + " would replace the environment's `" + *reserved + "`");
                }
            }
        }
        return {};
    }

    std::expected<void, std::string> check_entry_points() {
        const auto path = m_tree / m_dist_info / "entry_points.txt";
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            return {};
        }
        auto text = read_member(m_dist_info + "/entry_points.txt");
        if (!text) {
            return std::unexpected(text.error());
        }
        // The target Python's minor version only names pip's versioned twin; any will do here.
        auto parsed = parse_entry_points(*text, 0);
        if (!parsed) {
            return refuse(parsed.error());
        }
        for (const auto* list : {&parsed->console, &parsed->gui}) {
            for (const auto& script : *list) {
                if (!is_plain_script_name(script.name)) {
                    return refuse("entry point `" + script.name + "` would be written outside the scripts folder");
                }
                if (auto reserved = reserved_script_name(script.name)) {
                    return refuse("entry point `" + script.name + "` would replace the environment's `" + *reserved +
                                  "`");
                }
            }
        }
        return {};
    }

    const std::filesystem::path& m_tree;
    const WheelIdentity& m_identity;
    std::vector<UnpackedFile>& m_files;
    bool m_accept_record_mismatch = false;
    std::string m_dist_info;
};

} // namespace

std::optional<WheelIdentity> wheel_identity(std::string_view filename) {
    // The version as the filename spells it (it names the .dist-info folder).
    const auto fields = tags::split_wheel_filename(filename);
    if (!fields || !tags::WheelFilename::parse(filename)) {
        return std::nullopt;
    }
    return WheelIdentity{std::string(filename), pep508::normalize_name(fields->name), std::string(fields->version)};
}

std::filesystem::path WheelStore::entry_path(std::string_view hex) const {
    return m_root / "unpacked-v1" / "sha256" / std::string(hex.substr(0, 2)) / std::string(hex);
}

std::optional<StoredWheel> WheelStore::find(std::string_view hex) const {
    const auto entry = entry_path(hex);
    const auto text = read_file(entry / "stamps");
    if (!text) {
        return std::nullopt;
    }
    auto stamps = parse_stamps(*text);
    if (!stamps) {
        remove(hex);
        return std::nullopt;
    }
    StoredWheel out{entry / "tree", std::move(stamps->dist_info), std::string(hex), {}};
    out.stamps.reserve(stamps->files.size());
    for (auto& [path, stamp] : stamps->files) {
        out.stamps.emplace(std::move(path), stamp);
    }
    return out;
}

std::expected<StoredWheel, std::string> WheelStore::unpack(const std::filesystem::path& archive, std::string_view hex,
                                                           const WheelIdentity& identity,
                                                           const UnpackRules& limits) const {
    const auto temp = m_root / "tmp" / ("unpack-" + random_suffix());
    const auto tree = temp / "tree";
    if (auto made = make_directories(tree); !made) {
        return std::unexpected(made.error());
    }
    struct Cleanup {
        std::filesystem::path dir;
        ~Cleanup() {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    } cleanup{temp};

    auto files = unpack_wheel_archive(archive, tree, limits);
    if (!files) {
        return std::unexpected(files.error());
    }
    auto dist_info = WheelChecker(tree, identity, *files, limits.accept_record_mismatch).run();
    if (!dist_info) {
        return std::unexpected(dist_info.error());
    }
    Stamps stamps;
    stamps.dist_info = *dist_info;
    for (const auto& f : *files) {
        const auto st = stamp_file(tree / f.path);
        if (!st) {
            return std::unexpected("cannot read back " + (tree / f.path).string());
        }
        stamps.files.emplace_back(f.path, *st);
    }
    // Not flushed (see install_state.cpp): a tree whose stamps a crash damaged is dropped
    // by find() and unpacked again.
    if (auto written = write_new_file(temp / "stamps", format_stamps(stamps)); !written) {
        return std::unexpected(written.error());
    }
    const auto entry = entry_path(hex);
    if (auto made = make_directories(entry.parent_path()); !made) {
        return std::unexpected(made.error());
    }
    if (::rename(temp.c_str(), entry.c_str()) != 0) {
        // Another process published the same wheel first: theirs is as good as ours.
        if (errno != EEXIST && errno != ENOTEMPTY) {
            return std::unexpected("cannot publish " + entry.string() + ": " + std::strerror(errno));
        }
        if (auto theirs = find(hex)) {
            return std::move(*theirs);
        }
        return std::unexpected("cannot publish " + entry.string() + ": another process holds a damaged copy");
    }
    cleanup.dir.clear();
    StoredWheel out{entry / "tree", *dist_info, std::string(hex), {}};
    for (auto& [path, stamp] : stamps.files) {
        out.stamps.emplace(std::move(path), stamp);
    }
    return out;
}

bool WheelStore::verify_contents(std::string_view hex) const {
    const auto entry = entry_path(hex);
    const auto stamps_text = read_file(entry / "stamps");
    const auto stamps = stamps_text ? parse_stamps(*stamps_text) : std::nullopt;
    if (!stamps) {
        return false;
    }
    const auto record = read_file(entry / "tree" / stamps->dist_info / "RECORD");
    const auto rows = record ? parse_record(*record) : std::expected<std::vector<RecordEntry>, std::string>();
    if (!record || !rows) {
        remove(hex);
        return false;
    }
    for (const auto& row : *rows) {
        if (!row.hash.starts_with("sha256=")) {
            continue;
        }
        const auto digest = sha256_file(entry / "tree" / row.path);
        if (!digest || record_hash_from_hex(*digest) != row.hash) {
            remove(hex);
            return false;
        }
    }
    return true;
}

bool WheelStore::remove(std::string_view hex) const {
    // Renamed away first, so a reader never sees half a tree under the published name.
    const auto entry = entry_path(hex);
    const auto doomed = m_root / "tmp" / ("remove-" + random_suffix());
    std::error_code ec;
    std::filesystem::create_directories(doomed.parent_path(), ec);
    if (::rename(entry.c_str(), doomed.c_str()) != 0) {
        return false;
    }
    std::filesystem::remove_all(doomed, ec);
    return true;
}

} // namespace lockkit::install
