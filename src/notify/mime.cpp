#include "notify/mime.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>

#include "notify/signing.hpp"

namespace sladesk::notify {
namespace {

constexpr std::size_t kWordInputBytes = 45;  // 45 bytes -> 60 base64 chars; with "=?UTF-8?B?" and "?=" 72 <= 75
constexpr std::size_t kBodyLine = 76;

bool PrintableAscii(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7e) return false;
    }
    return true;
}

/// Length of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte, so we always advance).
std::size_t SequenceLength(unsigned char lead) {
    if (lead >= 0xf0) return 4;
    if (lead >= 0xe0) return 3;
    if (lead >= 0xc0) return 2;
    return 1;
}

std::string Base64Lines(std::string_view bytes) {
    const std::string encoded = Base64(bytes);
    std::string out;
    out.reserve(encoded.size() + encoded.size() / kBodyLine * 2 + 2);
    for (std::size_t at = 0; at < encoded.size(); at += kBodyLine) {
        out.append(encoded, at, kBodyLine);
        out += "\r\n";
    }
    return out;
}

std::string Part(std::string_view type, std::string_view body) {
    std::string part = "Content-Type: ";
    part.append(type);
    part += "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    part += Base64Lines(body);
    return part;
}

/// "Name <addr>" with the name encoded if needed; a bare address unchanged.
std::string EncodeMailbox(std::string_view mailbox) {
    const auto open = mailbox.find('<');
    if (open == std::string_view::npos) return std::string(mailbox);
    std::string_view name = mailbox.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) return std::string(mailbox.substr(open));
    if (PrintableAscii(name)) return std::string(mailbox);
    return EncodeHeaderWords(name) + " " + std::string(mailbox.substr(open));
}

/// Content-Disposition of an attachment: a plain quoted name for printable ASCII, RFC 2231 UTF-8 otherwise.
std::string DispositionFor(std::string_view filename) {
    bool plain = PrintableAscii(filename);
    for (const char c : filename) plain = plain && c != '"' && c != '\\';
    if (plain) return "attachment; filename=\"" + std::string(filename) + "\"";
    std::string encoded = "attachment; filename*=UTF-8''";
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : filename) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '.' || c == '-' || c == '_') {
            encoded += c;
        } else {
            encoded += '%';
            encoded += kHex[byte >> 4];
            encoded += kHex[byte & 0x0f];
        }
    }
    return encoded;
}

std::string FilePart(const MailFile& file) {
    std::string type = file.content_type.empty() ? "application/octet-stream" : file.content_type;
    for (char& c : type) {
        if (c == '\r' || c == '\n') c = ' ';  // a stored type never breaks the header block
    }
    return "Content-Type: " + type + "\r\nContent-Disposition: " + DispositionFor(file.filename) +
           "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(file.data);
}

/// The body: one text/plain part, or multipart/alternative of text and HTML (headers of the part included).
std::string BodyPart(const MailContent& mail, const std::string& boundary) {
    if (mail.html.empty()) return Part("text/plain", mail.text);
    std::string out = "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n" + Part("text/plain", mail.text);
    out += "--" + boundary + "\r\n" + Part("text/html", mail.html);
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace

std::string EncodeHeaderWords(std::string_view text) {
    if (PrintableAscii(text)) return std::string(text);
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = at;
        while (end < text.size()) {
            const std::size_t next = end + SequenceLength(static_cast<unsigned char>(text[end]));
            if (next - at > kWordInputBytes && end > at) break;
            end = std::min(next, text.size());
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64(text.substr(at, end - at)) + "?=";
        at = end;
    }
    return out;
}

std::string AddressOf(std::string_view mailbox) {
    const auto open = mailbox.find('<');
    const auto close = mailbox.rfind('>');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        return std::string(mailbox.substr(open + 1, close - open - 1));
    }
    return std::string(mailbox);
}

std::string MessageIdFor(std::string_view uid, std::string_view from) {
    const std::string address = AddressOf(from);
    const auto at = address.rfind('@');
    std::string domain = at == std::string::npos ? std::string() : address.substr(at + 1);
    if (domain.empty()) domain = "sladesk.invalid";
    return "<" + std::string(uid) + "@" + domain + ">";
}

std::string FormatMailDate(UtcTime time) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::year_month_day date{day};
    const std::chrono::weekday weekday{day};
    const std::chrono::hh_mm_ss clock{time - day};
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[weekday.c_encoding()],
                  static_cast<unsigned>(date.day()), kMonths[static_cast<unsigned>(date.month()) - 1],
                  static_cast<int>(date.year()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
    return buffer;
}

std::string BuildMimeMessage(const MailContent& mail) {
    std::string out;
    out.reserve(mail.text.size() * 2 + mail.html.size() * 2 + 1024);
    out += "Date: " + FormatMailDate(mail.date) + "\r\n";
    out += "From: " + EncodeMailbox(mail.from) + "\r\n";
    out += "To: ";
    for (std::size_t i = 0; i < mail.to.size(); ++i) out += (i > 0 ? ",\r\n " : "") + mail.to[i];
    out += "\r\n";
    out += "Subject: " + EncodeHeaderWords(mail.subject) + "\r\n";
    out += "Message-ID: " + mail.message_id + "\r\n";
    if (!mail.in_reply_to.empty()) out += "In-Reply-To: " + mail.in_reply_to + "\r\n";
    if (!mail.references.empty()) {
        out += "References:";
        for (const std::string& reference : mail.references) out += " " + reference + "\r\n";
    }
    // Machine-sent (RFC 3834): auto-responders stay quiet and our own mailgate can drop it as a loop.
    if (mail.auto_submitted) out += "Auto-Submitted: auto-generated\r\n";
    if (!mail.language.empty()) out += "Content-Language: " + mail.language + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    // Boundaries cannot occur in base64 bodies ("=" only pads line ends, never follows "--").
    const std::string boundary = "=_sladesk_" + Hex(Sha256(mail.message_id)).substr(0, 24);
    if (mail.attachments.empty()) {
        out += BodyPart(mail, boundary);
        return out;
    }
    const std::string mixed = boundary + "_m";
    out += "Content-Type: multipart/mixed;\r\n boundary=\"" + mixed + "\"\r\n\r\n";
    out += "--" + mixed + "\r\n" + BodyPart(mail, boundary);
    for (const MailFile& file : mail.attachments) out += "--" + mixed + "\r\n" + FilePart(file);
    out += "--" + mixed + "--\r\n";
    return out;
}

}  // namespace sladesk::notify
