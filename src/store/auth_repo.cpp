#include "store/auth_repo.hpp"

namespace sladesk::store {
namespace {

constexpr NamedQuery kInsertToken{"token_insert",
    "INSERT INTO auth_tokens (token_hash, user_id, kind, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) "
    "RETURNING id"};
constexpr NamedQuery kFindToken{"token_find",
    "SELECT id, user_id, kind, name, created_at, expires_at FROM auth_tokens "
    "WHERE token_hash = $1 AND revoked = 0 AND (expires_at IS NULL OR expires_at > $2)"};
constexpr NamedQuery kRevokeToken{"token_revoke", "UPDATE auth_tokens SET revoked = 1 WHERE token_hash = $1"};
constexpr NamedQuery kApiTokens{"tokens_api_of_user",
    "SELECT id, user_id, kind, name, created_at, expires_at FROM auth_tokens "
    "WHERE user_id = $1 AND kind = 'api' AND revoked = 0 ORDER BY id"};
constexpr NamedQuery kFindIdempotent{"idempotency_find",
    "SELECT request_hash, status, response FROM idempotency_keys WHERE actor_id = $1 AND key = $2"};
constexpr NamedQuery kSaveIdempotent{"idempotency_save",
    "INSERT INTO idempotency_keys (actor_id, key, request_hash, status, response, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr NamedQuery kGetSetting{"setting_get", "SELECT value FROM settings WHERE key = $1"};
constexpr NamedQuery kPutSetting{"setting_put",
    "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"};

TokenRecord TokenFromRow(const SqlRow& row) {
    TokenRecord token;
    token.id = row.Int(0);
    token.user_id = UserId{row.Int(1)};
    token.kind = row.Text(2) == "api" ? TokenKind::kApi : TokenKind::kSession;
    token.name = row.Text(3);
    token.created_at = FromEpochSeconds(row.Int(4));
    if (auto expires = row.OptInt(5)) token.expires_at = FromEpochSeconds(*expires);
    return token;
}

}  // namespace

Result<std::int64_t> AuthRepo::InsertToken(SqlConnection& db, const std::string& token_hash, const TokenRecord& token) {
    SqlValue expires = std::monostate{};
    if (token.expires_at) expires = ToEpochSeconds(*token.expires_at);
    const SqlValue params[] = {token_hash, token.user_id.value,
                               std::string(token.kind == TokenKind::kApi ? "api" : "session"), token.name,
                               ToEpochSeconds(token.created_at), expires};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kInsertToken, params, "token id"));
    return row.Int(0);
}

Result<TokenRecord> AuthRepo::FindToken(SqlConnection& db, const std::string& token_hash, UtcTime now) {
    const SqlValue params[] = {token_hash, ToEpochSeconds(now)};
    SLADESK_ASSIGN_OR_RETURN(SqlRow row, QueryOne(db, kFindToken, params, "token"));
    return TokenFromRow(row);
}

Status AuthRepo::RevokeToken(SqlConnection& db, const std::string& token_hash) {
    const SqlValue params[] = {token_hash};
    SLADESK_TRY(db.Execute(kRevokeToken, params));
    return OkStatus();
}

Result<std::vector<TokenRecord>> AuthRepo::ApiTokensOf(SqlConnection& db, UserId user) {
    const SqlValue params[] = {user.value};
    return QueryAll(db, kApiTokens, params, TokenFromRow);
}

Result<std::optional<IdempotencyRecord>> AuthRepo::FindIdempotent(SqlConnection& db, UserId actor,
                                                                   const std::string& key) {
    const SqlValue params[] = {actor.value, key};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kFindIdempotent, params));
    if (rows.empty()) return std::optional<IdempotencyRecord>{};
    const SqlRow& row = rows.front();
    return std::optional<IdempotencyRecord>{IdempotencyRecord{row.Text(0), static_cast<int>(row.Int(1)), row.Text(2)}};
}

Status AuthRepo::SaveIdempotent(SqlConnection& db, UserId actor, const std::string& key,
                                const IdempotencyRecord& record, UtcTime at) {
    const SqlValue params[] = {actor.value, key, record.request_hash, std::int64_t{record.status}, record.response,
                               ToEpochSeconds(at)};
    SLADESK_TRY(db.Execute(kSaveIdempotent, params));
    return OkStatus();
}

Result<std::optional<std::string>> AuthRepo::GetSetting(SqlConnection& db, const std::string& key) {
    const SqlValue params[] = {key};
    SLADESK_ASSIGN_OR_RETURN(SqlRows rows, db.Query(kGetSetting, params));
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional<std::string>{rows.front().Text(0)};
}

Status AuthRepo::PutSetting(SqlConnection& db, const std::string& key, const std::string& value) {
    const SqlValue params[] = {key, value};
    SLADESK_TRY(db.Execute(kPutSetting, params));
    return OkStatus();
}

}  // namespace sladesk::store
