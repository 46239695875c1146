// Notification templates per event and language (zh-CN, en): a subject, a plain-text body and an HTML body with
// {{variables}} (ticket, customer, SLA, recipient), rendered by rules::RenderCannedResponse.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sladesk::notify {

inline constexpr const char* kDefaultLanguage = "zh-CN";

struct RenderedMessage {
    std::string language;  // the language actually used
    std::string subject;
    std::string text;
    std::string html;
};

/// Immutable after creation; safe to share between threads.
class TemplateSet {
 public:
    /// The templates compiled into the binary (src/notify/templates/*.yaml). kInternal if they do not parse.
    static Result<TemplateSet> Builtin();
    /// Adds (or replaces) the events of one language from YAML text in the templates' format. kInvalidArgument
    /// naming the problem.
    Status AddYaml(const std::string& yaml_text);

    /// The language templates exist for: `language` itself, else its primary tag ("en-GB" -> "en"), else zh-CN.
    std::string ResolveLanguage(std::string_view language) const;
    /// Renders `event` in ResolveLanguage(language); HTML gets its variables HTML-escaped, subjects have line breaks
    /// replaced by spaces. kNotFound for an event without templates; kInvalidArgument for an unknown variable.
    Result<RenderedMessage> Render(std::string_view event, std::string_view language,
                                   const std::map<std::string, std::string>& variables) const;

 private:
    struct Entry {
        std::string subject;
        std::string text;
        std::string html;
    };
    std::map<std::string, std::map<std::string, Entry>, std::less<>> languages_;  // language -> event -> entry
};

/// `text` with & < > " ' escaped for HTML. Pure.
std::string HtmlEscape(std::string_view text);

}  // namespace sladesk::notify
