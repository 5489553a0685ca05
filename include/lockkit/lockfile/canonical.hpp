#pragma once
// Sorting a lock the way uv does before it writes (uv-lock-format.md §4):
// packages by (name, PEP 440 version, source); dependency edges by target
// identity, extras, then marker; requirement tables by name, extras, groups,
// marker, then source; named tables by name. Markers compare as uv compares
// them, as decision diagrams (`pep508::MarkerTree::compare`), and are parsed
// only for entries that agree on every earlier key. Orders that uv takes from
// its resolver or from hash maps (resolution markers, provides-extras, wheels,
// the exclude-newer-package table) are data and are kept. Lists already in
// order are left untouched, so a uv-written lock is a fixed point and cheap.

#include "lockkit/lockfile/lock.hpp"

namespace lockkit::lockfile {

/// Sorts everything uv sorts; idempotent.
void canonicalize(Lock& lock);

/// uv's package order: name, then version (absent first, then PEP 440), then source.
bool package_id_less(const PackageId& a, const PackageId& b);

/// uv's source order: kind, then location (paths compared component-wise).
int compare_sources(const Source& a, const Source& b);

} // namespace lockkit::lockfile
