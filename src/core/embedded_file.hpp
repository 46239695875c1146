// Files compiled into the binary (migrations, the OpenAPI document) by cmake/EmbedFiles.cmake.
#pragma once

#include <span>
#include <string_view>

namespace sladesk {

/// A file's base name and its bytes; both live for the whole program.
struct EmbeddedFile {
    std::string_view name;
    std::string_view content;
};

}  // namespace sladesk
