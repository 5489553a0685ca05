// The `keyring` command as a password lookup; see include/lockkit/fetch/keyring.hpp.

#include "lockkit/fetch/keyring.hpp"

#include "lockkit/util/subprocess.hpp"

namespace lockkit::fetch {

KeyringLookup subprocess_keyring() {
    return [](std::string_view service, std::string_view username) -> std::optional<std::string> {
        ProcessOptions options;
        options.null_stdin = true;
        auto result = run_process({"keyring", "get", std::string(service), std::string(username)}, options);
        if (!result || result->exit_code != 0) return std::nullopt;
        std::string password = std::move(result->out);
        // The password is the output without its line end (uv trims trailing whitespace).
        while (!password.empty() && (password.back() == '\n' || password.back() == '\r' || password.back() == ' ' ||
                                     password.back() == '\t')) {
            password.pop_back();
        }
        return password;
    };
}

} // namespace lockkit::fetch
