// Version-move classification for lock-diff (see version_bump.hpp).

#include "lockkit/diff/version_bump.hpp"

#include "lockkit/pep440/version.hpp"

#include <algorithm>

namespace lockkit::diff {

namespace {
std::uint64_t segment(std::span<const std::uint64_t> release, std::size_t i) {
    return i < release.size() ? release[i] : 0;
}
} // namespace

BumpKind classify_bump(std::string_view old_version, std::string_view new_version) {
    auto a = pep440::Version::parse(old_version);
    auto b = pep440::Version::parse(new_version);
    if (!a || !b) {
        return old_version == new_version ? BumpKind::None : BumpKind::Other;
    }
    const pep440::Version& x = *a;
    const pep440::Version& y = *b;
    if (x == y) {
        return BumpKind::None;
    }
    if (x.epoch() != y.epoch()) {
        return BumpKind::Major;
    }
    const auto rx = x.release();
    const auto ry = y.release();
    const std::size_t n = std::max(rx.size(), ry.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (segment(rx, i) != segment(ry, i)) {
            return i == 0 ? BumpKind::Major : i == 1 ? BumpKind::Minor : BumpKind::Patch;
        }
    }
    if (x.pre() != y.pre() || x.dev() != y.dev()) {
        return BumpKind::PreRelease;
    }
    if (x.post() != y.post()) {
        return BumpKind::Post;
    }
    if (x.local_string() != y.local_string()) {
        return BumpKind::Local;
    }
    return BumpKind::Other;
}

int compare_versions(std::string_view a, std::string_view b) {
    auto x = pep440::Version::parse(a);
    auto y = pep440::Version::parse(b);
    if (x && y) {
        const auto c = *x <=> *y;
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}

} // namespace lockkit::diff
