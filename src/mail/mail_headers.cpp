#include "mail/mail_headers.hpp"

#include <algorithm>

namespace sladesk::mail {

std::string AsciiLower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c);
    });
    return out;
}

void MailHeaders::Add(std::string name, std::string value) {
    std::string_view trimmed = value;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    while (!trimmed.empty() &&
           (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\r' || trimmed.back() == '\n')) {
        trimmed.remove_suffix(1);
    }
    fields_.emplace_back(AsciiLower(name), std::string(trimmed));
}

std::optional<std::string_view> MailHeaders::Get(std::string_view name) const {
    for (const auto& [field, value] : fields_) {
        if (field == name) return std::string_view(value);
    }
    return std::nullopt;
}

}  // namespace sladesk::mail
