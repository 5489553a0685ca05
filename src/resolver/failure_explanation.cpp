// The explanation of a failure, line by line (docs/ARCHITECTURE.md, "The explanation"), and
// `NoSolution::explain`, which reduces the proof once and words both the explanation and the
// hints from it.
//
// The explanation is produced by a work list rather than by recursion: explaining a conclusion
// may first require explaining one of its children, then writing a line that refers to it, so
// each step pushes what remains to be done, and a proof thousands of levels deep needs no
// more than a longer list.

#include <lockkit/resolver/no_solution.hpp>

#include "failure_hints.hpp"
#include "failure_tree.hpp"
#include "failure_wording.hpp"

#include <functional>
#include <map>

namespace lockkit::resolver {

namespace failure {
namespace {

class Explanation {
public:
    Explanation(const FailureTree& tree, const Wording& words) : m_tree(tree), m_words(words) {}

    std::string text() {
        const NodeRef root = m_tree.root();
        if (const Fact* f = m_tree.fact(root)) return m_words.fact(*f);
        then({[this, root] { explain(root); }});
        while (!m_work.empty()) {
            auto step = std::move(m_work.back());
            m_work.pop_back();
            step();
        }
        std::string out;
        for (std::size_t i = 0; i < m_lines.size(); ++i) {
            if (i > 0) out += '\n';
            out += m_lines[i];
        }
        return out;
    }

private:
    using Step = std::function<void()>;

    /// Queues steps to run in the order given, before anything queued earlier.
    void then(std::initializer_list<Step> steps) {
        for (auto it = std::rbegin(steps); it != std::rend(steps); ++it) m_work.push_back(*it);
    }

    /// States conclusion `n` (with whatever it needs first), then numbers it if it is shared.
    void explain(NodeRef n) {
        then({[this, n] { state(n); }, [this, n] { number_if_shared(n); }});
    }

    void number_if_shared(NodeRef n) {
        const auto& shared = m_tree.conclusion(n)->shared;
        if (!shared || m_numbers.contains(*shared)) return;
        m_numbers[*shared] = number_last_line();
    }

    /// Gives the last line the next number, and returns it.
    std::size_t number_last_line() {
        ++m_count;
        if (!m_lines.empty()) m_lines.back() += " (" + std::to_string(m_count) + ")";
        return m_count;
    }

    std::optional<std::size_t> number_of(NodeRef n) const {
        const auto& shared = m_tree.conclusion(n)->shared;
        if (!shared) return std::nullopt;
        auto it = m_numbers.find(*shared);
        return it == m_numbers.end() ? std::nullopt : std::optional(it->second);
    }

    std::string terms(NodeRef n) const { return m_words.conclusion(m_tree.conclusion(n)->terms); }

    /// ", we can conclude that ‹n›." after `reasons`.
    std::string concluding(const std::string& reasons, NodeRef n) const {
        return splice("", reasons, ", ") + "we can conclude that " + splice("", terms(n), ".");
    }

    std::string known(std::size_t number, NodeRef n, std::string_view after) const {
        return "we know from (" + std::to_string(number) + ") that " + splice("", terms(n), after);
    }

    void emit(std::string line) { m_lines.push_back(std::move(line)); }
    Step emitting(std::string line) {
        return [this, line = std::move(line)] { emit(line); };
    }

    void state(NodeRef n) {
        const Conclusion& c = *m_tree.conclusion(n);
        const Fact* first = m_tree.fact(c.first);
        const Fact* second = m_tree.fact(c.second);
        if (first != nullptr && second != nullptr) {
            emit("Because " + concluding(m_words.facts(*first, *second), n));
        } else if (second != nullptr) {
            beside_fact(c.first, *second, n);
        } else if (first != nullptr) {
            beside_fact(c.second, *first, n);
        } else {
            from_two_conclusions(n);
        }
    }

    /// `n` drawn from the conclusion `d` and the fact `f`.
    void beside_fact(NodeRef d, const Fact& f, NodeRef n) {
        if (auto number = number_of(d)) {
            emit("Because " + known(*number, d, " ") + "and " + concluding(m_words.fact(f), n));
            return;
        }
        // When `d` itself rests on a fact, that fact joins `f` in one line after `d`'s other side.
        const Conclusion& dc = *m_tree.conclusion(d);
        const Fact* d_first = m_tree.fact(dc.first);
        const Fact* d_second = m_tree.fact(dc.second);
        if (d_first == nullptr && d_second != nullptr) {
            const NodeRef deeper = dc.first;
            then({[this, deeper] { explain(deeper); }, emitting("And because " + concluding(m_words.facts(*d_second, f), n))});
        } else if (d_first != nullptr && d_second == nullptr) {
            const NodeRef deeper = dc.second;
            then({[this, deeper] { explain(deeper); }, emitting("And because " + concluding(m_words.facts(*d_first, f), n))});
        } else {
            then({[this, d] { explain(d); }, emitting("And because " + concluding(m_words.fact(f), n))});
        }
    }

    void from_two_conclusions(NodeRef n) {
        const Conclusion& c = *m_tree.conclusion(n);
        const NodeRef a = c.first;
        const NodeRef b = c.second;
        const auto na = number_of(a);
        const auto nb = number_of(b);
        if (na && nb) {
            emit("Because " + known(*na, a, " ") + "and " + known(*nb, b, ", ") + splice("", terms(n), "."));
        } else if (na) {
            then({[this, b] { explain(b); }, emitting("And because " + concluding(known(*na, a, ""), n))});
        } else if (nb) {
            then({[this, a] { explain(a); }, emitting("And because " + concluding(known(*nb, b, ""), n))});
        } else {
            then({[this, a] { explain(a); }, [this, a, b, n] { after_first_conclusion(a, b, n); }});
        }
    }

    /// Both children of `n` were unnumbered conclusions and `a` has just been explained.
    void after_first_conclusion(NodeRef a, NodeRef b, NodeRef n) {
        if (m_tree.conclusion(a)->shared) {
            // `a` is numbered now: start `n` over, which will refer to it.
            emit("");
            then({[this, n] { explain(n); }});
            return;
        }
        const std::size_t number = number_last_line();
        emit("");
        then({[this, b] { explain(b); }, emitting("And because " + concluding(known(number, a, ""), n))});
    }

    const FailureTree& m_tree;
    const Wording& m_words;
    std::vector<Step> m_work;
    std::vector<std::string> m_lines;
    std::map<std::size_t, std::size_t> m_numbers;  ///< shared id -> its number
    std::size_t m_count = 0;
};

} // namespace
} // namespace failure

std::string NoSolution::header() const {
    if (fork_display.empty()) return "No solution found when resolving dependencies:";
    return "No solution found when resolving dependencies for " + fork_display + ":";
}

FailureReport NoSolution::explain() const {
    const failure::FailureTree tree = failure::reduce(*this);
    const failure::Wording words(*this);
    FailureReport out;
    out.header = header();
    out.explanation = failure::Explanation(tree, words).text();
    out.hints = failure::collect_hints(*this, tree, words);
    return out;
}

std::string NoSolution::report() const { return explain().explanation; }

std::vector<std::string> NoSolution::hints() const { return explain().hints; }

} // namespace lockkit::resolver
