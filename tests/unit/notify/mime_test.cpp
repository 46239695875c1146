// Mail formatting: RFC 2047 words for UTF-8 subjects and names, the multipart/alternative layout, stable
// Message-IDs and dates.
#include "notify/mime.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace sladesk::notify {
namespace {

const int kSodiumReady = sodium_init();

/// Decodes one "=?UTF-8?B?...?=" word (test helper).
std::string DecodeWord(const std::string& word) {
    const std::string prefix = "=?UTF-8?B?";
    EXPECT_EQ(word.rfind(prefix, 0), 0u) << word;
    const std::string payload = word.substr(prefix.size(), word.size() - prefix.size() - 2);
    std::string out(payload.size(), '\0');
    std::size_t length = 0;
    EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), payload.data(),
                                payload.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL),
              0);
    out.resize(length);
    return out;
}

TEST(MimeTest, AsciiSubjectStaysReadable) {
    ASSERT_GE(kSodiumReady, 0);
    EXPECT_EQ(EncodeHeaderWords("[SLA warning] Ticket #7"), "[SLA warning] Ticket #7");
}

TEST(MimeTest, LongChineseSubjectBecomesFoldedWordsOnCharacterBoundaries) {
    const std::string subject = "【SLA 预警】工单 #12 解决时限已用 75%：网上银行登录页面空白，客户无法提交转账申请，请尽快处理";
    const std::string encoded = EncodeHeaderWords(subject);
    std::string decoded;
    std::size_t start = 0;
    int words = 0;
    while (start < encoded.size()) {
        auto end = encoded.find("\r\n ", start);
        const std::string word = encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        EXPECT_LE(word.size(), 75u) << "RFC 2047 limits an encoded word to 75 characters";
        decoded += DecodeWord(word);  // each word decodes on its own: no UTF-8 sequence is split
        ++words;
        start = end == std::string::npos ? encoded.size() : end + 3;
    }
    EXPECT_GT(words, 1);
    EXPECT_EQ(decoded, subject);
}

TEST(MimeTest, MessageIdIsStableAndUsesTheSenderDomain) {
    EXPECT_EQ(MessageIdFor("a1b2", "服务台 <desk@example.com>"), "<a1b2@example.com>");
    EXPECT_EQ(MessageIdFor("a1b2", "desk@example.com"), MessageIdFor("a1b2", "Desk <desk@example.com>"));
    EXPECT_EQ(MessageIdFor("x", "nobody"), "<x@sladesk.invalid>");
    EXPECT_EQ(AddressOf("Desk <desk@example.com>"), "desk@example.com");
}

TEST(MimeTest, DateIsRfc5322) {
    EXPECT_EQ(FormatMailDate(FromEpochSeconds(1740963600)), "Mon, 03 Mar 2025 01:00:00 +0000");
    EXPECT_EQ(FormatMailDate(FromEpochSeconds(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(MimeTest, MultipartAlternativeWithTextAndHtml) {
    MailContent mail;
    mail.from = "服务台 <desk@example.com>";
    mail.to = {"agent@example.com"};
    mail.subject = "工单超时";
    mail.text = "纯文本";
    mail.html = "<p>超文本</p>";
    mail.message_id = "<u1@example.com>";
    mail.language = "zh-CN";
    mail.date = FromEpochSeconds(1740963600);
    const std::string message = BuildMimeMessage(mail);
    EXPECT_NE(message.find("Subject: =?UTF-8?B?5bel5Y2V6LaF5pe2?=\r\n"), std::string::npos) << message;
    EXPECT_NE(message.find("From: =?UTF-8?B?"), std::string::npos);
    EXPECT_NE(message.find(" <desk@example.com>\r\n"), std::string::npos);
    EXPECT_NE(message.find("Message-ID: <u1@example.com>\r\n"), std::string::npos);
    EXPECT_NE(message.find("Content-Language: zh-CN\r\n"), std::string::npos);
    EXPECT_NE(message.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
    const std::string marker = "Content-Type: multipart/alternative;\r\n boundary=\"";
    const auto type = message.find(marker);
    ASSERT_NE(type, std::string::npos);
    const auto quote = message.find('"', type + marker.size());
    const std::string boundary = message.substr(type + marker.size(), quote - type - marker.size());
    const auto text = message.find("--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8");
    const auto html = message.find("--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8");
    const auto close = message.find("--" + boundary + "--\r\n");
    ASSERT_NE(text, std::string::npos);
    ASSERT_NE(html, std::string::npos);
    ASSERT_NE(close, std::string::npos);
    EXPECT_LT(text, html) << "the preferred (HTML) part comes last";
    EXPECT_LT(html, close);
    EXPECT_NE(message.find("57qv5paH5pys\r\n"), std::string::npos) << "base64 of 纯文本";
    for (std::size_t at = 0, end; (end = message.find("\r\n", at)) != std::string::npos; at = end + 2) {
        EXPECT_LE(end - at, 78u) << "line too long at " << at;
    }
    EXPECT_EQ(message, BuildMimeMessage(mail)) << "the same message gives the same bytes";
}

TEST(MimeTest, TextOnlyWithoutHtml) {
    MailContent mail;
    mail.from = "desk@example.com";
    mail.to = {"a@example.com", "b@example.com"};
    mail.subject = "Hi";
    mail.text = "plain";
    mail.message_id = "<x@example.com>";
    const std::string message = BuildMimeMessage(mail);
    EXPECT_EQ(message.find("multipart"), std::string::npos);
    EXPECT_NE(message.find("To: a@example.com,\r\n b@example.com\r\n"), std::string::npos);
    EXPECT_NE(message.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                           "cGxhaW4=\r\n"),
              std::string::npos);
}

}  // namespace
}  // namespace sladesk::notify
