#include "mail/mailgate_token.hpp"

#include <glib.h>

#include "mail/detail/gmime_ptr.hpp"

namespace sladesk::mail {
namespace {

constexpr std::size_t kMinTokenLength = 16;

std::string Trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string Sha256Hex(const std::string& text) {
    detail::GCharPtr hex(
        g_compute_checksum_for_string(G_CHECKSUM_SHA256, text.data(), static_cast<gssize>(text.size())));
    return hex.get();
}

}  // namespace

Result<MailgateToken> MailgateToken::FromSecret(const std::string& secret) {
    const std::string token = Trim(secret);
    if (token.size() < kMinTokenLength) {
        return Error::InvalidArgument("the mailgate token must be at least " + std::to_string(kMinTokenLength) +
                                      " characters");
    }
    return MailgateToken(Sha256Hex(token));
}

Status MailgateToken::Check(const std::optional<std::string>& authorization) const {
    if (!authorization || !authorization->starts_with("Bearer ") || authorization->size() > 7 + 512) {
        return Error::Unauthenticated("send Authorization: Bearer <mailgate token>");
    }
    // Digests of equal length compared without an early exit: the time does not tell how much matched.
    const std::string digest = Sha256Hex(authorization->substr(7));
    unsigned char difference = 0;
    for (std::size_t i = 0; i < digest_.size(); ++i) {
        difference |= static_cast<unsigned char>(digest[i] ^ digest_[i]);
    }
    if (difference != 0) return Error::Unauthenticated("wrong mailgate token");
    return OkStatus();
}

}  // namespace sladesk::mail
