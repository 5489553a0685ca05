// Reading uv.lock blobs through libgit2 (see git_input.hpp).

#include "lockkit/diff/git_input.hpp"

#include <git2.h>

#include <memory>

namespace lockkit::diff {

namespace {

struct Session {
    Session() { git_libgit2_init(); }
    ~Session() { git_libgit2_shutdown(); }
};

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Repo = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using Object = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using TreeEntry = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using Blob = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using Index = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;

Diagnostic git_failure(std::string what, const std::string& file = "") {
    Diagnostic d;
    d.file = file;
    const git_error* e = git_error_last();
    d.message = std::move(what);
    if (e != nullptr && e->message != nullptr) d.message += std::string(": ") + e->message;
    return d;
}

std::expected<Repo, Diagnostic> open_repo(const GitQuery& q) {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, q.repo_dir.c_str(), 0, nullptr) != 0) {
        Diagnostic d = git_failure("not a git repository", q.repo_dir);
        d.hints.push_back("run lock-diff inside the repository, or compare two files: lock-diff OLD NEW");
        return std::unexpected(std::move(d));
    }
    return Repo(raw);
}

std::expected<std::string, Diagnostic> blob_text(git_repository* repo, const git_oid* id, const std::string& label) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo, id) != 0) return std::unexpected(git_failure("cannot read the blob", label));
    Blob blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(raw)), static_cast<std::size_t>(git_blob_rawsize(raw)));
}

std::expected<Object, Diagnostic> peel(git_repository* repo, const std::string& revision, git_object_t type) {
    git_object* obj = nullptr;
    if (git_revparse_single(&obj, repo, revision.c_str()) != 0) {
        Diagnostic d = git_failure("unknown revision `" + revision + "`");
        d.hints.push_back("use a branch, tag or commit (`main`, `HEAD~1`), `A...B` for the merge base, or --cached");
        return std::unexpected(std::move(d));
    }
    Object owned(obj);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, obj, type) != 0) return std::unexpected(git_failure("`" + revision + "` is not a commit"));
    return Object(peeled);
}

} // namespace

std::expected<GitSide, Diagnostic> read_at_revision(const GitQuery& q, const std::string& revision) {
    Session session;
    auto repo = open_repo(q);
    if (!repo) return std::unexpected(repo.error());
    auto tree = peel(repo->get(), revision, GIT_OBJECT_TREE);
    if (!tree) return std::unexpected(tree.error());
    GitSide side{"", revision + ":" + q.path};
    git_tree_entry* raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, reinterpret_cast<git_tree*>(tree->get()), q.path.c_str());
    if (rc == GIT_ENOTFOUND) return side;  // missing: everything added or removed
    if (rc != 0) return std::unexpected(git_failure("cannot look up the file", side.label));
    TreeEntry entry(raw);
    auto text = blob_text(repo->get(), git_tree_entry_id(raw), side.label);
    if (!text) return std::unexpected(text.error());
    side.text = std::move(*text);
    return side;
}

std::expected<GitSide, Diagnostic> read_from_index(const GitQuery& q) {
    Session session;
    auto repo = open_repo(q);
    if (!repo) return std::unexpected(repo.error());
    git_index* raw = nullptr;
    if (git_repository_index(&raw, repo->get()) != 0) return std::unexpected(git_failure("cannot read the index"));
    Index index(raw);
    GitSide side{"", ":" + q.path};
    const git_index_entry* entry = git_index_get_bypath(raw, q.path.c_str(), 0);
    if (entry == nullptr) return side;
    auto text = blob_text(repo->get(), &entry->id, side.label);
    if (!text) return std::unexpected(text.error());
    side.text = std::move(*text);
    return side;
}

std::expected<std::string, Diagnostic> merge_base(const GitQuery& q, const std::string& a, const std::string& b) {
    Session session;
    auto repo = open_repo(q);
    if (!repo) return std::unexpected(repo.error());
    auto ca = peel(repo->get(), a, GIT_OBJECT_COMMIT);
    if (!ca) return std::unexpected(ca.error());
    auto cb = peel(repo->get(), b, GIT_OBJECT_COMMIT);
    if (!cb) return std::unexpected(cb.error());
    git_oid base;
    if (git_merge_base(&base, repo->get(), git_object_id(ca->get()), git_object_id(cb->get())) != 0) {
        return std::unexpected(git_failure("no merge base between `" + a + "` and `" + b + "`"));
    }
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &base);
    return std::string(hex);
}

} // namespace lockkit::diff
