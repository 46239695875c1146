#include "service/passwords.hpp"

#include <sodium.h>

namespace sladesk::service {
namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kTokenBytes = 32;

std::string Hex(const unsigned char* bytes, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

}  // namespace

Status InitCrypto() {
    if (sodium_init() < 0) return Error::Internal("libsodium could not be initialised");
    return OkStatus();
}

Result<std::string> HashPassword(const std::string& password) {
    if (password.empty()) return Error::InvalidArgument("password must not be empty");
    if (password.size() > kMaxPasswordBytes) return Error::InvalidArgument("password is longer than 1024 bytes");
    char encoded[crypto_pwhash_STRBYTES];
    // INTERACTIVE limits (2 passes, 64 MiB) keep a login well under 100 ms while staying argon2id-hard.
    if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Error::Internal("password hashing ran out of memory");
    }
    return std::string(encoded);
}

bool VerifyPassword(const std::string& password, const std::string& encoded_hash) {
    if (password.size() > kMaxPasswordBytes) return false;
    return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewToken() {
    unsigned char bytes[kTokenBytes];
    randombytes_buf(bytes, sizeof bytes);
    return Hex(bytes, sizeof bytes);
}

std::string Sha256Hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return Hex(digest, sizeof digest);
}

std::string TokenHash(const std::string& token) { return Sha256Hex(token); }

}  // namespace sladesk::service
