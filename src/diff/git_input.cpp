// Reading uv.lock blobs through libgit2, loaded on first use (see git_input.hpp).

#include "lockkit/diff/git_input.hpp"

#include "lockkit/git/libgit2_api.hpp"

#include <memory>
#include <utility>

namespace lockkit::diff {

namespace {

using git::Libgit2Api;

/// libgit2 for one query: loaded on first use (see libgit2_api.hpp), init and shutdown paired.
class Session {
public:
    explicit Session(const Libgit2Api& api) : m_api(api) { m_api.libgit2_init(); }
    ~Session() { m_api.libgit2_shutdown(); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

private:
    const Libgit2Api& m_api;
};

/// An object owned by libgit2's matching free function (resolved at run time, so not a template argument).
template <typename T>
using Owned = std::unique_ptr<T, void (*)(T*)>;
using Repo = Owned<git_repository>;
using Object = Owned<git_object>;

std::expected<const Libgit2Api*, Diagnostic> load_libgit2() {
    auto api = git::libgit2();
    if (api) return *api;
    Diagnostic d;
    d.message = "reading a revision needs libgit2: " + api.error();
    d.hints.push_back("install libgit2, or compare two files: git show REV:uv.lock > old.lock; lock-diff old.lock uv.lock");
    return std::unexpected(std::move(d));
}

Diagnostic git_failure(const Libgit2Api& g, std::string what, const std::string& file = "") {
    Diagnostic d;
    d.file = file;
    const git_error* e = g.error_last();
    d.message = std::move(what);
    if (e != nullptr && e->message != nullptr) d.message += std::string(": ") + e->message;
    return d;
}

std::expected<Repo, Diagnostic> open_repo(const Libgit2Api& g, const GitQuery& q) {
    git_repository* raw = nullptr;
    if (g.repository_open_ext(&raw, q.repo_dir.c_str(), 0, nullptr) != 0) {
        Diagnostic d = git_failure(g, "not a git repository", q.repo_dir);
        d.hints.push_back("run lock-diff inside the repository, or compare two files: lock-diff OLD NEW");
        return std::unexpected(std::move(d));
    }
    return Repo(raw, g.repository_free);
}

std::expected<std::string, Diagnostic> blob_text(const Libgit2Api& g, git_repository* repo, const git_oid* id,
                                                 const std::string& label) {
    git_blob* raw = nullptr;
    if (g.blob_lookup(&raw, repo, id) != 0) return std::unexpected(git_failure(g, "cannot read the blob", label));
    Owned<git_blob> blob(raw, g.blob_free);
    return std::string(static_cast<const char*>(g.blob_rawcontent(raw)), static_cast<std::size_t>(g.blob_rawsize(raw)));
}

std::expected<Object, Diagnostic> peel(const Libgit2Api& g, git_repository* repo, const std::string& revision,
                                       git_object_t type) {
    git_object* obj = nullptr;
    if (g.revparse_single(&obj, repo, revision.c_str()) != 0) {
        Diagnostic d = git_failure(g, "unknown revision `" + revision + "`");
        d.hints.push_back("use a branch, tag or commit (`main`, `HEAD~1`), `A...B` for the merge base, or --cached");
        return std::unexpected(std::move(d));
    }
    Object owned(obj, g.object_free);
    git_object* peeled = nullptr;
    if (g.object_peel(&peeled, obj, type) != 0) {
        return std::unexpected(git_failure(g, "`" + revision + "` is not a commit"));
    }
    return Object(peeled, g.object_free);
}

/// The preamble of every query: libgit2 loaded and initialised, the query's
/// repository opened; then `body(g, repo)`. The repository is freed before
/// libgit2 shuts down.
template <typename F>
auto with_repo(const GitQuery& q, F&& body) -> decltype(body(std::declval<const Libgit2Api&>(), nullptr)) {
    auto api = load_libgit2();
    if (!api) return std::unexpected(api.error());
    const Libgit2Api& g = **api;
    Session session(g);
    auto repo = open_repo(g, q);
    if (!repo) return std::unexpected(repo.error());
    return body(g, repo->get());
}

} // namespace

std::expected<GitSide, Diagnostic> read_at_revision(const GitQuery& q, const std::string& revision) {
    return with_repo(q, [&](const Libgit2Api& g, git_repository* repo) -> std::expected<GitSide, Diagnostic> {
        auto tree = peel(g, repo, revision, GIT_OBJECT_TREE);
        if (!tree) return std::unexpected(tree.error());
        GitSide side{"", revision + ":" + q.path};
        git_tree_entry* raw = nullptr;
        const int rc = g.tree_entry_bypath(&raw, reinterpret_cast<git_tree*>(tree->get()), q.path.c_str());
        if (rc == GIT_ENOTFOUND) return side;  // missing: everything added or removed
        if (rc != 0) return std::unexpected(git_failure(g, "cannot look up the file", side.label));
        Owned<git_tree_entry> entry(raw, g.tree_entry_free);
        auto text = blob_text(g, repo, g.tree_entry_id(raw), side.label);
        if (!text) return std::unexpected(text.error());
        side.text = std::move(*text);
        return side;
    });
}

std::expected<GitSide, Diagnostic> read_from_index(const GitQuery& q) {
    return with_repo(q, [&](const Libgit2Api& g, git_repository* repo) -> std::expected<GitSide, Diagnostic> {
        git_index* raw = nullptr;
        if (g.repository_index(&raw, repo) != 0) return std::unexpected(git_failure(g, "cannot read the index"));
        Owned<git_index> index(raw, g.index_free);
        GitSide side{"", ":" + q.path};
        const git_index_entry* entry = g.index_get_bypath(raw, q.path.c_str(), 0);
        if (entry == nullptr) return side;
        auto text = blob_text(g, repo, &entry->id, side.label);
        if (!text) return std::unexpected(text.error());
        side.text = std::move(*text);
        return side;
    });
}

std::expected<std::string, Diagnostic> merge_base(const GitQuery& q, const std::string& a, const std::string& b) {
    return with_repo(q, [&](const Libgit2Api& g, git_repository* repo) -> std::expected<std::string, Diagnostic> {
        auto ca = peel(g, repo, a, GIT_OBJECT_COMMIT);
        if (!ca) return std::unexpected(ca.error());
        auto cb = peel(g, repo, b, GIT_OBJECT_COMMIT);
        if (!cb) return std::unexpected(cb.error());
        git_oid base;
        if (g.merge_base(&base, repo, g.object_id(ca->get()), g.object_id(cb->get())) != 0) {
            return std::unexpected(git_failure(g, "no merge base between `" + a + "` and `" + b + "`"));
        }
        char hex[GIT_OID_HEXSZ + 1];
        g.oid_tostr(hex, sizeof hex, &base);
        return std::string(hex);
    });
}

} // namespace lockkit::diff
