// The build front end's parts: build-system defaults and backend-path checks,
// sdist unpacking that refuses escapes, source-tree keys, and a metadata build
// through the shipped hook runner with a backend the test tree carries.

#include "lockkit/build/build_system.hpp"
#include "lockkit/build/hook_runner.hpp"
#include "lockkit/build/index_requirement_resolver.hpp"
#include "lockkit/build/sdist_archive.hpp"
#include "lockkit/build/source_builder.hpp"
#include "lockkit/build/source_key.hpp"
#include "lockkit/interpreter/probe.hpp"
#include "lockkit/util/subprocess.hpp"
#include "tests/temp_tree.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

using namespace lockkit;
using lockkit::testing::TempTree;

namespace {

struct TarMember {
    std::string name;
    std::string content;
    std::string symlink;  ///< non-empty: a symbolic link to this
};

/// A .tar.gz of `members`, written with libarchive.
void write_tar_gz(const std::filesystem::path& path, const std::vector<TarMember>& members) {
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    archive_write_open_filename(a, path.c_str());
    for (const auto& m : members) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, m.name.c_str());
        if (!m.symlink.empty()) {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, m.symlink.c_str());
            archive_entry_set_perm(e, 0777);
            archive_write_header(a, e);
        } else {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, 0644);
            archive_entry_set_size(e, static_cast<la_int64_t>(m.content.size()));
            archive_write_header(a, e);
            archive_write_data(a, m.content.data(), m.content.size());
        }
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
}

std::optional<std::filesystem::path> system_python() {
    const auto found = run_process({"python3", "-c", "import sys; print(sys.executable)"});
    if (!found || found->exit_code != 0) return std::nullopt;
    std::string path = found->out;
    while (!path.empty() && path.back() == '\n') path.pop_back();
    return path;
}

/// A backend module the test tree carries: prepare_metadata and build_wheel, nothing else.
constexpr const char* k_backend = R"(
import os, zipfile
META = "Metadata-Version: 2.1\nName: Demo.Pkg\nVersion: 1.2\nRequires-Dist: leaf>=1\n"
def prepare_metadata_for_build_wheel(directory, config_settings=None):
    os.makedirs(os.path.join(directory, "demo_pkg-1.2.dist-info"))
    with open(os.path.join(directory, "demo_pkg-1.2.dist-info", "METADATA"), "w") as f:
        f.write(META)
    return "demo_pkg-1.2.dist-info"
def build_wheel(directory, config_settings=None, metadata_directory=None):
    name = "demo_pkg-1.2-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w") as z:
        z.writestr("demo_pkg/__init__.py", "")
        z.writestr("demo_pkg-1.2.dist-info/METADATA", META)
        z.writestr("demo_pkg-1.2.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr("demo_pkg-1.2.dist-info/RECORD", "")
    return name
)";

void write_demo_project(const TempTree& tree, bool with_prepare = true) {
    tree.write("proj/pyproject.toml",
               "[build-system]\nrequires = []\nbuild-backend = \"demo_backend\"\nbackend-path = [\"_b\"]\n");
    std::string backend = k_backend;
    if (!with_prepare) backend += "\ndel prepare_metadata_for_build_wheel\n";
    tree.write("proj/_b/demo_backend.py", backend);
}

} // namespace

TEST_CASE("build-system: uv's defaults") {
    TempTree tree;
    tree.write("setup_only/setup.py", "");
    auto legacy = build::read_build_system(tree.root() / "setup_only");
    REQUIRE(legacy);
    CHECK(legacy->backend == "setuptools.build_meta:__legacy__");
    CHECK(legacy->requirements == std::vector<std::string>{"setuptools >= 40.8.0"});
    CHECK_FALSE(legacy->declared);
    CHECK(legacy->is_setuptools());

    tree.write("no_table/pyproject.toml", "[project]\nname = \"x\"\n");
    CHECK(build::read_build_system(tree.root() / "no_table")->backend == "setuptools.build_meta:__legacy__");

    tree.write("no_backend/pyproject.toml", "[build-system]\nrequires = [\"setuptools\", \"wheel\"]\n");
    auto table = build::read_build_system(tree.root() / "no_backend");
    REQUIRE(table);
    CHECK(table->backend == "setuptools.build_meta:__legacy__");
    CHECK(table->requirements == std::vector<std::string>{"setuptools", "wheel"});

    tree.mkdir("nothing");
    auto none = build::read_build_system(tree.root() / "nothing");
    REQUIRE_FALSE(none);
    CHECK(none.error().find("neither a pyproject.toml nor a setup.py") != std::string::npos);

    tree.write("no_requires/pyproject.toml", "[build-system]\nbuild-backend = \"x\"\n");
    CHECK(build::read_build_system(tree.root() / "no_requires").error().find("no `requires`") != std::string::npos);
}

