// The request each channel builds: bodies, headers and signatures of the generic webhook, WeCom, DingTalk and
// Feishu robots and the SMS gateway, checked against values computed independently (Python's hmac and base64).
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "notify/channels/dingtalk_channel.hpp"
#include "notify/channels/feishu_channel.hpp"
#include "notify/channels/sms_channel.hpp"
#include "notify/channels/smtp_channel.hpp"
#include "notify/channels/webhook_channel.hpp"
#include "notify/channels/wecom_channel.hpp"
#include "notify/detail/robot_reply.hpp"

namespace sladesk::notify {
namespace {

const int kSodiumReady = sodium_init();
const UtcTime kNow = FromEpochSeconds(1740963600);

store::OutboxMessage Message() {
    store::OutboxMessage message;
    message.id = 9;
    message.message_uid = "0123456789abcdef0123456789abcdef";
    message.event = "sla_warning";
    message.channel = "webhook:ops";
    message.recipient = "ops";
    message.ticket_id = TicketId{42};
    message.language = "zh-CN";
    message.subject = "【SLA 预警】工单 #42";
    message.body_text = "解决时限已用 75%";
    message.body_html = "<p>html</p>";
    message.data = R"({"ticket":{"id":42}})";
    message.created_at = kNow;
    return message;
}

std::string Header(const HttpRequest& request, const std::string& name) {
    for (const std::string& header : request.headers) {
        if (header.rfind(name + ": ", 0) == 0) return header.substr(name.size() + 2);
    }
    return {};
}

TEST(WebhookChannelTest, SignsTimestampDotBodyWithHmacSha256) {
    ASSERT_GE(kSodiumReady, 0);
    EXPECT_EQ(WebhookSignature("hook-secret", 1740963600, R"({"a":1})"),
              "sha256=f9e21b687a80118865711b7f78e4f5ac622ed73ef75bb171356c328db5efb408");
    const HttpRequest request = BuildWebhookRequest({"http://127.0.0.1:9/hook", "hook-secret", {}}, Message(), kNow);
    EXPECT_EQ(Header(request, "X-Sladesk-Timestamp"), "1740963600");
    EXPECT_EQ(Header(request, "X-Sladesk-Signature"), WebhookSignature("hook-secret", 1740963600, request.body));
    EXPECT_EQ(Header(request, "Idempotency-Key"), "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(Header(request, "X-Sladesk-Event"), "sla_warning");
    const auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body["id"], "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(body["subject"], "【SLA 预警】工单 #42");
    EXPECT_EQ(body["ticket_id"], 42);
    EXPECT_EQ(body["data"]["ticket"]["id"], 42);
    EXPECT_EQ(body["created_at"], "2025-03-03T01:00:00Z");
    EXPECT_EQ(WebhookBody(Message()), request.body) << "the same message always gives the same body";
    const HttpRequest unsigned_request = BuildWebhookRequest({"http://127.0.0.1:9/hook", "", {}}, Message(), kNow);
    EXPECT_EQ(Header(unsigned_request, "X-Sladesk-Signature"), "");
}

TEST(WeComChannelTest, MarkdownOrTextWithMentions) {
    WeComConfig config{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", {}, {}};
    auto body = nlohmann::json::parse(WeComBody(config, Message()));
    EXPECT_EQ(body["msgtype"], "markdown");
    EXPECT_EQ(body["markdown"]["content"], "**【SLA 预警】工单 #42**\n解决时限已用 75%");
    config.mention_mobiles = {"13800001111", "@all"};
    body = nlohmann::json::parse(WeComBody(config, Message()));
    EXPECT_EQ(body["msgtype"], "text");
    EXPECT_EQ(body["text"]["content"], "【SLA 预警】工单 #42\n解决时限已用 75%");
    EXPECT_EQ(body["text"]["mentioned_mobile_list"], nlohmann::json({"13800001111", "@all"}));
    EXPECT_EQ(BuildWeComRequest(config, Message()).url, config.url);
}

TEST(WeComChannelTest, LongContentIsCutOnACharacterBoundary) {
    store::OutboxMessage message = Message();
    message.body_text.clear();
    for (int i = 0; i < 3000; ++i) message.body_text += "超";
    const auto body = nlohmann::json::parse(WeComBody({"https://x", {}, {}}, message));
    const std::string content = body["markdown"]["content"];
    EXPECT_LE(content.size(), 4096u);
    EXPECT_GT(content.size(), 4090u);
}

TEST(DingTalkChannelTest, SignedUrlFollowsTheDocumentedScheme) {
    // Python: quote_plus(b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest()))
    EXPECT_EQ(DingTalkSign("SECtest-secret", 1740963600000), "dYV3U8caqFRun8Ic1PZwum4E4550pLLXzBwxSbJbzUY%3D");
    DingTalkConfig config{"https://oapi.dingtalk.com/robot/send?access_token=T", "SECtest-secret", {}, false, {}};
    EXPECT_EQ(DingTalkSignedUrl(config, 1740963600000),
              "https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1740963600000"
              "&sign=dYV3U8caqFRun8Ic1PZwum4E4550pLLXzBwxSbJbzUY%3D");
    EXPECT_EQ(BuildDingTalkRequest(config, Message(), kNow).url, DingTalkSignedUrl(config, 1740963600000))
        << "the timestamp is in milliseconds";
    config.secret.clear();
    EXPECT_EQ(DingTalkSignedUrl(config, 1), config.url);
}

TEST(DingTalkChannelTest, MarkdownBodyWithMentions) {
    DingTalkConfig config{"https://x", "", {"13800001111"}, false, {}};
    const auto body = nlohmann::json::parse(DingTalkBody(config, Message()));
    EXPECT_EQ(body["msgtype"], "markdown");
    EXPECT_EQ(body["markdown"]["title"], "【SLA 预警】工单 #42");
    EXPECT_EQ(body["markdown"]["text"], "#### 【SLA 预警】工单 #42\n\n解决时限已用 75% @13800001111");
    EXPECT_EQ(body["at"]["atMobiles"], nlohmann::json({"13800001111"}));
    EXPECT_EQ(body["at"]["isAtAll"], false);
}

TEST(FeishuChannelTest, SignIsHmacKeyedWithTimestampAndSecretOverNothing) {
    // Python: b64encode(hmac.new(f"{ts}\n{secret}".encode(), b"", sha256).digest())
    EXPECT_EQ(FeishuSign("feishu-secret", 1740963600), "pVbYc1lJ1iPklRSf6G+M/xyJ5PBDxrlYJJpG8fifvg4=");
    const auto body = nlohmann::json::parse(FeishuBody({"https://x", "feishu-secret", {}}, Message(), kNow));
    EXPECT_EQ(body["timestamp"], "1740963600") << "seconds, as a string";
    EXPECT_EQ(body["sign"], "pVbYc1lJ1iPklRSf6G+M/xyJ5PBDxrlYJJpG8fifvg4=");
    EXPECT_EQ(body["msg_type"], "text");
    EXPECT_EQ(body["content"]["text"], "【SLA 预警】工单 #42\n解决时限已用 75%");
    const auto plain = nlohmann::json::parse(FeishuBody({"https://x", "", {}}, Message(), kNow));
    EXPECT_FALSE(plain.contains("sign"));
}

TEST(RobotReplyTest, NonZeroCodesAreFailuresAndStatusesAreRead) {
    EXPECT_TRUE(detail::RobotReply({200, R"({"errcode":0,"errmsg":"ok"})"}, "errcode", "r").delivered);
    EXPECT_TRUE(detail::RobotReply({200, R"({"code":0,"msg":"success"})"}, "code", "r").delivered);
    const DeliveryResult refused = detail::RobotReply({200, R"({"errcode":310000,"errmsg":"sign not match"})"},
                                                      "errcode", "DingTalk robot https://h");
    EXPECT_FALSE(refused.delivered);
    EXPECT_FALSE(refused.permanent);
    EXPECT_EQ(refused.error, "DingTalk robot https://h refused the message: errcode 310000 sign not match");
    EXPECT_FALSE(detail::RobotReply({200, "not json"}, "code", "r").delivered);
    const DeliveryResult not_found = detail::RobotReply({404, ""}, "code", "r");
    EXPECT_FALSE(not_found.delivered);
    EXPECT_TRUE(not_found.permanent);
    EXPECT_FALSE(detail::RobotReply({503, ""}, "code", "r").permanent);
    EXPECT_FALSE(detail::RobotReply({429, ""}, "code", "r").permanent);
}

TEST(HttpClientTest, RedactUrlKeepsOnlyTheOrigin) {
    EXPECT_EQ(RedactUrl("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET"), "https://qyapi.weixin.qq.com");
    EXPECT_EQ(RedactUrl("https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN"), "https://open.feishu.cn");
    EXPECT_EQ(RedactUrl("http://user:pw@127.0.0.1:8080/x"), "http://127.0.0.1:8080");
    EXPECT_EQ(RedactUrl("garbage"), "(url)");
}

TEST(SmsChannelTest, TemplatesFillUrlEncodedAndJsonEscapedValues) {
    SmsConfig config;
    config.url_template = "http://127.0.0.1:9/sms?to={{phone}}&id={{message_id}}";
    config.body_template = R"({"to":"{{phone}}","text":"{{subject}}","lang":"{{language}}"})";
    config.headers = {"X-Api-Key: k"};
    store::OutboxMessage message = Message();
    message.recipient = "+86 138";
    message.subject = "say \"hi\"\n";
    auto request = BuildSmsRequest(config, message);
    ASSERT_TRUE(request) << request.error().message();
    EXPECT_EQ(request->url, "http://127.0.0.1:9/sms?to=%2B86%20138&id=0123456789abcdef0123456789abcdef");
    const auto body = nlohmann::json::parse(request->body);
    EXPECT_EQ(body["to"], "+86 138");
    EXPECT_EQ(body["text"], "say \"hi\"\n");
    EXPECT_EQ(body["lang"], "zh-CN");
    EXPECT_EQ(Header(*request, "X-Api-Key"), "k");
    config.body_template = "{{nope}}";
    EXPECT_FALSE(BuildSmsRequest(config, message));
}

TEST(SmtpChannelTest, MailCarriesBothPartsAndTheStableMessageId) {
    SmtpConfig config;
    config.from = "服务台 <desk@example.com>";
    store::OutboxMessage message = Message();
    message.recipient = "agent@example.com";
    const MailContent mail = *MailFor(config, message);
    EXPECT_EQ(mail.to, std::vector<std::string>{"agent@example.com"});
    EXPECT_EQ(mail.message_id, "<0123456789abcdef0123456789abcdef@example.com>");
    EXPECT_EQ(mail.text, "解决时限已用 75%");
    EXPECT_EQ(mail.html, "<p>html</p>");
    EXPECT_EQ(mail.language, "zh-CN");
    EXPECT_EQ(mail.date, kNow) << "the enqueue time, so a second delivery is byte-identical";
}

}  // namespace
}  // namespace sladesk::notify
