// Text in a declared (or guessed) charset turned into valid UTF-8. Pure apart from iconv's tables.
#pragma once

#include <string>
#include <string_view>

#include "core/utf8.hpp"  // TruncateUtf8, used with these by mail code

namespace sladesk::mail {

/// The iconv name to decode a mail charset label with: labels for the GB family (gb2312, gbk, cp936, euc-cn,
/// x-gbk) become GB18030, their superset, because mail labelled GB2312 routinely contains GBK characters; big5
/// becomes BIG5-HKSCS; others are upper-cased as given. Empty for an empty label.
std::string DecoderCharset(std::string_view label);

/// `bytes` decoded from `charset` into UTF-8. Undecodable bytes become U+FFFD; an unknown charset is read as
/// UTF-8; an empty label means "undeclared": UTF-8 if the bytes are valid UTF-8, otherwise GB18030 (the charset
/// undeclared Chinese mail is in, in practice). The result is always valid UTF-8.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

/// Whether `text` is valid UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view text);

/// `text` with every invalid UTF-8 sequence replaced by U+FFFD, and NUL bytes dropped.
std::string RepairUtf8(std::string_view text);

}  // namespace sladesk::mail
