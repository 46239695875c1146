#include "service/policy_document.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "core/utc_time.hpp"

namespace sladesk::service {
namespace {

TEST(PolicyDocumentTest, ParsesTheExampleFile) {
    std::ifstream in(std::string(SLADESK_SOURCE_DIR) + "/examples/policy.yaml");
    std::stringstream text;
    text << in.rdbuf();
    auto document = ParsePolicyDocument(text.str());
    ASSERT_TRUE(document) << document.error().message();
    EXPECT_EQ(document->groups.size(), 4u);
    EXPECT_EQ(document->groups[3].kind, GroupKind::kSupplier);
    EXPECT_EQ(document->services[0].owner_group, "应用支持 L2");
    ASSERT_TRUE(document->priority_matrix);
    EXPECT_EQ(document->priority_matrix->grade_raise.at("vip"), 1);
    EXPECT_EQ(document->auto_close_working_days, 3);
}

TEST(PolicyDocumentTest, FlattensTheCategoryTreeParentsFirst) {
    auto document = ParsePolicyDocument(R"(
categories:
  - code: key
    name: 关键问题
    children:
      - {code: login, name: 登录异常}
)");
    ASSERT_TRUE(document) << document.error().message();
    ASSERT_EQ(document->categories.size(), 2u);
    EXPECT_EQ(document->categories[0].path, "key");
    EXPECT_EQ(document->categories[1].path, "key/login");
}

TEST(PolicyDocumentTest, ErrorsNameTheLine) {
    EXPECT_EQ(ParsePolicyDocument("groups:\n  - name: L1\n    colour: red\n").error().message(),
              "line 3: unknown key 'colour' in group");
    EXPECT_EQ(ParsePolicyDocument("auto_close_working_days: many\n").error().message(),
              "line 1: auto_close_working_days must be an integer");
    EXPECT_EQ(ParsePolicyDocument("services:\n  - code: x\n").error().message(), "line 2: service needs 'name'");
    EXPECT_EQ(ParsePolicyDocument("groups: [\n").error().code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(ParsePolicyDocument("groups: [\n").error().message().starts_with("line "));
    EXPECT_EQ(ParsePolicyDocument("priority_matrix:\n  impacts: [a]\n  urgencies: [x, y]\n  matrix: [[1]]\n")
                  .error()
                  .message(),
              "line 2: priority_matrix: matrix row 1 has 1 cells, expected one per urgency (2)");
    EXPECT_EQ(ParsePolicyDocument("calendarz: []\n").error().message(),
              "line 1: unknown key 'calendarz' in the policy file");
}

TEST(PolicyDocumentTest, TheExampleFileHasCalendarsAndAgreements) {
    std::ifstream in(std::string(SLADESK_SOURCE_DIR) + "/examples/policy.yaml");
    std::stringstream text;
    text << in.rdbuf();
    auto document = ParsePolicyDocument(text.str());
    ASSERT_TRUE(document) << document.error().message();
    ASSERT_EQ(document->calendars.size(), 2u);
    EXPECT_EQ(document->calendars[0].name, "cn-office");
    EXPECT_EQ(document->calendars[0].time_zone, "Asia/Shanghai");
    EXPECT_EQ(document->calendars[1].week[5].size(), 2u);  // the hall opens on Saturdays
    ASSERT_EQ(document->calendar_lines.size(), 2u);
    EXPECT_LT(document->calendar_lines[0], document->calendar_lines[1]);
    int slas = 0;
    for (const AgreementSpec& spec : document->agreements) {
        slas += spec.agreement.kind == sla::AgreementKind::kSla ? 1 : 0;
        EXPECT_EQ(spec.group.has_value(), spec.agreement.kind != sla::AgreementKind::kSla) << spec.agreement.name;
    }
    EXPECT_EQ(slas, 3);  // standard, enterprise, service-hall
}

// Lines of kFullAgreement: the entry starts on line 2.
constexpr const char* kFullAgreement = R"(agreements:
  - name: gold
    kind: sla
    version: 3
    status: draft
    calendar: cn-office
    effective_from: 2025-01-01
    effective_to: 2026-07-01T00:00:00+08:00
    covers: {organisations: [Acme], customer_classes: [enterprise], customer_grades: [vip], services: [web]}
    warn_at: [50, 80, 95]
    targets:
      - {priority: 1, first_response: 15m, next_update: 1h, resolution: 4h30m}
      - {priority: 2, resolution: 90m}
    grade_overrides:
      vip:
        - {priority: 1, first_response: 10m}
  - name: desk
    kind: ola
    group: 服务台 L1
    calendar: 24x7
    covers: {services: [web]}
    targets: [{priority: 1, resolution: 15m}]
)";

TEST(PolicyDocumentTest, ParsesEveryAgreementField) {
    auto document = ParsePolicyDocument(kFullAgreement);
    ASSERT_TRUE(document) << document.error().message();
    ASSERT_EQ(document->agreements.size(), 2u);
    const AgreementSpec& gold = document->agreements[0];
    EXPECT_EQ(gold.line, 2);
    EXPECT_EQ(gold.agreement.name, "gold");
    EXPECT_EQ(gold.agreement.kind, sla::AgreementKind::kSla);
    EXPECT_EQ(gold.agreement.version, 3);
    EXPECT_EQ(gold.agreement.status, sla::AgreementStatus::kDraft);
    EXPECT_EQ(gold.agreement.calendar, "cn-office");
    EXPECT_EQ(FormatIso8601(gold.agreement.effective_from), "2025-01-01T00:00:00Z");
    ASSERT_TRUE(gold.agreement.effective_to);
    EXPECT_EQ(FormatIso8601(*gold.agreement.effective_to), "2026-06-30T16:00:00Z");
    EXPECT_EQ(gold.organisations, std::vector<std::string>{"Acme"});
    EXPECT_EQ(gold.services, std::vector<std::string>{"web"});
    EXPECT_EQ(gold.agreement.scope.customer_classes, std::vector<std::string>{"enterprise"});
    EXPECT_EQ(gold.agreement.scope.customer_grades, std::vector<std::string>{"vip"});
    EXPECT_TRUE(gold.agreement.scope.organisations.empty());  // ids come when the names are resolved
    EXPECT_EQ(gold.agreement.warn_at_percent, (std::vector<int>{50, 80, 95}));
    ASSERT_EQ(gold.agreement.targets.size(), 2u);
    EXPECT_EQ(gold.agreement.targets[0].targets.first_response, std::chrono::minutes(15));
    EXPECT_EQ(gold.agreement.targets[0].targets.next_update, std::chrono::hours(1));
    EXPECT_EQ(gold.agreement.targets[0].targets.resolution, std::chrono::minutes(270));
    EXPECT_EQ(gold.agreement.targets[1].targets.resolution, std::chrono::minutes(90));
    EXPECT_FALSE(gold.agreement.targets[1].targets.first_response);
    ASSERT_EQ(gold.agreement.grade_overrides.at("vip").size(), 1u);
    EXPECT_EQ(gold.agreement.grade_overrides.at("vip")[0].targets.first_response, std::chrono::minutes(10));
    EXPECT_FALSE(gold.group);

    const AgreementSpec& desk = document->agreements[1];
    EXPECT_EQ(desk.line, 17);
    EXPECT_EQ(desk.agreement.kind, sla::AgreementKind::kOla);
    EXPECT_EQ(desk.agreement.status, sla::AgreementStatus::kActive);  // the default
    EXPECT_EQ(desk.agreement.version, 1);
    EXPECT_EQ(desk.agreement.effective_from, UtcTime{});  // the default: 1970-01-01
    EXPECT_EQ(desk.agreement.warn_at_percent, (std::vector<int>{75, 90}));
    EXPECT_EQ(desk.group, "服务台 L1");
    EXPECT_EQ(AgreementLabel(desk.agreement), "ola desk v1");
}

std::string ErrorOf(const std::string& yaml) {
    auto document = ParsePolicyDocument(yaml);
    if (document) return "(parsed)";
    EXPECT_EQ(document.error().code(), ErrorCode::kInvalidArgument);
    return document.error().message();
}

// One agreement, with `extra` lines added to it (each indented four spaces).
std::string Sla(const std::string& extra, const std::string& targets = "[{priority: 1, resolution: 4h}]") {
    return "agreements:\n  - name: s\n    kind: sla\n    calendar: 24x7\n    targets: " + targets + "\n" + extra;
}

TEST(PolicyDocumentTest, AgreementErrorsNameTheLine) {
    EXPECT_EQ(ErrorOf(Sla("    kind2: x\n")), "line 6: unknown key 'kind2' in agreement");
    EXPECT_EQ(ErrorOf("agreements:\n  - {name: s, kind: sla2, calendar: c, targets: []}\n"),
              "line 2: kind must be one of sla, ola, uc, not 'sla2'");
    EXPECT_EQ(ErrorOf("agreements:\n  - {name: s, calendar: c, targets: []}\n"),
              "line 2: agreement needs 'kind' (sla, ola or uc)");
    EXPECT_EQ(ErrorOf(Sla("    status: live\n")),
              "line 6: status must be one of draft, active, expired, superseded, not 'live'");
    EXPECT_EQ(ErrorOf(Sla("    version: 0\n")), "line 6: version must be between 1 and 1000000");
    EXPECT_EQ(ErrorOf(Sla("", "[]")), "line 5: targets must be a non-empty list of targets");
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 1}]")),
              "line 5: target for priority 1 needs first_response, next_update or resolution");
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 10, resolution: 1h}]")), "line 5: priority must be between 1 and 9");
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 1, resolution: 1h}, {priority: 1, resolution: 2h}]")),
              "line 5: targets: priority 1 given twice");
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 1, respond: 1h}]")), "line 5: unknown key 'respond' in target");
    EXPECT_EQ(ErrorOf(Sla("    effective_from: 2025-13-01\n")),
              "line 6: effective_from must be a date (2025-01-01, UTC) or an instant (2025-01-01T00:00:00+08:00), "
              "not '2025-13-01'");
    EXPECT_EQ(ErrorOf(Sla("    effective_from: 2025-01-01\n    effective_to: 2024-12-31\n")),
              "line 7: effective_to must be after effective_from");
    EXPECT_EQ(ErrorOf(Sla("    warn_at: [90, 75]\n")), "line 6: warn_at must be in ascending order");
    EXPECT_EQ(ErrorOf(Sla("    warn_at: [100]\n")), "line 6: warn_at entry must be between 1 and 99");
    EXPECT_EQ(ErrorOf(Sla("    group: desk\n")),
              "line 6: an SLA has no group (it is with customers); OLAs and UCs name one");
    EXPECT_EQ(ErrorOf(Sla("    covers: {regions: [north]}\n")), "line 6: unknown key 'regions' in covers");
    EXPECT_EQ(ErrorOf(Sla("    grade_overrides:\n      vip: [{priority: 2, resolution: 1h}]\n")),
              "line 7: grade_overrides.vip: priority 2 has no base target to override");
    EXPECT_EQ(ErrorOf(Sla("  - {name: s, kind: sla, calendar: c, targets: [{priority: 1, resolution: 1h}]}\n")),
              "line 6: agreement sla s v1 is given twice");
    EXPECT_EQ(ErrorOf(Sla("  - {name: s, kind: ola, group: g, calendar: c, targets: [{priority: 1, resolution: "
                          "1h}]}\n")),
              "(parsed)");  // another kind may share the name
    EXPECT_EQ(ErrorOf("agreements:\n  - {name: o, kind: ola, calendar: c, targets: [{priority: 1, resolution: 1h}]}\n"),
              "line 2: an OLA or UC needs 'group' (an internal group for an OLA, a supplier group for a UC)");
    EXPECT_EQ(ErrorOf("agreements:\n  - name: u\n    kind: uc\n    group: g\n    calendar: c\n"
                      "    covers: {organisations: [Acme]}\n    targets: [{priority: 1, resolution: 1h}]\n"),
              "line 6: unknown key 'organisations' in covers of an OLA or UC (it covers services only)");
    EXPECT_EQ(ErrorOf("agreements: {name: s}\n"), "line 1: agreements must be a list");
}

