#include "http/error_body.hpp"

#include <nlohmann/json.hpp>

namespace sladesk::http {

int HttpStatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return 400;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kPermissionDenied: return 403;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kConflict: return 409;
        case ErrorCode::kPreconditionFailed: return 412;
        case ErrorCode::kTooLarge: return 413;
        case ErrorCode::kRateLimited: return 429;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kInternal: return 500;
    }
    return 500;
}

Response ErrorResponse(const Error& error) {
    // Internal details (SQL, file paths) stay in the log; the client gets a generic message.
    const std::string message = error.Is(ErrorCode::kInternal) ? "internal error" : error.message();
    nlohmann::json body{{"error", {{"code", ErrorCodeName(error.code()), }, {"message", message}}}};
    Response response{HttpStatusFor(error.code()), body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json", {}};
    if (error.Is(ErrorCode::kUnauthenticated)) response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
}

}  // namespace sladesk::http
