#pragma once
// Text from a file we read, made safe to print on a terminal. A lock, a
// pyproject.toml or a git revision can carry bytes a terminal would act on (an
// escape sequence that recolours or rewrites the screen, a carriage return
// that hides what came before it, bidirectional overrides that reorder what is
// shown) or bytes that are not UTF-8 at all. Error lines show such bytes as
// escapes instead: `\x1b`, `\r`, `\t`, `\xff`, `\u{202e}`.

#include <string>
#include <string_view>

namespace lockkit {

/// `text` with every control character (TAB and CR included, LF kept), DEL,
/// C1 control, bidirectional or zero-width format character, Unicode space other
/// than U+0020 and invalid UTF-8 byte replaced by a visible escape. Backslashes
/// are kept as they are.
std::string escape_for_terminal(std::string_view text);

/// How many characters `escape_for_terminal(text)` shows (code points, not bytes):
/// where a caret goes under an escaped line.
std::size_t terminal_width(std::string_view escaped);

} // namespace lockkit
