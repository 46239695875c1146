#include "mail/mime_parser.hpp"

#include <gmime/gmime.h>

#include <mutex>

#include "mail/charset.hpp"
#include "mail/detail/gmime_ptr.hpp"
#include "mail/filters/auto_generated.hpp"
#include "mail/filters/bounce.hpp"
#include "mail/html_text.hpp"
#include "mail/mail_headers.hpp"
#include "mail/quoted_history.hpp"

namespace sladesk::mail {
namespace {

using detail::GCharPtr;
using detail::GObjectPtr;

void InitGMimeOnce() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

std::string Str(const char* text) { return text ? std::string(text) : std::string(); }

/// Parser options: header text in raw 8-bit (no RFC 2047) is tried as UTF-8, then GB18030.
struct ParserOptions {
    ParserOptions() : options(g_mime_parser_options_new()) {
        static const char* kFallback[] = {"UTF-8", "GB18030", nullptr};
        g_mime_parser_options_set_fallback_charsets(options, kFallback);
        g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
        g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    }
    ~ParserOptions() { g_mime_parser_options_free(options); }
    ParserOptions(const ParserOptions&) = delete;
    ParserOptions& operator=(const ParserOptions&) = delete;
    GMimeParserOptions* options;
};

/// The decoded bytes of a leaf part (transfer encoding undone, charset untouched).
std::string Content(GMimePart* part) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (!wrapper) return {};
    GObjectPtr<GMimeStream> memory(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(wrapper, memory.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string MimeType(GMimeObject* object) {
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (!type) return "application/octet-stream";
    GCharPtr text(g_mime_content_type_get_mime_type(type));
    return AsciiLower(Str(text.get()));
}

/// A file name that is safe to store: no directories, no control characters, not empty, at most 200 bytes.
std::string SafeFilename(std::string_view name, std::string_view fallback) {
    std::string clean;
    for (const char c : RepairUtf8(name)) {
        if (c == '/' || c == '\\')
            clean.clear();  // keep only the last path component
        else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)
            clean += c;
    }
    while (!clean.empty() && (clean.front() == '.' || clean.front() == ' ')) clean.erase(0, 1);
    if (clean.empty()) clean = std::string(fallback);
    return std::string(TruncateUtf8(clean, 200));
}

std::string ExtensionFor(const std::string& mime_type) {
    if (mime_type == "text/plain") return ".txt";
    if (mime_type == "text/html") return ".html";
    if (mime_type == "message/rfc822") return ".eml";
    if (mime_type.starts_with("image/")) return "." + mime_type.substr(6, 10);
    return ".bin";
}

/// Walks the MIME tree, choosing the body and collecting attachments.
class Walker {
 public:
    Walker(const MailLimits& limits, ParsedMail& mail) : limits_(limits), mail_(mail) {}

    Status Walk(GMimeObject* object, int depth, bool in_alternative) {
        if (depth > limits_.max_depth)
            return Error::TooLarge("MIME parts nested deeper than " + std::to_string(limits_.max_depth) + " levels");
        if (GMIME_IS_MULTIPART(object)) return WalkMultipart(GMIME_MULTIPART(object), depth);
        if (GMIME_IS_MESSAGE_PART(object)) return AttachMessage(GMIME_MESSAGE_PART(object));
        if (GMIME_IS_PART(object)) return Leaf(GMIME_PART(object), in_alternative);
        return OkStatus();  // message/partial and unknown containers: nothing we can show
    }

    std::string text_body;  // the chosen text/plain body, UTF-8
    std::string prologue;   // text before the first boundary of the top multipart (broken MIME: maybe all of it)
    std::string html_body;  // the chosen text/html body, UTF-8 (used only when there is no text/plain)
    std::string delivery_status;

 private:
    Status WalkMultipart(GMimeMultipart* multipart, int depth) {
        const std::string type = MimeType(GMIME_OBJECT(multipart));
        const int count = g_mime_multipart_get_count(multipart);
        if (depth == 0) prologue = Str(g_mime_multipart_get_prologue(multipart));
        if (type == "multipart/alternative") {
            // One body in several forms: take the plain text and the HTML of this alternative, nothing else.
            for (int i = 0; i < count; ++i) SLADESK_TRY(Walk(g_mime_multipart_get_part(multipart, i), depth + 1, true));
            return OkStatus();
        }
        for (int i = 0; i < count; ++i) {
            GMimeObject* part = g_mime_multipart_get_part(multipart, i);
            // multipart/related: the first part is the body, the rest its inline resources (images by cid:).
            if (type == "multipart/related" && i > 0 && GMIME_IS_PART(part)) {
                SLADESK_TRY(Attach(GMIME_PART(part), true));
                continue;
            }
            SLADESK_TRY(Walk(part, depth + 1, false));
        }
        return OkStatus();
    }

    Status Leaf(GMimePart* part, bool in_alternative) {
        const std::string type = MimeType(GMIME_OBJECT(part));
        if (type == "message/delivery-status" || type == "message/global-delivery-status") {
            delivery_status += ToUtf8(Content(part), "") + "\n";
            return OkStatus();
        }
        const bool named = g_mime_part_get_filename(part) != nullptr;
        const bool body_candidate = !g_mime_part_is_attachment(part) && !named;
        if (body_candidate && type == "text/plain" && text_body.empty()) {
            text_body =
                ToUtf8(Content(part), Str(g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset")));
            return OkStatus();
        }
        if (body_candidate && type == "text/html" && html_body.empty()) {
            html_body =
                ToUtf8(Content(part), Str(g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset")));
            return OkStatus();
        }
        if (in_alternative && body_candidate && type.starts_with("text/"))
            return OkStatus();  // another form of the body
        const bool inline_image = type.starts_with("image/") && !g_mime_part_is_attachment(part);
        return Attach(part, inline_image);
    }

    Status Attach(GMimePart* part, bool inline_part) {
        const std::string type = MimeType(GMIME_OBJECT(part));
        MailAttachment attachment;
        attachment.content_type = type;
        attachment.inline_part = inline_part;
        attachment.content_id = RepairUtf8(Str(g_mime_part_get_content_id(part)));
        attachment.filename = SafeFilename(Str(g_mime_part_get_filename(part)),
                                           "part-" + std::to_string(mail_.attachments.size() + 1) + ExtensionFor(type));
        attachment.data = Content(part);
        return Add(std::move(attachment));
    }

    Status AttachMessage(GMimeMessagePart* part) {
        GMimeMessage* message = g_mime_message_part_get_message(part);
        if (!message) return OkStatus();
        GCharPtr text(g_mime_object_to_string(GMIME_OBJECT(message), nullptr));
        MailAttachment attachment;
        attachment.content_type = "message/rfc822";
        const std::string subject = Str(g_mime_message_get_subject(message));
        attachment.filename = SafeFilename(subject.empty() ? "" : subject + ".eml", "message.eml");
        attachment.data = Str(text.get());
        return Add(std::move(attachment));
    }

    Status Add(MailAttachment attachment) {
        if (attachment.data.size() > limits_.max_attachment_bytes) {
            return Error::TooLarge("attachment '" + attachment.filename + "' is " +
                                   std::to_string(attachment.data.size()) + " bytes; the limit is " +
                                   std::to_string(limits_.max_attachment_bytes));
        }
        if (mail_.attachments.size() >= limits_.max_attachments) {
            return Error::TooLarge("more than " + std::to_string(limits_.max_attachments) + " attachments");
        }
        mail_.attachments.push_back(std::move(attachment));
        return OkStatus();
    }

    const MailLimits& limits_;
    ParsedMail& mail_;
};

/// Message ids from an In-Reply-To or References value, angle brackets removed, oldest first.
std::vector<std::string> MessageIds(GMimeParserOptions* options, const char* value) {
    std::vector<std::string> ids;
    if (!value) return ids;
    GMimeReferences* references = g_mime_references_parse(options, value);
    if (!references) return ids;
    for (int i = 0; i < g_mime_references_length(references); ++i) {
        std::string id = RepairUtf8(Str(g_mime_references_get_message_id(references, i)));
        if (!id.empty() && id.size() <= 998) ids.push_back(std::move(id));
    }
    g_mime_references_free(references);
    return ids;
}

MailHeaders TopHeaders(GMimeMessage* message) {
    MailHeaders headers;
    GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(message));
    const int count = g_mime_header_list_get_count(list);
    for (int i = 0; i < count; ++i) {
        GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
        headers.Add(RepairUtf8(Str(g_mime_header_get_name(header))), RepairUtf8(Str(g_mime_header_get_value(header))));
    }
    return headers;
}

/// The bare addresses of an address list, lower-case, groups flattened.
void Addresses(InternetAddressList* list, std::vector<std::string>& out) {
    if (!list) return;
    for (int i = 0; i < internet_address_list_length(list); ++i) {
        InternetAddress* address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            std::string addr =
                AsciiLower(RepairUtf8(Str(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)))));
            if (!addr.empty()) out.push_back(std::move(addr));
        } else if (INTERNET_ADDRESS_IS_GROUP(address)) {
            Addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out);
        }
    }
}

std::string Sha256Hex(std::string_view bytes) {
    GCharPtr hex(
        g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(bytes.data()), bytes.size()));
    return Str(hex.get());
}

bool LooksLikeMail(std::string_view raw) {
    // The first line must be a header field ("Name: value") or an mbox "From " line.
    const std::size_t end = std::min(raw.find('\n'), raw.size());
    const std::string_view first = raw.substr(0, end);
    if (first.starts_with("From ")) return true;
    const std::size_t colon = first.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(first[i]);
        if (c <= 0x20 || c >= 0x7f) return false;
    }
    return true;
}

}  // namespace

