#include "notify/channels/wecom_channel.hpp"

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "notify/detail/robot_reply.hpp"

namespace sladesk::notify {
namespace {

constexpr std::size_t kMarkdownBytes = 4096;
constexpr std::size_t kTextBytes = 2048;

}  // namespace

std::string WeComBody(const WeComConfig& config, const store::OutboxMessage& message) {
    nlohmann::ordered_json body;
    if (config.mention_mobiles.empty()) {
        body["msgtype"] = "markdown";
        body["markdown"]["content"] =
            TruncateUtf8("**" + message.subject + "**\n" + message.body_text, kMarkdownBytes);
    } else {
        body["msgtype"] = "text";
        body["text"]["content"] = TruncateUtf8(message.subject + "\n" + message.body_text, kTextBytes);
        body["text"]["mentioned_mobile_list"] = config.mention_mobiles;
    }
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpRequest BuildWeComRequest(const WeComConfig& config, const store::OutboxMessage& message) {
    HttpRequest request;
    request.url = config.url;
    request.timeout = config.timeout;
    request.body = WeComBody(config, message);
    request.headers = {"Content-Type: application/json; charset=utf-8", "Idempotency-Key: " + message.message_uid};
    return request;
}

DeliveryResult WeComChannel::Deliver(const store::OutboxMessage& message, UtcTime /*now*/) {
    auto response = HttpPost(BuildWeComRequest(config_, message));
    if (!response) return DeliveryResult::Fail(response.error().message());
    return detail::RobotReply(*response, "errcode", "WeCom robot " + RedactUrl(config_.url));
}

}  // namespace sladesk::notify
