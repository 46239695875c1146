// Shared by the group-robot channels (WeCom, DingTalk, Feishu): reading their JSON replies and fitting text into
// their size limits.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "notify/channel.hpp"
#include "notify/http_client.hpp"

namespace sladesk::notify::detail {

/// The robot APIs answer HTTP 200 with {"<code_field>": 0, ...} on success and a non-zero code (with "errmsg" or
/// "msg") on failure. Non-2xx statuses are read as FromHttpStatus does. Retries a non-zero code (rate limits and
/// signature clock skew pass; a wrong secret ends dead after the retries).
DeliveryResult RobotReply(const HttpResponse& response, std::string_view code_field, const std::string& what);

}  // namespace sladesk::notify::detail
