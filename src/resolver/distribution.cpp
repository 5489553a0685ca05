// File verdicts and the per-version choice of file (see distribution.hpp).

#include <lockkit/resolver/distribution.hpp>

#include <lockkit/tags/wheel_filename.hpp>
#include <lockkit/tags/wheel_reach.hpp>

#include <tuple>

namespace lockkit::resolver {

namespace {

bool wheel_more_compatible(const IncompatibleWheel& self, const IncompatibleWheel& other) {
    using K = IncompatibleWheel::Kind;
    switch (self.kind) {
    case K::ExcludeNewer:
        if (other.kind != K::ExcludeNewer) return true;
        // Closer to the cutoff is more helpful; no upload time at all wins.
        if (!self.upload_time) return true;
        if (!other.upload_time) return false;
        return *other.upload_time < *self.upload_time;
    case K::Tag:
        if (other.kind == K::ExcludeNewer) return false;
        if (other.kind == K::Tag) return self.tag > other.tag;
        return true;
    case K::RequiresPython:
        return other.kind == K::MissingPlatform || other.kind == K::NoBinary || other.kind == K::Yanked;
    case K::Yanked:
        if (other.kind == K::Yanked) return other.yanked.reason.has_value();  // uv's rule, as written
        return other.kind == K::MissingPlatform || other.kind == K::NoBinary;
    case K::NoBinary: return other.kind == K::MissingPlatform;
    case K::MissingPlatform: return false;
    }
    return false;
}

bool source_more_compatible(const IncompatibleSource& self, const IncompatibleSource& other) {
    using K = IncompatibleSource::Kind;
    switch (self.kind) {
    case K::ExcludeNewer:
        if (other.kind != K::ExcludeNewer) return true;
        return other.upload_time < self.upload_time;  // optional order: none is smallest
    case K::RequiresPython: return other.kind == K::NoBuild || other.kind == K::Yanked || other.kind == K::NotPep625Filename;
    case K::Yanked:
        if (other.kind == K::Yanked) return other.yanked.reason.has_value();
        return other.kind == K::NoBuild;
    case K::NoBuild:
    case K::NotPep625Filename: return false;
    }
    return false;
}

std::string yanked_text(const Yanked& y) {
    if (!y.reason) return "yanked";
    std::string r = *y.reason;
    const auto b = r.find_first_not_of(" \t\n\r\f\v");
    const auto e = r.find_last_not_of(" \t\n\r\f\v");
    r = b == std::string::npos ? std::string() : r.substr(b, e - b + 1);
    while (!r.empty() && r.back() == '.') r.pop_back();
    return "yanked (reason: " + r + ")";
}

enum class Verb { Has, Was, Requires };

Verb verb_of(const IncompatibleDist& d) {
    if (d.kind == IncompatibleDist::Kind::Wheel) {
        switch (d.wheel.kind) {
        case IncompatibleWheel::Kind::Yanked: return Verb::Was;
        case IncompatibleWheel::Kind::ExcludeNewer: return d.wheel.upload_time ? Verb::Was : Verb::Has;
        case IncompatibleWheel::Kind::RequiresPython: return Verb::Requires;
        default: return Verb::Has;
        }
    }
    if (d.kind == IncompatibleDist::Kind::Source) {
        switch (d.source.kind) {
        case IncompatibleSource::Kind::Yanked: return Verb::Was;
        case IncompatibleSource::Kind::ExcludeNewer: return d.source.upload_time ? Verb::Was : Verb::Has;
        case IncompatibleSource::Kind::RequiresPython: return Verb::Requires;
        default: return Verb::Has;
        }
    }
    return Verb::Has;
}

} // namespace

std::string IncompatibleDist::to_string() const {
    switch (kind) {
    case Kind::Wheel:
        switch (wheel.kind) {
        case IncompatibleWheel::Kind::NoBinary: return "no source distribution";
        case IncompatibleWheel::Kind::Tag:
            switch (wheel.tag) {
            case TagIncompatibility::Invalid: return "no wheels with valid tags";
            case TagIncompatibility::Python: return "no wheels with a matching Python implementation tag";
            case TagIncompatibility::Abi: return "no wheels with a matching Python ABI tag";
            case TagIncompatibility::FreethreadedAbi: return "no wheels with a free-threading compatible ABI tag";
            case TagIncompatibility::AbiPythonVersion: return "no wheels with a matching Python version tag";
            case TagIncompatibility::Platform: return "no wheels with a matching platform tag";
            }
            break;
        case IncompatibleWheel::Kind::Yanked: return yanked_text(wheel.yanked);
        case IncompatibleWheel::Kind::ExcludeNewer:
            return wheel.upload_time ? "published after the exclude newer time" : "no publish time";
        case IncompatibleWheel::Kind::RequiresPython: return "Python " + wheel.requires_python.to_string(", ");
        case IncompatibleWheel::Kind::MissingPlatform:
            // The three platforms uv knows by name (`KnownPlatform`).
            for (const auto& [platform, words] : {std::pair{"linux", "Linux"}, std::pair{"win32", "Windows"},
                                                  std::pair{"darwin", "macOS"}}) {
                if (wheel.missing_platform == *pep508::MarkerTree::parse(std::string("sys_platform == '") + platform + "'"))
                    return std::string("no ") + words + "-compatible wheels";
            }
            if (auto m = wheel.missing_platform.contents()) return "no `" + *m + "`-compatible wheels";
            return "no compatible wheels";
        }
        break;
    case Kind::Source:
        switch (source.kind) {
        case IncompatibleSource::Kind::NoBuild: return "no usable wheels";
        case IncompatibleSource::Kind::Yanked: return yanked_text(source.yanked);
        case IncompatibleSource::Kind::ExcludeNewer:
            return source.upload_time ? "published after the exclude newer time" : "no publish time";
        case IncompatibleSource::Kind::RequiresPython: return "Python " + source.requires_python.to_string(", ");
        case IncompatibleSource::Kind::NotPep625Filename:
            return "a non-PEP 625-compliant source distribution filename";
        }
        break;
    case Kind::Unavailable: return "no available distributions";
    }
    return "no available distributions";
}

std::string IncompatibleDist::singular_message() const {
    switch (verb_of(*this)) {
    case Verb::Was: return "was " + to_string();
    case Verb::Requires: return "requires " + to_string();
    case Verb::Has: break;
    }
    return "has " + to_string();
}

std::string IncompatibleDist::plural_message() const {
    switch (verb_of(*this)) {
    case Verb::Was: return "were " + to_string();
    case Verb::Requires: return "require " + to_string();
    case Verb::Has: break;
    }
    return "have " + to_string();
}

void PrioritizedDist::insert_wheel(const DistributionFile* file, FileVerdict verdict) {
    bool better = !m_best_wheel.has_value();
    if (m_best_wheel) {
        const FileVerdict& best = m_wheels[*m_best_wheel].second;
        if (verdict.compatible && !best.compatible) {
            better = true;
        } else if (verdict.compatible && best.compatible) {
            // (hash state, tag priority, build tag), strictly greater; hashes always match here.
            better = std::tie(verdict.tag_priority, verdict.build_tag) > std::tie(best.tag_priority, best.build_tag);
        } else if (!verdict.compatible && !best.compatible) {
            better = wheel_more_compatible(verdict.wheel, best.wheel);
        }
    }
    if (better) m_best_wheel = m_wheels.size();
    m_wheels.emplace_back(file, std::move(verdict));
}

void PrioritizedDist::insert_source(const DistributionFile* file, FileVerdict verdict) {
    bool better = !m_source.has_value();
    if (m_source) {
        const FileVerdict& best = m_source->second;
        if (verdict.compatible && !best.compatible) better = true;
        else if (!verdict.compatible && !best.compatible) better = source_more_compatible(verdict.source, best.source);
    }
    if (better) m_source = std::pair{file, std::move(verdict)};
}

std::optional<CompatibleDist> PrioritizedDist::get() const {
    const std::pair<const DistributionFile*, FileVerdict>* wheel = m_best_wheel ? &m_wheels[*m_best_wheel] : nullptr;
    const bool sdist_ok = m_source && m_source->second.compatible;
    if (wheel && wheel->second.compatible) {
        // Both compatible: the sdist wins only with a strictly better hash state, which cannot
        // happen while every file counts as matching.
        return CompatibleDist{CompatibleDist::Kind::CompatibleWheel, wheel->first, nullptr, wheel->second.tag_priority,
                              this};
    }
    if (wheel && sdist_ok && wheel->second.wheel.kind != IncompatibleWheel::Kind::ExcludeNewer)
        return CompatibleDist{CompatibleDist::Kind::IncompatibleWheel, wheel->first, m_source->first, std::nullopt,
                              this};
    if (sdist_ok) return CompatibleDist{CompatibleDist::Kind::SourceDist, nullptr, m_source->first, std::nullopt, this};
    return std::nullopt;
}

pep508::MarkerTree PrioritizedDist::implied_markers() const {
    if (m_implied_markers) return *m_implied_markers;
    pep508::MarkerTree markers = pep508::MarkerTree::always_false();
    if (m_source && m_source->second.compatible) markers = pep508::MarkerTree::always_true();
    for (const auto& [file, verdict] : m_wheels) {
        if (markers.is_true()) break;
        if (!verdict.compatible) continue;
        // A compatible wheel's name parsed when its tags were judged.
        if (auto wheel = tags::WheelFilename::parse(file->filename)) markers = markers.or_with(tags::implied_markers(*wheel));
    }
    m_implied_markers = markers;
    return markers;
}

pep508::MarkerTree CompatibleDist::implied_markers() const {
    return prioritized ? prioritized->implied_markers() : pep508::MarkerTree::always_true();
}

IncompatibleDist PrioritizedDist::incompatibility() const {
    IncompatibleDist d;
    if (m_source && !m_source->second.compatible) {
        d.kind = IncompatibleDist::Kind::Source;
        d.source = m_source->second.source;
    } else if (m_best_wheel && !m_wheels[*m_best_wheel].second.compatible) {
        d.kind = IncompatibleDist::Kind::Wheel;
        d.wheel = m_wheels[*m_best_wheel].second.wheel;
    }
    return d;
}

} // namespace lockkit::resolver
