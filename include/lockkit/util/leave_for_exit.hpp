#pragma once
// Objects a program's main path leaves for the process exit to reclaim. Freeing a large
// structure node by node just before exiting costs time and gives back memory nobody uses
// again: the model of a 2 MB uv.lock took a twentieth of a no-op `lock resolve`. What is
// handed over here is never destroyed, but it stays reachable (from a list that lives as long
// as the process), so valgrind and LeakSanitizer count it as still reachable, not as a leak.
// Only for what the caller would have destroyed right before the program ends: a library
// function does this only when its caller asks for it.

#include <memory>
#include <type_traits>
#include <utility>

namespace lockkit {

namespace detail {
void keep_until_exit(std::shared_ptr<const void> value);
} // namespace detail

/// Moves `value` out and keeps it, never destroyed, until the process exits.
template <typename T>
void leave_for_exit(T&& value) {
    using Held = std::remove_cvref_t<T>;
    detail::keep_until_exit(std::make_shared<const Held>(std::forward<T>(value)));
}

} // namespace lockkit
