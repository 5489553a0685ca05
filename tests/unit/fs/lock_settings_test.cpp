// Settings come from LOCKKIT_LOCK_DIR, XDG_STATE_HOME, HOME, LOCKKIT_LOCK_TIMEOUT
// and LOCKKIT_LOCK_KIND, with clear errors for values we cannot use.

#include "lockkit/fs/lock_settings.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <optional>

using namespace lockkit::fs;

namespace {

/// Sets (or, for nullopt, unsets) variables for one scope and restores them.
class ScopedEnv {
public:
    explicit ScopedEnv(const std::map<std::string, std::optional<std::string>>& values) {
        for (const auto& [name, value] : values) {
            const char* old = std::getenv(name.c_str());
            m_saved[name] = old ? std::optional<std::string>(old) : std::nullopt;
            set(name, value);
        }
    }
    ~ScopedEnv() {
        for (const auto& [name, value] : m_saved) {
            set(name, value);
        }
    }

private:
    static void set(const std::string& name, const std::optional<std::string>& value) {
        if (value) {
            ::setenv(name.c_str(), value->c_str(), 1);
        } else {
            ::unsetenv(name.c_str());
        }
    }
    std::map<std::string, std::optional<std::string>> m_saved;
};

} // namespace

TEST_CASE("the lock directory: LOCKKIT_LOCK_DIR, else XDG_STATE_HOME, else HOME", "[fs][settings]") {
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/srv/locks"}, {"XDG_STATE_HOME", "/x"}, {"HOME", "/h"}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK(s->directory == "/srv/locks");
        CHECK(s->directory_configured);
    }
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", ""}, {"XDG_STATE_HOME", "/x"}, {"HOME", "/h"}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK(s->directory == "/x/lockkit/locks");
        CHECK_FALSE(s->directory_configured);
    }
    {
        // A relative XDG_STATE_HOME is ignored, as the XDG spec says.
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", std::nullopt}, {"XDG_STATE_HOME", "rel"}, {"HOME", "/h"}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK(s->directory == "/h/.local/state/lockkit/locks");
    }
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", std::nullopt}, {"XDG_STATE_HOME", std::nullopt}, {"HOME", std::nullopt}});
        auto s = LockSettings::from_environment();
        REQUIRE_FALSE(s);
        CHECK(s.error().kind == LockError::Kind::DirectoryUnavailable);
        CHECK(s.error().describe().find("LOCKKIT_LOCK_DIR") != std::string::npos);
    }
}

TEST_CASE("LOCKKIT_LOCK_TIMEOUT: seconds, default 300, junk is an error", "[fs][settings]") {
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/l"}, {"LOCKKIT_LOCK_TIMEOUT", std::nullopt}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK(s->timeout == std::chrono::seconds(300));
    }
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/l"}, {"LOCKKIT_LOCK_TIMEOUT", "2.5"}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK(s->timeout == std::chrono::milliseconds(2500));
    }
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/l"}, {"LOCKKIT_LOCK_TIMEOUT", "0"}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK(s->timeout.count() == 0);
    }
    for (const char* bad : {"soon", "-1", "5s", "nan"}) {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/l"}, {"LOCKKIT_LOCK_TIMEOUT", bad}});
        auto s = LockSettings::from_environment();
        REQUIRE_FALSE(s);
        CHECK(s.error().kind == LockError::Kind::Settings);
        CHECK(s.error().message == std::string("LOCKKIT_LOCK_TIMEOUT=") + bad + " is not a number of seconds");
    }
}

TEST_CASE("LOCKKIT_LOCK_KIND: auto, flock or fcntl", "[fs][settings]") {
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/l"}, {"LOCKKIT_LOCK_KIND", "fcntl"}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK(s->mechanism == LockMechanism::Fcntl);
    }
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/l"}, {"LOCKKIT_LOCK_KIND", "auto"}});
        auto s = LockSettings::from_environment();
        REQUIRE(s);
        CHECK_FALSE(s->mechanism);
    }
    {
        ScopedEnv env({{"LOCKKIT_LOCK_DIR", "/l"}, {"LOCKKIT_LOCK_KIND", "posix"}});
        auto s = LockSettings::from_environment();
        REQUIRE_FALSE(s);
        CHECK(s.error().kind == LockError::Kind::Settings);
    }
}

TEST_CASE("the holder command is this process's command line", "[fs][settings]") {
    ScopedEnv env({{"LOCKKIT_LOCK_DIR", std::optional<std::string>("/l")}});
    auto s = LockSettings::from_environment();
    REQUIRE(s);
    CHECK(s->command.starts_with("fs_test"));
}
