// Git sources through libgit2; see include/lockkit/git/git_source.hpp.

#include "lockkit/git/git_source.hpp"

#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/fetch/downloader.hpp"
#include "lockkit/git/libgit2_api.hpp"
#include "lockkit/util/sha256.hpp"

#include <cctype>
#include <random>
#include <vector>

namespace lockkit::git {

namespace {

std::string last_error(const Libgit2Api& api) {
    const git_error* e = api.error_last();
    return e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error";
}

bool is_hex(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s) {
        if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return false;
    }
    return true;
}

std::string describe(const GitSource& source) {
    const std::string url = fetch::redact_url(source.url);
    switch (source.reference.kind) {
    case GitReference::Kind::Branch: return url + " (branch `" + source.reference.name + "`)";
    case GitReference::Kind::Tag: return url + " (tag `" + source.reference.name + "`)";
    case GitReference::Kind::Rev: return url + " (rev `" + source.reference.name + "`)";
    case GitReference::Kind::Default: break;
    }
    return url;
}

class Session {
public:
    explicit Session(const Libgit2Api& api) : api(api) { api.libgit2_init(); }
    ~Session() {
        if (repo != nullptr) api.repository_free(repo);
        api.libgit2_shutdown();
    }
    const Libgit2Api& api;
    git_repository* repo = nullptr;
};

/// The refspecs that bring `reference` into refs/remotes/origin/.
std::vector<std::string> refspecs(const GitReference& reference) {
    switch (reference.kind) {
    case GitReference::Kind::Branch: return {"+refs/heads/" + reference.name + ":refs/remotes/origin/" + reference.name};
    case GitReference::Kind::Tag: return {"+refs/tags/" + reference.name + ":refs/remotes/origin/tags/" + reference.name};
    case GitReference::Kind::Default: return {"+HEAD:refs/remotes/origin/HEAD"};
    case GitReference::Kind::Rev: break;
    }
    return {"+HEAD:refs/remotes/origin/HEAD", "+refs/heads/*:refs/remotes/origin/*",
            "+refs/tags/*:refs/remotes/origin/tags/*"};
}

/// The commit `reference` names in the database, from what fetches stored.
std::optional<std::string> resolve(Session& s, const GitReference& reference) {
    std::vector<std::string> candidates;
    switch (reference.kind) {
    case GitReference::Kind::Branch: candidates = {"refs/remotes/origin/" + reference.name}; break;
    case GitReference::Kind::Tag: candidates = {"refs/remotes/origin/tags/" + reference.name}; break;
    case GitReference::Kind::Default: candidates = {"refs/remotes/origin/HEAD"}; break;
    case GitReference::Kind::Rev:
        if (is_hex(reference.name)) candidates.push_back(reference.name);
        candidates.push_back("refs/remotes/origin/" + reference.name);
        candidates.push_back("refs/remotes/origin/tags/" + reference.name);
        if (!is_hex(reference.name)) candidates.push_back(reference.name);
        break;
    }
    for (const auto& spec : candidates) {
        git_object* object = nullptr;
        if (s.api.revparse_single(&object, s.repo, spec.c_str()) != 0) continue;
        git_object* commit = nullptr;
        const int peeled = s.api.object_peel(&commit, object, GIT_OBJECT_COMMIT);
        s.api.object_free(object);
        if (peeled != 0) continue;
        char hex[GIT_OID_HEXSZ + 1];
        s.api.oid_tostr(hex, sizeof hex, s.api.object_id(commit));
        s.api.object_free(commit);
        return std::string(hex);
    }
    return std::nullopt;
}

std::expected<void, std::string> fetch(Session& s, const GitSource& source) {
    git_remote* remote = nullptr;
    if (s.api.remote_create_anonymous(&remote, s.repo, source.url.c_str()) != 0) {
        return std::unexpected("cannot use " + fetch::redact_url(source.url) + " as a remote: " + last_error(s.api));
    }
    const auto specs = refspecs(source.reference);
    std::vector<char*> pointers;
    for (const auto& spec : specs) pointers.push_back(const_cast<char*>(spec.c_str()));
    git_strarray array{pointers.data(), pointers.size()};
    git_fetch_options options;
    s.api.fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    const int status = s.api.remote_fetch(remote, &array, &options, "lockkit fetch");
    std::string why = status != 0 ? last_error(s.api) : "";
    s.api.remote_free(remote);
    if (status != 0) return std::unexpected("cannot fetch " + describe(source) + ": " + why);
    return {};
}

std::expected<void, std::string> check_out(Session& s, const std::string& commit, const std::filesystem::path& target) {
    git_oid oid;
    if (s.api.oid_fromstr(&oid, commit.c_str()) != 0) return std::unexpected("`" + commit + "` is not a commit id");
    git_object* object = nullptr;
    if (s.api.object_lookup(&object, s.repo, &oid, GIT_OBJECT_COMMIT) != 0) {
        return std::unexpected("commit " + commit + " is not in the database: " + last_error(s.api));
    }
    static thread_local std::mt19937_64 random{std::random_device{}()};
    const auto temp = target.parent_path() / (".tmp-" + commit.substr(0, 12) + "-" + std::to_string(random()));
    std::error_code ec;
    std::filesystem::create_directories(temp, ec);
    git_checkout_options options;
    s.api.checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
    const std::string temp_text = temp.string();
    options.target_directory = temp_text.c_str();
    const int status = s.api.checkout_tree(s.repo, object, &options);
    s.api.object_free(object);
    if (status != 0) {
        const std::string why = last_error(s.api);
        std::filesystem::remove_all(temp, ec);
        return std::unexpected("cannot check out " + commit + ": " + why);
    }
    std::filesystem::rename(temp, target, ec);
    if (ec) {
        // Another process published the same commit first: its checkout is as good.
        std::filesystem::remove_all(temp, ec);
        if (!std::filesystem::is_directory(target)) return std::unexpected("cannot create " + target.string());
    }
    return {};
}

} // namespace

