// RFC 5322 / MIME messages parsed with GMime 3 into a ParsedMail: body text (HTML-only mail turned into text),
// attachments and inline images, threading headers, loop and bounce signals. Pure apart from GMime's memory.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.hpp"
#include "mail/parsed_mail.hpp"

namespace sladesk::mail {

/// What the parser accepts. Over a limit the whole message is refused (kTooLarge naming the part), so the
/// sending MTA returns it to the sender with the reason instead of the desk storing half of it.
struct MailLimits {
    std::size_t max_message_bytes = 25 << 20;     // the raw message; default 25 MiB
    std::size_t max_attachment_bytes = 10 << 20;  // one decoded attachment; default 10 MiB (TicketLimits' too)
    std::size_t max_attachments = 20;             // attachments and inline images; default 20 (TicketLimits' too)
    int max_depth = 16;                           // nesting of multiparts and attached messages; default 16
};

/// Parses one message. Thread-safe (GMime is initialised once, on first use). Text is always valid UTF-8.
/// Errors: kTooLarge (message, an attachment or the number of attachments over `limits`; nesting too deep),
/// kInvalidArgument for input that is not a mail at all (no header block) or has no usable From address.
Result<ParsedMail> ParseMail(std::string_view raw, const MailLimits& limits = {});

}  // namespace sladesk::mail
