#pragma once
// A throw-away directory tree for tests, removed on destruction. Paths given
// to its methods are relative to the root (an absolute path is used as is).

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

namespace lockkit::testing {

class TempTree {
public:
    TempTree() {
        std::random_device rd;
        m_root = std::filesystem::temp_directory_path() / ("lockkit-test-" + std::to_string(rd()));
        std::filesystem::create_directories(m_root);
    }
    ~TempTree() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    void write(const std::filesystem::path& rel, const std::string& text) const {
        const auto p = m_root / rel;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
    }
    std::string read(const std::filesystem::path& rel) const {
        std::ifstream in(m_root / rel, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    void mkdir(const std::filesystem::path& rel) const { std::filesystem::create_directories(m_root / rel); }
    /// Regular files anywhere under `rel`.
    std::size_t count_files(const std::filesystem::path& rel) const {
        std::size_t n = 0;
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(m_root / rel, ec);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            n += it->is_regular_file(ec) ? 1 : 0;
        }
        return n;
    }
    const std::filesystem::path& root() const { return m_root; }

private:
    std::filesystem::path m_root;
};

} // namespace lockkit::testing
