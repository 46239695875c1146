// The notify config file: channels, routes, ${ENV} secrets and line-numbered errors.
#include "notify/notify_config.hpp"

#include <gtest/gtest.h>

namespace sladesk::notify {
namespace {

std::optional<std::string> Env(const std::string& name) {
    if (name == "SMTP_PASSWORD") return std::string("s3cret");
    if (name == "DING_SECRET") return std::string("SECabc");
    return std::nullopt;
}

constexpr const char* kConfig = R"(
timezone: Asia/Shanghai
public_url: https://desk.example.com/
email:
  url: smtp://127.0.0.1:2525
  from: "服务台 <desk@example.com>"
  user: desk
  password: ${SMTP_PASSWORD}
  starttls: require
  verify_tls: false
  events: [sla_warning, sla_breach]
sms:
  url: http://127.0.0.1:9/sms
  body: '{"to":"{{phone}}"}'
webhooks:
  - {name: ops, url: "http://127.0.0.1:9/hook", secret: hook-secret}
  - {name: desk, kind: dingtalk, url: "http://127.0.0.1:9/ding?access_token=t", secret: "${DING_SECRET}",
     groups: [服务台 L1], events: [sla_breach], at_mobiles: ["13800001111"]}
  - {name: l2, kind: wecom, url: "http://127.0.0.1:9/wecom?key=k", language: en}
  - {name: lark, kind: feishu, url: "http://127.0.0.1:9/feishu", secret: f, timeout: 2.5}
)";

TEST(NotifyConfigTest, ParsesChannelsRoutesAndSecretsFromTheEnvironment) {
    auto config = ParseNotifyConfig(kConfig, Env);
    ASSERT_TRUE(config) << config.error().message();
    ASSERT_TRUE(config->email);
    EXPECT_EQ(config->email->password, "s3cret");
    EXPECT_EQ(config->email->starttls, StartTls::kRequire);
    EXPECT_FALSE(config->email->verify_tls);
    EXPECT_EQ(config->public_url, "https://desk.example.com");
    ASSERT_TRUE(config->sms);
    EXPECT_EQ(config->sms_route.events, std::vector<std::string>{"sla_breach"}) << "SMS only for breaches by default";
    ASSERT_EQ(config->robots.size(), 4u);
    EXPECT_EQ(config->robots[0].ChannelName(), "webhook:ops");
    EXPECT_EQ(config->robots[0].webhook.secret, "hook-secret");
    EXPECT_EQ(config->robots[1].ChannelName(), "dingtalk:desk");
    EXPECT_EQ(config->robots[1].dingtalk.secret, "SECabc");
    EXPECT_EQ(config->robots[1].dingtalk.at_mobiles, std::vector<std::string>{"13800001111"});
    EXPECT_EQ(config->robots[2].route.language, "en");
    EXPECT_EQ(config->robots[3].feishu.timeout, std::chrono::milliseconds{2500});

    EXPECT_TRUE(config->robots[1].route.Matches("sla_breach", std::string("服务台 L1")));
    EXPECT_FALSE(config->robots[1].route.Matches("sla_warning", std::string("服务台 L1")));
    EXPECT_FALSE(config->robots[1].route.Matches("sla_breach", std::string("应用支持 L2")));
    EXPECT_FALSE(config->robots[1].route.Matches("sla_breach", std::nullopt));
    EXPECT_TRUE(config->robots[0].route.Matches("anything", std::nullopt));

    const auto channels = BuildChannels(*config);
    std::vector<std::string> names;
    for (const auto& [name, channel] : channels) names.push_back(name);
    EXPECT_EQ(names, (std::vector<std::string>{"dingtalk:desk", "email", "feishu:lark", "sms", "webhook:ops",
                                               "wecom:l2"}));
}

TEST(NotifyConfigTest, ErrorsNameTheLineAndNeverTheSecret) {
    auto unset = ParseNotifyConfig("email:\n  url: smtp://h:25\n  password: ${NOPE}\n", Env);
    ASSERT_FALSE(unset);
    EXPECT_NE(unset.error().message().find("line 3"), std::string::npos) << unset.error().message();
    EXPECT_NE(unset.error().message().find("NOPE is not set"), std::string::npos);
    auto unknown = ParseNotifyConfig("email:\n  url: smtp://h:25\n  pasword: x\n", Env);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message().find("unknown key 'pasword'"), std::string::npos);
    EXPECT_FALSE(ParseNotifyConfig("email: {url: http://h}\n", Env));
    EXPECT_FALSE(ParseNotifyConfig("webhooks: [{name: a, url: 'ftp://x'}]\n", Env));
    EXPECT_FALSE(ParseNotifyConfig("webhooks: [{name: a, kind: pager, url: 'http://x'}]\n", Env));
    EXPECT_FALSE(ParseNotifyConfig("webhooks: [{name: a, url: 'http://x'}, {name: a, url: 'http://y'}]\n", Env));
    auto empty = ParseNotifyConfig("", Env);
    ASSERT_TRUE(empty);
    EXPECT_FALSE(empty->email);
}

}  // namespace
}  // namespace sladesk::notify