TEST(PolicyDocumentTest, DurationsNeedAUnitAndNoDays) {
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 1, resolution: 240}]")),
              "line 5: resolution needs a unit: write 15m, 4h or 4h30m, not '240'");
    EXPECT_TRUE(ErrorOf(Sla("", "[{priority: 1, resolution: 2d}]"))
                    .starts_with("line 5: resolution: bad duration \"2d\": days are ambiguous in working time"));
    EXPECT_TRUE(ErrorOf(Sla("", "[{priority: 1, first_response: 1.5h}]")).starts_with("line 5: first_response: "));
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 1, resolution: 0h}]")), "line 5: resolution must be longer than zero");
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 1, resolution: 4h30m}]")), "(parsed)");
    EXPECT_EQ(ErrorOf(Sla("", "[{priority: 1, resolution: 45s}]")), "(parsed)");
}

TEST(PolicyDocumentTest, CalendarsUseTheCalendarParserAndAreCheckedWithTheirLine) {
    auto document = ParsePolicyDocument(R"(groups: [{name: g}]
calendars:
  - name: office
    timezone: Asia/Shanghai
    week: {mon: ["09:00-12:00", "13:00-18:00"]}
    holidays: ["2025-01-28"]
    workdays: ["2025-01-26", {date: "2025-02-08", hours: ["09:00-12:00"]}, {date: "2025-02-09", like: mon}]
    include: [CN]
  - name: always
    week: 24x7
)");
    ASSERT_TRUE(document) << document.error().message();
    ASSERT_EQ(document->calendars.size(), 2u);
    EXPECT_EQ(document->calendar_lines, (std::vector<int>{3, 9}));
    const sla::CalendarSpec& office = document->calendars[0];
    EXPECT_EQ(office.week[0].size(), 2u);
    EXPECT_EQ(office.exceptions.workdays.size(), 3u);
    EXPECT_EQ(office.exceptions.workdays[2].like_weekday, 0);
    EXPECT_EQ(office.includes, std::vector<std::string>{"CN"});
    EXPECT_EQ(document->calendars[1].time_zone, "UTC");

    EXPECT_EQ(ErrorOf("calendars:\n  - name: x\n    week: {mon: [\"09:00-08:00\"]}\n").substr(0, 26),
              "line 3: calendars[0].week.");
    EXPECT_EQ(ErrorOf("calendars:\n  - name: x\n    timezone: Mars/Olympus\n    week: 24x7\n"),
              "line 3: calendars[0].timezone: unknown time zone \"Mars/Olympus\"");
    EXPECT_EQ(ErrorOf("calendars:\n  - {name: a, week: 24x7}\n  - name: empty\n    holidays: [\"2025-01-01\"]\n"),
              "line 3: calendar empty: week: the calendar has no working hours");
    EXPECT_EQ(ErrorOf("calendars:\n  - {name: 24x7, week: 24x7}\n"),
              "line 2: calendar name '24x7' is built in (always open, UTC); choose another name");
    EXPECT_EQ(ErrorOf("calendars:\n  - {name: a, week: 24x7}\n  - {name: a, week: 24x7}\n"),
              "line 3: calendars[1]: duplicate name \"a\"");
}

TEST(PolicyDocumentTest, EmptyDocumentChangesNothing) {
    auto document = ParsePolicyDocument("");
    ASSERT_TRUE(document);
    EXPECT_TRUE(document->groups.empty());
    EXPECT_FALSE(document->priority_matrix);
    EXPECT_TRUE(document->calendars.empty());
    EXPECT_TRUE(document->agreements.empty());
}

}  // namespace
}  // namespace sladesk::service
