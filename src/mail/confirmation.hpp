// Closing a ticket by mail: the customer answers a resolved ticket with a short confirmation. Pure.
#pragma once

#include <string_view>

namespace sladesk::mail {

/// Whether `reply` (the article text, quoted history already cut) confirms a resolution: its first non-blank line,
/// trimmed of white space and trailing punctuation (。！!.), case-insensitive, is one of 确认关闭, 确认, 关闭,
/// 同意关闭, 已解决, confirm, confirmed, close, close it, resolved. Anything longer is an ordinary reply, so a
/// customer who explains more is never closed by accident.
bool IsConfirmation(std::string_view reply);

}  // namespace sladesk::mail
