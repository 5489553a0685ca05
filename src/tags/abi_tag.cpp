#include "lockkit/tags/abi_tag.hpp"

#include "tag_text.hpp"

#include <utility>

namespace lockkit::tags {

namespace {

std::optional<std::uint8_t> flag_of(char c) {
    switch (c) {
    case 't':
        return AbiTag::k_free_threaded;
    case 'u':
        return AbiTag::k_wide_unicode;
    case 'd':
        return AbiTag::k_debug;
    case 'm':
        return AbiTag::k_pymalloc;
    default:
        return std::nullopt;
    }
}

std::optional<AbiTag> parse_cpython(std::string_view rest) {
    std::size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
        ++digits;
    }
    const auto version = detail::parse_major_minor(rest.substr(0, digits));
    if (!version) {
        return std::nullopt;
    }
    AbiTag tag = AbiTag::cpython(version->first, version->second);
    for (const char c : rest.substr(digits)) {
        const auto flag = flag_of(c);
        if (!flag || (tag.flags & *flag) != 0) {
            return std::nullopt;  // unknown or repeated flag
        }
        tag.flags |= *flag;
    }
    return tag;
}

std::optional<AbiTag> parse_pypy(std::string_view rest) {
    AbiTag tag;
    tag.kind = AbiTag::Kind::PyPy;
    std::string_view impl;
    if (rest.starts_with('_')) {
        impl = rest.substr(1);  // pypy_73: no Python version
    } else {
        const auto underscore = rest.find('_');
        if (underscore == std::string_view::npos) {
            return std::nullopt;
        }
        const auto python = detail::parse_major_minor(rest.substr(0, underscore));
        if (!python || !rest.substr(underscore + 1).starts_with("pp")) {
            return std::nullopt;
        }
        tag.python_major = python->first;
        tag.python_minor = python->second;
        impl = rest.substr(underscore + 3);
    }
    const auto implementation = detail::parse_major_minor(impl);
    if (!implementation) {
        return std::nullopt;
    }
    tag.impl_major = implementation->first;
    tag.impl_minor = implementation->second;
    return tag;
}

std::optional<AbiTag> parse_graalpy(std::string_view rest) {
    // graalpy<impl>_<python>_native
    const auto first = rest.find('_');
    if (first == std::string_view::npos) {
        return std::nullopt;
    }
    const auto second = rest.find('_', first + 1);
    if (second == std::string_view::npos || rest.substr(second + 1) != "native") {
        return std::nullopt;
    }
    const auto implementation = detail::parse_major_minor(rest.substr(0, first));
    const auto python = detail::parse_major_minor(rest.substr(first + 1, second - first - 1));
    if (!implementation || !python) {
        return std::nullopt;
    }
    AbiTag tag;
    tag.kind = AbiTag::Kind::GraalPy;
    tag.python_major = python->first;
    tag.python_minor = python->second;
    tag.impl_major = implementation->first;
    tag.impl_minor = implementation->second;
    return tag;
}

std::optional<AbiTag> parse_pyston(std::string_view rest) {
    constexpr std::string_view k_suffix = "_x86_64_linux_gnu";
    if (!rest.starts_with('_') || !rest.ends_with(k_suffix)) {
        return std::nullopt;
    }
    const auto implementation = detail::parse_major_minor(rest.substr(1, rest.size() - 1 - k_suffix.size()));
    if (!implementation) {
        return std::nullopt;
    }
    AbiTag tag;
    tag.kind = AbiTag::Kind::Pyston;
    tag.impl_major = implementation->first;
    tag.impl_minor = implementation->second;
    return tag;
}

} // namespace

std::optional<AbiTag> AbiTag::parse(std::string_view text) {
    if (text == "none") {
        return none();
    }
    if (text == "abi3") {
        return abi3();
    }
    if (text == "abi3t") {
        return abi3t();
    }
    if (text.starts_with("cp")) {
        return parse_cpython(text.substr(2));
    }
    if (text.starts_with("pypy")) {
        return parse_pypy(text.substr(4));
    }
    if (text.starts_with("graalpy")) {
        return parse_graalpy(text.substr(7));
    }
    if (text.starts_with("pyston")) {
        return parse_pyston(text.substr(6));
    }
    return std::nullopt;
}

void AbiTag::append_to(std::string& out) const {
    switch (kind) {
    case Kind::None:
        out += "none";
        return;
    case Kind::Abi3:
        out += "abi3";
        return;
    case Kind::Abi3t:
        out += "abi3t";
        return;
    case Kind::CPython:
        out += "cp";
        detail::append_number(out, python_major);
        detail::append_number(out, python_minor);
        // uv's order: t, d, m, u.
        for (const auto& [flag, letter] : {std::pair{k_free_threaded, 't'}, std::pair{k_debug, 'd'},
                                           std::pair{k_pymalloc, 'm'}, std::pair{k_wide_unicode, 'u'}}) {
            if ((flags & flag) != 0) {
                out += letter;
            }
        }
        return;
    case Kind::PyPy:
        out += "pypy";
        if (python_major == k_none) {
            out += '_';
        } else {
            detail::append_number(out, python_major);
            detail::append_number(out, python_minor);
            out += "_pp";
        }
        detail::append_number(out, impl_major);
        detail::append_number(out, impl_minor);
        return;
    case Kind::GraalPy:
        out += "graalpy";
        detail::append_number(out, impl_major);
        detail::append_number(out, impl_minor);
        out += '_';
        detail::append_number(out, python_major);
        detail::append_number(out, python_minor);
        out += "_native";
        return;
    case Kind::Pyston:
        out += "pyston_";
        detail::append_number(out, impl_major);
        detail::append_number(out, impl_minor);
        out += "_x86_64_linux_gnu";
        return;
    }
}

std::optional<std::string> AbiTag::pretty() const {
    auto pair = [](std::uint8_t a, std::uint8_t b) { return std::to_string(a) + "." + std::to_string(b); };
    switch (kind) {
    case Kind::None:
    case Kind::Abi3: return std::nullopt;
    case Kind::Abi3t: return std::string("stable ABI for free-threaded CPython");
    case Kind::CPython:
        // Only free-threading changes the ABI in words; debug and pymalloc builds are compatible.
        return std::string((flags & k_free_threaded) != 0 ? "free-threaded " : "") + "CPython " +
               pair(python_major, python_minor);
    case Kind::PyPy: return "PyPy " + pair(impl_major, impl_minor);
    case Kind::GraalPy: return "GraalPy " + pair(impl_major, impl_minor);
    case Kind::Pyston: return std::string("Pyston");
    }
    return std::nullopt;
}

std::string AbiTag::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

} // namespace lockkit::tags
