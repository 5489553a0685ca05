#pragma once
// A package index for registry client tests, served by the loopback test
// server: routes (path → response), byte ranges for files, a log of every
// request (method, path, headers), switches for what the tests vary (no
// ranges, Basic auth required), and builders for pages, wheels and sdists.

#include "../../http_test_server.hpp"
#include "../../zip_builder.hpp"

#include "lockkit/util/sha256.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::testing {

class FakeIndex {
public:
    FakeIndex() : m_server([this](const HttpTestRequest& r) { return answer(r); }) {}

    std::string url(const std::string& path = "") const { return m_server.url(path); }

    void route(const std::string& path, HttpTestResponse response) {
        std::lock_guard lock(m_mutex);
        m_routes[path] = std::move(response);
    }
    /// A JSON page (PEP 691 content type) at /simple/<project>/.
    void json_page(const std::string& project, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
        HttpTestResponse r;
        r.headers = {{"Content-Type", "application/vnd.pypi.simple.v1+json"}};
        r.headers.insert(r.headers.end(), headers.begin(), headers.end());
        r.body = std::move(body);
        route("/simple/" + project + "/", std::move(r));
    }
    /// A file at /files/<name>, served with ranges unless refused.
    void file(const std::string& name, std::string bytes) {
        std::lock_guard lock(m_mutex);
        m_files["/files/" + name] = std::move(bytes);
    }

    bool ranges = true;
    std::optional<std::string> basic_auth;  ///< "user:password" every request must carry
    std::function<std::optional<HttpTestResponse>(const HttpTestRequest&)> hook;

    std::vector<HttpTestRequest> requests() const {
        std::lock_guard lock(m_mutex);
        return m_log;
    }
    std::size_t count(const std::string& method, const std::string& path_part) const {
        std::size_t n = 0;
        for (const auto& r : requests()) n += r.method == method && r.path.find(path_part) != std::string::npos;
        return n;
    }
    void clear_log() {
        std::lock_guard lock(m_mutex);
        m_log.clear();
    }

private:
    HttpTestResponse answer(const HttpTestRequest& r) {
        {
            std::lock_guard lock(m_mutex);
            m_log.push_back(r);
        }
        if (hook) {
            if (auto out = hook(r)) return *out;
        }
        if (basic_auth) {
            const auto it = r.headers.find("authorization");
            if (it == r.headers.end() || it->second != "Basic " + base64(*basic_auth)) {
                HttpTestResponse denied;
                denied.status = 401;
                denied.headers = {{"WWW-Authenticate", "Basic realm=\"test\""}};
                return denied;
            }
        }
        std::lock_guard lock(m_mutex);
        if (auto it = m_routes.find(r.path); it != m_routes.end()) return it->second;
        if (auto it = m_files.find(r.path); it != m_files.end()) return serve(it->second, r);
        HttpTestResponse missing;
        missing.status = 404;
        return missing;
    }

    HttpTestResponse serve(const std::string& bytes, const HttpTestRequest& r) const {
        HttpTestResponse out;
        out.headers = {{"Content-Type", "application/octet-stream"}};
        if (ranges) out.headers.emplace_back("Accept-Ranges", "bytes");
        const auto range = r.headers.find("range");
        if (!ranges || range == r.headers.end() || !range->second.starts_with("bytes=")) {
            out.body = bytes;
            return out;
        }
        const std::string spec = range->second.substr(6);
        const auto dash = spec.find('-');
        std::size_t first = 0, last = bytes.size() - 1;
        if (dash == 0) {
            first = bytes.size() - std::min<std::size_t>(bytes.size(), std::stoul(spec.substr(1)));
        } else {
            first = std::stoul(spec.substr(0, dash));
            if (dash + 1 < spec.size()) last = std::min<std::size_t>(last, std::stoul(spec.substr(dash + 1)));
        }
        out.status = 206;
        out.body = bytes.substr(first, last - first + 1);
        out.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                                      std::to_string(bytes.size()));
        return out;
    }

    static std::string base64(const std::string& in) {
        static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        std::string out;
        std::size_t i = 0;
        for (; i + 2 < in.size(); i += 3) {
            const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                               static_cast<unsigned char>(in[i + 2]);
            out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
        }
        if (i + 1 == in.size()) {
            const unsigned v = static_cast<unsigned char>(in[i]) << 16;
            out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
        } else if (i + 2 == in.size()) {
            const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
            out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
        }
        return out;
    }

    mutable std::mutex m_mutex;
    std::map<std::string, HttpTestResponse> m_routes;
    std::map<std::string, std::string> m_files;
    std::vector<HttpTestRequest> m_log;
    HttpTestServer m_server;  // last: stops before the routes it reads are gone
};

/// One file object of a PEP 691 page.
inline std::string json_file(const std::string& filename, const std::string& bytes, const std::string& extra = "") {
    return "{\"filename\": \"" + filename + "\", \"url\": \"../../files/" + filename + "\", \"hashes\": {\"sha256\": \"" +
           sha256_hex(bytes) + "\"}, \"size\": " + std::to_string(bytes.size()) + extra + "}";
}

inline std::string json_page_of(const std::vector<std::string>& files) {
    std::string out = "{\"meta\": {\"api-version\": \"1.1\"}, \"files\": [";
    for (std::size_t i = 0; i < files.size(); ++i) out += (i ? ", " : "") + files[i];
    return out + "]}";
}

inline std::string metadata_text(const std::string& name, const std::string& version, const std::string& extra = "") {
    return "Metadata-Version: 2.3\nName: " + name + "\nVersion: " + version + "\n" + extra + "\n";
}

/// An sdist (.tar.gz) whose top folder holds `files` (name → content).
inline std::string make_test_sdist(const std::string& top, const std::map<std::string, std::string>& files) {
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    std::string out(1 << 20, '\0');
    std::size_t used = 0;
    archive_write_open_memory(a, out.data(), out.size(), &used);
    for (const auto& [name, content] : files) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, (top + "/" + name).c_str());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
        archive_write_header(a, e);
        archive_write_data(a, content.data(), content.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

} // namespace lockkit::testing
