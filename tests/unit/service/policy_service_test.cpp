// PolicyService (apply and read) against a real SQLite store, and the policy's JSON encoding.
#include "service/policy_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/sla_service.hpp"
#include "store/auth_repo.hpp"
#include "store/directory_repo.hpp"
#include "store/job_repo.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::service {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kDirectory = R"(
organisations: [Acme]
groups:
  - {name: desk, kind: desk}
  - {name: apps, kind: team}
  - {name: vendor, kind: supplier}
services:
  - {code: web, name: Web, owner_group: apps}
)";

constexpr const char* kAgreements = R"(
calendars:
  - name: office
    timezone: Asia/Shanghai
    week: {mon: ["09:00-12:00", "13:00-18:00"], tue: ["09:00-18:00"]}
    include: [CN]
agreements:
  - name: standard
    kind: sla
    calendar: office
    covers: {organisations: [Acme], services: [web], customer_grades: [vip]}
    targets: [{priority: 1, first_response: 15m, resolution: 4h}]
    grade_overrides:
      vip: [{priority: 1, resolution: 2h}]
  - name: apps
    kind: ola
    group: apps
    calendar: office
    targets: [{priority: 1, resolution: 2h}]
  - name: vendor
    kind: uc
    group: vendor
    calendar: 24x7
    covers: {services: [web]}
    targets: [{priority: 1, resolution: 1h}]
)";

class PolicyServiceTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        dir_ = std::filesystem::temp_directory_path() /
               ("sladesk-policy-service-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store::StoreOptions options;
        options.data_dir = dir_.string();
        auto opened = store::OpenStore(options);
        ASSERT_TRUE(opened) << opened.error().message();
        store_ = std::move(*opened);
        policy_ = std::make_unique<PolicyService>(*store_, clock_, &cache_);
    }

    void TearDown() override {
        policy_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    Result<ApplySummary> ApplyText(const std::string& yaml) {
        auto document = ParsePolicyDocument(yaml);
        if (!document) return document.error();
        return policy_->ApplyAsSystem(*document);
    }

    std::shared_ptr<const PolicyInForce> Current() {
        auto current = policy_->Current();
        EXPECT_TRUE(current) << current.error().message();
        return current ? *current : nullptr;
    }

    /// Pending sla_recompute jobs.
    std::int64_t RecomputeJobs() {
        std::int64_t pending = 0;
        EXPECT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(auto counts, store::JobRepo::Counts(db));
            for (const auto& count : counts) {
                const bool recompute = count.kind == kSlaRecomputeJob && count.state == store::JobState::kPending;
                if (recompute) pending += count.count;
            }
            return OkStatus();
        }));
        return pending;
    }

    std::vector<std::string> GroupNames() {
        std::vector<std::string> names;
        EXPECT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(auto groups, store::DirectoryRepo::ListGroups(db));
            for (const Group& group : groups) names.push_back(group.name);
            return OkStatus();
        }));
        return names;
    }

    std::filesystem::path dir_;
    testing::FakeClock clock_;
    PolicyCache cache_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<PolicyService> policy_;
};

const sla::Agreement* Find(const Policy& policy, sla::AgreementKind kind, const std::string& name, int version = 1) {
    for (const sla::Agreement& agreement : policy.agreements) {
        if (agreement.kind == kind && agreement.name == name && agreement.version == version) return &agreement;
    }
    return nullptr;
}

TEST_F(PolicyServiceTest, DefaultsBeforeAnyApply) {
    auto current = Current();
    ASSERT_TRUE(current);
    EXPECT_EQ(current->revision, 0);
    EXPECT_TRUE(current->policy.agreements.empty());
    EXPECT_NE(current->book.FindCalendar("24x7"), nullptr);
}

