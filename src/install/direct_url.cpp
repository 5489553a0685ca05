// direct_url.json; see include/lockkit/install/direct_url.hpp.

#include "lockkit/install/direct_url.hpp"

#include <nlohmann/json.hpp>

namespace lockkit::install {

namespace {

/// `lock_dir / location`, lexically normal and without a trailing separator (`.` → the folder).
std::filesystem::path resolved(const std::filesystem::path& lock_dir, const std::string& location) {
    auto p = (lock_dir / location).lexically_normal();
    return p.has_filename() || !p.has_parent_path() ? p : p.parent_path();
}

std::string without_fragment(const std::string& url) {
    return url.substr(0, url.find('#'));
}

} // namespace

std::string file_url(const std::filesystem::path& absolute) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out = "file://";
    for (const char c : absolute.generic_string()) {
        const auto u = static_cast<unsigned char>(c);
        const bool plain = std::isalnum(u) || std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string_view::npos;
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += k_hex[u >> 4];
            out += k_hex[u & 15];
        }
    }
    return out;
}

std::optional<std::string> direct_url_for(const lockfile::Package& package, const std::filesystem::path& lock_dir) {
    using lockfile::SourceKind;
    const auto& source = package.id.source;
    nlohmann::ordered_json doc;
    switch (source.kind) {
    case SourceKind::Registry:
    case SourceKind::Virtual:
        return std::nullopt;
    case SourceKind::Url:
        doc["url"] = without_fragment(source.location);
        doc["archive_info"] = nlohmann::ordered_json::object();
        break;
    case SourceKind::Path:
        doc["url"] = file_url(resolved(lock_dir, source.location));
        doc["archive_info"] = nlohmann::ordered_json::object();
        break;
    case SourceKind::Directory:
    case SourceKind::Editable:
        doc["url"] = file_url(resolved(lock_dir, source.location));
        // uv 0.12.5 states `editable` either way (`false` for a directory source).
        doc["dir_info"] = {{"editable", source.kind == SourceKind::Editable}};
        break;
    case SourceKind::Git: {
        // git+https://host/repo?subdirectory=...&tag=...#<commit>: the repository URL, the
        // commit, and what was asked for (the branch, tag or rev), as uv records them.
        const std::string& location = source.location;
        const auto hash = location.rfind('#');
        const std::string head = location.substr(0, hash);
        const auto question = head.find('?');
        doc["url"] = head.substr(0, question);
        nlohmann::ordered_json vcs = {{"vcs", "git"}};
        if (hash != std::string::npos) vcs["commit_id"] = location.substr(hash + 1);
        std::optional<std::string> subdirectory;
        bool lfs = false;
        std::string_view query = question == std::string::npos ? std::string_view() : std::string_view(head).substr(question + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const auto pair = query.substr(0, amp);
            const auto eq = pair.find('=');
            const auto key = pair.substr(0, eq);
            const std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
            if (key == "branch" || key == "tag" || key == "rev") vcs["requested_revision"] = value;
            if (key == "subdirectory") subdirectory = value;
            if (key == "lfs") lfs = value == "true";
            query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        }
        if (lfs) vcs["git_lfs"] = true;
        doc["vcs_info"] = std::move(vcs);
        if (subdirectory) doc["subdirectory"] = *subdirectory;
        break;
    }
    }
    if (source.subdirectory) {
        doc["subdirectory"] = *source.subdirectory;
    }
    return doc.dump();
}

bool same_origin(const std::optional<DirectUrl>& installed, const std::optional<std::string>& wanted) {
    if (!wanted) {
        return !installed;
    }
    if (!installed) {
        return false;
    }
    const auto expected = parse_direct_url(*wanted);
    if (!expected) {
        return false;
    }
    return installed->kind == expected->kind && installed->url == expected->url &&
           installed->editable == expected->editable && installed->subdirectory == expected->subdirectory &&
           installed->commit_id == expected->commit_id;
}

} // namespace lockkit::install
