// Every message of tests/mail/corpus is either stored correctly (subject, text, attachments, threading and loop
// signals as asserted here) or rejected with a clear reason.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mail/charset.hpp"
#include "mail/mime_parser.hpp"

namespace sladesk::mail {
namespace {

std::string Corpus(const std::string& name) {
    std::ifstream file(std::string(SLADESK_MAIL_CORPUS) + "/" + name, std::ios::binary);
    EXPECT_TRUE(file) << name;
    std::stringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

ParsedMail Parse(const std::string& name, const MailLimits& limits = {}) {
    auto mail = ParseMail(Corpus(name), limits);
    EXPECT_TRUE(mail.ok()) << name << ": " << (mail.ok() ? "" : mail.error().message());
    if (!mail.ok()) return {};
    EXPECT_TRUE(IsValidUtf8(mail->subject)) << name;
    EXPECT_TRUE(IsValidUtf8(mail->text)) << name;
    EXPECT_TRUE(IsValidUtf8(mail->quoted_history)) << name;
    for (const auto& attachment : mail->attachments) EXPECT_TRUE(IsValidUtf8(attachment.filename)) << name;
    return std::move(*mail);
}

TEST(MimeCorpusTest, Gb2312Base64SubjectAndBody) {
    const ParsedMail mail = Parse("gb2312_base64.eml");
    EXPECT_EQ(mail.subject, "三楼打印机无法打印");
    EXPECT_EQ(mail.text, "您好：\n三楼的打印机无法打印，请尽快处理。\n谢谢");
    EXPECT_EQ(mail.from_address, "zhang.wei@example.cn");
    EXPECT_EQ(mail.from_name, "张伟");
    EXPECT_EQ(mail.message_id, "gb2312-1@example.cn");
    EXPECT_FALSE(mail.message_id_synthesized);
    EXPECT_EQ(mail.to, std::vector<std::string>{"desk@example.com"});
    EXPECT_FALSE(mail.auto_generated.yes);
    EXPECT_FALSE(mail.bounce);
}

TEST(MimeCorpusTest, GbkQuotedPrintableWithCharactersOutsideGb2312) {
    const ParsedMail mail = Parse("gbk_quoted_printable.eml");
    EXPECT_EQ(mail.subject, "朱镕基路网络中断");
    EXPECT_EQ(mail.text, "朱镕基路营业厅网络中断，无法办理业务。");
}

TEST(MimeCorpusTest, Gb18030FourByteCharacter) {
    const ParsedMail mail = Parse("gb18030_four_byte.eml");
    EXPECT_EQ(mail.subject, "生僻字𠀀测试");
    EXPECT_EQ(mail.text, "客户姓名含生僻字：𠀀（U+20000）。");
}

TEST(MimeCorpusTest, Gb2312LabelWithGbkBytesDecodesAsGbk) {
    const ParsedMail mail = Parse("gb2312_label_gbk_bytes.eml");
    EXPECT_EQ(mail.subject, "镕");
    EXPECT_EQ(mail.text, "标称GB2312，实为GBK：镕。");
}

TEST(MimeCorpusTest, Big5) {
    const ParsedMail mail = Parse("big5.eml");
    EXPECT_EQ(mail.subject, "繁體中文測試");
    EXPECT_EQ(mail.text, "您好，帳號無法登入。");
}

TEST(MimeCorpusTest, AlternativePrefersPlainTextAndAttachesNothing) {
    const ParsedMail mail = Parse("utf8_alternative.eml");
    EXPECT_EQ(mail.subject, "密码重置");
    EXPECT_EQ(mail.text, "纯文本部分：密码重置邮件收不到。");
    EXPECT_FALSE(mail.html_only);
    EXPECT_TRUE(mail.attachments.empty());
}

TEST(MimeCorpusTest, HtmlOnlyBecomesSafeText) {
    const ParsedMail mail = Parse("html_only.eml");
    EXPECT_TRUE(mail.html_only);
    EXPECT_EQ(mail.subject, "支付未到账");
    EXPECT_EQ(
        mail.text,
        "账单金额 > 100元 & 未到账\n\n- 订单 A\n\n- 订单 B\n\n[image: 标志]查看订单 <https://pay.example.cn/o/1>");
    EXPECT_EQ(mail.text.find("alert"), std::string::npos);
    EXPECT_EQ(mail.text.find("color"), std::string::npos);
    EXPECT_EQ(mail.text.find("hidden"), std::string::npos);
}

TEST(MimeCorpusTest, InlineImageOfRelatedHtmlIsKeptAsInlineAttachment) {
    const ParsedMail mail = Parse("inline_image_related.eml");
    EXPECT_EQ(mail.text, "截图如下：[image]");
    ASSERT_EQ(mail.attachments.size(), 1u);
    EXPECT_TRUE(mail.attachments[0].inline_part);
    EXPECT_EQ(mail.attachments[0].content_type, "image/png");
    EXPECT_EQ(mail.attachments[0].content_id, "shot@x");
    EXPECT_EQ(mail.attachments[0].filename, "part-1.png");
    EXPECT_EQ(mail.attachments[0].data.substr(0, 4), "\x89PNG");
}

TEST(MimeCorpusTest, AttachmentWithRfc2231ChineseNameAndAPathNameStripped) {
    const ParsedMail mail = Parse("attachment_rfc2231_name.eml");
    EXPECT_EQ(mail.text, "请查收附件中的故障报告。");
    ASSERT_EQ(mail.attachments.size(), 2u);
    EXPECT_EQ(mail.attachments[0].filename, "故障报告.pdf");
    EXPECT_EQ(mail.attachments[0].content_type, "application/pdf");
    EXPECT_EQ(mail.attachments[0].data.substr(0, 8), "%PDF-1.4");
    EXPECT_FALSE(mail.attachments[0].inline_part);
    EXPECT_EQ(mail.attachments[1].filename, "passwd");  // never a path
}

TEST(MimeCorpusTest, Raw8BitGbkHeaderAndUndeclaredBody) {
    const ParsedMail mail = Parse("raw_8bit_gbk.eml");
    EXPECT_EQ(mail.subject, "网银转账失败");
    EXPECT_EQ(mail.text, "转账显示成功但对方未收到。");
}

TEST(MimeCorpusTest, MissingHeadersGetASynthesizedStableMessageId) {
    const ParsedMail first = Parse("missing_headers.eml");
    EXPECT_TRUE(first.message_id_synthesized);
    EXPECT_TRUE(first.message_id.starts_with("sha256-"));
    EXPECT_TRUE(first.message_id.ends_with("@sladesk.invalid"));
    EXPECT_EQ(first.subject, "");
    EXPECT_EQ(first.text, "Just a body, no subject, no id, no date.");
    EXPECT_EQ(Parse("missing_headers.eml").message_id, first.message_id);  // an MTA retry is recognised
}

TEST(MimeCorpusTest, NoFromIsRejected) {
    auto mail = ParseMail(Corpus("no_from.eml"));
    ASSERT_FALSE(mail.ok());
    EXPECT_TRUE(mail.error().Is(ErrorCode::kInvalidArgument));
    EXPECT_NE(mail.error().message().find("From"), std::string::npos);
}

TEST(MimeCorpusTest, BinaryGarbageIsRejected) {
    auto mail = ParseMail(Corpus("not_a_mail.eml"));
    ASSERT_FALSE(mail.ok());
    EXPECT_TRUE(mail.error().Is(ErrorCode::kInvalidArgument));
    EXPECT_NE(mail.error().message().find("not an RFC 5322 message"), std::string::npos);
}

TEST(MimeCorpusTest, UndeclaredBoundaryStillYieldsText) {
    const ParsedMail mail = Parse("broken_boundary.eml");
    EXPECT_NE(mail.text.find("Text under a boundary that was never declared."), std::string::npos);
}

TEST(MimeCorpusTest, AutoReplyAndBulkAreMachineSent) {
    const ParsedMail oof = Parse("auto_reply.eml");
    EXPECT_TRUE(oof.auto_generated.yes);
    EXPECT_EQ(oof.auto_generated.reason, "Auto-Submitted: auto-replied");
    EXPECT_FALSE(oof.bounce);
    const ParsedMail bulk = Parse("precedence_bulk.eml");
    EXPECT_TRUE(bulk.auto_generated.yes);
    EXPECT_EQ(bulk.auto_generated.reason, "Precedence: bulk");
}

TEST(MimeCorpusTest, DeliveryStatusNotificationIsABounceForTheFailedRecipient) {
    const ParsedMail mail = Parse("bounce_dsn.eml");
    ASSERT_TRUE(mail.bounce);
    EXPECT_EQ(mail.bounce->failed_recipients, std::vector<std::string>{"gone.customer@example.cn"});
    EXPECT_EQ(mail.bounce->status, "5.1.1");
    EXPECT_TRUE(mail.auto_generated.yes);
    EXPECT_EQ(mail.text, "Your message could not be delivered.");
    ASSERT_EQ(mail.attachments.size(), 1u);  // the returned message
    EXPECT_EQ(mail.attachments[0].content_type, "message/rfc822");
}

TEST(MimeCorpusTest, ChineseReplyWithTagThreadingHeadersAndQuotedHistory) {
    const ParsedMail mail = Parse("reply_quoted_zh.eml");
    EXPECT_EQ(mail.subject, "回复：[#42] 三楼打印机无法打印");
    EXPECT_EQ(mail.in_reply_to, std::vector<std::string>{"t42-a1@desk.example.com"});
    EXPECT_EQ(mail.references, (std::vector<std::string>{"orig-1@example.cn", "t42-a1@desk.example.com"}));
    EXPECT_EQ(mail.text, "问题依旧存在，请再看看。");
    EXPECT_TRUE(mail.quoted_history.starts_with("在 2026年11月27日"));
    EXPECT_NE(mail.quoted_history.find("> 您好，已为您重启打印机。"), std::string::npos);
}

TEST(MimeCorpusTest, OutlookStyleChineseHistoryInGbk) {
    const ParsedMail mail = Parse("reply_outlook_zh.eml");
    EXPECT_EQ(mail.text, "Still broken.");
    EXPECT_TRUE(mail.quoted_history.starts_with("发件人: 服务台"));
}

TEST(MimeCorpusTest, InvalidUtf8IsRepaired) {
    const ParsedMail mail = Parse("invalid_utf8.eml");
    EXPECT_EQ(mail.text, "ok \xEF\xBF\xBD\xEF\xBF\xBD broken \xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST(MimeCorpusTest, AdjacentEncodedWordsInDifferentCharsets) {
    EXPECT_EQ(Parse("encoded_words_mixed.eml").subject, "简体繁體");
}

TEST(MimeCorpusTest, AttachedMessageIsKeptAsEml) {
    const ParsedMail mail = Parse("attached_message.eml");
    EXPECT_EQ(mail.text, "See the attached message.");
    ASSERT_EQ(mail.attachments.size(), 1u);
    EXPECT_EQ(mail.attachments[0].filename, "original.eml");
    EXPECT_EQ(mail.attachments[0].content_type, "message/rfc822");
    EXPECT_NE(mail.attachments[0].data.find("inner body"), std::string::npos);
}

TEST(MimeCorpusTest, AttachmentOverTheLimitRejectsTheMessageNamingIt) {
    MailLimits limits;
    limits.max_attachment_bytes = 2048;
    auto mail = ParseMail(Corpus("oversize_attachment.eml"), limits);
    ASSERT_FALSE(mail.ok());
    EXPECT_TRUE(mail.error().Is(ErrorCode::kTooLarge));
    EXPECT_NE(mail.error().message().find("'big.bin' is 3000 bytes"), std::string::npos) << mail.error().message();
    EXPECT_TRUE(ParseMail(Corpus("oversize_attachment.eml")).ok());  // within the default 10 MiB
}

TEST(MimeCorpusTest, HugeAttachmentOverTheDefaultLimit) {
    const std::string payload(11 << 20, 'Z');
    std::string raw =
        "From: a@example.org\r\nSubject: huge\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"X\"\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
        "--X\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=huge.bin\r\n\r\n";
    raw += payload + "\r\n--X--\r\n";
    auto mail = ParseMail(raw);
    ASSERT_FALSE(mail.ok());
    EXPECT_TRUE(mail.error().Is(ErrorCode::kTooLarge));
    EXPECT_NE(mail.error().message().find("huge.bin"), std::string::npos);
}

TEST(MimeCorpusTest, MessageOverTheSizeLimitAndTooManyAttachments) {
    MailLimits limits;
    limits.max_message_bytes = 100;
    auto big = ParseMail(Corpus("gb2312_base64.eml"), limits);
    ASSERT_FALSE(big.ok());
    EXPECT_TRUE(big.error().Is(ErrorCode::kTooLarge));
    MailLimits one;
    one.max_attachments = 1;
    auto many = ParseMail(Corpus("attachment_rfc2231_name.eml"), one);
    ASSERT_FALSE(many.ok());
    EXPECT_NE(many.error().message().find("more than 1 attachments"), std::string::npos);
}

TEST(MimeCorpusTest, DeepNestingIsRejected) {
    std::string raw = "From: a@example.org\r\nMIME-Version: 1.0\r\n";
    for (int depth = 0; depth < 40; ++depth) {
        raw += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(depth) + "\"\r\n\r\n--b" +
               std::to_string(depth) + "\r\n";
    }
    raw += "Content-Type: text/plain\r\n\r\ndeep\r\n";
    auto mail = ParseMail(raw);
    ASSERT_FALSE(mail.ok());
    EXPECT_TRUE(mail.error().Is(ErrorCode::kTooLarge));
}

}  // namespace
}  // namespace sladesk::mail
