#include "notify/channels/dingtalk_channel.hpp"

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "notify/detail/robot_reply.hpp"
#include "notify/signing.hpp"

namespace sladesk::notify {
namespace {

constexpr std::size_t kTextBytes = 4096;

}  // namespace

std::string DingTalkSign(const std::string& secret, std::int64_t timestamp_ms) {
    const std::string string_to_sign = std::to_string(timestamp_ms) + "\n" + secret;
    return UrlEncode(Base64(HmacSha256(secret, string_to_sign)));
}

std::string DingTalkSignedUrl(const DingTalkConfig& config, std::int64_t timestamp_ms) {
    if (config.secret.empty()) return config.url;
    const char separator = config.url.find('?') == std::string::npos ? '?' : '&';
    return config.url + separator + "timestamp=" + std::to_string(timestamp_ms) +
           "&sign=" + DingTalkSign(config.secret, timestamp_ms);
}

std::string DingTalkBody(const DingTalkConfig& config, const store::OutboxMessage& message) {
    nlohmann::ordered_json body;
    body["msgtype"] = "markdown";
    body["markdown"]["title"] = message.subject;
    std::string text = "#### " + message.subject + "\n\n" + message.body_text;
    // A mention only notifies when the number also appears in the text.
    for (const std::string& mobile : config.at_mobiles) text += " @" + mobile;
    body["markdown"]["text"] = TruncateUtf8(text, kTextBytes);
    body["at"]["atMobiles"] = config.at_mobiles;
    body["at"]["isAtAll"] = config.at_all;
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpRequest BuildDingTalkRequest(const DingTalkConfig& config, const store::OutboxMessage& message, UtcTime now) {
    HttpRequest request;
    request.url = DingTalkSignedUrl(config, ToEpochSeconds(now) * 1000);
    request.timeout = config.timeout;
    request.body = DingTalkBody(config, message);
    request.headers = {"Content-Type: application/json; charset=utf-8", "Idempotency-Key: " + message.message_uid};
    return request;
}

DeliveryResult DingTalkChannel::Deliver(const store::OutboxMessage& message, UtcTime now) {
    auto response = HttpPost(BuildDingTalkRequest(config_, message, now));
    if (!response) return DeliveryResult::Fail(response.error().message());
    return detail::RobotReply(*response, "errcode", "DingTalk robot " + RedactUrl(config_.url));
}

}  // namespace sladesk::notify
