// fork/exec with a stdout pipe (and a stderr pipe when asked); see
// include/lockkit/util/subprocess.hpp.

#include "lockkit/util/subprocess.hpp"

#include <cerrno>
#include <fcntl.h>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace lockkit {

namespace {

/// `environ` with the changes applied, as "NAME=value" strings (built before fork: the
/// child of a threaded process may only call async-signal-safe functions).
std::vector<std::string> child_environment(const std::map<std::string, std::optional<std::string>>& changes) {
    std::vector<std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const std::string name(entry.substr(0, entry.find('=')));
        if (!changes.contains(name)) out.emplace_back(entry);
    }
    for (const auto& [name, value] : changes) {
        if (value) out.push_back(name + "=" + *value);
    }
    return out;
}

} // namespace

std::expected<ProcessResult, std::string> run_process(const std::vector<std::string>& argv,
                                                      const ProcessOptions& options) {
    if (argv.empty()) return std::unexpected(std::string("no program given"));
    int out_fds[2];
    int err_fds[2] = {-1, -1};
    // Close-on-exec: a process another thread starts meanwhile must not hold our pipe's
    // write end open (we would wait for its exit to see the end of our child's output).
    if (pipe2(out_fds, O_CLOEXEC) != 0) return std::unexpected(std::string("pipe: ") + std::strerror(errno));
    if (options.capture_stderr && pipe2(err_fds, O_CLOEXEC) != 0) {
        close(out_fds[0]);
        close(out_fds[1]);
        return std::unexpected(std::string("pipe: ") + std::strerror(errno));
    }
    const auto close_all = [&] {
        for (int fd : {out_fds[0], out_fds[1], err_fds[0], err_fds[1]}) {
            if (fd >= 0) close(fd);
        }
    };
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_strings;
    std::vector<char*> envp;
    if (!options.environment.empty()) {
        env_strings = child_environment(options.environment);
        for (auto& e : env_strings) envp.push_back(e.data());
        envp.push_back(nullptr);
    }
    const std::string cwd = options.working_directory ? options.working_directory->string() : std::string();
    const pid_t pid = fork();
    if (pid < 0) {
        close_all();
        return std::unexpected(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        dup2(out_fds[1], STDOUT_FILENO);
        if (err_fds[1] >= 0) dup2(err_fds[1], STDERR_FILENO);
        close_all();
        if (options.null_stdin) {
            const int null_fd = open("/dev/null", O_RDONLY);
            if (null_fd >= 0) {
                dup2(null_fd, STDIN_FILENO);
                close(null_fd);
            }
        }
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
        if (!envp.empty()) {
            execvpe(args[0], args.data(), envp.data());
        } else {
            execvp(args[0], args.data());
        }
        _exit(127);
    }
    close(out_fds[1]);
    if (err_fds[1] >= 0) close(err_fds[1]);
    ProcessResult result;
    // Both pipes are drained together: a child filling one while we block on the other would hang.
    pollfd fds[2] = {{out_fds[0], POLLIN, 0}, {err_fds[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_count = err_fds[0] >= 0 ? 2 : 1;
    char buffer[65536];
    while (open_count > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    for (const auto& fd : fds) {
        if (fd.fd >= 0) close(fd.fd);
    }
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
