// Listed versions whose files may be made on first use (see provider.hpp).

#include <lockkit/resolver/provider.hpp>

#include <algorithm>

namespace lockkit::resolver {

const std::vector<DistributionFile>& IndexVersions::files(std::size_t i) const {
    const VersionFiles& v = versions[i];
    if (source && !v.loaded) {
        // The resolver keeps pointers to these files: they are made once and never replaced.
        v.files = source->files(i);
        v.loaded = true;
    }
    return v.files;
}

UploadTimes IndexVersions::upload_times(std::size_t i) const {
    const VersionFiles& v = versions[i];
    if (source && !v.loaded) return source->upload_times(i);
    UploadTimes out;
    for (const auto& f : v.files) {
        if (!f.find_links.empty()) out.find_links = true;
        if (!f.upload_time_ms) {
            out.untimed = true;
            continue;
        }
        out.earliest = out.earliest ? std::min(*out.earliest, *f.upload_time_ms) : *f.upload_time_ms;
    }
    return out;
}

} // namespace lockkit::resolver
