// Index credentials; see include/lockkit/fetch/credentials.hpp.

#include "lockkit/fetch/credentials.hpp"

#include "lockkit/index/url.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace lockkit::fetch {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct UrlParts {
    std::string_view scheme;     ///< without "://"
    std::string_view userinfo;   ///< empty when absent
    bool has_userinfo = false;
    std::string_view host_port;  ///< the authority after any userinfo
    std::string_view rest;       ///< path, query and fragment
};

std::optional<UrlParts> split_url(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::nullopt;
    UrlParts parts;
    parts.scheme = url.substr(0, scheme_end);
    std::string_view rest = url.substr(scheme_end + 3);
    const auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    parts.rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        parts.userinfo = authority.substr(0, at);
        parts.has_userinfo = true;
        authority = authority.substr(at + 1);
    }
    parts.host_port = authority;
    return parts;
}

} // namespace

std::string Credentials::authorization_header() const {
    const std::string plain = username + ":" + password.value_or("");
    std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                  reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
    encoded.resize(static_cast<std::size_t>(n));
    return "Authorization: Basic " + encoded;
}

UrlWithoutCredentials split_url_credentials(std::string_view url) {
    const auto parts = split_url(url);
    if (!parts || !parts->has_userinfo) return {std::string(url), std::nullopt};
    Credentials credentials;
    const auto colon = parts->userinfo.find(':');
    credentials.username = index::percent_decode(parts->userinfo.substr(0, colon));
    if (colon != std::string_view::npos) credentials.password = index::percent_decode(parts->userinfo.substr(colon + 1));
    std::string stripped = std::string(parts->scheme) + "://" + std::string(parts->host_port) + std::string(parts->rest);
    if (credentials.username.empty() && !credentials.password) return {std::move(stripped), std::nullopt};
    return {std::move(stripped), std::move(credentials)};
}

std::string url_realm(std::string_view url) {
    const auto parts = split_url(url);
    if (!parts) return {};
    const std::string scheme = lower(parts->scheme);
    std::string host_port = lower(parts->host_port);
    const std::string default_port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
    if (!default_port.empty() && host_port.ends_with(default_port)) host_port.resize(host_port.size() - default_port.size());
    return scheme + "://" + host_port;
}

std::optional<Credentials> index_environment_credentials(std::string_view name,
                                                         const std::map<std::string, std::string>& environment) {
    std::string key;
    for (const char c : name) {
        key += std::isalnum(static_cast<unsigned char>(c)) != 0 ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                                                               : '_';
    }
    const auto username = environment.find("UV_INDEX_" + key + "_USERNAME");
    const auto password = environment.find("UV_INDEX_" + key + "_PASSWORD");
    if (username == environment.end() && password == environment.end()) return std::nullopt;
    Credentials credentials;
    if (username != environment.end()) credentials.username = username->second;
    if (password != environment.end()) credentials.password = password->second;
    return credentials;
}

std::expected<Netrc, std::string> Netrc::parse(std::string_view text) {
    // Tokens separated by white space; `#` starts a comment at the start of a line;
    // a `macdef` body runs to the next empty line.
    std::vector<std::string> tokens;
    std::size_t i = 0;
    bool line_start = true;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            line_start = true;
            ++i;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
            continue;
        }
        if (c == '#' && line_start) {
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        line_start = false;
        std::string token;
        if (c == '"') {
            ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < text.size()) ++i;
                token += text[i++];
            }
            if (i >= text.size()) return std::unexpected("a quoted netrc token is not closed");
            ++i;
        } else {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) token += text[i++];
        }
        if (token == "macdef") {
            // Skip the macro's name and body: everything up to an empty line.
            const auto end = text.find("\n\n", i);
            i = end == std::string_view::npos ? text.size() : end + 2;
            line_start = true;
            continue;
        }
        tokens.push_back(std::move(token));
    }
    Netrc netrc;
    Credentials* current = nullptr;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        const std::string& token = tokens[t];
        auto value = [&]() -> std::expected<std::string, std::string> {
            if (t + 1 >= tokens.size()) return std::unexpected("netrc `" + token + "` has no value");
            return tokens[++t];
        };
        if (token == "machine") {
            auto host = value();
            if (!host) return std::unexpected(host.error());
            netrc.m_machines.emplace_back(lower(*host), Credentials{});
            current = &netrc.m_machines.back().second;
        } else if (token == "default") {
            netrc.m_default = Credentials{};
            current = &*netrc.m_default;
        } else if (token == "login" || token == "password" || token == "account") {
            auto v = value();
            if (!v) return std::unexpected(v.error());
            if (current == nullptr) return std::unexpected("netrc `" + token + "` before any `machine` or `default`");
            if (token == "login") current->username = *v;
            if (token == "password") current->password = *v;
        } else {
            return std::unexpected("unknown netrc keyword `" + token.substr(0, 40) + "`");
        }
    }
    return netrc;
}

