// Flattening PEP 735 dependency groups with cycle detection (see dependency_groups.hpp).

#include "lockkit/pyproject/dependency_groups.hpp"

#include <algorithm>

namespace lockkit::pyproject {

namespace {

class Flattener {
public:
    Flattener(const PyProject& p, std::string_view text) : m_p(p), m_text(text) {}

    const DependencyGroup* find(std::string_view name) const {
        for (const auto& g : m_p.dependency_groups) {
            if (g.name == name) {
                return &g;
            }
        }
        return nullptr;
    }

    /// Appends the flat requirements of `g` to `out`; `stack` holds the groups being expanded.
    std::expected<void, Diagnostic> expand(const DependencyGroup& g, std::vector<std::string>& stack,
                                           std::vector<Dependency>& out) {
        stack.push_back(g.name);
        for (const auto& item : g.items) {
            if (item.requirement) {
                out.push_back(*item.requirement);
                continue;
            }
            for (std::size_t i = 0; i < stack.size(); ++i) {
                if (stack[i] == item.include_group) {
                    std::string cycle;
                    for (std::size_t j = i; j < stack.size(); ++j) {
                        cycle += "`" + stack[j] + "` -> ";
                    }
                    cycle += "`" + item.include_group + "`";
                    return std::unexpected(located(item, "dependency group cycle: " + cycle));
                }
            }
            const DependencyGroup* inc = find(item.include_group);
            if (inc == nullptr) {
                return std::unexpected(located(item, "dependency group `" + g.name + "` includes `" +
                                                         item.include_group + "`, which is not declared"));
            }
            if (auto r = expand(*inc, stack, out); !r) {
                return r;
            }
        }
        stack.pop_back();
        return {};
    }

private:
    Diagnostic located(const GroupItem& item, std::string message) const {
        if (!m_text.empty() && item.line > 0) {
            return diagnostic_at_line(m_p.file, m_text, item.line, item.column, std::move(message));
        }
        Diagnostic d;
        d.file = m_p.file;
        d.line = item.line;
        d.column = item.column;
        d.message = std::move(message);
        return d;
    }

    const PyProject& m_p;
    std::string_view m_text;
};

} // namespace

std::expected<std::vector<FlatGroup>, Diagnostic> flatten_dependency_groups(const PyProject& pyproject) {
    Flattener f(pyproject, pyproject.source);
    std::vector<FlatGroup> out;
    for (const auto& g : pyproject.dependency_groups) {
        FlatGroup flat;
        flat.name = g.name;
        std::vector<std::string> stack;
        if (auto r = f.expand(g, stack, flat.requirements); !r) {
            return std::unexpected(std::move(r.error()));
        }
        out.push_back(std::move(flat));
    }
    if (pyproject.tool_uv.dev_dependencies) {
        const auto& legacy = *pyproject.tool_uv.dev_dependencies;
        auto it = std::find_if(out.begin(), out.end(), [](const FlatGroup& g) { return g.name == "dev"; });
        if (it == out.end()) {
            out.push_back(FlatGroup{"dev", legacy});
        } else {
            it->requirements.insert(it->requirements.end(), legacy.begin(), legacy.end());
        }
    }
    return out;
}

} // namespace lockkit::pyproject
