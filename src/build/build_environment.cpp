// Isolated build environments; see include/lockkit/build/build_environment.hpp.

#include "lockkit/build/build_environment.hpp"

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/install/linker.hpp"
#include "lockkit/install/venv_creator.hpp"
#include "lockkit/install/wheel_installer.hpp"
#include "lockkit/install/wheel_store.hpp"
#include "lockkit/util/sha256.hpp"

#include <algorithm>

namespace lockkit::build {

std::expected<std::vector<pep508::Requirement>, std::string> parse_requirements(const std::vector<std::string>& texts,
                                                                               std::string_view origin) {
    std::vector<pep508::Requirement> out;
    for (const auto& text : texts) {
        auto parsed = pep508::Requirement::parse(text);
        if (!parsed) {
            return std::unexpected("`" + text + "` in " + std::string(origin) +
                                   " is not a valid requirement: " + parsed.error().message);
        }
        out.push_back(std::move(*parsed));
    }
    return out;
}

std::expected<std::unique_ptr<BuildEnvironment>, std::string> BuildEnvironment::create(
    const std::filesystem::path& root, const interpreter::InterpreterInfo& base,
    const std::vector<std::string>& requirements, const EnvironmentSettings& settings, std::string_view origin) {
    if (settings.resolver == nullptr) {
        return std::unexpected(std::string("no way to resolve build requirements was given"));
    }
    auto parsed = parse_requirements(requirements, origin);
    if (!parsed) return std::unexpected(parsed.error());
    if (auto created = install::create_virtual_environment(root, base); !created) {
        return std::unexpected("cannot create the build environment: " + created.error());
    }
    std::unique_ptr<BuildEnvironment> env(
        new BuildEnvironment(install::Layout::for_virtual_environment(root, base), base, settings));
    if (auto installed = env->install(*parsed); !installed) {
        return std::unexpected("cannot install " + std::string(origin) + " (" +
                               (requirements.empty() ? std::string("none") : [&] {
                                   std::string all;
                                   for (const auto& r : requirements) all += (all.empty() ? "" : ", ") + r;
                                   return all;
                               }()) +
                               "): " + installed.error());
    }
    env->m_requirements = std::move(*parsed);
    return env;
}

BuildEnvironment::~BuildEnvironment() {
    std::error_code ec;
    std::filesystem::remove_all(m_layout.root, ec);
}

std::expected<void, std::string> BuildEnvironment::add(const std::vector<std::string>& requirements) {
    auto parsed = parse_requirements(requirements, "the backend's get_requires answer");
    if (!parsed) return std::unexpected(parsed.error());
    std::vector<pep508::Requirement> all = m_requirements;
    bool news = false;
    for (auto& r : *parsed) {
        const std::string text = r.to_string();
        const bool known = std::any_of(m_requirements.begin(), m_requirements.end(),
                                       [&](const pep508::Requirement& b) { return b.to_string() == text; });
        if (!known) {
            news = true;
            all.push_back(std::move(r));
        }
    }
    if (!news) return {};
    if (auto installed = install(all); !installed) {
        return std::unexpected("cannot install the requirements the build backend asked for: " + installed.error());
    }
    m_requirements = std::move(all);
    return {};
}

std::expected<void, std::string> BuildEnvironment::install(const std::vector<pep508::Requirement>& requirements) {
    if (requirements.empty()) return {};
    auto wheels = m_settings.resolver->resolve(requirements, m_base);
    if (!wheels) return std::unexpected(wheels.error());
    const install::WheelStore store(m_settings.cache_root);
    const fetch::ArtifactCache artifacts(m_settings.cache_root);
    // Downloads first, all at once.
    std::vector<fetch::DownloadRequest> downloads;
    std::vector<std::size_t> downloaded;
    std::vector<std::filesystem::path> archives(wheels->size());
    std::vector<std::string> keys(wheels->size());
    for (std::size_t i = 0; i < wheels->size(); ++i) {
        const auto& w = (*wheels)[i];
        if (m_installed.contains(w.name + "==" + w.version)) continue;
        if (!w.file.empty()) {
            archives[i] = w.file;
            continue;
        }
        fetch::DownloadRequest request;
        request.url = w.url;
        if (!w.sha256.empty()) request.sha256 = w.sha256;
        downloads.push_back(std::move(request));
        downloaded.push_back(i);
    }
    if (!downloads.empty()) {
        const auto results = fetch::download_all(downloads, artifacts, m_settings.download);
        for (std::size_t k = 0; k < results.size(); ++k) {
            const auto& result = results[k];
            const auto& w = (*wheels)[downloaded[k]];
            if (result.status != fetch::DownloadStatus::Verified && result.status != fetch::DownloadStatus::Unverified) {
                return std::unexpected("cannot download `" + w.filename + "` from " + fetch::redact_url(w.url) +
                                       (result.error.empty() ? std::string(": its hash or size is not the index's")
                                                             : ": " + result.error));
            }
            archives[downloaded[k]] = result.path;
            keys[downloaded[k]] = result.actual_sha256;
        }
    }
    install::Linker linker(install::LinkMode::Clone);
    for (std::size_t i = 0; i < wheels->size(); ++i) {
        const auto& w = (*wheels)[i];
        if (archives[i].empty()) continue;  // installed already
        if (keys[i].empty()) {
            auto digest = sha256_file(archives[i]);
            if (!digest) return std::unexpected("cannot read `" + archives[i].string() + "`: " + digest.error());
            if (!w.sha256.empty() && *digest != w.sha256) {
                return std::unexpected("`" + archives[i].string() + "` has hash sha256:" + *digest +
                                       ", but its index publishes sha256:" + w.sha256);
            }
            keys[i] = *digest;
        }
        auto stored = store.find(keys[i]);
        if (!stored) {
            const auto identity = install::wheel_identity(w.filename);
            if (!identity) return std::unexpected("`" + w.filename + "` is not a wheel file name");
            auto unpacked = store.unpack(archives[i], keys[i], *identity, m_settings.unpack);
            if (!unpacked) return std::unexpected(unpacked.error());
            stored = std::move(*unpacked);
        }
        auto placed = install::install_wheel(*stored, w.name, m_layout, install::InstallerMetadata{}, linker);
        if (!placed) return std::unexpected("cannot install " + w.name + "==" + w.version + ": " + placed.error());
        m_installed.insert(w.name + "==" + w.version);
    }
    return {};
}

} // namespace lockkit::build
