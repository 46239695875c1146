// AgreementBook: validation messages, the selection rules for SLA and OLA/UC, grade overrides, calendars.
#include "sla/agreement.hpp"

#include <gtest/gtest.h>

#include "sla_test_support.hpp"

namespace sladesk::sla {
namespace {

using namespace std::chrono_literals;
using testing::At;
using testing::CnOfficeSpec;

constexpr CalendarOptions kSmallTables{2024, 2026};  // the examples live there; compiles fast in Debug

Agreement Sla(std::string name, std::vector<PriorityTargets> targets = {{2, Targets{1h, 4h, 16h}}}) {
    Agreement agreement;
    agreement.name = std::move(name);
    agreement.status = AgreementStatus::kActive;
    agreement.calendar = "cn-office";
    agreement.effective_from = At("2025-01-01T00:00:00+08:00");
    agreement.targets = std::move(targets);
    return agreement;
}

Agreement GroupAgreement(std::string name, AgreementKind kind, std::int64_t group) {
    Agreement agreement = Sla(std::move(name), {{2, Targets{30min, std::nullopt, 8h}}});
    agreement.kind = kind;
    agreement.group = GroupId{group};
    return agreement;
}

TicketFacts Facts(std::string grade = "normal") {
    TicketFacts facts;
    facts.created_at = At("2025-01-27T17:00:00+08:00");
    facts.priority = 2;
    facts.organisation = OrganisationId{5};
    facts.customer_class = "enterprise";
    facts.customer_grade = std::move(grade);
    facts.service = ServiceId{9};
    return facts;
}

AgreementBook MustBook(std::vector<Agreement> agreements) {
    auto book = AgreementBook::Create({CnOfficeSpec()}, std::move(agreements), kSmallTables);
    EXPECT_TRUE(book.ok()) << (book.ok() ? "" : book.error().message());
    return book.ok() ? std::move(*book) : AgreementBook{};
}

// The error message of a book that must be rejected.
std::string Rejection(std::vector<Agreement> agreements, std::vector<CalendarSpec> calendars = {CnOfficeSpec()}) {
    auto book = AgreementBook::Create(std::move(calendars), std::move(agreements), kSmallTables);
    EXPECT_FALSE(book.ok());
    if (book.ok()) return "";
    EXPECT_TRUE(book.error().Is(ErrorCode::kInvalidArgument)) << book.error().message();
    return book.error().message();
}

TEST(AgreementBookTest, DefaultBookIsEmptyAndKnowsOnlyTheBuiltinCalendar) {
    AgreementBook book;
    EXPECT_TRUE(book.agreements().empty());
    EXPECT_TRUE(book.calendar_specs().empty());
    const Calendar* always = book.FindCalendar("24x7");
    ASSERT_NE(always, nullptr);
    EXPECT_EQ(always->AddWorkingTime(At("2025-01-28T23:00:00Z"), 2h), At("2025-01-29T01:00:00Z"));
    EXPECT_EQ(book.FindCalendar("cn-office"), nullptr);
    EXPECT_EQ(book.SelectSla(Facts()), nullptr);
}

TEST(AgreementBookTest, FindsItsCalendarsByName) {
    AgreementBook book = MustBook({Sla("gold")});
    ASSERT_EQ(book.calendar_specs().size(), 1u);
    const Calendar* office = book.FindCalendar("cn-office");
    ASSERT_NE(office, nullptr);
    // Mon 27 Jan 2025 17:00 + 2 h: 1 h that evening, then the Spring Festival (28 Jan - 4 Feb), then 5 Feb 09:00.
    EXPECT_EQ(office->AddWorkingTime(At("2025-01-27T17:00:00+08:00"), 2h), At("2025-02-05T10:00:00+08:00"));
    EXPECT_NE(book.FindCalendar("24x7"), nullptr);
    EXPECT_EQ(book.FindCalendar("nope"), nullptr);
}

TEST(AgreementBookTest, RejectionsNameTheAgreementOrCalendarAndTheField) {
    Agreement unknown_calendar = Sla("gold");
    unknown_calendar.calendar = "moon";
    EXPECT_EQ(Rejection({unknown_calendar}), "agreement 'gold' v1 (sla): calendar 'moon' is not defined");

    EXPECT_EQ(Rejection({Sla("gold"), Sla("gold")}), "agreement 'gold' v1 (sla): name, kind and version are defined twice");

    Agreement sla_with_group = Sla("gold");
    sla_with_group.group = GroupId{3};
    EXPECT_EQ(Rejection({sla_with_group}), "agreement 'gold' v1 (sla): group must be unset for an SLA");

    Agreement ola_without_group = GroupAgreement("desk", AgreementKind::kOla, 3);
    ola_without_group.group.reset();
    EXPECT_EQ(Rejection({ola_without_group}), "agreement 'desk' v1 (ola): group is required for an OLA or UC");

    EXPECT_EQ(Rejection({Sla("gold", {{0, Targets{1h, 1h, 1h}}})}),
              "agreement 'gold' v1 (sla): targets: priority must be >= 1, got 0");
    EXPECT_EQ(Rejection({Sla("gold", {{1, Targets{1h, 1h, 1h}}, {1, Targets{}}})}),
              "agreement 'gold' v1 (sla): targets[priority 1]: priority listed twice");
    EXPECT_EQ(Rejection({Sla("gold", {{1, Targets{1h, 0s, 1h}}})}),
              "agreement 'gold' v1 (sla): targets[priority 1].next_update: target must be > 0 seconds, got 0");

    Agreement bad_override = Sla("gold");
    bad_override.grade_overrides["vip"] = {{2, Targets{std::nullopt, std::nullopt, -5s}}};
    EXPECT_EQ(Rejection({bad_override}),
              "agreement 'gold' v1 (sla): grade_overrides[vip][priority 2].resolution: target must be > 0 seconds, "
              "got -5");

    Agreement descending = Sla("gold");
    descending.warn_at_percent = {90, 75};
    EXPECT_EQ(Rejection({descending}), "agreement 'gold' v1 (sla): warn_at_percent must be strictly ascending");
    Agreement hundred = Sla("gold");
    hundred.warn_at_percent = {100};
    EXPECT_EQ(Rejection({hundred}), "agreement 'gold' v1 (sla): warn_at_percent: 100 is not in 1..99");

    Agreement backwards = Sla("gold");
    backwards.effective_to = backwards.effective_from;
    EXPECT_EQ(Rejection({backwards}), "agreement 'gold' v1 (sla): effective_to must be after effective_from");

    CalendarSpec twice = CnOfficeSpec();
    EXPECT_EQ(Rejection({}, {CnOfficeSpec(), twice}), "calendar 'cn-office': name is defined twice");
    CalendarSpec reserved = CnOfficeSpec();
    reserved.name = "24x7";
    EXPECT_EQ(Rejection({}, {reserved}), "calendar '24x7': name is reserved for the built-in always-open calendar");
    CalendarSpec bad_zone = CnOfficeSpec();
    bad_zone.time_zone = "Mars/Olympus";
    EXPECT_TRUE(Rejection({}, {bad_zone}).starts_with("calendar 'cn-office': ")) << Rejection({}, {bad_zone});
}

TEST(AgreementBookTest, SameNameIsFineAcrossKindsAndVersions) {
    Agreement v2 = Sla("gold");
    v2.version = 2;
    Agreement ola = GroupAgreement("gold", AgreementKind::kOla, 3);
    Agreement on_24x7 = Sla("silver");
    on_24x7.calendar = "24x7";
    EXPECT_TRUE(AgreementBook::Create({CnOfficeSpec()}, {Sla("gold"), v2, ola, on_24x7}, kSmallTables).ok());
}

TEST(AgreementBookTest, SelectsTheMostSpecificActiveSlaInItsPeriod) {
    Agreement any = Sla("any");
    Agreement for_org = Sla("org");
    for_org.scope.organisations = {OrganisationId{5}};
    Agreement for_org_and_service = Sla("org-service");
    for_org_and_service.scope.organisations = {OrganisationId{5}};
    for_org_and_service.scope.services = {ServiceId{9}, ServiceId{10}};
    Agreement other_org = Sla("other-org");
    other_org.scope.organisations = {OrganisationId{6}};
    other_org.scope.services = {ServiceId{9}};
    other_org.scope.customer_classes = {"enterprise"};
    Agreement draft = Sla("draft");
    draft.status = AgreementStatus::kDraft;
    draft.scope.organisations = {OrganisationId{5}};
    draft.scope.services = {ServiceId{9}};
    draft.scope.customer_grades = {"normal"};
    AgreementBook book = MustBook({any, for_org, for_org_and_service, other_org, draft});

    const Agreement* chosen = book.SelectSla(Facts());
    ASSERT_NE(chosen, nullptr);
    EXPECT_EQ(chosen->name, "org-service");

    TicketFacts without_service = Facts();
    without_service.service.reset();
    EXPECT_EQ(book.SelectSla(without_service)->name, "org");
    TicketFacts without_org = without_service;
    without_org.organisation.reset();
    EXPECT_EQ(book.SelectSla(without_org)->name, "any");
}

TEST(AgreementBookTest, EffectivePeriodIsHalfOpenOnCreatedAt) {
    Agreement old_terms = Sla("old");
    old_terms.effective_to = At("2025-01-27T17:00:00+08:00");
    Agreement new_terms = Sla("new");
    new_terms.effective_from = At("2025-01-27T17:00:00+08:00");
    AgreementBook book = MustBook({old_terms, new_terms});
    EXPECT_EQ(book.SelectSla(Facts())->name, "new");
    TicketFacts earlier = Facts();
    earlier.created_at -= 1s;
    EXPECT_EQ(book.SelectSla(earlier)->name, "old");
    earlier.created_at = At("2024-12-31T23:59:59+08:00");
    EXPECT_EQ(book.SelectSla(earlier), nullptr);
}

TEST(AgreementBookTest, TiesGoToLaterStartThenHigherVersionThenName) {
    Agreement early = Sla("a-early");
    Agreement late = Sla("z-late");
    late.effective_from = At("2025-01-10T00:00:00+08:00");
    EXPECT_EQ(MustBook({early, late}).SelectSla(Facts())->name, "z-late");

    Agreement v1 = Sla("gold");
    Agreement v3 = Sla("gold");
    v3.version = 3;
    EXPECT_EQ(MustBook({v3, v1}).SelectSla(Facts())->version, 3);
    EXPECT_EQ(MustBook({v1, v3}).SelectSla(Facts())->version, 3);

    EXPECT_EQ(MustBook({Sla("bronze"), Sla("alpha")}).SelectSla(Facts())->name, "alpha");
}

TEST(AgreementBookTest, SelectsTheGroupAgreementOfTheGroup) {
    Agreement desk = GroupAgreement("desk", AgreementKind::kOla, 3);
    Agreement network_any = GroupAgreement("network-any", AgreementKind::kOla, 4);
    Agreement network_mail = GroupAgreement("network-mail", AgreementKind::kOla, 4);
    network_mail.scope.services = {ServiceId{9}};
    Agreement supplier = GroupAgreement("supplier", AgreementKind::kUc, 7);
    Agreement expired = GroupAgreement("supplier-old", AgreementKind::kUc, 7);
    expired.status = AgreementStatus::kExpired;
    expired.version = 9;
    AgreementBook book = MustBook({Sla("gold"), desk, network_any, network_mail, supplier, expired});

    EXPECT_EQ(book.SelectGroupAgreement(GroupId{3}, Facts())->name, "desk");
    EXPECT_EQ(book.SelectGroupAgreement(GroupId{4}, Facts())->name, "network-mail");
    TicketFacts other_service = Facts();
    other_service.service = ServiceId{1};
    EXPECT_EQ(book.SelectGroupAgreement(GroupId{4}, other_service)->name, "network-any");
    const Agreement* uc = book.SelectGroupAgreement(GroupId{7}, Facts());
    ASSERT_NE(uc, nullptr);
    EXPECT_EQ(uc->kind, AgreementKind::kUc);
    EXPECT_EQ(book.SelectGroupAgreement(GroupId{8}, Facts()), nullptr);
}

TEST(AgreementBookTest, GradeOverridesReplaceFieldByField) {
    Agreement gold = Sla("gold", {{1, Targets{30min, 2h, 8h}}, {2, Targets{1h, 4h, 16h}}});
    gold.grade_overrides["vip"] = {{2, Targets{15min, std::nullopt, 8h}}, {3, Targets{std::nullopt, std::nullopt, 1h}}};

    EXPECT_EQ(AgreementBook::TargetsFor(gold, 2, "normal"), (Targets{1h, 4h, 16h}));
    EXPECT_EQ(AgreementBook::TargetsFor(gold, 2, ""), (Targets{1h, 4h, 16h}));
    EXPECT_EQ(AgreementBook::TargetsFor(gold, 2, "vip"), (Targets{15min, 4h, 8h}));
    EXPECT_EQ(AgreementBook::TargetsFor(gold, 1, "vip"), (Targets{30min, 2h, 8h}));
    // Priority 3 has no base targets; the override alone applies.
    EXPECT_EQ(AgreementBook::TargetsFor(gold, 3, "vip"), (Targets{std::nullopt, std::nullopt, 1h}));
    EXPECT_EQ(AgreementBook::TargetsFor(gold, 4, "vip"), Targets{});

    Targets targets = AgreementBook::TargetsFor(gold, 2, "vip");
    EXPECT_EQ(targets.For(ClockTarget::kFirstResponse), 15min);
    EXPECT_EQ(targets.For(ClockTarget::kNextUpdate), 4h);
    EXPECT_EQ(targets.For(ClockTarget::kResolution), 8h);
}

}  // namespace
}  // namespace sladesk::sla
