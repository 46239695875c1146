// Password hashing (argon2id, libsodium) and random tokens with their stored hashes.
#pragma once

#include <string>

#include "core/result.hpp"

namespace sladesk::service {

/// Whether libsodium could be initialised; call once at start. kInternal otherwise.
Status InitCrypto();

/// argon2id hash in libsodium's encoded form (algorithm, parameters and salt included).
/// kInvalidArgument if the password is empty or over 1,024 bytes; kInternal if hashing runs out of memory.
Result<std::string> HashPassword(const std::string& password);
/// Whether `password` matches `encoded_hash`. Constant-time in the password.
bool VerifyPassword(const std::string& password, const std::string& encoded_hash);

/// A fresh bearer token: 32 random bytes, hex.
std::string NewToken();
/// What the database keeps instead of a token: its SHA-256, hex. A leaked table yields no usable token.
std::string TokenHash(const std::string& token);
/// SHA-256 of arbitrary bytes, hex.
std::string Sha256Hex(std::string_view bytes);

}  // namespace sladesk::service
