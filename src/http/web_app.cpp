#include "http/web_app.hpp"

#include <span>
#include <string>
#include <unordered_map>

#include "core/embedded_file.hpp"
#include "http/error_body.hpp"

namespace sladesk::http {

std::span<const EmbeddedFile> WebDistFiles();  // generated from web/dist by web/web_dist.cmake

namespace {

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kAssetsPrefix = "/assets/";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

using FileIndex = std::unordered_map<std::string_view, std::string_view>;

const FileIndex& Files() {
    static const FileIndex index = [] {
        FileIndex files;
        for (const EmbeddedFile& file : WebDistFiles()) files.emplace(file.name, file.content);
        return files;
    }();
    return index;
}

std::string_view Extension(std::string_view name) {
    const auto slash = name.rfind('/');
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
    return name.substr(dot + 1);
}

std::string ContentType(std::string_view extension) {
    static const std::unordered_map<std::string_view, std::string_view> kTypes = {
        {"html", "text/html; charset=utf-8"},  {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
        {"json", "application/json"},          {"map", "application/json"},
        {"svg", "image/svg+xml"},              {"png", "image/png"},
        {"jpg", "image/jpeg"},                 {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},               {"woff", "font/woff"},
        {"ttf", "font/ttf"},                   {"txt", "text/plain; charset=utf-8"},
    };
    const auto found = kTypes.find(extension);
    return std::string(found == kTypes.end() ? "application/octet-stream" : found->second);
}

bool IsApiPath(std::string_view path) {
    return path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/metrics";
}

Response FileResponse(std::string_view name, std::string_view content, std::string_view cache_control) {
    Response response;
    response.body = std::string(content);
    response.content_type = ContentType(Extension(name));
    response.headers.emplace_back("Cache-Control", std::string(cache_control));
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return response;
}

}  // namespace

std::optional<Response> WebAppResponse(std::string_view method, std::string_view path) {
    if (method != "GET" || IsApiPath(path) || !path.starts_with('/')) return std::nullopt;
    const FileIndex& files = Files();
    const std::string_view name = path.substr(1);
    if (path.starts_with(kAssetsPrefix) || !Extension(name).empty()) {
        const auto found = files.find(name);
        if (found == files.end()) return ErrorResponse(Error::NotFound("no such file: " + std::string(path)));
        const bool hashed = path.starts_with(kAssetsPrefix);
        return FileResponse(found->first, found->second, hashed ? kImmutable : kRevalidate);
    }
    const auto index = files.find(kIndex);
    if (index == files.end()) return ErrorResponse(Error::NotFound("the web console is not built into this binary"));
    return FileResponse(kIndex, index->second, kRevalidate);
}

}  // namespace sladesk::http