TEST_CASE("build-system: backend-path stays inside the project") {
    TempTree tree;
    tree.mkdir("p/inside");
    tree.mkdir("elsewhere");
    const auto with = [&](const std::string& entry) {
        tree.write("p/pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\"" +
                                           entry + "\"]\n");
        return build::read_build_system(tree.root() / "p");
    };
    auto ok = with("inside");
    REQUIRE(ok);
    CHECK(ok->backend_path == std::vector<std::filesystem::path>{std::filesystem::canonical(tree.root() / "p/inside")});
    CHECK(with("../elsewhere").error().find("leads outside the project") != std::string::npos);
    CHECK(with("/tmp").error().find("is absolute") != std::string::npos);
    CHECK(with("missing").error().find("is not a folder") != std::string::npos);
    std::filesystem::create_directory_symlink(tree.root() / "elsewhere", tree.root() / "p/link");
    CHECK(with("link").error().find("leads outside the project") != std::string::npos);
}

TEST_CASE("sdist archives: the one top folder, escapes refused") {
    TempTree tree;
    write_tar_gz(tree.root() / "good.tar.gz", {{"good-1.0/pyproject.toml", "x", ""},
                                                {"good-1.0/pkg/__init__.py", "y", ""},
                                                {"good-1.0/pkg/alias.py", "", "__init__.py"}});
    tree.mkdir("out1");
    auto good = build::unpack_sdist(tree.root() / "good.tar.gz", tree.root() / "out1");
    REQUIRE(good);
    CHECK(*good == tree.root() / "out1" / "good-1.0");
    CHECK(tree.read("out1/good-1.0/pkg/__init__.py") == "y");

    const auto refused = [&](const std::vector<TarMember>& members, const std::string& why) {
        write_tar_gz(tree.root() / "bad.tar.gz", members);
        const auto out = tree.root() / ("out-" + std::to_string(members.size()) + why.substr(0, 3));
        std::filesystem::create_directories(out);
        auto r = build::unpack_sdist(tree.root() / "bad.tar.gz", out);
        REQUIRE_FALSE(r);
        CHECK(r.error().find(why) != std::string::npos);
    };
    refused({{"bad-1.0/x", "", ""}, {"bad-1.0/../../escaped", "boom", ""}}, "outside its folder");
    refused({{"/etc/passwd-copy", "boom", ""}}, "outside its folder");
    refused({{"bad-1.0/link", "", "../../etc"}}, "points outside");
    refused({{"bad-1.0/x", "", ""}, {"other-1.0/y", "", ""}}, "more than one top folder");
    CHECK_FALSE(std::filesystem::exists(tree.root() / "escaped"));
}

TEST_CASE("source tree keys follow the project, not what builds leave") {
    TempTree tree;
    tree.write("p/pyproject.toml", "[project]\n");
    tree.write("p/pkg/__init__.py", "A = 1\n");
    const auto key = [&] { return *build::source_tree_key(tree.root() / "p"); };
    const std::string first = key();
    CHECK(first.size() == 64);
    tree.write("p/pkg/__pycache__/x.pyc", "junk");
    tree.write("p/.git/HEAD", "ref");
    tree.write("p/build/lib/pkg/__init__.py", "A = 1\n");
    tree.write("p/pkg.egg-info/PKG-INFO", "x");
    tree.write("p/.venv/pyvenv.cfg", "home = /usr\n");
    CHECK(key() == first);
    tree.write("p/pkg/__init__.py", "A = 2\n");
    const std::string edited = key();
    CHECK(edited != first);
    tree.write("p/pkg/new.py", "");
    CHECK(key() != edited);
}

