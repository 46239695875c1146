#include "mail/charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <optional>

namespace sladesk::mail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// Length of the valid UTF-8 sequence at the start of `text`, or 0 if it is not one.
std::size_t ValidSequence(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // allowed range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf)
        length = 2;
    else if (lead == 0xe0)
        length = 3, low = 0xa0;
    else if (lead >= 0xe1 && lead <= 0xec)
        length = 3;
    else if (lead == 0xed)
        length = 3, high = 0x9f;  // no UTF-16 surrogates
    else if (lead >= 0xee && lead <= 0xef)
        length = 3;
    else if (lead == 0xf0)
        length = 4, low = 0x90;
    else if (lead >= 0xf1 && lead <= 0xf3)
        length = 4;
    else if (lead == 0xf4)
        length = 4, high = 0x8f;  // nothing above U+10FFFF
    else
        return 0;
    if (text.size() < length) return 0;
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
    }
    return length;
}

/// An open iconv conversion, closed when it goes.
class Converter {
 public:
    explicit Converter(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
    ~Converter() {
        if (ok()) iconv_close(cd_);
    }
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
    iconv_t get() const { return cd_; }

 private:
    iconv_t cd_;
};

/// Decodes with iconv, replacing every undecodable byte with U+FFFD; nullopt if iconv does not know `from`.
std::optional<std::string> Decode(std::string_view bytes, const std::string& from) {
    const Converter converter(from);
    if (!converter.ok()) return std::nullopt;
    iconv_t cd = converter.get();
    std::string out;
    out.reserve(bytes.size() * 3 / 2 + 16);
    char buffer[4096];
    auto* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not written
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        char* out_ptr = buffer;
        std::size_t out_left = sizeof(buffer);
        const std::size_t done = iconv(cd, &in, &in_left, &out_ptr, &out_left);
        out.append(buffer, sizeof(buffer) - out_left);
        if (done != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) continue;
        // EILSEQ (a byte that is not in the charset) or EINVAL (a sequence cut off at the end): skip one byte.
        out += kReplacement;
        ++in;
        --in_left;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
    }
    char* out_ptr = buffer;
    std::size_t out_left = sizeof(buffer);
    iconv(cd, nullptr, nullptr, &out_ptr, &out_left);  // flush a stateful encoding (ISO-2022-JP)
    out.append(buffer, sizeof(buffer) - out_left);
    return out;
}

}  // namespace

std::string DecoderCharset(std::string_view label) {
    std::string name = Lower(label);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.erase(0, 1);
    if (name.empty()) return {};
    if (name == "gb2312" || name == "gbk" || name == "x-gbk" || name == "cp936" || name == "euc-cn" ||
        name == "gb_2312-80" || name == "x-euc-cn" || name == "windows-936" || name == "gb18030") {
        return "GB18030";
    }
    if (name == "big5" || name == "x-x-big5" || name == "cn-big5" || name == "big5-hkscs") return "BIG5-HKSCS";
    if (name == "utf8") return "UTF-8";
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return name;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
    std::string name = DecoderCharset(charset);
    if (name.empty()) name = IsValidUtf8(bytes) ? "UTF-8" : "GB18030";
    if (name == "UTF-8" || name == "US-ASCII" || name == "ASCII") return RepairUtf8(bytes);
    auto decoded = Decode(bytes, name);
    return RepairUtf8(decoded ? *decoded : bytes);
}

bool IsValidUtf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = ValidSequence(text.substr(at));
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string RepairUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (text[at] == '\0') {
            ++at;
            continue;
        }
        const std::size_t length = ValidSequence(text.substr(at));
        if (length == 0) {
            out += kReplacement;
            ++at;
            continue;
        }
        out.append(text, at, length);
        at += length;
    }
    return out;
}

}  // namespace sladesk::mail
