// Unavailability reasons and their wording (see unavailable.hpp).

#include <lockkit/resolver/unavailable.hpp>

namespace lockkit::resolver {

std::string UnavailablePackage::message() const {
    switch (kind) {
    case Kind::NoIndex: return "not found in the provided package locations";
    case Kind::Offline: return "not found in the cache";
    case Kind::NotFound: return "not found in the package registry";
    case Kind::InvalidMetadata: return "invalid metadata";
    case Kind::InvalidStructure: return "an invalid package format";
    case Kind::Network: return detail;
    }
    return {};
}

std::string UnavailablePackage::singular_message() const {
    switch (kind) {
    case Kind::NoIndex:
    case Kind::Offline:
    case Kind::NotFound: return "was " + message();
    case Kind::InvalidMetadata:
    case Kind::InvalidStructure: return "has " + message();
    case Kind::Network: return "could not be fetched from the network (`" + message() + "`)";
    }
    return {};
}

std::string unsatisfiable_requirement_text(const pep508::Requirement& requirement) {
    std::string package = requirement.name;
    if (!requirement.extras.empty()) {
        package += '[';
        for (std::size_t i = 0; i < requirement.extras.size(); ++i) {
            if (i > 0) package += ',';
            package += requirement.extras[i];
        }
        package += ']';
    }
    std::string out;
    const auto items = requirement.specifiers.items();
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += " and ";
        out += package + items[i].to_string();
    }
    out += items.size() > 1 ? ", which are incompatible" : ", which does not allow any versions";
    return out;
}

std::string UnavailableVersion::message() const {
    switch (kind) {
    case Kind::UnsatisfiableDependency: return unsatisfiable_requirement_text(requirement);
    case Kind::IncompatibleDist: return dist.to_string();
    case Kind::InvalidMetadata: return "invalid metadata";
    case Kind::InconsistentMetadata: return "inconsistent metadata";
    case Kind::InvalidStructure: return "an invalid package format";
    case Kind::Offline: return "to be downloaded from a registry";
    case Kind::RequiresPython: return "Python " + requires_python.to_string(", ");
    case Kind::Network: return detail;
    }
    return {};
}

std::string UnavailableVersion::singular_message() const {
    switch (kind) {
    case Kind::UnsatisfiableDependency: return "depends on " + message();
    case Kind::IncompatibleDist: return dist.singular_message();
    case Kind::InvalidMetadata:
    case Kind::InconsistentMetadata:
    case Kind::InvalidStructure: return "has " + message();
    case Kind::Offline: return "needs " + message();
    case Kind::RequiresPython: return "requires " + message();
    case Kind::Network: return "could not be fetched from the network (`" + message() + "`)";
    }
    return {};
}

std::string UnavailableVersion::plural_message() const {
    switch (kind) {
    case Kind::UnsatisfiableDependency: return "depend on " + message();
    case Kind::IncompatibleDist: return dist.plural_message();
    case Kind::InvalidMetadata:
    case Kind::InconsistentMetadata:
    case Kind::InvalidStructure: return "have " + message();
    case Kind::Offline: return "need " + message();
    case Kind::RequiresPython: return "require " + message();
    case Kind::Network: return "could not be fetched from the network (`" + message() + "`)";
    }
    return {};
}

} // namespace lockkit::resolver
