#pragma once
// Requests to indexes with uv's authentication flow (fetch/credentials.hpp):
// credentials in the URL are taken out and sent in a header; a request that
// known credentials cover carries them; any other goes out bare first and is
// retried once with the realm's or netrc's credentials after 401, 403 or 404.
// libcurl's own netrc lookup is switched off, so that first bare request is
// really bare.

#include "lockkit/fetch/credentials.hpp"
#include "lockkit/fetch/http_client.hpp"

#include <atomic>
#include <cstdint>

namespace lockkit::index::detail {

class IndexHttp {
public:
    IndexHttp(fetch::HttpClient& client, fetch::CredentialStore& credentials)
        : m_client(client), m_credentials(credentials) {}

    /// Sends the request and waits for the answer.
    fetch::HttpResponse send(fetch::HttpRequest request);

    std::uint64_t sent() const { return m_sent.load(); }
    const fetch::HttpClientOptions& options() const { return m_client.options(); }

private:
    fetch::HttpResponse attempt(const fetch::HttpRequest& request, const fetch::Credentials* credentials);

    fetch::HttpClient& m_client;
    fetch::CredentialStore& m_credentials;
    std::atomic<std::uint64_t> m_sent{0};
};

} // namespace lockkit::index::detail
