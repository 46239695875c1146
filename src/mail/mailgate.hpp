// `sladesk mailgate`'s decisions: where it posts, and which exit code tells the MTA what to do with the message
// (sysexits.h: 0 delivered, 75 try again later, 65/77 return to sender). Pure.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "notify/http_client.hpp"

namespace sladesk::mail {

inline constexpr int kExitDelivered = 0;
inline constexpr int kExitUsage = 64;      // EX_USAGE: bad flags
inline constexpr int kExitDataError = 65;  // EX_DATAERR: the server refused this message for good (bad MIME, too big)
inline constexpr int kExitTempFail = 75;   // EX_TEMPFAIL: the MTA keeps the message and retries
inline constexpr int kExitNoPermission = 77;  // EX_NOPERM: the server refuses this sender

struct MailgateOutcome {
    int exit_code = kExitTempFail;
    std::string message;  // for stderr; the MTA puts it into a bounce. Never the token.
};

/// The intake endpoint for `url`: the server's base URL ("http://127.0.0.1:8080") with /api/v1/mail/inbound
/// appended, or `url` unchanged when it already names that path.
std::string InboundUrl(std::string_view url);

/// How the MTA should treat the message after the server's `answer`. Stored (2xx): 0. Nothing lost on doubt:
/// a transport failure, 5xx, 408, 409 (a concurrent copy), 429 (rate limit), 404 (intake not configured) and
/// 401 (wrong token: a configuration error) are 75, so the MTA retries. 403 (sender refused) is 77; other 4xx
/// (malformed or over a limit) are 65, each with the server's reason.
MailgateOutcome MailgateOutcomeFor(const Result<notify::HttpResponse>& answer);

}  // namespace sladesk::mail
