#include "lockkit/fs/file_lock.hpp"

#include "lock_call.hpp"
#include "lock_file_io.hpp"

#include <unistd.h>
#include <utility>

namespace lockkit::fs {

FileLock::FileLock(int fd, LockMode mode, LockMechanism mechanism, std::filesystem::path resource,
                   std::filesystem::path lock_file, std::string holder_line)
    : m_fd(fd), m_mode(mode), m_mechanism(mechanism), m_resource(std::move(resource)),
      m_lock_file(std::move(lock_file)), m_holder_line(std::move(holder_line)) {}

FileLock::FileLock(FileLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_mode(other.m_mode), m_mechanism(other.m_mechanism),
      m_resource(std::move(other.m_resource)), m_lock_file(std::move(other.m_lock_file)),
      m_holder_line(std::move(other.m_holder_line)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_mode = other.m_mode;
        m_mechanism = other.m_mechanism;
        m_resource = std::move(other.m_resource);
        m_lock_file = std::move(other.m_lock_file);
        m_holder_line = std::move(other.m_holder_line);
    }
    return *this;
}

FileLock::~FileLock() {
    release();
}

void FileLock::release() noexcept {
    if (m_fd < 0) {
        return;
    }
    if (m_mode == LockMode::Shared) {
        detail::clear_shared_holder_line(m_fd, m_holder_line);
    }
    detail::unlock_fd(m_fd, m_mechanism);
    ::close(m_fd);
    m_fd = -1;
}

} // namespace lockkit::fs
