#pragma once
// uv's `keyring-provider = "subprocess"`: a password for a username is asked
// of the `keyring` command found in PATH (`keyring get <service> <username>`,
// the password on its first line of output, exit 0), as pip and uv ask it.
// The child gets no input (it must not wait on the terminal) and keeps our
// stderr, so that what keyring says about itself reaches the user as it does
// under uv. When and under which service names it is asked is the
// CredentialStore's business (credentials.hpp).

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::fetch {

/// The password stored for `username` under `service`; nothing when there is none.
using KeyringLookup = std::function<std::optional<std::string>(std::string_view service, std::string_view username)>;

/// The lookup that runs `keyring get <service> <username>`; nothing when keyring is not
/// installed, fails, or exits non-zero.
KeyringLookup subprocess_keyring();

} // namespace lockkit::fetch
