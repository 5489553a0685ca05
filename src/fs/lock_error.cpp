#include "lockkit/fs/lock_error.hpp"

namespace lockkit::fs {

std::string LockError::describe() const {
    std::string out = message;
    for (const auto& hint : hints) {
        out += "\nhint: ";
        out += hint;
    }
    return out;
}

std::string LockError::render() const {
    return "error: " + describe() + "\n";
}

} // namespace lockkit::fs
