// The one place that maps an ErrorCode to an HTTP status and the JSON error body.
#pragma once

#include "core/error.hpp"
#include "http/http_types.hpp"

namespace sladesk::http {

/// HTTP status for `code`: invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404,
/// conflict 409, precondition_failed 412, too_large 413, rate_limited 429, unavailable 503, internal 500.
int HttpStatusFor(ErrorCode code);

/// {"error": {"code": "...", "message": "..."}} with the matching status.
Response ErrorResponse(const Error& error);

}  // namespace sladesk::http
