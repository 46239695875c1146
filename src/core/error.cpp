#include "core/error.hpp"

namespace sladesk {

const char* ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kPreconditionFailed: return "precondition_failed";
        case ErrorCode::kPermissionDenied: return "permission_denied";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kTooLarge: return "too_large";
        case ErrorCode::kRateLimited: return "rate_limited";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

}  // namespace sladesk
