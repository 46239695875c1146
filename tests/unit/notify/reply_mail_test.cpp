// Mail for an agent's reply: threading headers, the queue's From, attachments in a multipart/mixed, no
// Auto-Submitted; and MailFor reading them from the outbox row's data.
#include <gtest/gtest.h>

#include "notify/channels/smtp_channel.hpp"
#include "notify/mime.hpp"
#include "notify/signing.hpp"
#include "service/passwords.hpp"

namespace sladesk::notify {
namespace {

TEST(ReplyMailTest, ThreadingHeadersAttachmentsAndNoAutoSubmitted) {
    ASSERT_TRUE(service::InitCrypto());
    MailContent mail;
    mail.from = "服务台 <desk@example.com>";
    mail.to = {"li@example.cn"};
    mail.subject = "[#7] 打印机";
    mail.text = "已处理";
    mail.message_id = "<abc@example.com>";
    mail.in_reply_to = "<m2@example.cn>";
    mail.references = {"<m1@example.cn>", "<m2@example.cn>"};
    mail.auto_submitted = false;
    mail.attachments = {{"故障报告.pdf", "application/pdf", "%PDF"}, {"a.txt", "text/plain", "hi"}};
    const std::string raw = BuildMimeMessage(mail);
    EXPECT_NE(raw.find("In-Reply-To: <m2@example.cn>\r\n"), std::string::npos);
    EXPECT_NE(raw.find("References: <m1@example.cn>\r\n <m2@example.cn>\r\n"), std::string::npos);
    EXPECT_EQ(raw.find("Auto-Submitted"), std::string::npos);
    EXPECT_NE(raw.find("Content-Type: multipart/mixed;"), std::string::npos);
    EXPECT_NE(raw.find("filename*=UTF-8''%E6%95%85%E9%9A%9C%E6%8A%A5%E5%91%8A.pdf"), std::string::npos);
    EXPECT_NE(raw.find("Content-Disposition: attachment; filename=\"a.txt\""), std::string::npos);
    EXPECT_NE(raw.find(Base64("%PDF")), std::string::npos);
    EXPECT_NE(raw.find(Base64("已处理")), std::string::npos);
    mail.auto_submitted = true;
    mail.attachments.clear();
    EXPECT_NE(BuildMimeMessage(mail).find("Auto-Submitted: auto-generated"), std::string::npos);
}

TEST(ReplyMailTest, MailForReadsTheReplyFromTheOutboxData) {
    SmtpConfig config;
    config.from = "sladesk <desk@example.com>";
    store::OutboxMessage message;
    message.message_uid = "0123456789abcdef0123456789abcdef";
    message.recipient = "li@example.cn";
    message.subject = "[#7] x";
    message.data = R"({"mail":{"from":"L1 <l1@queue.example.com>","in_reply_to":"<m1@x>","references":["<m1@x>"],)"
                   R"("attachments":[{"filename":"a.txt","content_type":"text/plain","sha256":"ab"}],)"
                   R"("auto_submitted":false}})";
    auto mail = MailFor(config, message);
    ASSERT_TRUE(mail) << mail.error().message();
    EXPECT_EQ(mail->from, "L1 <l1@queue.example.com>");
    EXPECT_EQ(mail->message_id, "<0123456789abcdef0123456789abcdef@queue.example.com>");
    EXPECT_EQ(mail->in_reply_to, "<m1@x>");
    EXPECT_EQ(mail->references, std::vector<std::string>{"<m1@x>"});
    EXPECT_FALSE(mail->auto_submitted);
    ASSERT_EQ(mail->attachments.size(), 1u);
    EXPECT_EQ(mail->attachments[0].data, "ab") << "the hash, until the channel loads the bytes";

    message.data = R"({"mail":{"attachments":[{"filename":1}]}})";
    EXPECT_FALSE(MailFor(config, message));
    message.data = "{}";
    auto plain = MailFor(config, message);
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->auto_submitted) << "notifications stay auto-generated";
    EXPECT_EQ(plain->from, config.from);
}

}  // namespace
}  // namespace sladesk::notify
