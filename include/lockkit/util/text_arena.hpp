#pragma once
// Stable storage for many small strings read from one document (the URLs and
// filenames of an index page): one allocation per 64 KiB block instead of one
// per string. Views it hands out stay valid as long as the arena lives,
// including after the arena is moved.

#include <cstring>
#include <algorithm>
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
            // Blocks grow from 256 bytes to 64 KiB: most arenas hold a few names only (a page read
            // back from the cache keeps its text where it is; 4 KiB each would be 1.4 MiB over
            // the 361 pages of a warehouse resolution). They are not zeroed (make_unique<char[]> would be): every byte is written before it is read.
            const std::size_t next = m_blocks.empty() ? k_first_block : std::min(m_capacity * 2, k_block);
            m_capacity = size > next ? size : next;
            m_blocks.push_back(std::unique_ptr<char[]>(new char[m_capacity]));
            m_used = 0;
        }
        char* out = m_blocks.back().get() + m_used;
        m_used += size;
        return out;
    }

    /// Keeps a filled buffer (a page read back from a cache, possibly a file mapping)
    /// alive with the arena, so views into it need no copy of the text.
    const char* adopt(std::shared_ptr<const char> buffer) {
        m_adopted.push_back(std::move(buffer));
        return m_adopted.back().get();
    }

private:
    static constexpr std::size_t k_block = 64 * 1024;
    static constexpr std::size_t k_first_block = 256;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::vector<std::shared_ptr<const char>> m_adopted;
    std::size_t m_used = 0;
    std::size_t m_capacity = 0;
};

} // namespace lockkit
