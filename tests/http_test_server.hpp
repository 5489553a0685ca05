#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for tests: each request is answered by a
// handler the test supplies (status, headers, body), on its own thread, one
// request per connection. Enough to pin a client's behaviour on answers a real
// index rarely gives on demand: 500 then 200, a body cut short, a lying
// Content-Length, a redirect to file://, byte ranges.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lockkit::testing {

struct HttpTestRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  ///< names lower-cased
};

struct HttpTestResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// Send only this many body bytes (then close), while announcing the full length.
    std::optional<std::size_t> truncate_at;
    /// Announce this Content-Length instead of the body's.
    std::optional<std::string> content_length;
};

class HttpTestServer {
public:
    using Handler = std::function<HttpTestResponse(const HttpTestRequest&)>;

    explicit HttpTestServer(Handler handler) : m_handler(std::move(handler)) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_fd, 64);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { accept_loop(); });
    }
    ~HttpTestServer() {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_thread.join();
        std::lock_guard lock(m_mutex);
        for (auto& t : m_workers) t.join();
    }
    HttpTestServer(const HttpTestServer&) = delete;
    HttpTestServer& operator=(const HttpTestServer&) = delete;

    std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }
    /// Requests answered so far.
    int requests() const { return m_count.load(); }

private:
    void accept_loop() {
        while (!m_stop) {
            const int client = ::accept(m_fd, nullptr, nullptr);
            if (client < 0) break;
            std::lock_guard lock(m_mutex);
            m_workers.emplace_back([this, client] { serve(client); });
        }
    }

    void serve(int client) {
        std::string data;
        char buf[4096];
        while (data.find("\r\n\r\n") == std::string::npos) {
            const auto n = ::recv(client, buf, sizeof buf, 0);
            if (n <= 0) {
                ::close(client);
                return;
            }
            data.append(buf, static_cast<std::size_t>(n));
        }
        HttpTestRequest req;
        const auto line_end = data.find("\r\n");
        const std::string first = data.substr(0, line_end);
        const auto sp1 = first.find(' '), sp2 = first.rfind(' ');
        req.method = first.substr(0, sp1);
        req.path = first.substr(sp1 + 1, sp2 - sp1 - 1);
        std::size_t at = line_end + 2;
        while (at < data.size()) {
            const auto end = data.find("\r\n", at);
            if (end == at || end == std::string::npos) break;
            const std::string h = data.substr(at, end - at);
            const auto colon = h.find(':');
            if (colon != std::string::npos) {
                std::string name = h.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                std::string value = h.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') value.erase(0, 1);
                req.headers[name] = value;
            }
            at = end + 2;
        }
        ++m_count;
        const HttpTestResponse r = m_handler(req);
        std::string out = "HTTP/1.1 " + std::to_string(r.status) + " X\r\nConnection: close\r\n";
        for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
        out += "Content-Length: " + r.content_length.value_or(std::to_string(r.body.size())) + "\r\n\r\n";
        if (req.method != "HEAD") out += r.truncate_at ? r.body.substr(0, *r.truncate_at) : r.body;
        std::size_t sent = 0;
        while (sent < out.size()) {
            const auto n = ::send(client, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) break;
            sent += static_cast<std::size_t>(n);
        }
        ::shutdown(client, SHUT_RDWR);
        ::close(client);
    }

    Handler m_handler;
    int m_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_count{0};
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<std::thread> m_workers;
};

} // namespace lockkit::testing
