#pragma once
// A vector whose first N elements live inline: for lists that nearly always
// hold one or two items (a wheel's tags, a file's hashes) but occasionally
// more, in structures created by the thousand while reading index pages.

#include <array>
#include <cstddef>
#include <vector>

namespace lockkit {

template <typename T, std::size_t N>
class SmallVector {
public:
    void push_back(T item) {
        if (m_size < N) {
            m_inline[m_size] = std::move(item);
        } else {
            m_spill.push_back(std::move(item));
        }
        ++m_size;
    }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T& operator[](std::size_t i) const { return i < N ? m_inline[i] : m_spill[i - N]; }
    T& operator[](std::size_t i) { return i < N ? m_inline[i] : m_spill[i - N]; }

    class const_iterator {
    public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        const_iterator() = default;
        const_iterator(const SmallVector* v, std::size_t i) : m_v(v), m_i(i) {}
        const T& operator*() const { return (*m_v)[m_i]; }
        const T* operator->() const { return &(*m_v)[m_i]; }
        const_iterator& operator++() {
            ++m_i;
            return *this;
        }
        const_iterator operator++(int) {
            auto copy = *this;
            ++m_i;
            return copy;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.m_i == b.m_i; }

    private:
        const SmallVector* m_v = nullptr;
        std::size_t m_i = 0;
    };

    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

    friend bool operator==(const SmallVector& a, const SmallVector& b) {
        if (a.m_size != b.m_size) {
            return false;
        }
        for (std::size_t i = 0; i < a.m_size; ++i) {
            if (!(a[i] == b[i])) {
                return false;
            }
        }
        return true;
    }

private:
    std::array<T, N> m_inline{};
    std::vector<T> m_spill;
    std::size_t m_size = 0;
};

} // namespace lockkit