std::string git_repository_key(std::string_view url) {
    std::string canonical = fetch::redact_url(url);
    while (canonical.ends_with('/')) canonical.pop_back();
    if (canonical.ends_with(".git")) canonical.resize(canonical.size() - 4);
    return sha256_hex(canonical).substr(0, 16);
}

std::expected<GitCheckout, std::string> fetch_git_source(const GitSource& source, const GitFetchOptions& options) {
    auto api = libgit2();
    if (!api) return std::unexpected(api.error());
    Session s(**api);
    const std::string key = git_repository_key(source.url);
    const auto database = options.cache_root / "git-v1" / "db" / key;
    const auto checkouts = options.cache_root / "git-v1" / "checkouts" / key;
    std::error_code ec;
    const bool exists = std::filesystem::is_directory(database, ec);
    if (exists && s.api.repository_open_bare(&s.repo, database.c_str()) != 0) {
        return std::unexpected("cannot open the cached database of " + fetch::redact_url(source.url) + " (" +
                               database.string() + "): " + last_error(s.api));
    }
    const bool full_commit = source.reference.kind == GitReference::Kind::Rev && source.reference.name.size() == 40 &&
                             is_hex(source.reference.name);
    std::optional<std::string> commit;
    if (s.repo != nullptr && (options.offline || (full_commit && !options.refresh))) {
        commit = resolve(s, source.reference);
        if (full_commit && commit && *commit != source.reference.name) commit.reset();
    }
    if (!commit) {
        if (options.offline) {
            return std::unexpected(describe(source) + " is not in the cache, and network access is disabled (offline)");
        }
        auto guard = fs::lock_for_writing(database);
        if (!guard) return std::unexpected(guard.error().render());
        if (s.repo == nullptr) {
            std::filesystem::create_directories(database.parent_path(), ec);
            if (s.api.repository_init(&s.repo, database.c_str(), 1) != 0) {
                return std::unexpected("cannot create " + database.string() + ": " + last_error(s.api));
            }
        }
        auto fetched = fetch(s, source);
        if (!fetched) return std::unexpected(fetched.error());
        commit = resolve(s, source.reference);
        if (!commit) return std::unexpected(describe(source) + ": no such branch, tag or commit");
    }
    GitCheckout out;
    out.commit = *commit;
    out.root = checkouts / *commit;
    if (!std::filesystem::is_directory(out.root, ec)) {
        std::filesystem::create_directories(checkouts, ec);
        auto guard = fs::lock_for_writing(out.root);
        if (!guard) return std::unexpected(guard.error().render());
        auto done = check_out(s, *commit, out.root);
        if (!done) return std::unexpected(describe(source) + ": " + done.error());
    }
    out.directory = out.root;
    if (source.subdirectory && !source.subdirectory->empty()) {
        out.directory = (out.root / *source.subdirectory).lexically_normal();
        const auto relative = out.directory.lexically_relative(out.root);
        if (relative.empty() || *relative.begin() == "..") {
            return std::unexpected(describe(source) + ": the subdirectory `" + *source.subdirectory +
                                   "` leaves the repository");
        }
        if (!std::filesystem::is_directory(out.directory, ec)) {
            return std::unexpected(describe(source) + " at " + *commit + " has no subdirectory `" +
                                   *source.subdirectory + "`");
        }
    }
    return out;
}

} // namespace lockkit::git
