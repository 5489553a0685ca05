// `exclude-newer-package` merged as uv merges it (see exclude_newer_package.hpp).

#include "exclude_newer_package.hpp"

#include <lockkit/util/rust_hash_order.hpp>

#include <map>
#include <optional>

namespace lockkit::pyproject::detail {

namespace {

struct NameHash {
    std::uint64_t operator()(const std::string& name) const { return fx_hash_str(name); }
};

/// One `FxHashMap<PackageName, ExcludeNewerOverride>`: the keys' order and the values.
struct PackageTable {
    RustHashOrder<std::string, NameHash> keys;
    std::map<std::string, ExcludeNewerSetting> values;

    /// `HashMap::insert`: a repeated name keeps its place and takes the later value.
    void insert(const std::string& name, const ExcludeNewerSetting& value) {
        keys.insert(name);
        values[name] = value;
    }
    /// `entry(name).or_insert(value)`.
    void insert_vacant(const std::string& name, const ExcludeNewerSetting& value) {
        if (values.contains(name)) return;
        keys.insert_vacant(name);
        values[name] = value;
    }
};

PackageTable table_of(const SettingsLayer& layer, bool collected) {
    PackageTable t;
    if (collected) t.keys.reserve(layer.exclude_newer_package.size());
    for (const auto& [name, value] : layer.exclude_newer_package) t.insert(name, value);
    return t;
}

/// `Option<ExcludeNewerPackage>::combine`: `high` keeps its entries and gains `low`'s others.
void combine(std::optional<PackageTable>& high, const std::optional<PackageTable>& low) {
    if (!low) return;
    if (!high) {
        high = low;
        return;
    }
    for (const std::string& name : low->keys.values()) high->insert_vacant(name, low->values.at(name));
}

} // namespace

std::vector<std::pair<std::string, ExcludeNewerSetting>>
merge_exclude_newer_package(const SettingsLayer& command_line, const std::vector<const SettingsLayer*>& files) {
    // A layer without entries counts as absent (an explicitly empty table is not told apart).
    std::optional<PackageTable> from_files;
    for (const SettingsLayer* layer : files)
        if (!layer->exclude_newer_package.empty()) combine(from_files, table_of(*layer, false));
    std::optional<PackageTable> merged;
    if (!command_line.exclude_newer_package.empty()) merged = table_of(command_line, true);
    combine(merged, from_files);
    if (!merged) return {};

    RustHashOrder<std::string, NameHash> fresh;
    fresh.extend(merged->keys.values());
    std::vector<std::pair<std::string, ExcludeNewerSetting>> out;
    for (const std::string& name : fresh.values()) out.emplace_back(name, merged->values.at(name));
    return out;
}

} // namespace lockkit::pyproject::detail
