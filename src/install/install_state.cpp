// Environment state; see include/lockkit/install/install_state.hpp.

#include "lockkit/install/install_state.hpp"

#include "lockkit/install/linker.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/parallel.hpp"

#include <algorithm>
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
    if (!text || !text->starts_with(k_header) || text->size() == k_header.size() ||
        (*text)[k_header.size()] != '\n') {
        return state;
    }
    // Blocks start at lines "D <dist-info>"; the stamp lines between are kept as text.
    const std::string_view all = *text;
    std::size_t pos = k_header.size() + 1;
    while (pos < all.size()) {
        if (!all.substr(pos).starts_with("D ")) {
            return InstallState();  // damaged: trust nothing in it
        }
        const auto eol = all.find('\n', pos);
        if (eol == std::string_view::npos) {
            return InstallState();
        }
        std::string key(all.substr(pos + 2, eol - pos - 2));
        auto next = all.find("\nD ", eol);
        next = next == std::string_view::npos ? all.size() : next + 1;
        state.m_dists[std::move(key)] = std::string(all.substr(eol + 1, next - eol - 1));
        pos = next;
    }
    return state;
}

std::expected<void, std::string> InstallState::write(const std::filesystem::path& root) const {
    std::string out(k_header);
    out += '\n';
    for (const auto& [dist, lines] : m_dists) {
        out += "D " + dist + "\n";
        out += lines;
    }
    std::error_code ec;
    std::filesystem::create_directories(root / ".lockkit", ec);
    // Replaced atomically (temp file + rename) but not flushed: on ext4 an fsync here
    // waits for the journal to commit every link of the install (hundreds of ms on a
    // busy disk), and a state lost in a crash only costs one check by hash.
    auto written = write_new_file(state_path(root), out);
    if (!written) {
        return std::unexpected(written.error());
    }
    return {};
}

std::optional<InstallState::Files> InstallState::find(const std::string& dist_info) const {
    const auto it = m_dists.find(dist_info);
    if (it == m_dists.end()) {
        return std::nullopt;
    }
    Files files;
    std::string_view rest = it->second;
    while (!rest.empty()) {
        const auto eol = rest.find('\n');
        if (eol == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string_view line = rest.substr(0, eol);
        rest.remove_prefix(eol + 1);
        auto stamped = parse_stamp_line(line);
        if (!stamped) {
            return std::nullopt;  // damaged: as good as no stamps
        }
        files.push_back(std::move(*stamped));
    }
    return files;
}

void InstallState::set(const std::string& dist_info, const Files& files) {
    std::string lines;
    for (const auto& [path, st] : files) {
        lines += format_stamp_line(path, st);
    }
    m_dists[dist_info] = std::move(lines);
}

void InstallState::prune(const std::filesystem::path& root) {
    std::erase_if(m_dists, [&](const auto& entry) {
        std::error_code ec;
        return !std::filesystem::is_directory(root / entry.first, ec);
    });
}

std::vector<std::string> InstallState::distributions() const {
    std::vector<std::string> out;
    for (const auto& [dist, lines] : m_dists) {
        out.push_back(dist);
    }
    return out;
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
    const auto dists = state.distributions();
    std::vector<std::optional<std::vector<std::string>>> found(dists.size());
    parallel_for(dists.size(), jobs, [&](std::size_t i) {
        if (const auto files = state.find(dists[i])) {
            found[i] = changed_files(root, *files);
        }
    });
    ChangedFiles out;
    for (std::size_t i = 0; i < dists.size(); ++i) {
        if (found[i]) {
            out.emplace(dists[i], std::move(*found[i]));
        }
    }
    return out;
}

} // namespace lockkit::install
