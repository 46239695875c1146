#include "http/openapi.hpp"

#include <span>

#include "core/embedded_file.hpp"

namespace sladesk::http {

std::span<const EmbeddedFile> OpenApiFiles();  // generated from openapi.json by cmake/EmbedFiles.cmake

std::string_view OpenApiDocument() { return OpenApiFiles().front().content; }

}  // namespace sladesk::http
