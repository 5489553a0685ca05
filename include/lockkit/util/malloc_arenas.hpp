#pragma once
// A hint for programs whose threads mostly wait on the network: let every thread allocate
// from the main heap instead of glibc's per-thread arenas (up to eight per core). `lock
// resolve` cold runs 64 registry threads that each take response bodies of up to a few MiB;
// spread over a dozen arenas that are never trimmed, their freed blocks stayed resident:
// peak memory 144 MiB on jupyterlab and 255 MiB on semantic-kernel, against 111 and 199 MiB
// with one arena, at the same speed (docs/performance.md). Programs whose threads compute
// side by side (lock-diff's two parse threads) are better off with their own arenas.
// Call it once, early, on the main thread, before other threads start.

namespace lockkit {

/// Asks malloc to serve every thread from one arena (see above). Only a hint.
void use_one_malloc_arena();

} // namespace lockkit
