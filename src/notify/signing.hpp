// Signing and encoding helpers the channels share: HMAC-SHA256, SHA-256, base64, hex, URL encoding. Pure
// (libsodium; sodium_init() must have run, which `sladesk serve` does at start).
#pragma once

#include <string>
#include <string_view>

namespace sladesk::notify {

/// HMAC-SHA256 of `message` under `key` (any length), as 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view message);
/// SHA-256 of `bytes`, as 32 raw bytes.
std::string Sha256(std::string_view bytes);
/// Standard base64 with padding (RFC 4648 section 4), one line.
std::string Base64(std::string_view bytes);
/// Lower-case hex.
std::string Hex(std::string_view bytes);
/// Percent-encodes every byte except A-Z a-z 0-9 - . _ ~ (RFC 3986 unreserved), so "+", "/" and "=" of base64
/// become %2B, %2F and %3D.
std::string UrlEncode(std::string_view text);

}  // namespace sladesk::notify
