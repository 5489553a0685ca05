#include "lockkit/install/installed_distribution.hpp"
#include "lockkit/util/strings.hpp"

#include "lockkit/pep508/package_name.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <system_error>

namespace lockkit::install {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// "<name>-<version>[-...].dist-info" → (name, version), split at the first `-` (the
/// escaped name never contains one).
std::pair<std::string, std::string> split_directory_name(std::string_view stem) {
    const auto dash = stem.find('-');
    if (dash == std::string_view::npos) {
        return {std::string(stem), ""};
    }
    std::string_view version = stem.substr(dash + 1);
    // egg-info names may carry a `-py3.12` suffix after the version.
    if (const auto py = version.find("-py"); py != std::string_view::npos) {
        version = version.substr(0, py);
    }
    return {std::string(stem.substr(0, dash)), std::string(version)};
}

} // namespace

CoreMetadata parse_core_metadata(std::string_view text) {
    CoreMetadata out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            break;  // end of the header block; the body is the description
        }
        if (line.front() == ' ' || line.front() == '\t') {
            continue;  // continuation of a folded header
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        std::string key(trim_whitespace(line.substr(0, colon)));
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
        const std::string_view value = trim_whitespace(line.substr(colon + 1));
        if (key == "name" && out.name.empty()) {
            out.name = std::string(value);
        } else if (key == "version" && out.version.empty()) {
            out.version = std::string(value);
        }
    }
    return out;
}

std::expected<DirectUrl, std::string> parse_direct_url(std::string_view json) {
    const auto doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return std::unexpected("not a JSON object");
    }
    DirectUrl out;
    if (auto it = doc.find("url"); it != doc.end() && it->is_string()) {
        out.url = it->get<std::string>();
    } else {
        return std::unexpected("no \"url\"");
    }
    if (auto it = doc.find("subdirectory"); it != doc.end() && it->is_string()) {
        out.subdirectory = it->get<std::string>();
    }
    if (auto it = doc.find("dir_info"); it != doc.end() && it->is_object()) {
        out.kind = DirectUrl::Kind::Directory;
        if (auto e = it->find("editable"); e != it->end() && e->is_boolean()) {
            out.editable = e->get<bool>();
        }
    } else if (auto it = doc.find("vcs_info"); it != doc.end() && it->is_object()) {
        out.kind = DirectUrl::Kind::Vcs;
        if (auto c = it->find("commit_id"); c != it->end() && c->is_string()) {
            out.commit_id = c->get<std::string>();
        }
    } else if (auto it = doc.find("archive_info"); it != doc.end() && it->is_object()) {
        out.kind = DirectUrl::Kind::Archive;
    }
    return out;
}

std::expected<std::vector<InstalledDistribution>, std::string> scan_site_packages(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        return std::unexpected("cannot list " + dir.string() + ": " + ec.message());
    }
    std::vector<InstalledDistribution> out;
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec) {
            return std::unexpected("cannot list " + dir.string() + ": " + ec.message());
        }
        const std::string filename = it->path().filename().string();
        const bool dist_info = ends_with(filename, ".dist-info");
        const bool egg_info = ends_with(filename, ".egg-info");
        if (!dist_info && !egg_info) {
            continue;
        }
        const bool is_dir = it->is_directory(ec);
        if (dist_info && !is_dir) {
            continue;
        }
        InstalledDistribution d;
        d.metadata_dir = it->path();
        d.site_packages = dir;
        d.egg_info = egg_info;
        const std::string_view stem =
            std::string_view(filename).substr(0, filename.size() - (dist_info ? 10 : 9));
        auto [dir_name, dir_version] = split_directory_name(stem);

        const auto metadata_path =
            dist_info ? it->path() / "METADATA" : (is_dir ? it->path() / "PKG-INFO" : it->path());
        CoreMetadata metadata;
        if (auto text = read_file(metadata_path)) {
            metadata = parse_core_metadata(*text);
            if (metadata.name.empty() || metadata.version.empty()) {
                d.problem = metadata_path.filename().string() + " has no " +
                            (metadata.name.empty() ? "Name" : "Version");
            }
        } else {
            d.problem = "cannot read " + metadata_path.filename().string() + ": " + text.error();
        }
        d.name = pep508::normalize_name(metadata.name.empty() ? dir_name : metadata.name);
        d.version = metadata.version.empty() ? dir_version : metadata.version;

        if (dist_info) {
            const auto direct_url_path = it->path() / "direct_url.json";
            if (std::filesystem::exists(direct_url_path, ec)) {
                auto text = read_file(direct_url_path);
                auto parsed = text ? parse_direct_url(*text)
                                   : std::expected<DirectUrl, std::string>(std::unexpected(text.error()));
                if (parsed) {
                    d.direct_url = std::move(*parsed);
                } else {
                    d.problem += (d.problem.empty() ? "" : "; ") + std::string("direct_url.json: ") + parsed.error();
                }
            }
        }
        out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const InstalledDistribution& a, const InstalledDistribution& b) {
        return a.name != b.name ? a.name < b.name : a.metadata_dir < b.metadata_dir;
    });
    return out;
}

} // namespace lockkit::install
