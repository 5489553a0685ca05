// Environment state; see include/lockkit/install/install_state.hpp.

#include "lockkit/install/install_state.hpp"

#include "lockkit/util/atomic_file.hpp"

#include <algorithm>
#include <charconv>

namespace lockkit::install {

namespace {

constexpr std::string_view k_header = "lockkit-environment-state 1";

std::filesystem::path state_path(const std::filesystem::path& root) {
    return root / ".lockkit" / "state";
}

} // namespace

InstallState InstallState::read(const std::filesystem::path& root) {
    InstallState state;
    const auto text = read_file(state_path(root));
    if (!text) {
        return state;
    }
    std::string_view rest = *text;
    auto next_line = [&]() -> std::optional<std::string_view> {
        if (rest.empty()) {
            return std::nullopt;
        }
        auto eol = rest.find('\n');
        const auto line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        return line;
    };
    if (next_line() != k_header) {
        return state;
    }
    Files* current = nullptr;
    while (auto line = next_line()) {
        if (line->starts_with("D ")) {
            current = &state.m_dists[std::string(line->substr(2))];
            continue;
        }
        FileStamp st;
        const char* p = line->data();
        const char* end = p + line->size();
        auto number = [&](auto& value) {
            const auto [ptr, ec] = std::from_chars(p, end, value);
            if (ec != std::errc() || ptr == end || *ptr != ' ') {
                return false;
            }
            p = ptr + 1;
            return true;
        };
        if (current == nullptr || !number(st.size) || !number(st.mtime_ns) || !number(st.inode) || p == end) {
            return InstallState();  // damaged: trust nothing in it
        }
        current->emplace_back(std::string(p, end), st);
    }
    return state;
}

std::expected<void, std::string> InstallState::write(const std::filesystem::path& root) const {
    std::string out(k_header);
    out += '\n';
    for (const auto& [dist, files] : m_dists) {
        out += "D " + dist + "\n";
        for (const auto& [path, st] : files) {
            out += std::to_string(st.size) + " " + std::to_string(st.mtime_ns) + " " + std::to_string(st.inode) + " " +
                   path + "\n";
        }
    }
    std::error_code ec;
    std::filesystem::create_directories(root / ".lockkit", ec);
    return write_file_atomically(state_path(root), out);
}

const InstallState::Files* InstallState::find(const std::string& dist_info) const {
    const auto it = m_dists.find(dist_info);
    return it == m_dists.end() ? nullptr : &it->second;
}

void InstallState::prune(const std::filesystem::path& root) {
    std::erase_if(m_dists, [&](const auto& entry) {
        std::error_code ec;
        return !std::filesystem::is_directory(root / entry.first, ec);
    });
}

std::vector<std::string> changed_files(const std::filesystem::path& root, const InstallState::Files& files) {
    std::vector<std::string> changed;
    for (const auto& [path, expected] : files) {
        const auto actual = stamp_file(root / path);
        if (!actual || *actual != expected) {
            changed.push_back(path);
        }
    }
    return changed;
}

} // namespace lockkit::install
