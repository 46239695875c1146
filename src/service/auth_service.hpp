// Who is asking: login with a password, bearer tokens (sessions and API tokens), logout.
#pragma once

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/user.hpp"
#include "service/login_throttle.hpp"
#include "store/store.hpp"

namespace sladesk::service {

struct AuthOptions {
    std::chrono::seconds session_lifetime{std::chrono::hours{12}};  // a login token's validity; default 12 h
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
    AuthService(store::Store& store, const Clock& clock, AuthOptions options = {});

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
    store::Store& store_;
    const Clock& clock_;
    const AuthOptions options_;
    LoginThrottle throttle_;
};

}  // namespace sladesk::service
