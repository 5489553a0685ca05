#include "lockkit/install/installed_distribution.hpp"

#include "lockkit/pep508/package_name.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <system_error>

namespace lockkit::install {

namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

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

std::expected<std::vector<RecordEntry>, std::string> parse_record(std::string_view text) {
    std::vector<RecordEntry> rows;
    std::vector<std::string> fields;
    std::string field;
    std::uint32_t line = 1;
    std::uint32_t row_line = 1;
    bool in_quotes = false;
    bool field_started = false;  // the current field has content or quotes

    auto end_field = [&] {
        fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_row = [&] {
        if (field_started || !fields.empty()) {
            end_field();
        }
        if (!fields.empty() && !fields[0].empty()) {
            RecordEntry e;
            e.path = fields[0];
            e.line = row_line;
            if (fields.size() > 1) {
                e.hash = fields[1];
            }
            if (fields.size() > 2 && !fields[2].empty()) {
                std::uint64_t size = 0;
                const auto& s = fields[2];
                if (auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), size);
                    ec == std::errc() && ptr == s.data() + s.size()) {
                    e.size = size;
                }
            }
            rows.push_back(std::move(e));
        }
        fields.clear();
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field += c;
            }
            continue;
        }
        switch (c) {
        case '"':
            if (!field_started) {
                in_quotes = true;
                field_started = true;
            } else {
                field += c;  // a quote inside an unquoted field is literal (Python's csv does the same)
            }
            break;
        case ',':
            end_field();
            break;
        case '\r':
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            [[fallthrough]];
        case '\n':
            end_row();
            ++line;
            row_line = line;
            break;
        default:
            field += c;
            field_started = true;
            break;
        }
    }
    if (in_quotes) {
        return std::unexpected("line " + std::to_string(row_line) + ": unterminated quoted field");
    }
    end_row();
    return rows;
}

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
        std::string key(trim(line.substr(0, colon)));
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
        const std::string_view value = trim(line.substr(colon + 1));
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

std::string record_hash_from_hex(std::string_view hex) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    auto nibble = [](char c) -> unsigned {
        if (c >= '0' && c <= '9') {
            return static_cast<unsigned>(c - '0');
        }
        if (c >= 'a' && c <= 'f') {
            return static_cast<unsigned>(c - 'a' + 10);
        }
        if (c >= 'A' && c <= 'F') {
            return static_cast<unsigned>(c - 'A' + 10);
        }
        return 0;
    };
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>((nibble(hex[i]) << 4) | nibble(hex[i + 1]));
    }
    std::string out = "sha256=";
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += k_alphabet[v & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) {
            v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        }
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        if (rest == 2) {
            out += k_alphabet[(v >> 6) & 63];
        }
    }
    return out;
}

} // namespace lockkit::install
