// Feishu / Lark (飞书) custom bot: POST {"timestamp","sign","msg_type":"text","content":{"text":...}} to
// https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN. With signature verification ("签名校验") the body carries
// "timestamp" (epoch seconds, as a string) and "sign" = Base64(HMAC-SHA256(key = timestamp + "\n" + secret,
// message = empty)); Feishu refuses a timestamp more than an hour off. The reply is {"code":0,"msg":"success",...}.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "notify/channel.hpp"
#include "notify/http_client.hpp"

namespace sladesk::notify {

struct FeishuConfig {
    std::string url;     // the bot's webhook URL
    std::string secret;  // signing secret; empty: unsigned
    std::chrono::milliseconds timeout{10000};
};

/// The "sign" field for `timestamp` (epoch seconds). Pure.
std::string FeishuSign(const std::string& secret, std::int64_t timestamp);
/// The JSON body at `now`. Pure.
std::string FeishuBody(const FeishuConfig& config, const store::OutboxMessage& message, UtcTime now);
HttpRequest BuildFeishuRequest(const FeishuConfig& config, const store::OutboxMessage& message, UtcTime now);

/// Thread-safe.
class FeishuChannel final : public Channel {
 public:
    explicit FeishuChannel(FeishuConfig config) : config_(std::move(config)) {}
    DeliveryResult Deliver(const store::OutboxMessage& message, UtcTime now) override;

 private:
    const FeishuConfig config_;
};

}  // namespace sladesk::notify
