#include "service/auth_service.hpp"

#include "service/passwords.hpp"
#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {
namespace {

constexpr std::size_t kMaxTokenNameBytes = 200;
constexpr std::size_t kMaxCachedTokens = 100000;  // past this the cache starts over

// A hash to verify against when the login does not exist, so both failures take the same time.
const std::string& DecoyHash() {
    static const std::string hash = HashPassword("sladesk-decoy-password").value();
    return hash;
}

}  // namespace

AuthService::AuthService(store::Store& store, const Clock& clock, AuthOptions options, PasswordGate* gate)
    : store_(store), clock_(clock), options_(options), gate_(gate), throttle_(options.throttle) {}

Result<LoginResult> AuthService::Login(const std::string& login, const std::string& password,
                                       const std::string& client) {
    const UtcTime now = clock_.Now();
    const std::string login_key = "login:" + login;
    const std::string client_key = "client:" + client;
    if (!throttle_.Allowed(login_key, now) || !throttle_.Allowed(client_key, now)) {
        return Error::RateLimited("too many failed logins; try again in a few minutes");
    }
    std::optional<std::pair<UserId, std::string>> stored;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        auto hash = store::DirectoryRepo::PasswordHash(db, login);
        if (hash) stored = std::move(*hash);
        else if (!hash.error().Is(ErrorCode::kNotFound)) return hash.error();
        return OkStatus();
    }));
    const auto verify = [&] { return VerifyPassword(password, stored ? stored->second : DecoyHash()); };
    const bool verified = (gate_ != nullptr ? gate_->Run(verify) : verify()) && stored.has_value();
    if (!verified) {
        throttle_.RecordFailure(login_key, now);
        throttle_.RecordFailure(client_key, now);
        return Error::Unauthenticated("wrong login or password");
    }
    throttle_.RecordSuccess(login_key);

    LoginResult result{NewToken(), User{}, now + options_.session_lifetime};
    store::TokenRecord record{0, stored->first, store::TokenKind::kSession, "login", now, result.expires_at};
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(store::AuthRepo::InsertToken(db, TokenHash(result.token), record));
        SLADESK_ASSIGN_OR_RETURN(result.user, store::DirectoryRepo::GetUser(db, stored->first));
        return OkStatus();
    }));
    return result;
}

Result<Actor> AuthService::LoadActor(const std::string& token_hash, UtcTime now,
                                     std::optional<UtcTime>& token_expiry) {
    Actor actor;
    const Status status = store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(store::TokenRecord record, store::AuthRepo::FindToken(db, token_hash, now));
        SLADESK_ASSIGN_OR_RETURN(User user, store::DirectoryRepo::GetUser(db, record.user_id));
        if (!user.active) return Error::Unauthenticated("account is disabled");
        token_expiry = record.expires_at;
        actor.id = user.id;
        actor.role = user.role;
        actor.organisation_id = user.organisation_id;
        actor.org_admin = user.org_admin;
        SLADESK_ASSIGN_OR_RETURN(actor.groups, store::DirectoryRepo::GroupsOf(db, user.id));
        return OkStatus();
    });
    if (!status) {
        if (status.error().Is(ErrorCode::kNotFound)) return Error::Unauthenticated("invalid or expired token");
        return status.error();
    }
    return actor;
}

Result<Actor> AuthService::Authenticate(const std::string& token) {
    const std::string hash = TokenHash(token);
    const UtcTime now = clock_.Now();
    {
        std::lock_guard lock(cache_mu_);
        if (auto found = cache_.find(hash); found != cache_.end()) {
            if (found->second.valid_until > now) return found->second.actor;
            cache_.erase(found);
        }
    }
    std::optional<UtcTime> token_expiry;
    SLADESK_ASSIGN_OR_RETURN(Actor actor, LoadActor(hash, now, token_expiry));
    UtcTime valid_until = now + options_.token_cache_ttl;
    if (token_expiry && *token_expiry < valid_until) valid_until = *token_expiry;
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= kMaxCachedTokens) cache_.clear();
    cache_.insert_or_assign(hash, CachedActor{actor, valid_until});
    return actor;
}

Status AuthService::Logout(const std::string& token) {
    const std::string hash = TokenHash(token);
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status { return store::AuthRepo::RevokeToken(db, hash); }));
    std::lock_guard lock(cache_mu_);
    cache_.erase(hash);
    return OkStatus();
}

Result<std::string> AuthService::CreateApiToken(const Actor& actor, const std::string& name) {
    if (name.empty() || name.size() > kMaxTokenNameBytes) {
        return Error::InvalidArgument("token name must be 1 to 200 bytes");
    }
    std::string token = NewToken();
    store::TokenRecord record{0, actor.id, store::TokenKind::kApi, name, clock_.Now(), std::nullopt};
    SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
        SLADESK_TRY(store::AuthRepo::InsertToken(db, TokenHash(token), record));
        return OkStatus();
    }));
    return token;
}

}  // namespace sladesk::service
