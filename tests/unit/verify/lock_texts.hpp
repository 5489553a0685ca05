#pragma once
// Small lock texts shared by the verify tests: a clean project, edited per test
// with `replace` to construct exactly one defect each.

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/verify/finding.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::verify::testing {

inline constexpr const char* k_clean_lock = R"(version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "demo"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "idna" },
    { name = "python-dateutil", marker = "sys_platform == 'linux'" },
]

[package.metadata]
requires-dist = [
    { name = "idna", specifier = ">=3.5" },
    { name = "python-dateutil", marker = "sys_platform == 'linux'", specifier = ">=2.8" },
]

[[package]]
name = "idna"
version = "3.6"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/bf/3f/idna-3.6.tar.gz", hash = "sha256:9ecdbbd083b06798ae1e86adcbfe8ab1479cf864e4ee30fe4e46a003d12491ca", size = 175426 }
wheels = [
    { url = "https://files.pythonhosted.org/packages/c2/e7/idna-3.6-py3-none-any.whl", hash = "sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f", size = 61567 },
]

[[package]]
name = "python-dateutil"
version = "2.8.2"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/4c/c4/python-dateutil-2.8.2.tar.gz", hash = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", size = 357324 }
wheels = [
    { url = "https://files.pythonhosted.org/packages/36/7a/python_dateutil-2.8.2-py2.py3-none-any.whl", hash = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", size = 247702 },
]
)";

inline std::string replace(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

inline lockfile::Lock parse(std::string_view text) {
    auto lock = lockfile::parse_lock(text, "uv.lock");
    if (!lock) {
        FAIL(lock.error().render());
    }
    return *lock;
}

inline std::vector<Finding> with_rule(const std::vector<Finding>& findings, std::string_view rule_id) {
    std::vector<Finding> out;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
                 [&](const Finding& f) { return f.rule == rule_id; });
    return out;
}

} // namespace lockkit::verify::testing
