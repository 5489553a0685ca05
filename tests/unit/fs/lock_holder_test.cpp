// The holder line: one readable line that a waiting process turns into
// "held by pid N: command, since HH:MM:SS".

#include "lockkit/fs/lock_holder.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::fs;

namespace {

LockHolder sample() {
    LockHolder h;
    h.pid = 4242;
    h.host = "ci-7";
    h.started = std::chrono::system_clock::from_time_t(1748779402);  // 2025-06-01T12:03:22Z
    h.exclusive = true;
    h.command = "lock fmt uv.lock";
    h.resource = "/home/me/proj";
    return h;
}

} // namespace

TEST_CASE("a holder line is one tab-separated line and reads back", "[fs][holder]") {
    const auto line = sample().to_line();
    CHECK(line == "lockkit-lock 1\tpid=4242\thost=ci-7\tstarted=2025-06-01T12:03:22Z\tmode=exclusive\t"
                  "command=lock fmt uv.lock\tresource=/home/me/proj\n");
    const auto back = LockHolder::parse(line);
    REQUIRE(back);
    CHECK(back->pid == 4242);
    CHECK(back->host == "ci-7");
    CHECK(back->started == sample().started);
    CHECK(back->exclusive);
    CHECK(back->command == "lock fmt uv.lock");
    CHECK(back->resource == "/home/me/proj");
}

TEST_CASE("control characters cannot break the line", "[fs][holder]") {
    auto h = sample();
    h.command = "evil\tcommand\nwith=lines";
    h.resource = "/a\nb";
    const auto line = h.to_line();
    CHECK(std::count(line.begin(), line.end(), '\n') == 1);
    const auto back = LockHolder::parse(line);
    REQUIRE(back);
    CHECK(back->command == "evil command?with=lines");
    CHECK(back->resource == "/a?b");
}

TEST_CASE("empty, torn or foreign content names no holder", "[fs][holder]") {
    CHECK_FALSE(LockHolder::parse(""));
    const auto line = sample().to_line();
    CHECK_FALSE(LockHolder::parse(line.substr(0, line.size() / 2)));  // no newline yet
    CHECK_FALSE(LockHolder::parse("lockkit-lock 2\tpid=1\tstarted=2025-06-01T12:03:22Z\n"));
    CHECK_FALSE(LockHolder::parse("lockkit-lock 1\tpid=abc\tstarted=2025-06-01T12:03:22Z\n"));
    CHECK_FALSE(LockHolder::parse("lockkit-lock 1\tpid=12\n"));  // no start time
    // What follows the first line (a shorter line written over a longer one) is ignored.
    CHECK(LockHolder::parse(line + std::string(10, '\0')));
}

TEST_CASE("the description names pid, command and start time, and a foreign host", "[fs][holder]") {
    auto h = sample();
    h.started = std::chrono::system_clock::now();
    const auto here = h.describe("ci-7");
    CHECK(here.starts_with("pid 4242: lock fmt uv.lock, since "));
    CHECK(here.size() == std::string("pid 4242: lock fmt uv.lock, since 14:03:22").size());
    CHECK(h.describe("laptop").starts_with("pid 4242 on ci-7: lock fmt uv.lock, since "));
    h.started -= std::chrono::hours(24 * 3);
    CHECK(h.describe("ci-7").size() == std::string("pid 4242: lock fmt uv.lock, since 2025-06-01 14:03:22").size());
}
