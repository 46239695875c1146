// UTF-8 helpers shared by every module that limits text it passes on (robot messages, mail subjects and bodies).
#pragma once

#include <cstddef>
#include <string_view>

namespace sladesk {

/// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8 sequence in two. Pure.
inline std::string_view TruncateUtf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the cut sequence.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace sladesk
