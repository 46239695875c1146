// Outgoing HTTP POSTs over libcurl for the webhook, robot and SMS channels.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "notify/channel.hpp"

namespace sladesk::notify {

struct HttpRequest {
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
    std::chrono::milliseconds timeout{10000};
};

struct HttpResponse {
    int status = 0;
    std::string body;  // at most 64 KiB kept
};

/// POSTs `request` and returns the response (any status). kUnavailable on a transport failure (connect, TLS,
/// timeout); the message names only scheme, host and port, never the path or query (robot URLs carry tokens).
/// Thread-safe: each thread reuses its own curl handle, so keep-alive connections carry later requests. Does I/O.
Result<HttpResponse> HttpPost(const HttpRequest& request);

/// "scheme://host:port" of `url`, for error messages and logs.
std::string RedactUrl(const std::string& url);

/// The usual reading of an HTTP status: 2xx delivered; 408, 429 and 5xx retried; other 4xx permanent. `what` names
/// the channel in the error.
DeliveryResult FromHttpStatus(const HttpResponse& response, const std::string& what);

}  // namespace sladesk::notify

namespace sladesk::notify {

/// Initialises libcurl once for the process; call before any channel is used and before threads start.
/// kInternal if curl cannot be initialised.
Status InitHttp();

}  // namespace sladesk::notify
