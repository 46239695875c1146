#include "mail/quoted_history.hpp"

#include <vector>

namespace sladesk::mail {
namespace {

std::string_view Trim(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    return line;
}

bool Contains(std::string_view line, std::string_view part) { return line.find(part) != std::string_view::npos; }

bool EndsWithColon(std::string_view line) { return line.ends_with(":") || line.ends_with("\xEF\xBC\x9A"); }  // ： too

bool IsSeparator(std::string_view line) {
    if (line.size() < 8) return false;
    const bool dashes = line.starts_with("-----") || line.starts_with("_____");
    return dashes &&
           (Contains(line, "Original Message") || Contains(line, "原始邮件") || Contains(line, "Forwarded message") ||
            Contains(line, "转发邮件") || line.find_first_not_of("_") == std::string_view::npos);
}

bool StartsHeaderField(std::string_view line, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) {
        if (line.starts_with(name)) return true;
    }
    return false;
}

/// Whether lines[i] starts a block of history.
bool IsMarker(const std::vector<std::string_view>& lines, std::size_t i) {
    const std::string_view line = Trim(lines[i]);
    if (line.empty()) return false;
    if (IsSeparator(line)) return true;
    if (line.starts_with("On ") && EndsWithColon(line) && Contains(line, "wrote")) return true;
    if (line.starts_with("On ") && i + 1 < lines.size() && Trim(lines[i + 1]).ends_with("wrote:")) return true;
    if ((line.starts_with("在") || line.starts_with("于")) && Contains(line, "写道") && EndsWithColon(line))
        return true;
    if (StartsHeaderField(line, {"From:", "发件人:", "发件人：", "发件人"})) {
        for (std::size_t next = i + 1; next < lines.size() && next <= i + 2; ++next) {
            if (StartsHeaderField(Trim(lines[next]), {"Sent:", "Date:", "发送时间", "时间:", "时间：", "日期"}))
                return true;
        }
    }
    return false;
}

}  // namespace

SplitReply SplitQuotedHistory(std::string_view text) {
    std::vector<std::string_view> lines;
    std::vector<std::size_t> offsets;
    for (std::size_t at = 0; at <= text.size();) {
        const std::size_t end = text.find('\n', at);
        offsets.push_back(at);
        lines.push_back(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
        if (end == std::string_view::npos) break;
        at = end + 1;
    }
    std::size_t cut = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (IsMarker(lines, i)) {
            cut = i;
            break;
        }
    }
    if (cut == lines.size()) {
        // No marker: a trailing run of "> " lines (blank lines allowed inside) is still history.
        std::size_t start = lines.size();
        for (std::size_t i = lines.size(); i-- > 0;) {
            const std::string_view line = Trim(lines[i]);
            if (line.starts_with(">"))
                start = i;
            else if (!line.empty())
                break;
        }
        cut = start;
    }
    if (cut == lines.size()) return {std::string(text), {}};
    std::string_view reply = text.substr(0, offsets[cut]);
    while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r' || reply.back() == ' '))
        reply.remove_suffix(1);
    if (Trim(reply).empty()) return {std::string(text), {}};
    return {std::string(reply), std::string(text.substr(offsets[cut]))};
}

}  // namespace sladesk::mail
