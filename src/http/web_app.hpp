// The web console (web/, Vue 3), built into web/dist and embedded in the binary at build time.
#pragma once

#include <optional>
#include <string_view>

#include "http/http_types.hpp"

namespace sladesk::http {

/// The web console's answer to a request no API route matched, or nullopt when the path is not the console's
/// (anything under /api, /healthz, /metrics, or a method other than GET). Rules:
///  - `/` and any path whose last segment has no file extension: index.html (history routing), no-cache;
///  - `/assets/<file>`: the embedded file with its Content-Type, cached for a year (names carry a content hash);
///  - any other path with an extension: the file if dist has it (no-cache), else a JSON 404.
/// Pure lookup in read-only data: thread-safe, no I/O.
std::optional<Response> WebAppResponse(std::string_view method, std::string_view path);

}  // namespace sladesk::http
