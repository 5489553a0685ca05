#pragma once
// HTTP Basic credentials for package indexes, found and used the way uv finds
// and uses them (uv-auth's middleware; docs/concepts/authentication):
//
//   * credentials in an index URL (`https://user:secret@host/simple`) and an
//     index's `UV_INDEX_<NAME>_USERNAME` / `_PASSWORD` belong to that index:
//     every request under its URL carries them from the start;
//   * any other request goes out without credentials first; on 401, 403 or
//     404 the credentials that worked before for the same realm (scheme, host
//     and port), else the netrc file's entry for the host, are tried once;
//   * credentials that worked are remembered for their realm for the rest of
//     the run, so later files on that host carry them from the start.
//   * credentials with a username but no password (`https://user@host/simple`,
//     or `UV_INDEX_<NAME>_USERNAME` alone) are completed before the request:
//     the realm's that worked for that username, else the netrc entry for the
//     host with that login, else the keyring (keyring-provider = "subprocess"),
//     asked once per index URL (or realm) and username for the run: under the
//     index's URL as written (or the request's URL outside any index), then
//     `host[:port]`, then `scheme://host[:port]` when the scheme is not https.
//     Without a username the keyring is never asked (uv only asks it then for
//     `authenticate = "always"`).
//
// A secret never leaves this module except inside an `Authorization` header
// line: `Credentials` has no printing, and URLs are stripped of their user
// information before they are requested, cached or shown (redact_url).

#include "lockkit/fetch/keyring.hpp"

#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::fetch {

struct Credentials {
    std::string username;
    std::optional<std::string> password;

    /// `Authorization: Basic <base64(username:password)>`.
    std::string authorization_header() const;
    friend bool operator==(const Credentials&, const Credentials&) = default;
};

/// A URL split into the URL without `user:password@` and the credentials it carried
/// (percent-decoded).
struct UrlWithoutCredentials {
    std::string url;
    std::optional<Credentials> credentials;
};
UrlWithoutCredentials split_url_credentials(std::string_view url);

/// `scheme://host[:port]` in lower case, the port left out when it is the scheme's default.
std::string url_realm(std::string_view url);

/// `UV_INDEX_<NAME>_USERNAME` / `_PASSWORD` for the index `name` (upper-cased, every
/// character other than an ASCII letter or digit written `_`); nothing when neither is set.
std::optional<Credentials> index_environment_credentials(std::string_view name,
                                                         const std::map<std::string, std::string>& environment);

/// A netrc file: `machine <host> login <user> password <secret>` entries and an
/// optional `default` entry; `account` and `macdef` blocks are skipped.
class Netrc {
public:
    static std::expected<Netrc, std::string> parse(std::string_view text);
    /// `$NETRC`, else `~/.netrc`; nothing when the file does not exist.
    static std::expected<std::optional<Netrc>, std::string> load(const std::map<std::string, std::string>& environment);

    /// The entry for `host`, else the default entry.
    std::optional<Credentials> lookup(std::string_view host) const;

private:
    std::vector<std::pair<std::string, Credentials>> m_machines;
    std::optional<Credentials> m_default;
};

/// What the client knows about credentials during one run; thread-safe.
class CredentialStore {
public:
    CredentialStore() = default;
    explicit CredentialStore(std::optional<Netrc> netrc) : m_netrc(std::move(netrc)) {}

    /// The netrc file to consult after a refusal.
    void set_netrc(std::optional<Netrc> netrc);
    /// Credentials for every request under `url_prefix` (an index's URL).
    void add_index(std::string_view url_prefix, Credentials credentials);
    /// What a first request to `url` carries: the credentials of the longest index URL it
    /// falls under, or the ones its realm needed before.
    std::optional<Credentials> before_request(std::string_view url) const;
    /// What to retry with after 401/403/404 without credentials: the realm's, else netrc's.
    std::optional<Credentials> after_refusal(std::string_view url) const;
    /// Credentials that worked for `url`: remembered for its realm.
    void remember(std::string_view url, const Credentials& credentials);
    /// The keyring to ask for passwords (keyring-provider = "subprocess"); none by default.
    void set_keyring(KeyringLookup keyring);
    /// `partial` (a username without password) with its password, found as the header says;
    /// `partial` unchanged when none is found.
    Credentials complete(std::string_view url, const Credentials& partial) const;

private:
    /// The longest index URL `url` falls under, with its credentials; null when none.
    const std::pair<std::string, Credentials>* index_of(std::string_view url) const;
    /// netrc's entry for the host of `url` (m_mutex held).
    std::optional<Credentials> netrc_entry(std::string_view url) const;
    std::optional<std::string> keyring_password(std::string_view url, std::string_view username) const;

    mutable std::mutex m_mutex;
    std::vector<std::pair<std::string, Credentials>> m_indexes;
    std::map<std::string, Credentials> m_realms;
    std::optional<Netrc> m_netrc;
    KeyringLookup m_keyring;
    /// One keyring question per (index URL or realm, username) and run; held while it is asked,
    /// so that other flows wanting the same answer wait for it instead of asking again.
    mutable std::mutex m_keyring_mutex;
    mutable std::map<std::pair<std::string, std::string>, std::optional<std::string>> m_keyring_answers;
};

} // namespace lockkit::fetch
