#pragma once
// A stable, line-oriented rendering of one lock for git's textconv driver
// (`uv.lock diff=uvlock`, `diff.uvlock.textconv = lock-diff --textconv`), so that
// `git diff` and `git log -p` show one changed line per changed package.
//
// Layout: lock-level lines first (`requires-python ...`, `resolution-markers ...`),
// then one line per package sorted by name and version:
//   name version source [marker | marker] deps=[a, b[x] ; marker] files=N fp=XXXXXXXXXXXXXXXX
// `fp` is a 64-bit FNV-1a fingerprint of every file's name, URL/path and hash, so
// a swapped file changes the line even though hashes are not printed. Upload
// times and the lock's revision are left out: they carry no meaning.

#include "lockkit/lockfile/lock.hpp"

#include <string>

namespace lockkit::diff {

std::string render_textconv(const lockfile::Lock& lock);

} // namespace lockkit::diff