TEST_F(PolicyServiceTest, NamesDefinedEarlierInTheSameDocumentResolve) {
    auto summary = ApplyText(std::string(kDirectory) + kAgreements);
    ASSERT_TRUE(summary) << summary.error().message();
    const std::vector<std::string> tail(summary->applied.end() - 4, summary->applied.end());
    EXPECT_EQ(tail, (std::vector<std::string>{"calendar office", "agreement sla standard v1", "agreement ola apps v1",
                                              "agreement uc vendor v1"}));

    auto current = Current();
    ASSERT_TRUE(current);
    EXPECT_EQ(current->revision, 1);
    const Policy& policy = current->policy;
    ASSERT_EQ(policy.calendars.size(), 1u);
    EXPECT_NE(current->book.FindCalendar("office"), nullptr);
    const sla::Agreement* standard = Find(policy, sla::AgreementKind::kSla, "standard");
    ASSERT_NE(standard, nullptr);
    EXPECT_EQ(standard->scope.organisations, std::vector<OrganisationId>{OrganisationId{1}});
    EXPECT_EQ(standard->scope.services, std::vector<ServiceId>{ServiceId{1}});
    EXPECT_EQ(standard->status, sla::AgreementStatus::kActive);
    const sla::Agreement* apps = Find(policy, sla::AgreementKind::kOla, "apps");
    ASSERT_NE(apps, nullptr);
    EXPECT_EQ(apps->group, GroupId{2});
    EXPECT_EQ(Find(policy, sla::AgreementKind::kUc, "vendor")->group, GroupId{3});

    // The book in force selects by the resolved ids.
    sla::TicketFacts facts;
    facts.created_at = clock_.Now();
    facts.priority = 1;
    facts.organisation = OrganisationId{1};
    facts.service = ServiceId{1};
    facts.customer_grade = "vip";
    const sla::Agreement* selected = current->book.SelectSla(facts);
    ASSERT_NE(selected, nullptr);
    EXPECT_EQ(selected->name, "standard");
    EXPECT_EQ(sla::AgreementBook::TargetsFor(*selected, 1, "vip").resolution, hours(2));
    const sla::Agreement* vendor = current->book.SelectGroupAgreement(GroupId{3}, facts);
    ASSERT_NE(vendor, nullptr);
    EXPECT_EQ(vendor->name, "vendor");
}

TEST_F(PolicyServiceTest, ReapplyReplacesByNameAndVersionAndDeletesNothing) {
    ASSERT_TRUE(ApplyText(std::string(kDirectory) + kAgreements));
    auto first = Current();
    auto summary = ApplyText(R"(
calendars:
  - {name: office, timezone: Asia/Shanghai, week: 24x7}
  - {name: night, week: {mon: ["00:00-08:00"]}}
agreements:
  - {name: apps, kind: ola, group: apps, calendar: night, targets: [{priority: 1, resolution: 3h}]}
  - {name: standard, kind: sla, version: 2, calendar: office, effective_from: 2026-01-01,
     targets: [{priority: 1, resolution: 3h}]}
)");
    ASSERT_TRUE(summary) << summary.error().message();
    EXPECT_EQ(summary->applied, (std::vector<std::string>{"calendar office", "calendar night", "agreement ola apps v1",
                                                          "agreement sla standard v2"}));
    auto second = Current();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->revision, first->revision + 1);
    const Policy& policy = second->policy;
    ASSERT_EQ(policy.calendars.size(), 2u);
    EXPECT_EQ(policy.calendars[0].name, "office");
    EXPECT_EQ(policy.calendars[0].week, sla::AlwaysOpenWeek());  // replaced
    EXPECT_EQ(policy.agreements.size(), 4u);                     // apps replaced, standard v2 added
    EXPECT_EQ(Find(policy, sla::AgreementKind::kOla, "apps")->calendar, "night");
    EXPECT_EQ(Find(policy, sla::AgreementKind::kSla, "standard", 1)->targets[0].targets.resolution, hours(4));
    EXPECT_EQ(Find(policy, sla::AgreementKind::kSla, "standard", 2)->targets[0].targets.resolution, hours(3));
    // Untouched parts of the policy stay.
    EXPECT_EQ(policy.customer_grades, first->policy.customer_grades);
}

TEST_F(PolicyServiceTest, APolicyChangeQueuesTheClockRecomputeInTheSameTransaction) {
    ASSERT_TRUE(ApplyText(kDirectory));
    EXPECT_EQ(RecomputeJobs(), 0);  // groups and services alone leave the policy as it is
    ASSERT_FALSE(ApplyText("calendars: [{name: office, week: 24x7}]\nagreements: [{name: s, kind: sla, calendar: x, "
                           "targets: [{priority: 1, resolution: 1h}]}]\n"));
    EXPECT_EQ(RecomputeJobs(), 0);  // rolled back with the failed apply
    ASSERT_TRUE(ApplyText(std::string(kAgreements)));
    EXPECT_EQ(RecomputeJobs(), 1);
}

