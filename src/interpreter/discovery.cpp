// Interpreter discovery; see include/lockkit/interpreter/discovery.hpp.

#include "lockkit/interpreter/discovery.hpp"

#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep440/version.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <optional>
#include <set>
#include <span>
#include <unistd.h>

namespace lockkit::interpreter {

namespace {

std::string env_or(const char* name, const std::string& fallback = {}) {
    const char* value = std::getenv(name);
    return value && *value ? std::string(value) : fallback;
}

/// The leading "3.12.1" of a folder or file name after `prefix`; empty when it has none.
std::vector<unsigned> leading_version(std::string_view text) {
    std::vector<unsigned> parts;
    std::size_t i = 0;
    while (i < text.size() && parts.size() < 3) {
        std::size_t j = i;
        unsigned value = 0;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])) && value < 100000) {
            value = value * 10 + static_cast<unsigned>(text[j] - '0');
            ++j;
        }
        if (j == i) {
            break;
        }
        parts.push_back(value);
        if (j >= text.size() || text[j] != '.') {
            break;
        }
        i = j + 1;
    }
    return parts;
}

/// "python3.12" → {3, 12}; "python" → {}.
std::vector<unsigned> version_in_name(const std::string& name) {
    const auto digit = name.find_first_of("0123456789");
    return digit == std::string::npos ? std::vector<unsigned>() : leading_version(std::string_view(name).substr(digit));
}

std::string dotted(const std::vector<unsigned>& v) {
    std::string out;
    for (const unsigned p : v) {
        out += (out.empty() ? "" : ".") + std::to_string(p);
    }
    return out;
}

std::string full_version(const InterpreterInfo& info) {
    if (!info.markers.python_full_version.empty()) {
        return info.markers.python_full_version;
    }
    return std::to_string(info.python_major) + "." + std::to_string(info.python_minor) + "." +
           std::to_string(info.python_micro);
}

