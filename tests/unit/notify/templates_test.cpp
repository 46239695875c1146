// The built-in templates: every event in zh-CN and en, language fallback, HTML escaping, unknown variables.
#include "notify/templates.hpp"

#include <gtest/gtest.h>

namespace sladesk::notify {
namespace {

std::map<std::string, std::string> Variables() {
    return {{"ticket.id", "42"},           {"ticket.title", "网银 <登录> 失败"}, {"ticket.priority", "2"},
            {"ticket.status", "in_progress"}, {"ticket.group", "应用支持 L2"},   {"ticket.url", "https://d/t/42"},
            {"customer.name", "Alice"},    {"customer.organisation", "Acme"}, {"sla.target", "解决"},
            {"sla.threshold", "75"},       {"sla.agreement", "standard"},    {"sla.due_at", "2025-03-03T09:00:00Z"},
            {"sla.due_local", "2025-03-03 17:00"}, {"recipient.name", "Bob"}};
}

TEST(TemplatesTest, BuiltinsCoverBothEventsInBothLanguages) {
    auto templates = TemplateSet::Builtin();
    ASSERT_TRUE(templates) << templates.error().message();
    for (const char* language : {"zh-CN", "en"}) {
        for (const char* event : {"sla_warning", "sla_breach"}) {
            auto rendered = templates->Render(event, language, Variables());
            ASSERT_TRUE(rendered) << language << "/" << event << ": " << rendered.error().message();
            EXPECT_EQ(rendered->language, language);
            EXPECT_NE(rendered->subject.find("#42"), std::string::npos) << rendered->subject;
            EXPECT_EQ(rendered->subject.find('\n'), std::string::npos);
            EXPECT_NE(rendered->text.find("2025-03-03 17:00"), std::string::npos);
            EXPECT_NE(rendered->html.find("<p>"), std::string::npos);
        }
    }
    EXPECT_NE(templates->Render("sla_warning", "zh-CN", Variables())->subject.find("SLA 预警"), std::string::npos);
    EXPECT_NE(templates->Render("sla_breach", "en", Variables())->subject.find("[SLA breach]"), std::string::npos);
}

TEST(TemplatesTest, HtmlEscapesVariablesButTextDoesNot) {
    auto templates = TemplateSet::Builtin();
    ASSERT_TRUE(templates);
    auto rendered = templates->Render("sla_warning", "en", Variables());
    ASSERT_TRUE(rendered);
    EXPECT_NE(rendered->text.find("网银 <登录> 失败"), std::string::npos);
    EXPECT_NE(rendered->html.find("网银 &lt;登录&gt; 失败"), std::string::npos);
    EXPECT_EQ(rendered->html.find("<登录>"), std::string::npos);
}

TEST(TemplatesTest, LanguageFallsBackToPrimaryTagThenChinese) {
    auto templates = TemplateSet::Builtin();
    ASSERT_TRUE(templates);
    EXPECT_EQ(templates->ResolveLanguage("en-GB"), "en");
    EXPECT_EQ(templates->ResolveLanguage("fr"), "zh-CN");
    EXPECT_EQ(templates->ResolveLanguage("zh"), "zh-CN");
}

TEST(TemplatesTest, UnknownEventOrVariableIsAnError) {
    auto templates = TemplateSet::Builtin();
    ASSERT_TRUE(templates);
    auto missing = templates->Render("no_such_event", "en", Variables());
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().Is(ErrorCode::kNotFound));
    TemplateSet custom;
    ASSERT_TRUE(custom.AddYaml("language: en\nevents:\n  x: {subject: 'S {{nope}}', text: 't'}\n"));
    EXPECT_FALSE(custom.Render("x", "en", Variables()));
    EXPECT_FALSE(custom.AddYaml("events: {}"));
    EXPECT_FALSE(custom.AddYaml("language: en\nevents:\n  x: {text: 't'}\n"));
}

}  // namespace
}  // namespace sladesk::notify
