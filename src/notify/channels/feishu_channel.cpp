#include "notify/channels/feishu_channel.hpp"

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "notify/detail/robot_reply.hpp"
#include "notify/signing.hpp"

namespace sladesk::notify {
namespace {

constexpr std::size_t kTextBytes = 18 * 1024;  // the whole request must stay under 20 KB

}  // namespace

std::string FeishuSign(const std::string& secret, std::int64_t timestamp) {
    // The secret goes into the key; the message is empty.
    return Base64(HmacSha256(std::to_string(timestamp) + "\n" + secret, ""));
}

std::string FeishuBody(const FeishuConfig& config, const store::OutboxMessage& message, UtcTime now) {
    nlohmann::ordered_json body;
    if (!config.secret.empty()) {
        const std::int64_t timestamp = ToEpochSeconds(now);
        body["timestamp"] = std::to_string(timestamp);
        body["sign"] = FeishuSign(config.secret, timestamp);
    }
    body["msg_type"] = "text";
    body["content"]["text"] = TruncateUtf8(message.subject + "\n" + message.body_text, kTextBytes);
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpRequest BuildFeishuRequest(const FeishuConfig& config, const store::OutboxMessage& message, UtcTime now) {
    HttpRequest request;
    request.url = config.url;
    request.timeout = config.timeout;
    request.body = FeishuBody(config, message, now);
    request.headers = {"Content-Type: application/json; charset=utf-8", "Idempotency-Key: " + message.message_uid};
    return request;
}

DeliveryResult FeishuChannel::Deliver(const store::OutboxMessage& message, UtcTime now) {
    auto response = HttpPost(BuildFeishuRequest(config_, message, now));
    if (!response) return DeliveryResult::Fail(response.error().message());
    return detail::RobotReply(*response, "code", "Feishu bot " + RedactUrl(config_.url));
}

}  // namespace sladesk::notify
