#pragma once
// Facts about this process for holder lines and notices (internal to src/fs).

#include <string>
#include <string_view>

namespace lockkit::fs::detail {

/// This process's command line as `ps` shows it, argv[0] reduced to its file
/// name (`lock fmt uv.lock`), shortened when long.
std::string process_command();

/// The host name, or empty.
std::string host_name();

/// Hands a notice to the process's reporter (set_lock_reporter), if any.
void report_to_process(std::string_view line);

} // namespace lockkit::fs::detail
