// Error values: a closed set of codes with a message that carries context.
#pragma once

#include <string>
#include <utility>

namespace sladesk {

/// The closed set of failure kinds. Only http/error_body.cpp maps them to HTTP statuses.
enum class ErrorCode {
    kInvalidArgument,    // bad input: malformed, wrong type, out of range
    kNotFound,           // no such thing, or not visible to the caller
    kConflict,           // state does not allow it, or a uniqueness clash
    kPreconditionFailed, // a stale version (If-Match) or a changed idempotent request
    kPermissionDenied,   // authenticated but not allowed
    kUnauthenticated,    // no or bad credentials
    kTooLarge,           // a body or file over the configured limit
    kRateLimited,        // too many attempts
    kUnavailable,        // a dependency (database) is busy or down; retrying may help
    kInternal,           // a bug or an unexpected library failure
};

/// Stable snake_case name used in JSON error bodies and logs.
const char* ErrorCodeName(ErrorCode code);

/// A failure with its kind and a human-readable message naming what failed.
class Error {
 public:
    Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

    static Error InvalidArgument(std::string message) { return {ErrorCode::kInvalidArgument, std::move(message)}; }
    static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
    static Error Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
    static Error PreconditionFailed(std::string message) {
        return {ErrorCode::kPreconditionFailed, std::move(message)};
    }
    static Error PermissionDenied(std::string message) { return {ErrorCode::kPermissionDenied, std::move(message)}; }
    static Error Unauthenticated(std::string message) { return {ErrorCode::kUnauthenticated, std::move(message)}; }
    static Error TooLarge(std::string message) { return {ErrorCode::kTooLarge, std::move(message)}; }
    static Error RateLimited(std::string message) { return {ErrorCode::kRateLimited, std::move(message)}; }
    static Error Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message)}; }
    static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message)}; }

    ErrorCode code() const { return code_; }
    const std::string& message() const { return message_; }
    bool Is(ErrorCode code) const { return code_ == code; }

    /// The same error with `context: ` put in front of the message.
    Error WithContext(const std::string& context) const { return {code_, context + ": " + message_}; }

 private:
    ErrorCode code_;
    std::string message_;
};

}  // namespace sladesk
