#pragma once
// The packages the solver decides: real packages and uv's virtual ones
// (`uv-resolver/src/pubgrub/package.rs`).
//
//   Root            the virtual root; its dependencies are the requirements
//   Python          a Python version constraint, only there to explain Requires-Python failures
//   Package         a real package `name`; with `extra` set it is the package's extra variant
//                   (the extra's dependencies), with `group` its dependency-group variant, and a
//                   non-true `marker` makes it a separate package with the same dependencies,
//                   which exists only because Marker and Extra proxies depend on it
//   Extra           proxy for `name[extra]`: depends on Package(name) and Package(name[extra])
//   Group           proxy for "group of project `name`"
//   Marker          proxy for `name ; marker` (no extras)
//
// Every proxy except Group has a base package, Package(name) with a true marker; the solver
// ties the proxy's version to the base's. Packages are interned in a `PackageStore`: the id is
// the allocation order, which PubGrub uses as its final tie-break, so it must follow uv's order
// of allocation exactly.

#include <lockkit/pep508/marker.hpp>
#include <lockkit/resolver/incompatibility.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lockkit::resolver {

enum class PackageKind : std::uint8_t { Root, Python, Package, Extra, Group, Marker };
/// Which Python a Python package stands for.
enum class PythonKind : std::uint8_t { Installed, Target };

struct ResolverPackage {
    PackageKind kind = PackageKind::Root;
    std::string name;                 ///< normalized; empty for an unnamed root and for Python
    std::optional<std::string> extra; ///< Package (extra variant) and Extra
    std::optional<std::string> group; ///< Package (group variant) and Group
    pep508::MarkerTree marker;        ///< Package, Extra, Group, Marker
    PythonKind python = PythonKind::Installed;

    static ResolverPackage root(std::string name = {}) {
        ResolverPackage p;
        p.name = std::move(name);
        return p;
    }
    static ResolverPackage python_package(PythonKind which) {
        ResolverPackage p;
        p.kind = PackageKind::Python;
        p.python = which;
        return p;
    }
    /// uv's `PubGrubPackage::from_package`: extras are removed from the marker (assumed true),
    /// then an extra gives Extra, a group gives Group, a non-true marker gives Marker, anything
    /// else a plain Package.
    static ResolverPackage from_requirement(std::string name, std::optional<std::string> extra,
                                            std::optional<std::string> group, pep508::MarkerTree marker);
    /// Package(name) with the given extra/group/marker (no proxy folding).
    static ResolverPackage package(std::string name, std::optional<std::string> extra = {},
                                   std::optional<std::string> group = {},
                                   pep508::MarkerTree marker = pep508::MarkerTree::always_true());

    /// The base package of Extra and Marker proxies.
    std::optional<ResolverPackage> base_package() const;
    /// The name, except for Root and Python.
    const std::string* name_no_root() const;
    bool is_proxy() const { return kind == PackageKind::Extra || kind == PackageKind::Group || kind == PackageKind::Marker; }
    /// uv's display: `name`, `name[extra]`, `name:group`, `name{marker}`, `root`, `Python`.
    std::string to_string() const;

    friend bool operator==(const ResolverPackage& a, const ResolverPackage& b) {
        return a.kind == b.kind && a.name == b.name && a.extra == b.extra && a.group == b.group &&
               a.marker == b.marker && a.python == b.python;
    }
};

struct ResolverPackageHash {
    std::size_t operator()(const ResolverPackage& p) const noexcept;
};

/// Interns packages; ids are allocation order.
class PackageStore {
public:
    PackageId alloc(const ResolverPackage& package);
    std::optional<PackageId> find(const ResolverPackage& package) const;
    const ResolverPackage& operator[](PackageId id) const { return m_packages[id]; }
    std::size_t size() const { return m_packages.size(); }

private:
    std::vector<ResolverPackage> m_packages;
    std::unordered_map<ResolverPackage, PackageId, ResolverPackageHash> m_ids;
};

} // namespace lockkit::resolver
