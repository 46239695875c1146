// libFuzzer target for the inbound mail path: arbitrary bytes as a raw message through the GMime parser (body
// choice, charsets, HTML to text, quoted history, filters), and as HTML, as text in a charset and as a subject for
// the pure helpers. Each must return (a ParsedMail whose text is valid UTF-8, or an Error); a crash, a sanitizer
// report, invalid UTF-8 or an escaping exception is a finding. Seeds: tests/mail/corpus. See scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mail/charset.hpp"
#include "mail/html_text.hpp"
#include "mail/mime_parser.hpp"
#include "mail/quoted_history.hpp"
#include "mail/ticket_tag.hpp"

namespace {

/// A finding: the stored text must always be valid UTF-8.
void RequireUtf8(std::string_view text) {
    if (!sladesk::mail::IsValidUtf8(text)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace mail = sladesk::mail;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    mail::MailLimits limits;
    limits.max_attachment_bytes = 64 << 10;
    auto parsed = mail::ParseMail(bytes, limits);
    if (parsed) {
        RequireUtf8(parsed->subject);
        RequireUtf8(parsed->text);
        RequireUtf8(parsed->quoted_history);
        RequireUtf8(parsed->from_address);
        RequireUtf8(parsed->message_id);
        for (const auto& attachment : parsed->attachments) RequireUtf8(attachment.filename);
    } else if (parsed.error().message().empty()) {
        std::abort();  // every refusal names its reason
    }
    RequireUtf8(mail::HtmlToText(bytes));
    const auto split = mail::SplitQuotedHistory(mail::RepairUtf8(bytes));
    RequireUtf8(split.reply);
    (void)mail::FindTicketTag(bytes);
    // The first byte picks a charset, the rest is text in it.
    static constexpr const char* kCharsets[] = {"gb2312", "gbk",         "gb18030", "big5",
                                                "utf-8",  "iso-2022-jp", "",        "x-bogus"};
    if (size > 0) RequireUtf8(mail::ToUtf8(bytes.substr(1), kCharsets[data[0] % 8]));
    return 0;
}
