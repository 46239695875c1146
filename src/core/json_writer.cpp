#include "core/json_writer.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

namespace sladesk {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// Bytes in the well-formed UTF-8 sequence that starts at `at` (a byte >= 0x80); 0 if none does, with `bad` set to
/// the bytes that belong to the broken sequence (1 for a bad lead byte; more for a sequence cut short).
std::size_t Utf8Sequence(std::string_view text, std::size_t at, std::size_t& bad) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte (Unicode table 3-7)
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        bad = 1;
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const bool fits = at + i < text.size() && byte(at + i) >= (i == 1 ? low : 0x80) &&
                          byte(at + i) <= (i == 1 ? high : 0xBF);
        if (!fits) {
            bad = i;  // the byte that did not fit starts afresh
            return 0;
        }
    }
    return length;
}

void AppendEscaped(std::string& out, std::string_view text) {
    out.push_back('"');
    std::size_t plain = 0;  // start of the bytes not yet copied
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::size_t bad = 0;
            if (const std::size_t length = Utf8Sequence(text, i, bad); length > 0) {
                i += length;
                continue;
            }
            out.append(text.substr(plain, i - plain));
            out.append(kReplacement);
            i += bad;
            plain = i;
            continue;
        }
        out.append(text.substr(plain, i - plain));
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\b': out.append("\\b"); break;
            case '\t': out.append("\\t"); break;
            case '\n': out.append("\\n"); break;
            case '\f': out.append("\\f"); break;
            case '\r': out.append("\\r"); break;
            default: {
                const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
                out.append(escaped, sizeof escaped);
            }
        }
        plain = ++i;
    }
    out.append(text.substr(plain));
    out.push_back('"');
}

}  // namespace

void JsonWriter::Separate() {
    if (need_comma_) out_.push_back(',');
    need_comma_ = true;
}

JsonWriter& JsonWriter::BeginObject() {
    Separate();
    out_.push_back('{');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::EndObject() {
    out_.push_back('}');
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::BeginArray() {
    Separate();
    out_.push_back('[');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::EndArray() {
    out_.push_back(']');
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
    Separate();
    AppendEscaped(out_, key);
    out_.push_back(':');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::String(std::string_view text) {
    Separate();
    AppendEscaped(out_, text);
    return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
    Separate();
    char digits[24];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    out_.append(digits, end);
    return *this;
}

JsonWriter& JsonWriter::Double(double value) {
    if (!std::isfinite(value)) return Null();
    Separate();
    char digits[32];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    const std::string_view text(digits, static_cast<std::size_t>(end - digits));
    out_.append(text);
    if (text.find_first_of(".e") == std::string_view::npos) out_.append(".0");
    return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
    Separate();
    out_.append(value ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::Null() {
    Separate();
    out_.append("null");
    return *this;
}

JsonWriter& JsonWriter::Time(UtcTime time) {
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) return String(FormatIso8601(time));
    const auto seconds = (time - day).count();  // 0..86399
    const auto two = [](char* at, long value) {
        at[0] = static_cast<char>('0' + value / 10);
        at[1] = static_cast<char>('0' + value % 10);
    };
    char text[] = "\"0000-00-00T00:00:00Z\"";  // 22 characters and the terminator
    text[1] = static_cast<char>('0' + year / 1000);
    text[2] = static_cast<char>('0' + year / 100 % 10);
    two(text + 3, year % 100);
    two(text + 6, static_cast<long>(static_cast<unsigned>(date.month())));
    two(text + 9, static_cast<long>(static_cast<unsigned>(date.day())));
    two(text + 12, static_cast<long>(seconds / 3600));
    two(text + 15, static_cast<long>(seconds / 60 % 60));
    two(text + 18, static_cast<long>(seconds % 60));
    Separate();
    out_.append(text, 22);
    return *this;
}

JsonWriter& JsonWriter::Time(const std::optional<UtcTime>& time) { return time ? Time(*time) : Null(); }

}  // namespace sladesk
