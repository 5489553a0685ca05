#pragma once
// Sorting a lock the way uv does before it writes (uv-lock-format.md §4):
// packages by (name, PEP 440 version, source), edges by target identity, then
// extras, requirement lists and named tables by name. Orders that uv takes from
// its resolver or from hash maps (resolution markers, provides-extras, the
// exclude-newer-package table, conflict sets) are data and are kept. Ties that
// uv breaks by comparing marker decision diagrams keep their input order
// (stable sorts), so a uv-written lock is a fixed point.

#include "lockkit/lockfile/lock.hpp"

namespace lockkit::lockfile {

/// Sorts everything uv sorts; idempotent.
void canonicalize(Lock& lock);

/// uv's package order: name, then version (absent first, then PEP 440), then source.
bool package_id_less(const PackageId& a, const PackageId& b);

/// uv's source order: kind, then location (paths compared component-wise).
int compare_sources(const Source& a, const Source& b);

} // namespace lockkit::lockfile
