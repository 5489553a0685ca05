#pragma once
// PEP 440 version specifiers (">=1.0", "==1.2.*", "~=2.2", "===foo") and
// comma-separated sets of them (">=1.0,<2").
//
// A VersionSpecifier is an operator and a version. For the wildcard operators
// (EqualStar "==V.*", NotEqualStar "!=V.*") the version holds only epoch and
// release, and its written release length is the prefix length to match. For
// arbitrary equality ("===") the text after the operator need not be a
// version: it is kept verbatim, and version() is the parsed version when the
// text is one, else "0". Parsing enforces PEP 440's rules: '.*' only with '=='
// and '!=', local labels only with '==', '!=' and '===', and '~=' only with at
// least two release segments; so contains() never sees such combinations.
//
// contains() follows uv's semantics (which match pypa/packaging except where
// uv notes otherwise): local labels of the candidate are ignored unless the
// specifier itself has one, '<V' rejects pre-releases of V (from V.dev0 on,
// V's post part kept) unless V is a pre-release, '>V' rejects post-releases of V's release unless V is a
// post-release, and '===' compares normalised strings. Pre-release *policy*
// (whether a pre-release candidate may be picked at all) is not applied here.

#include <lockkit/pep440/version.hpp>
#include <lockkit/util/parse_error.hpp>

#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::pep440 {

/// A comparison operator of a version specifier.
enum class Operator {
    Equal,            ///< ==V
    EqualStar,        ///< ==V.*
    ExactEqual,       ///< ===V (arbitrary equality)
    NotEqual,         ///< !=V
    NotEqualStar,     ///< !=V.*
    TildeEqual,       ///< ~=V (compatible release)
    LessThan,         ///< <V
    LessThanEqual,    ///< <=V
    GreaterThan,      ///< >V
    GreaterThanEqual  ///< >=V
};

/// The operator as written, without any ".*" ("==" for EqualStar).
std::string_view operator_symbol(Operator op) noexcept;

/// One version specifier, such as ">=3.8" or "==1.2.*".
class VersionSpecifier {
public:
    /// Parses one specifier; whitespace around and inside (after the operator) is allowed.
    static ParseResult<VersionSpecifier> parse(std::string_view text);

    /// Builds a specifier; fails on the same combinations parse() rejects (offsets are 0).
    static ParseResult<VersionSpecifier> from_version(Operator op, Version version);

    /// The operator.
    Operator op() const noexcept { return m_op; }
    /// The version (for '.*' operators: the prefix; for '===' on a non-version: "0").
    const Version& version() const noexcept { return m_version; }
    /// For '===': the text after the operator as written; "" otherwise.
    std::string_view arbitrary() const noexcept { return m_arbitrary; }

    /// Whether the version satisfies this specifier (PEP 440, uv semantics).
    bool contains(const Version& v) const;

    /// The specifier without spaces: ">=3.8", "==1.2.*", "~=2.2".
    std::string to_string() const;

    /// Same operator and version (and, for '.*' operators, the same prefix length).
    friend bool operator==(const VersionSpecifier& a, const VersionSpecifier& b);

private:
    Operator m_op = Operator::Equal;
    Version m_version;
    std::string m_arbitrary;    ///< '===' only: the raw text
    std::string m_exact_match;  ///< '===' only: the string a candidate's normal form must equal
};

/// Writes to_string().
std::ostream& operator<<(std::ostream& os, const VersionSpecifier& spec);

/// A comma-separated set of specifiers that must all hold.
class VersionSpecifiers {
public:
    /// The empty set (contains every version).
    VersionSpecifiers() = default;
    /// A set holding these specifiers in this order.
    explicit VersionSpecifiers(std::vector<VersionSpecifier> items) : m_items(std::move(items)) {}

    /// Parses "", ">=1.0, <2", ">=1,<2"; error offsets are relative to text.
    static ParseResult<VersionSpecifiers> parse(std::string_view text);

    /// The specifiers in stored order.
    std::span<const VersionSpecifier> items() const noexcept { return m_items; }
    /// Whether there are no specifiers.
    bool empty() const noexcept { return m_items.empty(); }
    /// The number of specifiers.
    std::size_t size() const noexcept { return m_items.size(); }
    /// Appends one specifier.
    void push_back(VersionSpecifier spec) { m_items.push_back(std::move(spec)); }

    /// Whether every specifier contains the version (no pre-release policy applied).
    bool contains(const Version& v) const;

    /// The specifiers joined with sep, in stored order.
    std::string to_string(std::string_view sep = ",") const;

    /// Sorts by (version, operator) as uv does before writing uv.lock: ">=1.25.2,<2".
    void sort();

    /// Same specifiers in the same order.
    friend bool operator==(const VersionSpecifiers& a, const VersionSpecifiers& b) = default;

private:
    std::vector<VersionSpecifier> m_items;
};

/// Writes to_string(",").
std::ostream& operator<<(std::ostream& os, const VersionSpecifiers& specs);

} // namespace lockkit::pep440
