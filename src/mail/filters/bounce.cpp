#include "mail/filters/bounce.hpp"

#include <algorithm>
#include <string>

namespace sladesk::mail {
namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

/// "rfc822; user@example.com" -> "user@example.com" (lower-case, angle brackets removed).
std::string RecipientOf(std::string_view value) {
    const auto semi = value.find(';');
    std::string_view address = Trim(semi == std::string_view::npos ? value : value.substr(semi + 1));
    if (address.starts_with("<") && address.ends_with(">")) address = address.substr(1, address.size() - 2);
    return AsciiLower(address);
}

}  // namespace

std::optional<Bounce> DetectBounce(const MailHeaders& headers, std::string_view from_address,
                                   std::string_view delivery_status) {
    const std::string type = AsciiLower(headers.Get("content-type").value_or(""));
    const bool report = type.starts_with("multipart/report") && type.find("delivery-status") != std::string::npos;
    const std::string from = AsciiLower(from_address);
    const bool daemon = from.starts_with("mailer-daemon@") || from.starts_with("postmaster@");
    if (!report && !daemon) return std::nullopt;

    Bounce bounce;
    bool any_failure = false;
    bool any_action = false;
    for (std::size_t at = 0; at < delivery_status.size();) {
        const std::size_t end = std::min(delivery_status.find('\n', at), delivery_status.size());
        const std::string_view line = Trim(delivery_status.substr(at, end - at));
        at = end + 1;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string name = AsciiLower(Trim(line.substr(0, colon)));
        const std::string_view value = Trim(line.substr(colon + 1));
        if (name == "final-recipient" || name == "original-recipient") {
            std::string address = RecipientOf(value);
            if (!address.empty() && std::find(bounce.failed_recipients.begin(), bounce.failed_recipients.end(),
                                              address) == bounce.failed_recipients.end()) {
                bounce.failed_recipients.push_back(std::move(address));
            }
        } else if (name == "status" && bounce.status.empty()) {
            bounce.status = std::string(value.substr(0, 16));
        } else if (name == "action") {
            any_action = true;
            const std::string action = AsciiLower(value);
            if (action.starts_with("failed") || action.starts_with("delayed")) any_failure = true;
        }
    }
    if (any_action && !any_failure) return std::nullopt;
    return bounce;
}

}  // namespace sladesk::mail
