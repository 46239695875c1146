// Credentials and request bookkeeping: token hashes, idempotency records, and settings (policy as JSON text).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/utc_time.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

enum class TokenKind { kSession, kApi };

struct TokenRecord {
    std::int64_t id = 0;
    UserId user_id;
    TokenKind kind = TokenKind::kSession;
    std::string name;
    UtcTime created_at;
    std::optional<UtcTime> expires_at;
};

/// A stored response to an idempotent POST.
struct IdempotencyRecord {
    std::string request_hash;
    int status = 0;
    std::string response;
};

/// Stateless; every function runs on the connection (and transaction) it is given.
class AuthRepo {
 public:
    /// Stores a token by its hash (never the token itself); returns the token's id.
    static Result<std::int64_t> InsertToken(SqlConnection& db, const std::string& token_hash, const TokenRecord& token);
    /// The live token with this hash (not revoked, not expired at `now`); kNotFound otherwise.
    static Result<TokenRecord> FindToken(SqlConnection& db, const std::string& token_hash, UtcTime now);
    static Status RevokeToken(SqlConnection& db, const std::string& token_hash);
    static Result<std::vector<TokenRecord>> ApiTokensOf(SqlConnection& db, UserId user);

    static Result<std::optional<IdempotencyRecord>> FindIdempotent(SqlConnection& db, UserId actor, const std::string& key);
    static Status SaveIdempotent(SqlConnection& db, UserId actor, const std::string& key,
                                 const IdempotencyRecord& record, UtcTime at);

    static Result<std::optional<std::string>> GetSetting(SqlConnection& db, const std::string& key);
    static Status PutSetting(SqlConnection& db, const std::string& key, const std::string& value);
};

}  // namespace sladesk::store
