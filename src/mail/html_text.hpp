// HTML-only mail turned into plain text that is safe to store and show: no markup, no script, no style. Pure.
#pragma once

#include <string>
#include <string_view>

namespace sladesk::mail {

/// The readable text of `html` (UTF-8): tags removed, the contents of script, style, head and comments dropped,
/// block elements and <br> as line breaks, list items as "- ", character references decoded, runs of blank
/// lines collapsed, images as "[image: alt]", links as "text <url>" when the URL is http(s)/mailto and differs
/// from the text. Never fails; malformed markup degrades to its text.
std::string HtmlToText(std::string_view html);

}  // namespace sladesk::mail