std::expected<std::optional<Netrc>, std::string> Netrc::load(const std::map<std::string, std::string>& environment) {
    std::filesystem::path path;
    if (const auto it = environment.find("NETRC"); it != environment.end() && !it->second.empty()) {
        path = it->second;
    } else if (const auto home = environment.find("HOME"); home != environment.end() && !home->second.empty()) {
        path = std::filesystem::path(home->second) / ".netrc";
    } else {
        return std::optional<Netrc>();
    }
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<Netrc>();
    std::string text;
    {
        FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) return std::unexpected("cannot read " + path.string());
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
        std::fclose(f);
    }
    auto parsed = parse(text);
    if (!parsed) return std::unexpected(path.string() + ": " + parsed.error());
    return std::optional<Netrc>(std::move(*parsed));
}

std::optional<Credentials> Netrc::lookup(std::string_view host) const {
    const std::string key = lower(host);
    for (const auto& [machine, credentials] : m_machines) {
        if (machine == key) return credentials;
    }
    return m_default;
}

void CredentialStore::set_netrc(std::optional<Netrc> netrc) {
    std::lock_guard lock(m_mutex);
    m_netrc = std::move(netrc);
}

void CredentialStore::add_index(std::string_view url_prefix, Credentials credentials) {
    std::lock_guard lock(m_mutex);
    m_indexes.emplace_back(split_url_credentials(url_prefix).url, std::move(credentials));
}

const std::pair<std::string, Credentials>* CredentialStore::index_of(std::string_view url) const {
    const std::pair<std::string, Credentials>* best = nullptr;
    for (const auto& entry : m_indexes) {
        // A prefix at a path boundary: `https://h/simple` covers `https://h/simple/x/`.
        std::string_view prefix = entry.first;
        while (prefix.ends_with('/')) prefix.remove_suffix(1);
        if (url.starts_with(prefix) && (url.size() == prefix.size() || url[prefix.size()] == '/') &&
            (best == nullptr || entry.first.size() > best->first.size())) {
            best = &entry;
        }
    }
    return best;
}

std::optional<Credentials> CredentialStore::before_request(std::string_view url) const {
    std::lock_guard lock(m_mutex);
    if (const auto* index = index_of(url)) return index->second;
    if (const auto it = m_realms.find(url_realm(url)); it != m_realms.end()) return it->second;
    return std::nullopt;
}

std::optional<Credentials> CredentialStore::after_refusal(std::string_view url) const {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_realms.find(url_realm(url)); it != m_realms.end()) return it->second;
    return netrc_entry(url);
}

std::optional<Credentials> CredentialStore::netrc_entry(std::string_view url) const {
    if (!m_netrc) return std::nullopt;
    const auto parts = split_url(url);
    if (!parts) return std::nullopt;
    std::string_view host = parts->host_port;
    if (host.starts_with('[')) {
        host = host.substr(0, host.find(']') + 1);
    } else {
        host = host.substr(0, host.find(':'));
    }
    return m_netrc->lookup(host);
}

void CredentialStore::remember(std::string_view url, const Credentials& credentials) {
    std::lock_guard lock(m_mutex);
    m_realms.insert_or_assign(url_realm(url), credentials);
}

void CredentialStore::set_keyring(KeyringLookup keyring) {
    std::lock_guard lock(m_mutex);
    m_keyring = std::move(keyring);
}

Credentials CredentialStore::complete(std::string_view url, const Credentials& partial) const {
    if (partial.password) return partial;
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_realms.find(url_realm(url));
            it != m_realms.end() && it->second.username == partial.username && it->second.password) {
            return it->second;
        }
        // netrc's entry counts only for the same login.
        if (auto entry = netrc_entry(url); entry && entry->username == partial.username && entry->password) return *entry;
    }
    if (auto password = keyring_password(url, partial.username)) return Credentials{partial.username, std::move(password)};
    return partial;
}

std::optional<std::string> CredentialStore::keyring_password(std::string_view url, std::string_view username) const {
    KeyringLookup keyring;
    std::string service;
    std::string key;
    {
        std::lock_guard lock(m_mutex);
        if (!m_keyring || username.empty()) return std::nullopt;
        keyring = m_keyring;
        if (const auto* index = index_of(url)) {
            service = key = index->first;
        } else {
            service = std::string(url);
            key = url_realm(url);
        }
    }
    std::lock_guard lock(m_keyring_mutex);
    const auto memo = std::pair{key, std::string(username)};
    if (const auto it = m_keyring_answers.find(memo); it != m_keyring_answers.end()) return it->second;
    // The service names uv tries, in its order: the URL, the host (with a port that is not the
    // scheme's default), and for http the scheme with the host, as uv stores non-https entries.
    const std::string realm = url_realm(url);
    const auto scheme_end = realm.find("://");
    std::vector<std::string> services{service};
    if (scheme_end != std::string::npos) {
        services.push_back(realm.substr(scheme_end + 3));
        if (realm.compare(0, scheme_end, "https") != 0) services.push_back(realm);
    }
    std::optional<std::string> answer;
    for (const auto& name : services) {
        if ((answer = keyring(name, username))) break;
    }
    m_keyring_answers.emplace(memo, answer);
    return answer;
}

} // namespace lockkit::fetch
