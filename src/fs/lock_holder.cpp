#include "lockkit/fs/lock_holder.hpp"

#include <charconv>
#include <ctime>
#include <vector>

namespace lockkit::fs {

namespace {

constexpr std::string_view k_tag = "lockkit-lock 1";

/// Keeps the line one line of tab-separated fields.
std::string clean(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += c == '\t' ? ' ' : (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return out;
}

std::string utc_text(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buffer[32];
    const auto n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buffer, n);
}

std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text) {
    std::tm tm{};
    const std::string owned(text);
    const char* end = ::strptime(owned.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

} // namespace

std::string LockHolder::to_line() const {
    std::string line(k_tag);
    line += "\tpid=" + std::to_string(pid);
    line += "\thost=" + clean(host);
    line += "\tstarted=" + utc_text(started);
    line += exclusive ? "\tmode=exclusive" : "\tmode=shared";
    line += "\tcommand=" + clean(command);
    line += "\tresource=" + clean(resource);
    line += '\n';
    return line;
}

std::optional<LockHolder> LockHolder::parse(std::string_view content) {
    const auto newline = content.find('\n');
    if (newline == std::string_view::npos) {
        return std::nullopt;  // empty, or cut short by a writer that has not finished
    }
    std::string_view line = content.substr(0, newline);
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const auto tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) {
            break;
        }
        start = tab + 1;
    }
    if (fields.empty() || fields[0] != k_tag) {
        return std::nullopt;
    }
    LockHolder holder;
    bool have_pid = false, have_started = false;
    for (std::size_t i = 1; i < fields.size(); ++i) {
        const auto eq = fields[i].find('=');
        if (eq == std::string_view::npos) {
            return std::nullopt;
        }
        const auto key = fields[i].substr(0, eq);
        const auto value = fields[i].substr(eq + 1);
        if (key == "pid") {
            const auto r = std::from_chars(value.data(), value.data() + value.size(), holder.pid);
            have_pid = r.ec == std::errc() && r.ptr == value.data() + value.size() && holder.pid > 0;
        } else if (key == "host") {
            holder.host = value;
        } else if (key == "started") {
            if (auto when = parse_utc(value)) {
                holder.started = *when;
                have_started = true;
            }
        } else if (key == "mode") {
            holder.exclusive = value != "shared";
        } else if (key == "command") {
            holder.command = value;
        } else if (key == "resource") {
            holder.resource = value;
        }
        // Unknown keys are skipped: a later version 1 writer may add fields.
    }
    if (!have_pid || !have_started) {
        return std::nullopt;
    }
    return holder;
}

std::string LockHolder::describe(std::string_view local_host) const {
    std::string out = "pid " + std::to_string(pid);
    if (!host.empty() && host != local_host) {
        out += " on " + host;
    }
    if (!command.empty()) {
        out += ": " + command;
    }
    const std::time_t then = std::chrono::system_clock::to_time_t(started);
    const std::time_t now = std::time(nullptr);
    std::tm then_tm{}, now_tm{};
    ::localtime_r(&then, &then_tm);
    ::localtime_r(&now, &now_tm);
    const bool today = then_tm.tm_year == now_tm.tm_year && then_tm.tm_yday == now_tm.tm_yday;
    char buffer[32];
    const auto n = std::strftime(buffer, sizeof buffer, today ? "%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &then_tm);
    out += ", since ";
    out.append(buffer, n);
    return out;
}

} // namespace lockkit::fs