TEST_CASE("a metadata build through the hook runner, cached by source") {
    const auto python = system_python();
    if (!python) {
        WARN("skipped: no python3 on PATH");
        return;
    }
    auto probed = interpreter::probe_interpreter(*python, nullptr);
    REQUIRE(probed);
    for (const bool with_prepare : {true, false}) {
        TempTree tree;
        write_demo_project(tree, with_prepare);
        build::BuilderSettings settings;
        settings.cache_root = tree.root() / "cache";
        settings.interpreter = probed->info;
        index::RegistryOptions no_indexes;  // the backend needs nothing: no index is asked
        no_indexes.cache_root = settings.cache_root;
        no_indexes.offline = true;
        settings.resolver =
            std::make_shared<build::IndexRequirementResolver>(std::make_shared<index::RegistryClient>(no_indexes));
        build::SourceBuilder builder(settings);
        index::MetadataBuilder& as_index_builder = builder;
        index::BuildSource source{tree.root() / "proj", false, "demo-pkg", std::nullopt, std::nullopt};
        auto meta = as_index_builder.build_metadata(source);
        REQUIRE(meta);
        CHECK(meta->name == "demo-pkg");
        CHECK(meta->version.to_string() == "1.2");
        REQUIRE(meta->requires_dist.size() == 1);
        CHECK(meta->requires_dist[0].name == "leaf");
        // Without a prepare hook the wheel was built, and is cached for the install.
        CHECK(build::BuildCache(settings.cache_root).entry("x").parent_path().parent_path().filename() == "builds-v1");
        auto wheel = builder.build_wheel({tree.root() / "proj", false, "demo-pkg", std::nullopt, std::nullopt, ""},
                                         build::BuildKind::Wheel);
        REQUIRE(wheel);
        CHECK(wheel->filename == "demo_pkg-1.2-py3-none-any.whl");
        CHECK(wheel->cached == !with_prepare);
        // A name the source does not build is refused.
        auto wrong = builder.build_wheel({tree.root() / "proj", false, "other", std::nullopt, std::nullopt, ""},
                                         build::BuildKind::Wheel);
        CHECK_FALSE(wrong);
        // An editable build of a backend without build_editable says so.
        auto editable = builder.build_wheel({tree.root() / "proj", false, "demo-pkg", std::nullopt, std::nullopt, ""},
                                            build::BuildKind::Editable);
        REQUIRE_FALSE(editable);
        CHECK(editable.error().find("has no `build_editable` hook") != std::string::npos);
        CHECK(editable.error().find("hint: the build backend `demo_backend` cannot make editable installs") !=
              std::string::npos);
        // Nothing of the builds is left but their results.
        CHECK(std::filesystem::is_empty(tree.root() / "cache" / "builds-v1" / "tmp"));
    }
}

TEST_CASE("output tails keep the last lines") {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "line " + std::to_string(i) + "\n";
    const auto tail = build::output_tail(text, 3);
    CHECK(tail == "[...]\nline 97\nline 98\nline 99");
    CHECK(build::output_tail("one\n") == "one");
}

TEST_CASE("a failed hook's output is shown whole, line ends as uv reads them") {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "line " + std::to_string(i) + "\r\n";
    const auto whole = build::backend_output(text);
    CHECK(whole.starts_with("line 0\nline 1\n"));
    CHECK(whole.ends_with("\nline 98\nline 99"));
    CHECK(std::count(whole.begin(), whole.end(), '\n') == 99);
    // A carriage return inside a line (a progress bar) stays; a blank last line stays a line.
    CHECK(build::backend_output("50%\r100%\r\n\n") == "50%\r100%\n");
    CHECK(build::backend_output("no newline") == "no newline");
    CHECK(build::backend_output("") == "");
}
