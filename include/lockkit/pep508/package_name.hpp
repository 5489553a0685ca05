#pragma once
// Package, extra and dependency-group names (PEP 503, PEP 508, PEP 685).
//
// A name is valid when it is non-empty ASCII letters, digits, '-', '_' and '.', and starts and
// ends with a letter or digit (PEP 508's `identifier`). Its normalized form is lower-case with
// every run of '-', '_' and '.' collapsed to a single '-'; two names denote the same package
// (or extra, or group) exactly when their normalized forms are equal. The lock file only ever
// holds normalized names, so readers can compare them as plain strings.

#include <optional>
#include <string>
#include <string_view>

namespace lockkit::pep508 {

/// The PEP 503 normalized form of `name` (lower-case, runs of `-_.` become one `-`).
/// Does not validate: an invalid name is normalized character by character all the same.
std::string normalize_name(std::string_view name);

/// True when `name` is valid and already equal to its normalized form.
bool is_normalized_name(std::string_view name);

/// True when `name` matches PEP 508's name rule: `^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$`
/// (case-insensitive).
bool is_valid_name(std::string_view name);

/// The normalized name if `name` is valid, otherwise nothing (what uv does for extra names).
std::optional<std::string> validate_and_normalize_name(std::string_view name);

} // namespace lockkit::pep508
