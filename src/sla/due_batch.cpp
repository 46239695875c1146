#include "sla/due_batch.hpp"

#include <charconv>
#include <cstring>
#include <string>
#include <vector>

namespace sladesk::sla {
namespace {

constexpr std::size_t kReadBlock = std::size_t{1} << 20;
constexpr std::size_t kFlushAt = std::size_t{1} << 20;
constexpr std::int64_t kMinStart = -2208988800;   // 1900-01-01T00:00:00Z
constexpr std::int64_t kMaxStart = 16725225600;   // 2500-01-01T00:00:00Z
constexpr std::int64_t kMaxWork = std::int64_t{100} * 366 * 86400;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Parses one line (without its '\n'); returns nullptr on success or a static problem description.
const char* ParseLine(const char* pos, const char* end, std::int64_t& start, std::int64_t& work) {
    if (end > pos && end[-1] == '\r') --end;
    while (pos < end && IsBlank(*pos)) ++pos;
    if (pos == end) return "empty line (expected START_EPOCH SECONDS)";
    auto first = std::from_chars(pos, end, start);
    if (first.ec != std::errc{}) return "START_EPOCH is not an integer";
    pos = first.ptr;
    if (pos == end || !IsBlank(*pos)) return "expected START_EPOCH SECONDS separated by a space";
    while (pos < end && IsBlank(*pos)) ++pos;
    auto second = std::from_chars(pos, end, work);
    if (second.ec != std::errc{}) return "SECONDS is not an integer";
    pos = second.ptr;
    while (pos < end && IsBlank(*pos)) ++pos;
    if (pos != end) return "unexpected text after SECONDS";
    if (start < kMinStart || start > kMaxStart) return "START_EPOCH out of range (years 1900..2500)";
    if (work < 0 || work > kMaxWork) return "SECONDS out of range (0..100 years)";
    return nullptr;
}

}  // namespace

Result<std::int64_t> RunDueBatch(std::istream& in, std::ostream& out, const Calendar& calendar) {
    std::streambuf* const reader = in.rdbuf();
    std::streambuf* const writer = out.rdbuf();
    std::vector<char> buffer(kReadBlock * 2);
    std::string output;
    output.reserve(kFlushAt + 64);
    std::size_t filled = 0;
    std::int64_t line_number = 0;
    bool eof = false;
    auto flush = [&] {
        if (!output.empty()) writer->sputn(output.data(), static_cast<std::streamsize>(output.size()));
        output.clear();
    };
    while (!eof || filled > 0) {
        if (!eof) {
            if (buffer.size() - filled < kReadBlock) buffer.resize(filled + kReadBlock);
            const std::streamsize got = reader != nullptr
                                            ? reader->sgetn(buffer.data() + filled, static_cast<std::streamsize>(kReadBlock))
                                            : 0;
            if (got <= 0) eof = true;
            filled += static_cast<std::size_t>(std::max<std::streamsize>(got, 0));
        }
        const char* pos = buffer.data();
        const char* const end = buffer.data() + filled;
        while (pos < end) {
            const char* newline = static_cast<const char*>(std::memchr(pos, '\n', static_cast<std::size_t>(end - pos)));
            if (newline == nullptr && !eof) break;  // partial line: read more
            const char* line_end = newline != nullptr ? newline : end;
            ++line_number;
            std::int64_t start = 0;
            std::int64_t work = 0;
            if (const char* problem = ParseLine(pos, line_end, start, work)) {
                flush();
                out.flush();
                return Error::InvalidArgument("line " + std::to_string(line_number) + ": " + problem);
            }
            const UtcTime due = calendar.AddWorkingTime(FromEpochSeconds(start), std::chrono::seconds{work});
            if (due == kNever) {
                output += "never";
            } else {
                char digits[24];
                const auto written = std::to_chars(digits, digits + sizeof digits, ToEpochSeconds(due));
                output.append(digits, written.ptr);
            }
            output.push_back('\n');
            if (output.size() >= kFlushAt) flush();
            pos = newline != nullptr ? newline + 1 : end;
        }
        const std::size_t rest = static_cast<std::size_t>(end - pos);
        if (rest > 0 && pos != buffer.data()) std::memmove(buffer.data(), pos, rest);
        filled = rest;  // after end of input every line has been consumed, so this is 0 then
    }
    flush();
    out.flush();
    return line_number;
}

}  // namespace sladesk::sla
