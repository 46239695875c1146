// Internet mail as sent by the SMTP channel: RFC 5322 headers, RFC 2047 encoded UTF-8 words, and a
// multipart/alternative body with a plain-text and an HTML part (RFC 2045/2046). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/utc_time.hpp"

namespace sladesk::notify {

/// A file sent with a mail.
struct MailFile {
    std::string filename;      // UTF-8; sent RFC 2231-encoded when it is not plain ASCII
    std::string content_type;  // "application/pdf"
    std::string data;          // the bytes
};

/// What one mail says. Texts are UTF-8.
struct MailContent {
    std::string from;                 // "Name <addr@host>" or "addr@host"; a non-ASCII name is encoded
    std::vector<std::string> to;      // bare addresses
    std::string subject;
    std::string text;                 // the text/plain part
    std::string html;                 // the text/html part; empty: a single text/plain body
    std::string message_id;           // "<...@...>", see MessageIdFor
    std::string language;             // Content-Language, e.g. zh-CN; empty: none
    UtcTime date{};
    std::string in_reply_to;          // "<id>" of the message answered; empty: none
    std::vector<std::string> references;  // "<id>" each, oldest first; empty: no References header
    std::vector<MailFile> attachments;    // non-empty: the body goes into a multipart/mixed with these after it
    bool auto_submitted = true;       // "Auto-Submitted: auto-generated" (notifications); false for a person's reply
};

/// `text` as a header value: unchanged when it is printable ASCII, otherwise RFC 2047 "B" encoded words
/// (=?UTF-8?B?...?=) of at most 75 characters, never splitting a UTF-8 sequence, folded onto continuation lines.
std::string EncodeHeaderWords(std::string_view text);

/// The stable Message-ID of outbox message `uid`: "<uid@domain>", the domain taken from `from` (its address part;
/// "sladesk.invalid" if it has none). The same uid always gives the same id, so a receiver can drop a duplicate.
std::string MessageIdFor(std::string_view uid, std::string_view from);

/// The bare address in "Name <addr>" or "addr".
std::string AddressOf(std::string_view mailbox);

/// RFC 5322 date, e.g. "Fri, 27 Nov 2026 20:04:11 +0000".
std::string FormatMailDate(UtcTime time);

/// The whole message, CRLF line ends, bodies base64 in 76-character lines (UTF-8 safe through any relay).
std::string BuildMimeMessage(const MailContent& mail);

}  // namespace sladesk::notify
