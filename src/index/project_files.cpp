#include "lockkit/index/project_files.hpp"

#include "lockkit/pep508/lenient.hpp"

#include <algorithm>

namespace lockkit::index {

ProjectFiles::ProjectFiles(std::string project)
    : m_project(std::move(project)), m_requires_python(std::make_unique<std::deque<RequiresPython>>()),
      m_requires_python_index(std::make_unique<std::unordered_map<std::string_view, const RequiresPython*>>()) {}

const RequiresPython* ProjectFiles::intern_requires_python(std::string_view text) {
    // A page repeats a handful of distinct values thousands of times: parse each once.
    if (const auto it = m_requires_python_index->find(text); it != m_requires_python_index->end()) {
        return it->second;
    }
    RequiresPython entry;
    entry.text = store(text);
    if (auto parsed = pep508::parse_lenient_specifiers(entry.text)) {
        entry.specifiers = std::move(*parsed);
    } else {
        entry.error = parsed.error().message;
    }
    const RequiresPython* stored = &m_requires_python->emplace_back(std::move(entry));
    m_requires_python_index->emplace(stored->text, stored);
    return stored;
}

void ProjectFiles::add_skipped(std::string_view filename, std::string reason) {
    m_skipped.push_back(SkippedFile{store(filename), std::move(reason)});
}

void ProjectFiles::reserve_files(std::size_t count) {
    m_files.reserve(count);
}

void ProjectFiles::sort_files() {
    // Files are large and most indexes already list them in order: only sort when needed.
    const auto by_name = [](const IndexFile& a, const IndexFile& b) { return a.filename < b.filename; };
    if (!std::is_sorted(m_files.begin(), m_files.end(), by_name)) {
        std::stable_sort(m_files.begin(), m_files.end(), by_name);
    }
}

} // namespace lockkit::index
