#include "lockkit/util/diagnostic.hpp"

#include "lockkit/util/terminal_text.hpp"

#include <algorithm>

namespace lockkit {

std::string Diagnostic::render() const {
    // Every piece can hold bytes from the input (a package name, the offending
    // line, a path): escaped, so nothing the file holds acts on the terminal.
    std::string out = "error: ";
    if (!file.empty()) {
        out += escape_for_terminal(file);
        if (line > 0) {
            out += ':' + std::to_string(line) + ':' + std::to_string(column);
        }
        out += ": ";
    }
    out += escape_for_terminal(message);
    out += '\n';
    if (line > 0 && !source_line.empty()) {
        const std::string number = std::to_string(line);
        const std::string gutter(number.size(), ' ');
        // Long lines (a wheel entry can be 300 bytes) are cut around the caret
        // so the pointer stays readable in a terminal.
        std::string_view shown = source_line;
        std::size_t caret = column > 0 ? column - 1 : 0;
        std::string prefix;
        if (shown.size() > 160 && caret > 80) {
            const std::size_t start = caret - 60;
            shown = shown.substr(start);
            caret -= start;
            prefix = "...";
        }
        if (shown.size() > 160) {
            shown = shown.substr(0, 157);
        }
        caret = std::min(caret, shown.size());
        // The caret stands under the character it points at, counted as shown.
        const std::size_t caret_width =
            terminal_width(prefix) + terminal_width(escape_for_terminal(shown.substr(0, caret)));
        out += ' ' + number + " | " + prefix + escape_for_terminal(shown) + '\n';
        out += ' ' + gutter + " | " + std::string(caret_width, ' ') + "^\n";
    }
    for (const auto& h : hints) {
        out += "hint: " + escape_for_terminal(h) + '\n';
    }
    for (const auto& c : context) {
        out += "  " + escape_for_terminal(c) + '\n';
    }
    return out;
}

Diagnostic& Diagnostic::with_context(std::string what) & {
    context.push_back(std::move(what));
    return *this;
}

Diagnostic&& Diagnostic::with_context(std::string what) && {
    context.push_back(std::move(what));
    return std::move(*this);
}

TextPosition position_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    TextPosition pos;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    pos.column = static_cast<std::uint32_t>(offset - line_start + 1);
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) {
        line_end = text.size();
    }
    if (line_end > line_start && text[line_end - 1] == '\r') {
        --line_end;
    }
    pos.line_text = text.substr(line_start, line_end - line_start);
    return pos;
}

Diagnostic diagnostic_at(std::string_view file, std::string_view text, std::size_t offset, std::string message) {
    const TextPosition pos = position_of(text, offset);
    Diagnostic d;
    d.file = std::string(file);
    d.line = pos.line;
    d.column = pos.column;
    d.message = std::move(message);
    d.source_line = std::string(pos.line_text);
    return d;
}

Diagnostic diagnostic_at_line(std::string_view file, std::string_view text, std::uint32_t line,
                              std::uint32_t column, std::string message) {
    std::size_t offset = 0;
    for (std::uint32_t l = 1; l < line && offset < text.size(); ++l) {
        const std::size_t nl = text.find('\n', offset);
        if (nl == std::string_view::npos) {
            offset = text.size();
            break;
        }
        offset = nl + 1;
    }
    return diagnostic_at(file, text, offset + (column > 0 ? column - 1 : 0), std::move(message));
}

} // namespace lockkit
