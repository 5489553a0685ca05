#include "process_info.hpp"

#include "lockkit/fs/lock_directory.hpp"

#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <unistd.h>

namespace lockkit::fs {

namespace {

std::mutex g_reporter_mutex;
std::function<void(std::string_view)> g_reporter;

} // namespace

namespace detail {

std::string process_command() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string raw{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::string out;
    std::size_t start = 0;
    bool first = true;
    while (start < raw.size()) {
        std::size_t end = raw.find('\0', start);
        if (end == std::string::npos) {
            end = raw.size();
        }
        std::string_view arg(raw.data() + start, end - start);
        if (first) {
            const auto slash = arg.rfind('/');
            if (slash != std::string_view::npos) {
                arg.remove_prefix(slash + 1);
            }
            first = false;
        } else {
            out += ' ';
        }
        out += arg;
        start = end + 1;
    }
    constexpr std::size_t k_max = 160;
    if (out.size() > k_max) {
        out.resize(k_max - 3);
        out += "...";
    }
    return out;
}

std::string host_name() {
    char buffer[256] = {};
    if (::gethostname(buffer, sizeof buffer - 1) != 0) {
        return {};
    }
    return buffer;
}

void report_to_process(std::string_view line) {
    std::function<void(std::string_view)> reporter;
    {
        std::lock_guard guard(g_reporter_mutex);
        reporter = g_reporter;
    }
    if (reporter) {
        reporter(line);
    }
}

} // namespace detail

void set_lock_reporter(std::function<void(std::string_view line)> reporter) {
    std::lock_guard guard(g_reporter_mutex);
    g_reporter = std::move(reporter);
}

} // namespace lockkit::fs
