#include "notify/templates.hpp"

#include <yaml-cpp/yaml.h>

#include <span>

#include "core/embedded_file.hpp"
#include "rules/canned_response.hpp"

namespace sladesk::notify {

std::span<const EmbeddedFile> NotifyTemplateFiles();  // src/notify/templates/*.yaml, compiled in

Result<TemplateSet> TemplateSet::Builtin() {
    TemplateSet set;
    for (const EmbeddedFile& file : NotifyTemplateFiles()) {
        if (auto added = set.AddYaml(std::string(file.content)); !added) {
            return Error::Internal("built-in template " + std::string(file.name) + ": " + added.error().message());
        }
    }
    return set;
}

Status TemplateSet::AddYaml(const std::string& yaml_text) {
    try {
        const YAML::Node root = YAML::Load(yaml_text);
        const std::string language = root["language"].as<std::string>("");
        if (language.empty()) return Error::InvalidArgument("templates: 'language' is missing");
        const YAML::Node events = root["events"];
        if (!events || !events.IsMap()) return Error::InvalidArgument("templates: 'events' must be a map");
        for (const auto& event : events) {
            Entry entry;
            entry.subject = event.second["subject"].as<std::string>("");
            entry.text = event.second["text"].as<std::string>("");
            entry.html = event.second["html"].as<std::string>("");
            const std::string name = event.first.as<std::string>();
            if (entry.subject.empty() || entry.text.empty()) {
                return Error::InvalidArgument("templates " + language + "/" + name + ": subject and text are required");
            }
            languages_[language][name] = std::move(entry);
        }
        return OkStatus();
    } catch (const YAML::Exception& e) {
        return Error::InvalidArgument(std::string("templates: ") + e.what());
    }
}

std::string TemplateSet::ResolveLanguage(std::string_view language) const {
    if (languages_.contains(language)) return std::string(language);
    const std::string_view primary = language.substr(0, language.find('-'));
    for (const auto& [known, events] : languages_) {
        if (known.substr(0, known.find('-')) == primary) return known;
    }
    return kDefaultLanguage;
}

Result<RenderedMessage> TemplateSet::Render(std::string_view event, std::string_view language,
                                            const std::map<std::string, std::string>& variables) const {
    RenderedMessage out;
    out.language = ResolveLanguage(language);
    const auto found_language = languages_.find(out.language);
    if (found_language == languages_.end()) return Error::NotFound("templates for " + out.language);
    const auto found = found_language->second.find(std::string(event));
    if (found == found_language->second.end()) {
        return Error::NotFound("template for event '" + std::string(event) + "' in " + out.language);
    }
    const Entry& entry = found->second;
    SLADESK_ASSIGN_OR_RETURN(out.subject, rules::RenderCannedResponse(entry.subject, variables));
    for (char& c : out.subject) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    SLADESK_ASSIGN_OR_RETURN(out.text, rules::RenderCannedResponse(entry.text, variables));
    if (!entry.html.empty()) {
        std::map<std::string, std::string> escaped;
        for (const auto& [name, value] : variables) escaped[name] = HtmlEscape(value);
        SLADESK_ASSIGN_OR_RETURN(out.html, rules::RenderCannedResponse(entry.html, escaped));
    }
    return out;
}

std::string HtmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace sladesk::notify
