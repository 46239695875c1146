// Quoted history in a reply ("On ... wrote:", "在 ... 写道：", Outlook and Foxmail/QQ headers, "> " lines), cut
// off so an article holds what the sender wrote now. Pure.
#pragma once

#include <string>
#include <string_view>

namespace sladesk::mail {

struct SplitReply {
    std::string reply;    // what the sender wrote, trailing blank lines removed
    std::string history;  // from the first history marker on; empty when none was found
};

/// Splits `text` (UTF-8, LF or CRLF) at the first line that starts quoted history. Markers: a line "On ...
/// wrote:" (or its wrapped form ending the next line), "在 ... 写道：" / "于 ... 写道:", "-----Original Message-----",
/// "------------------ 原始邮件 ------------------", an Outlook block "From:/发件人:" followed by
/// "Sent:/Date:/发送时间:/时间:" within two lines, and a trailing run of lines starting with ">". Nothing is cut when
/// no marker is found or when the reply would be empty (a mail that is only a forwarded history stays whole).
SplitReply SplitQuotedHistory(std::string_view text);

}  // namespace sladesk::mail