Result<ParsedMail> ParseMail(std::string_view raw, const MailLimits& limits) {
    if (raw.size() > limits.max_message_bytes) {
        return Error::TooLarge("message is " + std::to_string(raw.size()) + " bytes; the limit is " +
                               std::to_string(limits.max_message_bytes));
    }
    if (!LooksLikeMail(raw)) return Error::InvalidArgument("not an RFC 5322 message: no header block at the start");
    InitGMimeOnce();
    ParserOptions options;
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.options));
    if (!message) return Error::InvalidArgument("not an RFC 5322 message: GMime found no message");

    ParsedMail mail;
    std::vector<std::string> from;
    Addresses(g_mime_message_get_from(message.get()), from);
    if (from.empty() || from.front().find('@') == std::string::npos) {
        return Error::InvalidArgument("the message has no usable From address");
    }
    mail.from_address = from.front();
    InternetAddressList* from_list = g_mime_message_get_from(message.get());
    mail.from_name = RepairUtf8(Str(internet_address_get_name(internet_address_list_get_address(from_list, 0))));
    Addresses(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO), mail.to);
    Addresses(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_CC), mail.to);
    mail.subject = RepairUtf8(Str(g_mime_message_get_subject(message.get())));

    const std::string id = RepairUtf8(Str(g_mime_message_get_message_id(message.get())));
    if (!id.empty() && id.size() <= 998) {
        mail.message_id = id;
    } else {
        // An MTA retry sends the same bytes, so the same synthesized id keeps the intake idempotent.
        mail.message_id = "sha256-" + Sha256Hex(raw) + "@sladesk.invalid";
        mail.message_id_synthesized = true;
    }
    GMimeObject* top = GMIME_OBJECT(message.get());
    mail.in_reply_to = MessageIds(options.options, g_mime_object_get_header(top, "In-Reply-To"));
    mail.references = MessageIds(options.options, g_mime_object_get_header(top, "References"));

    Walker walker(limits, mail);
    if (GMimeObject* body = g_mime_message_get_mime_part(message.get())) SLADESK_TRY(walker.Walk(body, 0, false));
    std::string text = walker.text_body;
    const auto blank = [](const std::string& candidate) {
        return candidate.find_first_not_of(" \t\r\n") == std::string::npos;
    };
    if (blank(text) && !walker.html_body.empty()) {
        text = HtmlToText(walker.html_body);
        mail.html_only = true;
    }
    // A multipart whose boundary never occurs is all prologue: keep that text rather than lose the mail's words.
    if (blank(text)) text = ToUtf8(walker.prologue, "");
    // Line ends as LF only: the stored text is the same whichever way the mail travelled.
    std::string normalized;
    normalized.reserve(text.size());
    for (const char c : text) {
        if (c != '\r') normalized += c;
    }
    while (!normalized.empty() &&
           (normalized.back() == '\n' || normalized.back() == ' ' || normalized.back() == '\t')) {
        normalized.pop_back();
    }
    SplitReply split = SplitQuotedHistory(normalized);
    mail.text = std::move(split.reply);
    mail.quoted_history = std::move(split.history);

    const MailHeaders headers = TopHeaders(message.get());
    mail.auto_generated = DetectAutoGenerated(headers, mail.from_address);
    mail.bounce = DetectBounce(headers, mail.from_address, walker.delivery_status);
    return mail;
}

}  // namespace sladesk::mail
