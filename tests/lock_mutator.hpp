#pragma once
// Mutations of lock texts for the fuzz-style robustness tests: byte edits (most
// of which make the text unreadable, testing the reader), and edits that keep
// the TOML valid but put hostile values where lockkit expects sane ones (long
// digit runs in versions and wheel tags, empty or odd strings, duplicated or
// dropped lines), so the diff and the merge get to see them. Deterministic for
// a given generator, so a failure reproduces.

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::testing {

class LockMutator {
public:
    explicit LockMutator(std::mt19937_64& rng) : m_rng(rng) {}

    /// One to four byte edits: replace, erase a run, or insert a junk byte.
    std::string bytes(std::string text) {
        static constexpr char junk[] = "\"'[]{}=,.\n\\#x0 \t\x01\xff";
        const int edits = 1 + static_cast<int>(m_rng() % 4);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = m_rng() % text.size();
            switch (m_rng() % 3) {
            case 0: text[at] = junk[m_rng() % (sizeof junk - 1)]; break;
            case 1: text.erase(at, 1 + m_rng() % 20); break;
            default: text.insert(at, 1, junk[m_rng() % (sizeof junk - 1)]); break;
            }
        }
        return text;
    }

    /// One to six edits that keep most of the text valid TOML: a quoted value
    /// replaced by a hostile one, a digit run lengthened, a line dropped or doubled.
    std::string values(std::string text) {
        const int edits = 1 + static_cast<int>(m_rng() % 6);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            switch (m_rng() % 4) {
            case 0: replace_string(text); break;
            case 1: lengthen_digits(text); break;
            case 2: drop_line(text); break;
            default: double_line(text); break;
            }
        }
        return text;
    }

private:
    std::size_t line_start(const std::string& text, std::size_t at) const {
        const std::size_t nl = text.rfind('\n', at);
        return nl == std::string::npos ? 0 : nl + 1;
    }

    void replace_string(std::string& text) {
        static const std::vector<std::string> hostile = {
            "", "0", "99999999999999999999999999", "1.0.0.0.0.0.0.0.0.0", "1!2.3.4rc5.post6.dev7+local.8",
            "cp99999999999999999999999", "x-cp99999999999999999999999-none-any.whl", "==", ">=1,<", "a b",
            "python_version >= '3.8' and", "extra == 'x' or", "../../../etc/passwd", "\\u00e9", "sha256:zz",
            "https://[::1", "file:///", "\\\"", "é€📦",
        };
        const std::size_t at = text.find('"', m_rng() % text.size());
        if (at == std::string::npos) return;
        const std::size_t end = text.find('"', at + 1);
        if (end == std::string::npos || text.find('\n', at) < end) return;
        text.replace(at + 1, end - at - 1, hostile[m_rng() % hostile.size()]);
    }

    void lengthen_digits(std::string& text) {
        const std::size_t at = text.find_first_of("0123456789", m_rng() % text.size());
        if (at == std::string::npos) return;
        text.insert(at, std::string(1 + m_rng() % 30, static_cast<char>('1' + m_rng() % 9)));
    }

    void drop_line(std::string& text) {
        const std::size_t start = line_start(text, m_rng() % text.size());
        const std::size_t end = text.find('\n', start);
        text.erase(start, end == std::string::npos ? std::string::npos : end - start + 1);
    }

    void double_line(std::string& text) {
        const std::size_t start = line_start(text, m_rng() % text.size());
        const std::size_t end = text.find('\n', start);
        if (end == std::string::npos) return;
        text.insert(start, text.substr(start, end - start + 1));
    }

    std::mt19937_64& m_rng;
};

} // namespace lockkit::testing
