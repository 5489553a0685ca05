#include "lockkit/fs/lock_settings.hpp"

#include "process_info.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace lockkit::fs {

namespace {

const char* non_empty_env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
}

std::expected<std::chrono::milliseconds, LockError> parse_timeout(const char* text) {
    errno = 0;
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    while (end != nullptr && (*end == ' ' || *end == '\t')) {
        ++end;
    }
    if (end == text || end == nullptr || *end != '\0' || errno != 0 || !std::isfinite(seconds) || seconds < 0) {
        return std::unexpected(LockError{LockError::Kind::Settings,
                                         std::string("LOCKKIT_LOCK_TIMEOUT=") + text +
                                             " is not a number of seconds",
                                         {"set it to a number of seconds to wait for a lock, e.g. "
                                          "LOCKKIT_LOCK_TIMEOUT=600, or unset it for the default (300)"}});
    }
    // Days are plenty; the clamp keeps the deadline arithmetic far from overflow.
    const double millis = std::min(seconds * 1000.0, 1e11);
    return std::chrono::milliseconds(static_cast<long long>(std::llround(millis)));
}

} // namespace

std::expected<LockSettings, LockError> LockSettings::from_environment() {
    LockSettings settings;
    if (const char* dir = non_empty_env("LOCKKIT_LOCK_DIR")) {
        std::error_code ec;
        settings.directory = std::filesystem::absolute(dir, ec);
        if (ec) {
            settings.directory = dir;
        }
        settings.directory_configured = true;
    } else if (const char* state = non_empty_env("XDG_STATE_HOME");
               state != nullptr && std::filesystem::path(state).is_absolute()) {
        // The XDG base directory spec says to ignore relative values.
        settings.directory = std::filesystem::path(state) / "lockkit" / "locks";
    } else if (const char* home = non_empty_env("HOME")) {
        settings.directory = std::filesystem::path(home) / ".local" / "state" / "lockkit" / "locks";
    } else {
        return std::unexpected(LockError{LockError::Kind::DirectoryUnavailable,
                                         "no lock directory: neither LOCKKIT_LOCK_DIR, XDG_STATE_HOME nor HOME is set",
                                         {"set LOCKKIT_LOCK_DIR to a writable directory for lockkit's lock files"}});
    }
    if (const char* timeout = non_empty_env("LOCKKIT_LOCK_TIMEOUT")) {
        auto parsed = parse_timeout(timeout);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        settings.timeout = *parsed;
    }
    if (const char* kind = non_empty_env("LOCKKIT_LOCK_KIND")) {
        const std::string_view value(kind);
        if (value == "flock") {
            settings.mechanism = LockMechanism::Flock;
        } else if (value == "fcntl") {
            settings.mechanism = LockMechanism::Fcntl;
        } else if (value != "auto") {
            return std::unexpected(LockError{LockError::Kind::Settings,
                                             "LOCKKIT_LOCK_KIND=" + std::string(value) + " is not auto, flock or fcntl",
                                             {"unset it to let lockkit choose by filesystem"}});
        }
    }
    settings.command = detail::process_command();
    return settings;
}

} // namespace lockkit::fs
