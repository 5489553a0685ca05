#pragma once
// A throw-away directory tree for workspace tests, removed on destruction.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace lockkit::testing {

class TempTree {
public:
    TempTree() {
        std::random_device rd;
        m_root = std::filesystem::temp_directory_path() / ("lockkit-pyproject-" + std::to_string(rd()));
        std::filesystem::create_directories(m_root);
    }
    ~TempTree() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    void write(const std::string& rel, const std::string& text) const {
        const auto p = m_root / rel;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
    }
    void mkdir(const std::string& rel) const { std::filesystem::create_directories(m_root / rel); }
    const std::filesystem::path& root() const { return m_root; }

private:
    std::filesystem::path m_root;
};

} // namespace lockkit::testing
