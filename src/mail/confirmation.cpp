#include "mail/confirmation.hpp"

#include <array>
#include <string>

#include "mail/mail_headers.hpp"

namespace sladesk::mail {
namespace {

constexpr std::array<std::string_view, 10> kConfirmations{"确认关闭", "确认", "关闭",      "同意关闭", "已解决",
                                                          "confirm",  "confirmed", "close", "close it", "resolved"};

/// Removes white space (ASCII and the ideographic space) and trailing sentence punctuation from both ends.
std::string_view Trim(std::string_view text) {
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        for (std::string_view edge : {" ", "\t", "\r", "\xE3\x80\x80"}) {  // U+3000 ideographic space
            if (text.starts_with(edge)) text.remove_prefix(edge.size()), changed = true;
            if (text.ends_with(edge)) text.remove_suffix(edge.size()), changed = true;
        }
        for (std::string_view mark : {".", "!", "\xE3\x80\x82", "\xEF\xBC\x81"}) {  // 。 ！
            if (text.ends_with(mark)) text.remove_suffix(mark.size()), changed = true;
        }
    }
    return text;
}

}  // namespace

bool IsConfirmation(std::string_view reply) {
    std::string_view first;
    std::size_t at = 0;
    while (at <= reply.size()) {
        const std::size_t end = std::min(reply.find('\n', at), reply.size());
        first = Trim(reply.substr(at, end - at));
        if (!first.empty()) break;
        at = end + 1;
    }
    if (first.empty()) return false;
    const std::string lower = AsciiLower(first);
    for (std::string_view word : kConfirmations) {
        if (lower == word) return true;
    }
    return false;
}

}  // namespace sladesk::mail
