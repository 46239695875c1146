#include "mail/html_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "mail/charset.hpp"

namespace sladesk::mail {
namespace {

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

void AppendCodePoint(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

struct NamedEntity {
    std::string_view name;
    std::uint32_t code_point;
};
constexpr std::array<NamedEntity, 16> kEntities{{{"amp", '&'},
                                                 {"lt", '<'},
                                                 {"gt", '>'},
                                                 {"quot", '"'},
                                                 {"apos", '\''},
                                                 {"nbsp", ' '},
                                                 {"copy", 0xa9},
                                                 {"reg", 0xae},
                                                 {"mdash", 0x2014},
                                                 {"ndash", 0x2013},
                                                 {"hellip", 0x2026},
                                                 {"laquo", 0xab},
                                                 {"raquo", 0xbb},
                                                 {"middot", 0xb7},
                                                 {"ldquo", 0x201c},
                                                 {"rdquo", 0x201d}}};

/// Decodes character references in `text` (attribute values and text nodes).
std::string DecodeEntities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] != '&') {
            out += text[at];
            continue;
        }
        const std::size_t semi = text.find(';', at);
        if (semi == std::string_view::npos || semi - at > 10) {
            out += '&';
            continue;
        }
        const std::string_view name = text.substr(at + 1, semi - at - 1);
        std::optional<std::uint32_t> cp;
        if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string digits(name.substr(hex ? 2 : 1));
            if (!digits.empty() && digits.size() <= 7 &&
                digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") == std::string::npos) {
                cp = static_cast<std::uint32_t>(std::stoul(digits, nullptr, hex ? 16 : 10));
            }
        } else {
            for (const NamedEntity& entity : kEntities) {
                if (entity.name == name) cp = entity.code_point;
            }
        }
        if (!cp) {
            out += '&';
            continue;
        }
        AppendCodePoint(out, *cp);
        at = semi;
    }
    return out;
}

/// The value of attribute `name` inside a tag's text ("a href=\"x\" title=y"), decoded; empty if absent.
std::string Attribute(std::string_view tag, std::string_view name) {
    const std::string lower = Lower(tag);
    std::size_t at = 0;
    while ((at = lower.find(name, at)) != std::string::npos) {
        const bool starts_word = at > 0 && (lower[at - 1] == ' ' || lower[at - 1] == '\t' || lower[at - 1] == '\n');
        std::size_t eq = at + name.size();
        while (eq < lower.size() && lower[eq] == ' ') ++eq;
        if (!starts_word || eq >= lower.size() || lower[eq] != '=') {
            at += name.size();
            continue;
        }
        std::size_t begin = eq + 1;
        while (begin < tag.size() && tag[begin] == ' ') ++begin;
        if (begin >= tag.size()) return {};
        const char quote = tag[begin];
        std::size_t end;
        if (quote == '"' || quote == '\'') {
            ++begin;
            end = tag.find(quote, begin);
            if (end == std::string_view::npos) end = tag.size();
        } else {
            end = tag.find_first_of(" \t\n>", begin);
            if (end == std::string_view::npos) end = tag.size();
        }
        return DecodeEntities(tag.substr(begin, end - begin));
    }
    return {};
}

bool IsBlock(const std::string& name) {
    static constexpr std::array<std::string_view, 22> kBlocks{
        "p",  "div", "tr", "table", "h1",         "h2", "h3", "h4", "h5",      "h6",      "ul",
        "ol", "pre", "hr", "form",  "blockquote", "dl", "dt", "dd", "section", "article", "center"};
    return std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

/// Builds the text: collapses white space like a browser and keeps at most one blank line between blocks.
class TextBuilder {
 public:
    void Text(std::string_view text) {
        for (const char c : text) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pending_space_ = true;
                continue;
            }
            if (pending_space_ && !out_.empty() && out_.back() != '\n') out_ += ' ';
            pending_space_ = false;
            out_ += c;
        }
    }
    void Word(std::string_view word) {
        Text(" ");
        Text(word);
    }
    void LineBreak() {
        pending_space_ = false;
        out_ += '\n';
    }
    void BlockBreak() {
        pending_space_ = false;
        if (out_.empty()) return;
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        const std::size_t newlines = out_.size() - out_.find_last_not_of('\n') - 1;
        for (std::size_t i = newlines; i < 2; ++i) out_ += '\n';
    }
    std::string Finish() {
        while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
        return out_;
    }

 private:
    std::string out_;
    bool pending_space_ = false;
};

}  // namespace

std::string HtmlToText(std::string_view input) {
    const std::string html = RepairUtf8(input);
    TextBuilder text;
    std::string link;  // the href of the <a> we are inside, if worth showing
    std::string link_text;
    std::size_t at = 0;
    while (at < html.size()) {
        const std::size_t open = html.find('<', at);
        const std::string decoded = DecodeEntities(std::string_view(html).substr(at, open - at));
        text.Text(decoded);
        if (!link.empty()) link_text += decoded;
        if (open == std::string::npos) break;
        if (html.compare(open, 4, "<!--") == 0) {
            const std::size_t end = html.find("-->", open + 4);
            at = end == std::string::npos ? html.size() : end + 3;
            continue;
        }
        const std::size_t close = html.find('>', open + 1);
        if (close == std::string::npos) break;  // a cut-off tag at the end: drop it
        const std::string_view tag = std::string_view(html).substr(open + 1, close - open - 1);
        at = close + 1;
        const bool closing = !tag.empty() && tag[0] == '/';
        const std::size_t name_begin = closing ? 1 : 0;
        const std::size_t name_end = tag.find_first_of(" \t\n/", name_begin);
        const std::string name = Lower(tag.substr(
            name_begin, name_end == std::string_view::npos ? std::string_view::npos : name_end - name_begin));
        if (!closing && (name == "script" || name == "style" || name == "head" || name == "title")) {
            // Skip everything up to the matching end tag; its content is never text.
            const std::string lower_rest = Lower(std::string_view(html).substr(at));
            const std::size_t end = lower_rest.find("</" + name);
            at = end == std::string::npos ? html.size() : at + end;
            continue;
        }
        if (name == "br") {
            text.LineBreak();
        } else if (name == "li") {
            if (!closing) {
                text.BlockBreak();
                text.Text("- ");
            }
        } else if (name == "td" || name == "th") {
            if (closing) text.Text(" ");
        } else if (name == "img" && !closing) {
            const std::string alt = Attribute(tag, "alt");
            text.Text("[image" + (alt.empty() ? std::string() : ": " + alt) + "]");
        } else if (name == "a") {
            if (!closing) {
                const std::string href = Attribute(tag, "href");
                const std::string lower = Lower(href);
                link = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
                           ? href
                           : std::string();
                link_text.clear();
            } else {
                std::string_view shown = link;
                if (shown.starts_with("mailto:")) shown.remove_prefix(7);
                if (!link.empty() && link_text.find(shown) == std::string::npos) text.Word("<" + link + ">");
                link.clear();
            }
        } else if (IsBlock(name)) {
            text.BlockBreak();
        }
    }
    return RepairUtf8(text.Finish());
}

}  // namespace sladesk::mail
