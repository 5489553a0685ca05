#include "lockkit/index/media_type.hpp"

namespace lockkit::index {

std::string_view simple_accept_header() {
    return "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";
}

std::expected<PageFormat, std::string> page_format(std::string_view content_type) {
    auto media = content_type.substr(0, content_type.find(';'));
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) {
        media.remove_suffix(1);
    }
    while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) {
        media.remove_prefix(1);
    }
    if (media.empty()) {
        return std::unexpected(std::string("the index sent no content type"));
    }
    if (media == "application/vnd.pypi.simple.v1+json") {
        return PageFormat::Json;
    }
    if (media == "application/vnd.pypi.simple.v1+html" || media == "text/html") {
        return PageFormat::Html;
    }
    return std::unexpected("the index sent an unsupported media type `" + std::string(media) + "`");
}

} // namespace lockkit::index
