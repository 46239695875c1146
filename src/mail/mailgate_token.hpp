// The shared secret between `sladesk mailgate` and the server's mail intake: a bearer token that only the
// inbound-mail endpoint accepts (it is no user's token, so a leaked MTA configuration opens no ticket data).
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"

namespace sladesk::mail {

/// Immutable; thread-safe. Keeps only the token's SHA-256.
class MailgateToken {
 public:
    /// kInvalidArgument if `secret` (surrounding white space ignored) is shorter than 16 characters.
    static Result<MailgateToken> FromSecret(const std::string& secret);

    /// Ok when `authorization` is "Bearer <the token>"; kUnauthenticated otherwise. Constant time in the token.
    Status Check(const std::optional<std::string>& authorization) const;

 private:
    explicit MailgateToken(std::string digest) : digest_(std::move(digest)) {}
    std::string digest_;  // hex SHA-256 of the token
};

}  // namespace sladesk::mail
