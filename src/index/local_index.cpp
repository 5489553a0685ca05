#include "lockkit/index/local_index.hpp"

#include "lockkit/index/html_page.hpp"
#include "lockkit/index/url.hpp"
#include "lockkit/util/atomic_file.hpp"

namespace lockkit::index {

std::expected<std::optional<ProjectFiles>, Diagnostic> read_local_project_page(const std::filesystem::path& root,
                                                                               std::string_view project) {
    std::error_code ec;
    const auto folder = std::filesystem::absolute(root, ec) / std::string(project);
    const auto page = folder / "index.html";
    if (!std::filesystem::is_regular_file(page, ec)) {
        return std::optional<ProjectFiles>();  // not on this index: the search goes on
    }
    const auto text = read_file(page);
    if (!text) {
        Diagnostic d;
        d.file = page.string();
        d.message = text.error();
        return std::unexpected(std::move(d));
    }
    auto files = parse_html_project_page(*text, file_url(page.lexically_normal().string()), project);
    if (!files) {
        return std::unexpected(std::move(files.error()));
    }
    return std::optional<ProjectFiles>(std::move(*files));
}

std::expected<ProjectFiles, Diagnostic> list_find_links_directory(const std::filesystem::path& directory) {
    std::error_code ec;
    const auto folder = std::filesystem::absolute(directory, ec).lexically_normal();
    ProjectFiles out{std::string()};
    std::filesystem::directory_iterator it(folder, ec);
    if (ec) {
        Diagnostic d;
        d.file = folder.string();
        d.message = "cannot list the find-links folder: " + ec.message();
        return std::unexpected(std::move(d));
    }
    for (const auto& entry : it) {
        // Files, and links to files; sub-folders are not searched.
        if (!entry.is_regular_file(ec)) {
            continue;
        }
        const auto name = entry.path().filename().string();
        auto dist = tags::DistFilename::parse_normalized(name);
        if (!dist) {
            continue;  // READMEs, checksums and the like
        }
        IndexFile file = out.make_file(out.store(name), *dist);
        file.url = out.store(file_url(entry.path().string()));
        out.add_file(std::move(file));
    }
    out.sort_files();
    return out;
}

} // namespace lockkit::index