TEST_F(PolicyServiceTest, CurrentIsCompiledOncePerRevision) {
    ASSERT_TRUE(ApplyText(std::string(kDirectory) + kAgreements));
    auto a = Current();
    auto b = Current();
    EXPECT_EQ(a.get(), b.get());
    ASSERT_TRUE(ApplyText("auto_close_working_days: 5\n"));
    auto c = Current();
    EXPECT_NE(a.get(), c.get());
    EXPECT_EQ(c->policy.auto_close_working_days, 5);
    EXPECT_EQ(c->policy.agreements.size(), 3u);
}

TEST_F(PolicyServiceTest, GroupKindMustSuitTheAgreementAndFailuresStoreNothing) {
    ASSERT_TRUE(ApplyText(kDirectory));
    const auto groups_before = GroupNames();
    auto ola = ApplyText(R"(groups: [{name: fresh, kind: team}]
agreements:
  - name: wrong
    kind: ola
    group: vendor
    calendar: 24x7
    targets: [{priority: 1, resolution: 1h}]
)");
    ASSERT_FALSE(ola);
    EXPECT_EQ(ola.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(ola.error().message(),
              "line 3: agreement ola wrong v1: group 'vendor' is a supplier; an OLA is with an internal group (desk "
              "or team), a supplier's promise is a UC");
    EXPECT_EQ(GroupNames(), groups_before);  // 'fresh' was rolled back with the rest
    EXPECT_EQ(Current()->revision, 0);

    auto uc = ApplyText("agreements:\n  - {name: u, kind: uc, group: desk, calendar: 24x7, "
                        "targets: [{priority: 1, resolution: 1h}]}\n");
    ASSERT_FALSE(uc);
    EXPECT_EQ(uc.error().message(),
              "line 2: agreement uc u v1: group 'desk' is not a supplier; a UC is with a supplier group, an internal "
              "group's promise is an OLA");
}

TEST_F(PolicyServiceTest, UnresolvedNamesAreErrorsWithTheLine) {
    ASSERT_TRUE(ApplyText(kDirectory));
    const std::string head = "agreements:\n  - name: s\n    kind: sla\n    targets: [{priority: 1, resolution: 1h}]\n";
    EXPECT_EQ(ApplyText(head + "    calendar: office\n").error().message(),
              "line 2: agreement sla s v1: no calendar 'office' (define it under calendars: in this file or an "
              "earlier one, or use 24x7)");
    EXPECT_EQ(ApplyText(head + "    calendar: 24x7\n    covers: {services: [mail]}\n").error().message(),
              "line 2: agreement sla s v1: no service 'mail'");
    EXPECT_EQ(ApplyText(head + "    calendar: 24x7\n    covers: {organisations: [Globex]}\n").error().message(),
              "line 2: agreement sla s v1: no organisation 'Globex'");
    EXPECT_EQ(ApplyText("agreements:\n  - {name: o, kind: ola, group: nobody, calendar: 24x7, "
                        "targets: [{priority: 1, resolution: 1h}]}\n")
                  .error()
                  .message(),
              "line 2: agreement ola o v1: no group 'nobody'");
    // A calendar applied before is found.
    ASSERT_TRUE(ApplyText("calendars: [{name: office, week: 24x7}]\n"));
    EXPECT_TRUE(ApplyText(head + "    calendar: office\n"));
}

TEST_F(PolicyServiceTest, CustomerClassesAndGradesMustBeDefined) {
    ASSERT_TRUE(ApplyText(kDirectory));
    const std::string head = "agreements:\n  - name: s\n    kind: sla\n    calendar: 24x7\n"
                             "    targets: [{priority: 1, resolution: 1h}]\n";
    EXPECT_EQ(ApplyText(head + "    covers: {customer_classes: [gold]}\n").error().message(),
              "agreement sla s v1: customer class 'gold' is not one of: residential, commercial, enterprise");
    EXPECT_EQ(ApplyText(head + "    grade_overrides: {platinum: [{priority: 1, resolution: 30m}]}\n").error().message(),
              "agreement sla s v1: grade_overrides grade 'platinum' is not one of: vip, important, normal");
    // The same document may add the grade it uses.
    EXPECT_TRUE(ApplyText("customer_grades: [platinum, normal]\n" + head +
                          "    grade_overrides: {platinum: [{priority: 1, resolution: 30m}]}\n"));
    // A grade still in use cannot be dropped.
    EXPECT_EQ(ApplyText("customer_grades: [normal]\n").error().message(),
              "agreement sla s v1: grade_overrides grade 'platinum' is not one of: normal");
}

TEST_F(PolicyServiceTest, OnlyAdminsApply) {
    auto document = ParsePolicyDocument(kDirectory);
    ASSERT_TRUE(document);
    Actor agent;
    agent.id = UserId{1};
    agent.role = Role::kServiceLevelManager;
    EXPECT_EQ(policy_->Apply(agent, *document).error().code(), ErrorCode::kPermissionDenied);
    agent.role = Role::kAdmin;
    EXPECT_TRUE(policy_->Apply(agent, *document));
}

TEST_F(PolicyServiceTest, AServiceWithoutACacheKeepsItsOwn) {
    PolicyService standalone(*store_, clock_);
    ASSERT_TRUE(standalone.ApplyAsSystem(*ParsePolicyDocument(std::string(kDirectory) + kAgreements)));
    auto current = standalone.Current();
    ASSERT_TRUE(current) << current.error().message();
    EXPECT_EQ((*current)->policy.agreements.size(), 3u);
}

TEST_F(PolicyServiceTest, TheExampleFileApplies) {
    std::ifstream in(std::string(SLADESK_SOURCE_DIR) + "/examples/policy.yaml");
    std::stringstream text;
    text << in.rdbuf();
    auto summary = ApplyText(text.str());
    ASSERT_TRUE(summary) << summary.error().message();
    auto current = Current();
    ASSERT_TRUE(current);
    EXPECT_EQ(current->policy.calendars.size(), 2u);
    EXPECT_GE(current->policy.agreements.size(), 6u);
    // Applying it again changes nothing but the revision.
    ASSERT_TRUE(ApplyText(text.str()));
    EXPECT_EQ(Current()->policy.agreements, current->policy.agreements);
}

// --- pure parts: names without a database, the JSON encoding ---

TEST(PolicyMergeTest, SyntheticNamesNumberEveryDefinitionAcrossFiles) {
    DirectoryNames names;
    AddSyntheticNames(*ParsePolicyDocument(kDirectory), names);
    EXPECT_EQ(names.organisations.at("Acme"), OrganisationId{1});
    EXPECT_EQ(names.services.at("web"), ServiceId{2});
    EXPECT_EQ(names.groups.at("desk").id, GroupId{3});
    EXPECT_EQ(names.groups.at("vendor").kind, GroupKind::kSupplier);
    AddSyntheticNames(*ParsePolicyDocument("groups: [{name: desk, kind: team}, {name: night, kind: desk}]\n"), names);
    EXPECT_EQ(names.groups.at("desk").id, GroupId{3});  // kept
    EXPECT_EQ(names.groups.at("desk").kind, GroupKind::kTeam);
    EXPECT_EQ(names.groups.at("night").id, GroupId{6});

    Policy policy;
    std::vector<std::string> applied;
    ASSERT_TRUE(MergeIntoPolicy(*ParsePolicyDocument(std::string(kDirectory) + kAgreements), names, policy, applied));
    EXPECT_EQ(applied.size(), 4u);  // directory items are not the policy's
    auto book = sla::AgreementBook::Create(policy.calendars, policy.agreements);
    ASSERT_TRUE(book) << book.error().message();
    EXPECT_EQ(book->agreements().size(), 3u);
}

Policy FullPolicy() {
    Policy policy;
    policy.customer_grades = {"vip", "normal"};
    policy.auto_close_working_days = 4;
    sla::CalendarSpec office;
    office.name = "office";
    office.time_zone = "Asia/Shanghai";
    office.week[0] = {{hours(9), hours(12)}, {hours(13), hours(18)}};
    office.week[5] = {{std::chrono::seconds(32405), std::chrono::seconds(86400)}};  // odd seconds survive
    office.exceptions.holidays = {date::local_days{date::year{2025} / 1 / 28}};
    office.exceptions.workdays = {
        {date::local_days{date::year{2025} / 1 / 26}, std::nullopt, std::nullopt},
        {date::local_days{date::year{2025} / 2 / 8}, sla::DayHours{{hours(9), hours(12)}}, std::nullopt},
        {date::local_days{date::year{2025} / 2 / 9}, std::nullopt, 4},
    };
    office.includes = {"CN"};
    policy.calendars.push_back(office);
    sla::CalendarSpec plain;
    plain.name = "plain";
    plain.week = sla::AlwaysOpenWeek();
    policy.calendars.push_back(plain);

    sla::Agreement sla;
    sla.name = "标准 SLA";
    sla.version = 7;
    sla.status = sla::AgreementStatus::kSuperseded;
    sla.calendar = "office";
    sla.effective_from = FromEpochSeconds(1735660800);
    sla.effective_to = FromEpochSeconds(1767196800);
    sla.scope = {{OrganisationId{3}}, {"enterprise"}, {"vip"}, {ServiceId{4}, ServiceId{5}}};
    sla.targets = {{1, {minutes(15), hours(1), hours(4)}}, {2, {std::nullopt, std::nullopt, std::chrono::seconds(1)}}};
    sla.grade_overrides["vip"] = {{1, {minutes(10), std::nullopt, std::nullopt}}};
    sla.warn_at_percent = {50, 99};
    policy.agreements.push_back(sla);
    sla::Agreement uc;
    uc.name = "vendor";
    uc.kind = sla::AgreementKind::kUc;
    uc.status = sla::AgreementStatus::kDraft;
    uc.calendar = "24x7";
    uc.group = GroupId{9};
    uc.targets = {{3, {std::nullopt, std::nullopt, hours(72)}}};
    uc.warn_at_percent = {};
    policy.agreements.push_back(uc);
    return policy;
}

TEST(PolicyCodecTest, RoundTripIsExact) {
    const Policy policy = FullPolicy();
    auto decoded = DecodePolicy(EncodePolicy(policy));
    ASSERT_TRUE(decoded) << decoded.error().message();
    ASSERT_EQ(decoded->calendars.size(), 2u);
    for (std::size_t index = 0; index < policy.calendars.size(); ++index) {
        const sla::CalendarSpec& want = policy.calendars[index];
        const sla::CalendarSpec& got = decoded->calendars[index];
        EXPECT_EQ(got.name, want.name);
        EXPECT_EQ(got.time_zone, want.time_zone);
        EXPECT_EQ(got.week, want.week);
        EXPECT_EQ(got.exceptions.holidays, want.exceptions.holidays);
        EXPECT_EQ(got.exceptions.workdays, want.exceptions.workdays);
        EXPECT_EQ(got.includes, want.includes);
    }
    EXPECT_EQ(decoded->agreements, policy.agreements);
    EXPECT_EQ(decoded->customer_grades, policy.customer_grades);
    EXPECT_EQ(decoded->auto_close_working_days, 4);
    EXPECT_EQ(EncodePolicy(*decoded), EncodePolicy(policy));
}

TEST(PolicyCodecTest, PoliciesStoredBeforeAgreementsStillDecode) {
    const std::string old = R"({"priority_matrix":{"impacts":["a"],"urgencies":["b"],"cells":[[1]],"grade_raise":{}},
        "customer_classes":["c"],"customer_grades":["g"],"auto_close_working_days":3})";
    auto decoded = DecodePolicy(old);
    ASSERT_TRUE(decoded) << decoded.error().message();
    EXPECT_TRUE(decoded->calendars.empty());
    EXPECT_TRUE(decoded->agreements.empty());
}

TEST(PolicyCodecTest, DamagedAgreementsAreInternalErrors) {
    std::string text = EncodePolicy(FullPolicy());
    const auto kind = text.find("\"kind\":\"uc\"");
    ASSERT_NE(kind, std::string::npos);
    text.replace(kind, 11, "\"kind\":\"xx\"");
    auto decoded = DecodePolicy(text);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code(), ErrorCode::kInternal);
    EXPECT_EQ(decoded.error().message(), "stored policy is damaged: unknown agreement kind 'xx'");
    EXPECT_EQ(DecodePolicy(R"({"priority_matrix":{}})").error().code(), ErrorCode::kInternal);
}

TEST(PolicyCodecTest, SaveRefusesAnInvalidBook) {
    Policy policy = FullPolicy();
    policy.agreements[0].calendar = "missing";
    // SavePolicy validates before touching the database; CompilePolicy shares the same check.
    auto compiled = CompilePolicy(policy, 1);
    ASSERT_FALSE(compiled);
    EXPECT_EQ(compiled.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace sladesk::service
