// Environment state; see include/lockkit/install/install_state.hpp.

#include "lockkit/install/install_state.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/parallel.hpp"

#include <algorithm>
#include <charconv>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

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
    // One lstat per file is the whole cost of a no-op sync, so each is made relative to an
    // open folder (one path component for the kernel to walk, not ten) and without
    // building paths.
    std::vector<std::string> changed;
    const int root_fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) {
        for (const auto& [path, stamp] : files) {
            changed.push_back(path);
        }
        return changed;
    }
    std::unordered_map<std::string_view, int> folders;
    for (const auto& [path, expected] : files) {
        const auto slash = path.rfind('/');
        int dir_fd = root_fd;
        const char* name = path.c_str();
        if (slash != std::string::npos) {
            const std::string_view folder(path.data(), slash);
            auto it = folders.find(folder);
            if (it == folders.end()) {
                const std::string folder_text(folder);
                it = folders.emplace(folder, ::openat(root_fd, folder_text.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC))
                         .first;
            }
            dir_fd = it->second;
            name += slash + 1;
        }
        struct stat st {};
        if (dir_fd < 0 || ::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            static_cast<std::uint64_t>(st.st_size) != expected.size ||
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec != expected.mtime_ns ||
            static_cast<std::uint64_t>(st.st_ino) != expected.inode) {
            changed.push_back(path);
        }
    }
    for (const auto& [folder, fd] : folders) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    ::close(root_fd);
    return changed;
}

ChangedFiles changed_files(const std::filesystem::path& root, const InstallState& state, unsigned jobs) {
    std::vector<const std::pair<const std::string, InstallState::Files>*> entries;
    for (const auto& entry : state.distributions()) {
        entries.push_back(&entry);
    }
    std::vector<std::vector<std::string>> found(entries.size());
    parallel_for(entries.size(), jobs, [&](std::size_t i) { found[i] = changed_files(root, entries[i]->second); });
    ChangedFiles out;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        out.emplace(entries[i]->first, std::move(found[i]));
    }
    return out;
}

} // namespace lockkit::install
