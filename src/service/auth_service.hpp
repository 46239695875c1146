// Who is asking: login with a password, bearer tokens (sessions and API tokens), logout.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "service/login_throttle.hpp"
#include "service/password_gate.hpp"
#include "store/store.hpp"

namespace sladesk::service {

struct AuthOptions {
    std::chrono::seconds session_lifetime{std::chrono::hours{12}};  // a login token's validity; default 12 h
    // How long a checked token is trusted without asking the database again; default 10 s. Logout on this node
    // takes effect at once; a logout, disabled account or revoked token on another node within this time.
    std::chrono::seconds token_cache_ttl{10};
    LoginThrottleOptions throttle;
};

struct LoginResult {
    std::string token;  // shown once; only its hash is stored
    User user;
    UtcTime expires_at;
};

/// Thread-safe; holds references to the store and clock, which must outlive it.
class AuthService {
 public:
    /// `gate` (optional) bounds concurrent password verifications.
    AuthService(store::Store& store, const Clock& clock, AuthOptions options = {}, PasswordGate* gate = nullptr);

    /// kUnauthenticated for a wrong login or password (the same message for both, so logins do not leak);
    /// kRateLimited after too many failures for this login or this client address.
    Result<LoginResult> Login(const std::string& login, const std::string& password, const std::string& client);
    /// The actor behind a bearer token; kUnauthenticated if it is unknown, revoked or expired.
    Result<Actor> Authenticate(const std::string& token);
    /// Revokes the token used for this request.
    Status Logout(const std::string& token);
    /// A long-lived API token for integrations, owned by `actor`. Returns the token (shown once).
    Result<std::string> CreateApiToken(const Actor& actor, const std::string& name);

 private:
    struct CachedActor {
        Actor actor;
        UtcTime valid_until;  // the earlier of the cache TTL and the token's own expiry
    };

    Result<Actor> LoadActor(const std::string& token_hash, UtcTime now, std::optional<UtcTime>& token_expiry);

    store::Store& store_;
    const Clock& clock_;
    const AuthOptions options_;
    PasswordGate* gate_;  // optional
    LoginThrottle throttle_;
    std::mutex cache_mu_;
    std::unordered_map<std::string, CachedActor> cache_;  // guarded by cache_mu_; keyed by token hash
};

}  // namespace sladesk::service
