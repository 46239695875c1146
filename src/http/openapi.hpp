// The OpenAPI 3 document (src/http/openapi.json, compiled in), the reference for the API.
#pragma once

#include <string_view>

namespace sladesk::http {

std::string_view OpenApiDocument();

}  // namespace sladesk::http
