#include "lockkit/install/wheel_installer.hpp"

#include "lockkit/install/uninstaller.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"
#include "temp_tree.hpp"
#include "wheel_builder.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace lockkit::install;
using namespace lockkit::install::testing;
namespace fs = std::filesystem;

namespace {

Layout layout_in(const fs::path& root) {
    Layout l;
    l.root = root;
    l.purelib = l.platlib = root / "lib" / "python3.12" / "site-packages";
    l.scripts = root / "bin";
    l.data = root;
    l.include = root / "include" / "site" / "python3.12";
    l.python = root / "bin" / "python";
    l.python_minor = 12;
    return l;
}

StoredWheel store_wheel(lockkit::testing::TempTree& tree, const std::vector<Entry>& entries) {
    const auto wheel = tree.root() / "alpha-1.0-py3-none-any.whl";
    write_zip(wheel, entries);
    const WheelStore store(tree.root() / "cache");
    auto stored = store.unpack(wheel, *lockkit::sha256_file(wheel), *wheel_identity(wheel.filename().string()));
    REQUIRE(stored);
    return *stored;
}

} // namespace

TEST_CASE("a wheel is installed as uv installs it", "[install][installer]") {
    lockkit::testing::TempTree tree;
    const auto stored = store_wheel(
        tree, wheel_entries("alpha", "1.0",
                            {{"alpha/__init__.py", "x = 1\n"},
                             {"alpha-1.0.data/scripts/tool", "#!python\r\nprint(1)\n"},
                             {"alpha-1.0.data/scripts/cli", "replaced by the entry point\n"},
                             {"alpha-1.0.data/data/share/a.txt", "data\n"},
                             {"alpha-1.0.data/headers/a.h", "int a;\n"},
                             {"alpha-1.0.dist-info/entry_points.txt", "[console_scripts]\ncli = alpha:main\n"}}));
    const auto layout = layout_in(tree.root() / "venv");
    Linker linker(LinkMode::Hardlink);
    InstallerMetadata metadata;
    metadata.direct_url_json = R"({"url":"file:///w/alpha-1.0-py3-none-any.whl","archive_info":{}})";
    const auto installed = install_wheel(stored, "alpha", layout, metadata, linker);
    REQUIRE(installed);
    const auto site = layout.purelib;
    CHECK(installed->dist_info == site / "alpha-1.0.dist-info");

    const std::string tool = "#!" + layout.python.string() + "\n\nprint(1)\n";  // CR ended the first line, as uv reads it
    CHECK(*lockkit::read_file(layout.scripts / "tool") == tool);
    CHECK(lockkit::read_file(layout.scripts / "cli")->find("from alpha import main") != std::string::npos);
    CHECK(*lockkit::read_file(tree.root() / "venv" / "share" / "a.txt") == "data\n");
    CHECK(*lockkit::read_file(layout.include / "alpha" / "a.h") == "int a;\n");
    CHECK_FALSE(fs::exists(site / "alpha-1.0.data"));
    struct stat st {};
    ::stat((layout.scripts / "cli").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0755);
    ::stat((site / "alpha" / "__init__.py").c_str(), &st);
    CHECK(st.st_nlink == 2);  // hard-linked from the cache

    const std::string cli = *lockkit::read_file(layout.scripts / "cli");
    const std::string metadata_text = "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n\n";
    const std::string wheel_text = "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n";
    auto row = [](const std::string& path, const std::string& content) {
        return path + "," + record_hash_of(content) + "," + std::to_string(content.size()) + "\n";
    };
    const std::string expected =
        "../../../bin/cli," + record_hash_of(cli) + "," + std::to_string(cli.size()) + "\n" +
        "../../../bin/tool," + record_hash_of(tool) + "," + std::to_string(tool.size()) + "\n" +
        "../../../include/site/python3.12/alpha/a.h," + record_hash_of("int a;\n") + ",7\n" +
        "../../../share/a.txt," + record_hash_of("data\n") + ",5\n" +
        "alpha-1.0.data/scripts/cli," + record_hash_of("replaced by the entry point\n") + ",28\n" +
        "alpha-1.0.dist-info/INSTALLER," + record_hash_of("lockkit") + ",7\n" +
        row("alpha-1.0.dist-info/METADATA", metadata_text) + "alpha-1.0.dist-info/RECORD,,\n" +
        "alpha-1.0.dist-info/REQUESTED," + record_hash_of("") + ",0\n" + row("alpha-1.0.dist-info/WHEEL", wheel_text) +
        "alpha-1.0.dist-info/direct_url.json," + record_hash_of(*metadata.direct_url_json) + "," +
        std::to_string(metadata.direct_url_json->size()) + "\n" + "alpha-1.0.dist-info/entry_points.txt," +
        record_hash_of("[console_scripts]\ncli = alpha:main\n") + ",35\n" + "alpha/__init__.py," +
        record_hash_of("x = 1\n") + ",6\n";
    CHECK(*lockkit::read_file(site / "alpha-1.0.dist-info" / "RECORD") == expected);

    // Every file placed is stamped, relative to the environment's root.
    const auto& files = installed->files;
    CHECK(std::any_of(files.begin(), files.end(), [](const auto& f) { return f.first == "bin/tool"; }));
    CHECK(std::any_of(files.begin(), files.end(),
                      [](const auto& f) { return f.first == "lib/python3.12/site-packages/alpha/__init__.py"; }));

    // Uninstalling through RECORD removes it all and prunes emptied folders.
    const auto removed = uninstall_distribution(installed->dist_info, layout);
    REQUIRE(removed);
    CHECK(removed->warnings.empty());
    CHECK_FALSE(fs::exists(site / "alpha"));
    CHECK_FALSE(fs::exists(site / "alpha-1.0.dist-info"));
    CHECK_FALSE(fs::exists(layout.scripts / "tool"));
    CHECK(fs::exists(site));
}

TEST_CASE("an install over the remains of an interrupted one replaces them", "[install][installer]") {
    lockkit::testing::TempTree tree;
    const auto stored = store_wheel(tree, wheel_entries("alpha", "1.0", {{"alpha/__init__.py", "x = 1\n"}}));
    const auto layout = layout_in(tree.root() / "venv");
    tree.write("venv/lib/python3.12/site-packages/alpha/__init__.py", "half-written");
    Linker linker(LinkMode::Copy);
    REQUIRE(install_wheel(stored, "alpha", layout, {}, linker));
    CHECK(*lockkit::read_file(layout.purelib / "alpha" / "__init__.py") == "x = 1\n");
    CHECK(fs::directory_iterator(layout.purelib / "alpha") != fs::directory_iterator());
    for (const auto& e : fs::directory_iterator(layout.purelib / "alpha")) {
        CHECK_FALSE(e.path().filename().string().starts_with(".lockkit-tmp"));
    }
}
