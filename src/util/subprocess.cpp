// fork/exec with a stdout pipe; see include/lockkit/util/subprocess.hpp.

#include "lockkit/util/subprocess.hpp"

#include <cerrno>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

namespace lockkit {

std::expected<ProcessResult, std::string> run_process(const std::vector<std::string>& argv) {
    if (argv.empty()) return std::unexpected(std::string("no program given"));
    int fds[2];
    if (pipe(fds) != 0) return std::unexpected(std::string("pipe: ") + std::strerror(errno));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return std::unexpected(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    ProcessResult result;
    char buffer[65536];
    for (;;) {
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n > 0) {
            result.out.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
        if (result.exit_code == 127) return std::unexpected("could not run " + argv[0]);
    } else {
        result.exit_code = 128 + WTERMSIG(status);
    }
    return result;
}

} // namespace lockkit
