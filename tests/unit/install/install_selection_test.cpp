// The options `uv sync` adds on top of extras and groups: --only-group, --no-group,
// --no-extra and the install filters. (The walk itself is tested with lock-verify --venv
// in tests/unit/verify/venv_check_test.cpp.)

#include "lockkit/install/install_selection.hpp"
#include "lockkit/lockfile/reader.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::install;

namespace {

constexpr const char* k_lock = R"(version = 1
revision = 3
requires-python = ">=3.9"

[[package]]
name = "alpha"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "beta" },
]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "alpha" },
    { name = "tool" },
]

[package.optional-dependencies]
fast = [
    { name = "delta" },
]
slow = [
    { name = "epsilon" },
]

[package.dev-dependencies]
dev = [
    { name = "gamma" },
]
lint = [
    { name = "alpha" },
]

[package.metadata]
requires-dist = [
    { name = "alpha" },
    { name = "delta", marker = "extra == 'fast'" },
    { name = "epsilon", marker = "extra == 'slow'" },
    { name = "tool", path = "wheels/tool-1.0-py3-none-any.whl" },
]
provides-extras = ["fast", "slow"]

[package.metadata.requires-dev]
dev = [{ name = "gamma" }]
lint = [{ name = "alpha" }]

[[package]]
name = "beta"
version = "2.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "delta"
version = "0.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "epsilon"
version = "0.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "gamma"
version = "0.5"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tool"
version = "1.0"
source = { path = "wheels/tool-1.0-py3-none-any.whl" }
wheels = [
    { filename = "tool-1.0-py3-none-any.whl", hash = "sha256:4138a5e4a5fe8f005d76ad697c33b343287c0c56e7b8f3423d292da1c7229f48" },
]
)";

pep508::MarkerEnvironment linux_env() {
    pep508::MarkerEnvironment env;
    env.implementation_name = "cpython";
    env.python_full_version = "3.12.4";
    env.python_version = "3.12";
    env.os_name = "posix";
    env.sys_platform = "linux";
    env.platform_system = "Linux";
    return env;
}

std::vector<std::string> names(const InstallSelection& s) {
    const auto lock = lockfile::parse_lock(k_lock, "uv.lock");
    REQUIRE(lock);
    const auto selected = select_packages(*lock, linux_env(), s);
    REQUIRE(selected);
    std::vector<std::string> out;
    for (const auto& p : *selected) {
        out.push_back(p.package->id.name);
    }
    return out;
}

} // namespace

TEST_CASE("uv sync's group options", "[install][selection]") {
    CHECK(names({}) == std::vector<std::string>{"alpha", "app", "beta", "gamma", "tool"});
    InstallSelection only;
    only.only_groups = {"lint"};
    // The project and its own dependencies are left out; the group's are not.
    CHECK(names(only) == std::vector<std::string>{"alpha", "beta"});
    InstallSelection no_dev;
    no_dev.no_groups = {"dev"};
    no_dev.all_groups = true;  // --no-group wins even over --all-groups
    CHECK(names(no_dev) == std::vector<std::string>{"alpha", "app", "beta", "tool"});
    InstallSelection extras;
    extras.all_extras = true;
    extras.no_extras = {"slow"};
    CHECK(names(extras) == std::vector<std::string>{"alpha", "app", "beta", "delta", "gamma", "tool"});
    InstallSelection unknown;
    unknown.no_groups = {"nope"};
    const auto lock = lockfile::parse_lock(k_lock, "uv.lock");
    CHECK_FALSE(select_packages(*lock, linux_env(), unknown));
}

TEST_CASE("uv sync's install filters keep the walk but not the package", "[install][selection]") {
    InstallSelection project;
    project.no_install_project = true;
    CHECK(names(project) == std::vector<std::string>{"alpha", "beta", "gamma", "tool"});
    InstallSelection workspace;
    workspace.no_install_workspace = true;
    CHECK(names(workspace) == std::vector<std::string>{"alpha", "beta", "gamma", "tool"});
    InstallSelection local;
    local.no_install_local = true;
    CHECK(names(local) == std::vector<std::string>{"alpha", "beta", "gamma"});
    InstallSelection package;
    package.no_install_packages = {"Alpha"};
    CHECK(names(package) == std::vector<std::string>{"app", "beta", "gamma", "tool"});
}
