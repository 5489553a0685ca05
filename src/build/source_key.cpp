// Keys of build inputs; see include/lockkit/build/source_key.hpp.

#include "lockkit/build/source_key.hpp"

#include "lockkit/util/sha256.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

namespace lockkit::build {

namespace {

bool skipped(const std::filesystem::directory_entry& entry, const std::filesystem::path& relative) {
    const std::string name = relative.filename().string();
    if (name == ".git" || name == ".hg" || name == ".svn" || name == "__pycache__" || name.ends_with(".egg-info")) {
        return true;
    }
    if (relative == "build" || relative == "dist") return true;
    std::error_code ec;
    return entry.is_directory(ec) && std::filesystem::exists(entry.path() / "pyvenv.cfg", ec);
}

} // namespace

std::expected<std::string, std::string> source_tree_key(const std::filesystem::path& tree) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    std::filesystem::recursive_directory_iterator it(tree, std::filesystem::directory_options::none, ec);
    if (ec) return std::unexpected("cannot read `" + tree.string() + "`: " + ec.message());
    for (const std::filesystem::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) return std::unexpected("cannot read `" + tree.string() + "`: " + ec.message());
        const auto relative = it->path().lexically_relative(tree);
        if (skipped(*it, relative)) {
            if (it->is_directory(ec) && !it->is_symlink(ec)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_symlink(ec) || it->is_regular_file(ec)) files.push_back(relative);
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.generic_string() < b.generic_string(); });
    Sha256 hash;
    std::vector<char> buffer(1 << 16);
    for (const auto& relative : files) {
        const auto path = tree / relative;
        const std::string name = relative.generic_string();
        const auto status = std::filesystem::symlink_status(path, ec);
        if (std::filesystem::is_symlink(status)) {
            const std::string target = std::filesystem::read_symlink(path, ec).string();
            const std::string row = "L " + name + '\0' + target + '\0';
            hash.update(row.data(), row.size());
            continue;
        }
        const bool executable = (status.permissions() & std::filesystem::perms::owner_exec) != std::filesystem::perms::none;
        const auto size = std::filesystem::file_size(path, ec);
        const std::string row = std::string(executable ? "X " : "F ") + name + '\0' + std::to_string(size) + '\0';
        hash.update(row.data(), row.size());
        std::ifstream in(path, std::ios::binary);
        if (!in) return std::unexpected("cannot read `" + path.string() + "`");
        while (in) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            hash.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
        }
    }
    return hash.finish_hex();
}

} // namespace lockkit::build
