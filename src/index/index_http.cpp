// The authentication flow for index requests; see index_http.hpp.

#include "index_http.hpp"

namespace lockkit::index::detail {

fetch::HttpResponse IndexHttp::attempt(const fetch::HttpRequest& request, const fetch::Credentials* credentials) {
    fetch::HttpRequest copy = request;
    if (credentials != nullptr) copy.headers.push_back(credentials->authorization_header());
    auto response = m_client.get(std::move(copy)).get();
    if (!response.offline && !request.url.starts_with("file:")) ++m_sent;
    if (credentials != nullptr && response.ok()) m_credentials.remember(request.url, *credentials);
    return response;
}

fetch::HttpResponse IndexHttp::send(fetch::HttpRequest request) {
    auto split = fetch::split_url_credentials(request.url);
    request.url = std::move(split.url);
    request.netrc = false;
    std::optional<fetch::Credentials> credentials = std::move(split.credentials);
    if (!credentials) credentials = m_credentials.before_request(request.url);
    if (credentials) {
        // A username alone: look for its password before asking (uv does not send a request it expects to fail).
        if (!credentials->password) credentials = m_credentials.complete(request.url, *credentials);
        return attempt(request, &*credentials);
    }
    auto response = attempt(request, nullptr);
    if (!response.offline && (response.status == 401 || response.status == 403 || response.status == 404)) {
        if (auto found = m_credentials.after_refusal(request.url)) {
            if (request.on_restart) request.on_restart();
            return attempt(request, &*found);
        }
    }
    return response;
}

} // namespace lockkit::index::detail