bool is_executable_file(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

/// A candidate to look at, with the version its name promises (empty: unknown).
struct Lead {
    std::filesystem::path path;
    std::string found_by;
    std::vector<unsigned> named_version;
};

std::vector<Lead> leads_in_path(const DiscoveryRequest& r) {
    std::vector<Lead> out;
    const auto names = r.request.executable_names();
    const bool any_minor = r.request.kind == PythonRequest::Kind::Version || r.request.kind == PythonRequest::Kind::Any;
    for (const auto& dir : r.places.path) {
        for (const auto& name : names) {
            out.push_back({dir / name, "PATH", version_in_name(name)});
        }
        if (!any_minor) {
            continue;
        }
        // Every other python3.N in this folder, newest first.
        std::vector<std::pair<unsigned, std::string>> minors;
        std::error_code ec;
        for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string file = it->path().filename().string();
            if (!file.starts_with("python3.")) {
                continue;
            }
            const std::string_view rest = std::string_view(file).substr(8);
            if (rest.empty() || !std::all_of(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
                rest.size() > 3) {
                continue;
            }
            if (std::find(names.begin(), names.end(), file) == names.end()) {
                minors.emplace_back(static_cast<unsigned>(std::stoul(std::string(rest))), file);
            }
        }
        std::sort(minors.begin(), minors.end(), std::greater<>());
        for (const auto& [minor, file] : minors) {
            out.push_back({dir / file, "PATH", {3, minor}});
        }
    }
    return out;
}

std::vector<Lead> leads_in_installs(const DiscoveryRequest& r) {
    std::vector<Lead> out;
    for (const auto& place : r.places.installs) {
        std::vector<std::pair<std::vector<unsigned>, std::filesystem::path>> versions;
        std::error_code ec;
        for (std::filesystem::directory_iterator it(place.root, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (!name.starts_with(place.version_prefix) || !it->is_directory(ec)) {
                continue;
            }
            versions.emplace_back(leading_version(std::string_view(name).substr(place.version_prefix.size())),
                                  it->path());
        }
        // Newest first; folders whose name carries no version (pypy3.10-7.3, miniconda3) last.
        std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
            if (a.first.empty() != b.first.empty()) {
                return b.first.empty();
            }
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        for (const auto& [version, dir] : versions) {
            const auto python3 = dir / "bin" / "python3";
            out.push_back({is_executable_file(python3) ? python3 : dir / "bin" / "python", place.label, version});
        }
    }
    return out;
}

/// Whether a lower bound of requires-python (`>=V`, `>V`, `~=V`) is above every version the
/// name promises ("3.11": all of 3.11.*; "3.10.13": that release), so probing that interpreter
/// could only end in "outside the project's requires-python". Probing costs a process start,
/// and a version manager's shim of an inactive version (pyenv's) is a shell script that runs
/// a dozen more before it fails: skipping them by name saves most of a cold discovery. Upper
/// bounds and `==` are left to the probe.
bool name_below_requires_python(const std::vector<unsigned>& named, const pep440::VersionSpecifiers& requires_python) {
    if (named.empty()) {
        return false;
    }
    std::vector<std::uint64_t> next(named.begin(), named.end());
    ++next.back();
    const auto above_named = pep440::Version::from_release(std::span<const std::uint64_t>(next));
    for (const auto& spec : requires_python.items()) {
        const auto op = spec.op();
        const bool lower_bound = op == pep440::Operator::GreaterThanEqual || op == pep440::Operator::GreaterThan ||
                                 op == pep440::Operator::TildeEqual;
        if (lower_bound && spec.version() >= above_named) {
            return true;
        }
    }
    return false;
}

} // namespace

SearchPlaces SearchPlaces::from_environment() {
    SearchPlaces places;
    const std::string path = env_or("PATH");
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = path.find(':', start);
        const std::string dir = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!dir.empty()) {
            places.path.emplace_back(dir);
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    const std::string home = env_or("HOME");
    const std::string data_home = env_or("XDG_DATA_HOME", home.empty() ? std::string() : home + "/.local/share");
    auto add = [&](std::string label, const std::string& root, std::string prefix) {
        if (!root.empty()) {
            places.installs.push_back({std::move(label), root, std::move(prefix)});
        }
    };
    add("pyenv", env_or("PYENV_ROOT", home.empty() ? "" : home + "/.pyenv") + "/versions", "");
    add("asdf", env_or("ASDF_DATA_DIR", home.empty() ? "" : home + "/.asdf") + "/installs/python", "");
    add("mise", env_or("MISE_DATA_DIR", data_home.empty() ? "" : data_home + "/mise") + "/installs/python", "");
    add("uv", env_or("UV_PYTHON_INSTALL_DIR", data_home.empty() ? "" : data_home + "/uv/python"), "cpython-");
    return places;
}

bool satisfies_requires_python(const InterpreterInfo& info, const std::string& requires_python, std::string* why) {
    if (requires_python.empty()) {
        return true;
    }
    const auto specs = pep440::VersionSpecifiers::parse(requires_python);
    const auto version = pep440::Version::parse(full_version(info));
    if (!specs || !version || specs->contains(*version)) {
        return true;
    }
    if (why) {
        *why = "Python " + full_version(info) + " is outside the project's requires-python `" + requires_python + "`";
    }
    return false;
}

std::string DiscoveryError::render() const {
    std::string out = "no Python interpreter found for " + wanted;
    if (candidates.empty()) {
        out += ": none is installed where lockkit looks (PATH, pyenv, asdf, mise, uv's managed Pythons)";
    } else {
        out += "; looked at:";
        for (const auto& c : candidates) {
            out += "\n  " + c.path.string() + " (" + c.found_by + "): " + c.rejection;
        }
    }
    out += "\nhint: lockkit downloads no interpreters: install a fitting Python (or point --python at one)";
    return out;
}

std::expected<FoundInterpreter, DiscoveryError> find_interpreter(const DiscoveryRequest& r) {
    const PythonRequest& request = r.request;
    auto probe = [&](const std::filesystem::path& p) {
        return r.probe ? r.probe(p) : probe_interpreter(p, r.cache);
    };

    std::vector<Lead> leads;
    if (request.kind == PythonRequest::Kind::File) {
        std::filesystem::path file = request.file;
        std::error_code ec;
        if (std::filesystem::is_directory(file, ec)) {
            // An installation or environment folder: its interpreter.
            for (const char* name : {"bin/python3", "bin/python"}) {
                if (is_executable_file(file / name)) {
                    file /= name;
                    break;
                }
            }
        }
        leads.push_back({file, r.request_origin, {}});
    } else {
        leads = leads_in_path(r);
        if (request.kind != PythonRequest::Kind::Name) {
            auto more = leads_in_installs(r);
            leads.insert(leads.end(), more.begin(), more.end());
        }
    }

    std::optional<pep440::VersionSpecifiers> requires_python;
    if (!r.requires_python.empty()) {
        if (auto parsed = pep440::VersionSpecifiers::parse(r.requires_python)) {
            requires_python = std::move(*parsed);
        }
    }

    // The leads a name or a duplicate rules out are judged without a process; the others
    // need a probe each.
    struct Step {
        const Lead* lead;
        std::string rejection;  ///< set when ruled out without a probe
    };
    std::vector<Step> steps;
    std::set<std::filesystem::path> visited;
    for (const auto& lead : leads) {
        const bool explicit_file = request.kind == PythonRequest::Kind::File;
        if (!explicit_file && !is_executable_file(lead.path)) {
            continue;  // names that are not there are not worth listing
        }
        std::error_code ec;
        auto canonical = std::filesystem::canonical(lead.path, ec);
        if (!ec && !visited.insert(canonical).second) {
            continue;  // another name for a file already looked at
        }
        Step step{&lead, {}};
        if (!lead.named_version.empty() && !request.could_match(lead.named_version)) {
            step.rejection = "its name says Python " + dotted(lead.named_version) + ", not " + request.describe();
        } else if (requires_python && name_below_requires_python(lead.named_version, *requires_python)) {
            step.rejection = "its name says Python " + dotted(lead.named_version) +
                             ", outside the project's requires-python `" + r.requires_python + "`";
        }
        steps.push_back(std::move(step));
    }

    // A probe is a process start (a version manager's shim runs a dozen more), and cold each
    // candidate before the one that fits costs one: up to `concurrent_probes` run at once,
    // ahead of the candidate being judged. The judging keeps the order above, so the choice
    // and the rejections are those of probing one after another; probes started beyond the
    // chosen candidate are waited for (they write the interpreter cache) and dropped.
    using Outcome = std::expected<ProbeOutcome, std::string>;
    std::vector<std::future<Outcome>> probes(steps.size());
    std::size_t launched = 0;  ///< steps before this one have their probe started (or need none)
    std::size_t in_flight = 0;
    const std::size_t window = std::max<unsigned>(1, r.concurrent_probes);
    auto launch_ahead = [&](std::size_t judged) {
        for (; launched < steps.size(); ++launched) {
            if (!steps[launched].rejection.empty()) continue;
            if (launched > judged && in_flight >= window) break;
            const std::filesystem::path path = steps[launched].lead->path;
            probes[launched] = window == 1 ? std::async(std::launch::deferred, probe, path)
                                           : std::async(std::launch::async, probe, path);
            ++in_flight;
        }
    };

    std::vector<Candidate> seen;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Lead& lead = *steps[i].lead;
        Candidate c{lead.path, lead.found_by, std::nullopt, steps[i].rejection};
        if (!c.rejection.empty()) {
            seen.push_back(std::move(c));
            continue;
        }
        launch_ahead(i);
        auto outcome = probes[i].get();
        --in_flight;
        if (!outcome) {
            c.rejection = outcome.error();
            seen.push_back(std::move(c));
            continue;
        }
        c.info = std::move(outcome->info);
        std::string why;
        if (!request.matches(*c.info, &why)) {
            c.rejection = why + " (asked: " + request.describe() + ", from " + r.request_origin + ")";
        } else if (!satisfies_requires_python(*c.info, r.requires_python, &why)) {
            c.rejection = why;
        }
        if (!c.rejection.empty()) {
            seen.push_back(std::move(c));
            continue;
        }
        for (auto& pending : probes) {
            if (pending.valid()) pending.wait();
        }
        return FoundInterpreter{lead.path, std::move(*c.info), std::move(seen)};
    }
    DiscoveryError error;
    error.wanted = request.describe();
    if (request.kind != PythonRequest::Kind::Any) {
        error.wanted += " (from " + r.request_origin + ")";
    }
    if (!r.requires_python.empty()) {
        error.wanted += (request.kind == PythonRequest::Kind::Any ? " within" : " and") +
                        std::string(" requires-python `") + r.requires_python + "`";
    }
    error.candidates = std::move(seen);
    return std::unexpected(std::move(error));
}

} // namespace lockkit::interpreter
