#pragma once
// Stable storage for many small strings read from one document (the URLs and
// filenames of an index page): one allocation per 64 KiB block instead of one
// per string. Views it hands out stay valid as long as the arena lives,
// including after the arena is moved.

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace lockkit {

class TextArena {
public:
    /// Copies `text` into the arena.
    std::string_view store(std::string_view text) {
        char* out = reserve(text.size());
        if (!text.empty()) {
            std::memcpy(out, text.data(), text.size());
        }
        return {out, text.size()};
    }

    /// Room for `size` bytes the caller fills in; the view of them is `{pointer, size}`.
    char* reserve(std::size_t size) {
        if (m_blocks.empty() || m_used + size > m_capacity) {
            m_capacity = size > k_block ? size : k_block;
            m_blocks.push_back(std::make_unique<char[]>(m_capacity));
            m_used = 0;
        }
        char* out = m_blocks.back().get() + m_used;
        m_used += size;
        return out;
    }

    /// Takes ownership of a filled buffer (a page read back from a cache), so views
    /// into it live as long as the arena, without copying the text.
    const char* adopt(std::unique_ptr<char[]> buffer) {
        m_adopted.push_back(std::move(buffer));
        return m_adopted.back().get();
    }

private:
    static constexpr std::size_t k_block = 64 * 1024;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::vector<std::unique_ptr<char[]>> m_adopted;
    std::size_t m_used = 0;
    std::size_t m_capacity = 0;
};

} // namespace lockkit
