#pragma once
// A wheel's tags of one kind (`py2.py3`, `manylinux_2_17_x86_64.manylinux2014_x86_64`).
//
// Nearly every wheel names one or two tags per field, and index pages list
// thousands of wheels, so the first two live inline and only longer sets
// spill to the heap.

#include <array>
#include <cstddef>
#include <vector>

namespace lockkit::tags {

template <typename T>
class TagSet {
public:
    static constexpr std::size_t k_inline = 2;

    void push_back(T tag) {
        if (m_size < k_inline) {
            m_inline[m_size] = std::move(tag);
        } else {
            m_spill.push_back(std::move(tag));
        }
        ++m_size;
    }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T& operator[](std::size_t i) const { return i < k_inline ? m_inline[i] : m_spill[i - k_inline]; }

    class const_iterator {
    public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        const_iterator() = default;
        const_iterator(const TagSet* set, std::size_t i) : m_set(set), m_i(i) {}
        const T& operator*() const { return (*m_set)[m_i]; }
        const T* operator->() const { return &(*m_set)[m_i]; }
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
        const TagSet* m_set = nullptr;
        std::size_t m_i = 0;
    };

    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

    friend bool operator==(const TagSet& a, const TagSet& b) {
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
    std::array<T, k_inline> m_inline{};
    std::vector<T> m_spill;
    std::size_t m_size = 0;
};

} // namespace lockkit::tags
