// The commits behind a merge driver run; see include/lockkit/git/merge_context.hpp.

#include "lockkit/git/merge_context.hpp"

#include "lockkit/git/libgit2_api.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <span>
#include <sstream>

extern char** environ;

namespace lockkit::git {

const char* merge_operation_name(MergeOperation op) {
    switch (op) {
    case MergeOperation::Merge: return "merge";
    case MergeOperation::Rebase: return "rebase";
    case MergeOperation::CherryPick: return "cherry-pick";
    case MergeOperation::Revert: return "revert";
    case MergeOperation::Stash: return "stash";
    }
    return "?";
}

std::string blob_id(std::string_view content) {
    const std::string header = "blob " + std::to_string(content.size()) + std::string(1, '\0');
    // OpenSSL 3 deprecates the SHA1_* calls; the EVP interface computes the same digest.
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), header.data(), header.size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), content.data(), content.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
        return {};  // no digest (OpenSSL out of memory): an id that matches no blob
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : std::span(digest, length)) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

std::vector<std::string> git_ancestor_command_line() {
    // git runs a merge driver through `sh -c`, so the git process is the
    // parent's parent; look a few generations up.
    pid_t pid = ::getppid();
    for (int depth = 0; depth < 4 && pid > 1; ++depth) {
        std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
        std::string raw((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
        std::vector<std::string> argv;
        std::string current;
        for (char c : raw) {
            if (c == '\0') {
                argv.push_back(current);
                current.clear();
            } else {
                current += c;
            }
        }
        if (!argv.empty()) {
            const std::string program = std::filesystem::path(argv[0]).filename().string();
            if (program == "git" || program.starts_with("git-")) return argv;
        }
        std::ifstream status("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        std::getline(status, line);
        const auto close = line.rfind(')');
        if (close == std::string::npos) break;
        std::istringstream rest(line.substr(close + 2));
        char state = 0;
        pid_t parent = 0;
        rest >> state >> parent;
        pid = parent;
    }
    return {};
}

namespace {

template <typename T>
using Owned = std::unique_ptr<T, void (*)(T*)>;

class Repo {
public:
    static std::expected<Repo, std::string> open(const std::filesystem::path& work_tree) {
        auto api = libgit2();
        if (!api) return std::unexpected(api.error());
        const Libgit2Api& g = **api;
        // libgit2's set-up reads the system's CA certificates (milliseconds), and a merge
        // driver opens the repository several times: set up once for the process, never
        // torn down (other users' init/shutdown pairs then only count).
        static const bool set_up = (g.libgit2_init(), true);
        (void)set_up;
        git_repository* raw = nullptr;
        if (g.repository_open_ext(&raw, work_tree.c_str(), 0, nullptr) != 0) {
            return std::unexpected("not a git repository: " + work_tree.string());
        }
        return Repo(g, raw);
    }
    Repo(Repo&& other) noexcept : m_g(other.m_g), m_repo(other.m_repo) { other.m_repo = nullptr; }
    Repo(const Repo&) = delete;
    ~Repo() {
        if (m_repo != nullptr) m_g->repository_free(m_repo);
    }

    /// The full id of a revision expression, or nothing.
    std::optional<std::string> id_of(const std::string& spec) const {
        git_object* raw = nullptr;
        if (m_g->revparse_single(&raw, m_repo, spec.c_str()) != 0) return std::nullopt;
        Owned<git_object> object(raw, m_g->object_free);
        char hex[GIT_OID_HEXSZ + 1] = {};
        m_g->oid_tostr(hex, sizeof hex, m_g->object_id(raw));
        return std::string(hex);
    }
    /// The id of the commit a revision names (peeled), or nothing.
    std::optional<std::string> commit_of(const std::string& spec) const { return id_of(spec + "^{commit}"); }
    /// The blob id of `path` at `commit`, the empty blob's when absent. Read from the
    /// commit's tree: `commit:path` would load (inflate and hash) a 2 MB lock for its id.
    std::string blob_at(const std::string& commit, std::string_view path) const {
        git_object* raw = nullptr;
        if (m_g->revparse_single(&raw, m_repo, (commit + "^{tree}").c_str()) == 0) {
            Owned<git_object> tree(raw, m_g->object_free);
            git_tree_entry* found = nullptr;
            const std::string file(path);
            if (m_g->tree_entry_bypath(&found, reinterpret_cast<git_tree*>(raw), file.c_str()) == 0) {
                Owned<git_tree_entry> entry(found, m_g->tree_entry_free);
                char hex[GIT_OID_HEXSZ + 1] = {};
                m_g->oid_tostr(hex, sizeof hex, m_g->tree_entry_id(found));
                return hex;
            }
        }
        return blob_id("");
    }
    std::optional<std::string> text_at(const std::string& commit, std::string_view path) const {
        git_object* raw = nullptr;
        const std::string spec = commit + ":" + std::string(path);
        if (m_g->revparse_single(&raw, m_repo, spec.c_str()) != 0) return std::nullopt;
        Owned<git_object> object(raw, m_g->object_free);
        git_blob* blob = nullptr;
        if (m_g->blob_lookup(&blob, m_repo, m_g->object_id(raw)) != 0) return std::nullopt;
        Owned<git_blob> owned(blob, m_g->blob_free);
        return std::string(static_cast<const char*>(m_g->blob_rawcontent(blob)),
                           static_cast<std::size_t>(m_g->blob_rawsize(blob)));
    }
    std::optional<std::string> merge_base(const std::string& a, const std::string& b) const {
        git_oid oa, ob, out;
        git_object* ra = nullptr;
        git_object* rb = nullptr;
        if (m_g->revparse_single(&ra, m_repo, a.c_str()) != 0) return std::nullopt;
        Owned<git_object> oa_owned(ra, m_g->object_free);
        if (m_g->revparse_single(&rb, m_repo, b.c_str()) != 0) return std::nullopt;
        Owned<git_object> ob_owned(rb, m_g->object_free);
        oa = *m_g->object_id(ra);
        ob = *m_g->object_id(rb);
        if (m_g->merge_base(&out, m_repo, &oa, &ob) != 0) return std::nullopt;
        char hex[GIT_OID_HEXSZ + 1] = {};
        m_g->oid_tostr(hex, sizeof hex, &out);
        return std::string(hex);
    }
    std::filesystem::path git_dir() const { return m_g->repository_path(m_repo); }
    const Libgit2Api& api() const { return *m_g; }

private:
    Repo(const Libgit2Api& g, git_repository* repo) : m_g(&g), m_repo(repo) {}
    const Libgit2Api* m_g;
    git_repository* m_repo;
};

std::string first_word_of_line(const std::filesystem::path& file, bool last_line, std::size_t word) {
    std::ifstream in(file);
    std::string line, chosen;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        chosen = line;
        if (!last_line) break;
    }
    std::istringstream words(chosen);
    std::string w;
    for (std::size_t i = 0; i <= word && (words >> w); ++i) {
    }
    return w;
}

/// Non-option arguments after the git subcommand (`cherry-pick`, `revert`, `merge`).
std::vector<std::string> revision_arguments(const std::vector<std::string>& argv) {
    std::vector<std::string> out;
    bool after_subcommand = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (!after_subcommand) {
            if (a == "cherry-pick" || a == "revert" || a == "merge" || a == "rebase") after_subcommand = true;
            if (a == "-C" || a == "-c") ++i;  // git -C dir / -c key=value
            continue;
        }
        if (a.starts_with("-")) {
            if (a == "-m" || a == "--mainline" || a == "-s" || a == "--strategy" || a == "-X" ||
                a == "--strategy-option" || a == "-F" || a == "--file") {
                ++i;  // the option's value is the next word
            }
            continue;
        }
        // `A..B` names commits through B; the one being applied is among them.
        if (const auto dots = a.find(".."); dots != std::string::npos) {
            out.push_back(a.substr(dots + (a.compare(dots, 3, "...") == 0 ? 3 : 2)));
        } else {
            out.push_back(a);
        }
    }
    return out;
}

} // namespace

std::optional<MergeCommits> find_merge_commits(const std::filesystem::path& work_tree, const DriverBlobs& blobs,
                                               const std::vector<std::string>& command_line) {
    auto repo = Repo::open(work_tree);
    if (!repo) return std::nullopt;
    const auto head = repo->commit_of("HEAD");
    if (!head || repo->blob_at(*head, blobs.path) != blobs.ours) return std::nullopt;

    // Candidate commits for "theirs", each with the operation it suggests.
    std::vector<std::pair<std::string, MergeOperation>> candidates;
    for (char** env = environ; *env != nullptr; ++env) {
        const std::string_view entry(*env);
        if (entry.starts_with("GITHEAD_")) {
            const auto eq = entry.find('=');
            candidates.emplace_back(std::string(entry.substr(8, eq - 8)), MergeOperation::Merge);
        }
    }
    const auto git_dir = repo->git_dir();
    auto add_ref_file = [&](const char* name, MergeOperation op) {
        std::ifstream in(git_dir / name);
        std::string id;
        if (in >> id) candidates.emplace_back(id, op);
    };
    add_ref_file("MERGE_HEAD", MergeOperation::Merge);
    add_ref_file("REBASE_HEAD", MergeOperation::Rebase);
    add_ref_file("CHERRY_PICK_HEAD", MergeOperation::CherryPick);
    add_ref_file("REVERT_HEAD", MergeOperation::Revert);
    if (std::filesystem::exists(git_dir / "rebase-merge" / "done")) {
        candidates.emplace_back(first_word_of_line(git_dir / "rebase-merge" / "done", true, 1), MergeOperation::Rebase);
    }
    if (std::filesystem::exists(git_dir / "sequencer" / "todo")) {
        const std::string verb = first_word_of_line(git_dir / "sequencer" / "todo", false, 0);
        candidates.emplace_back(first_word_of_line(git_dir / "sequencer" / "todo", false, 1),
                                verb == "revert" ? MergeOperation::Revert : MergeOperation::CherryPick);
    }
    const auto argv = command_line.empty() ? git_ancestor_command_line() : command_line;
    MergeOperation from_argv = MergeOperation::CherryPick;
    for (const auto& a : argv) {
        if (a == "revert") from_argv = MergeOperation::Revert;
        if (a == "merge") from_argv = MergeOperation::Merge;
    }
    for (const auto& rev : revision_arguments(argv)) candidates.emplace_back(rev, from_argv);
    if (repo->commit_of("refs/stash")) candidates.emplace_back("refs/stash", MergeOperation::Stash);

    for (const auto& [spec, op] : candidates) {
        const auto commit = repo->commit_of(spec);
        if (!commit) continue;
        const std::string at = repo->blob_at(*commit, blobs.path);
        if (at == blobs.theirs) {
            // Merge: the merge base; everything else applies one commit onto HEAD.
            std::vector<std::optional<std::string>> bases;
            if (op == MergeOperation::Merge) bases.push_back(repo->merge_base(*head, *commit));
            bases.push_back(repo->commit_of(*commit + "^1"));
            if (op != MergeOperation::Merge) bases.push_back(repo->merge_base(*head, *commit));
            for (const auto& base : bases) {
                if (base && repo->blob_at(*base, blobs.path) == blobs.base) {
                    return MergeCommits{*base, *head, *commit, op};
                }
            }
        }
        // A revert applies the change from C to its parent: base C, theirs C^1.
        if (at == blobs.base) {
            if (const auto parent = repo->commit_of(*commit + "^1");
                parent && repo->blob_at(*parent, blobs.path) == blobs.theirs) {
                return MergeCommits{*commit, *head, *parent, MergeOperation::Revert};
            }
        }
    }
    return std::nullopt;
}

std::expected<MergedFile, std::string> merge_file_at(const std::filesystem::path& work_tree, const MergeCommits& commits,
                                                     std::string_view path) {
    auto repo = Repo::open(work_tree);
    if (!repo) return std::unexpected(repo.error());
    const auto base = repo->text_at(commits.base, path);
    const auto ours = repo->text_at(commits.ours, path);
    const auto theirs = repo->text_at(commits.theirs, path);
    MergedFile out;
    if (!base && !ours && !theirs) return out;
    if (ours == theirs) {
        out.text = ours;
        return out;
    }
    if (base == ours) {
        out.text = theirs;
        return out;
    }
    if (base == theirs) {
        out.text = ours;
        return out;
    }
    if (!ours || !theirs) {  // changed on one side, deleted on the other
        out.conflicted = true;
        out.text = ours ? ours : theirs;
        return out;
    }
    const Libgit2Api& g = repo->api();
    auto input = [](const std::optional<std::string>& text) {
        git_merge_file_input in = GIT_MERGE_FILE_INPUT_INIT;
        in.ptr = text ? text->data() : "";
        in.size = text ? text->size() : 0;
        return in;
    };
    const auto in_base = input(base), in_ours = input(ours), in_theirs = input(theirs);
    git_merge_file_options options = GIT_MERGE_FILE_OPTIONS_INIT;
    git_merge_file_result result{};
    if (g.merge_file(&result, &in_base, &in_ours, &in_theirs, &options) != 0) {
        return std::unexpected("libgit2 could not merge " + std::string(path));
    }
    out.text = std::string(result.ptr != nullptr ? result.ptr : "", result.len);
    out.conflicted = result.automergeable == 0;
    g.merge_file_result_free(&result);
    return out;
}

} // namespace lockkit::git
