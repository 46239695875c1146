// Clocks on real tickets: TicketService and SlaService against a real SQLite store, with a fake clock, the CN
// calendar with a lunch break, and the 2025 Spring Festival (28 Jan - 4 Feb off; Sun 26 Jan and Sat 8 Feb worked).
#include "service/sla_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/clock_keeper.hpp"
#include "service/policy_service.hpp"
#include "service/ticket_service.hpp"
#include "store/job_repo.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::service {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kPolicy = R"(
groups:
  - {name: desk, kind: desk}
  - {name: apps, kind: team}
  - {name: vendor, kind: supplier}
services:
  - {code: web, name: Web, owner_group: apps}
calendars:
  - name: office
    timezone: Asia/Shanghai
    week:
      mon: ["09:00-12:00", "13:00-18:00"]
      tue: ["09:00-12:00", "13:00-18:00"]
      wed: ["09:00-12:00", "13:00-18:00"]
      thu: ["09:00-12:00", "13:00-18:00"]
      fri: ["09:00-12:00", "13:00-18:00"]
    include: [CN]
agreements:
  - name: standard
    kind: sla
    calendar: office
    targets:
      - {priority: 2, first_response: 30m, next_update: 2h, resolution: 8h}
      - {priority: 3, first_response: 2h, next_update: 4h, resolution: 16h}
  - name: apps-ola
    kind: ola
    group: apps
    calendar: office
    targets:
      - {priority: 2, resolution: 4h}
      - {priority: 3, resolution: 8h}
  - name: vendor-uc
    kind: uc
    group: vendor
    calendar: 24x7
    targets:
      - {priority: 3, resolution: 4h}
)";

/// Shanghai wall time (UTC+8, no DST) as an instant.
UtcTime Cst(int month, int day, int hour, int minute = 0) {
    using namespace date;
    const auto local = sys_days{year{2025} / month / day} + hours{hour} + minutes{minute};
    return UtcTime{std::chrono::duration_cast<std::chrono::seconds>(local.time_since_epoch() - hours{8})};
}

class SlaServiceTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        dir_ = std::filesystem::temp_directory_path() /
               ("sladesk-sla-service-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store::StoreOptions options;
        options.data_dir = dir_.string();
        auto opened = store::OpenStore(options);
        ASSERT_TRUE(opened) << opened.error().message();
        store_ = std::move(*opened);
        clock_.Set(Cst(1, 27, 17));  // Monday 27 Jan 2025, 17:00: one working hour before the festival
        blobs_ = std::make_unique<BlobStore>(dir_.string() + "/attachments");
        tickets_ = std::make_unique<TicketService>(*store_, clock_, *blobs_, cache_);
        directory_ = std::make_unique<DirectoryService>(*store_, clock_, cache_);
        policy_ = std::make_unique<PolicyService>(*store_, clock_, &cache_);
        sla_ = std::make_unique<SlaService>(*store_, clock_, cache_);
        auto document = ParsePolicyDocument(kPolicy);
        ASSERT_TRUE(document) << document.error().message();
        auto applied = policy_->ApplyAsSystem(*document);
        ASSERT_TRUE(applied) << applied.error().message();
        customer_ = Make("customer", Role::kCustomer, {});
        agent_ = Make("agent", Role::kAgent, {"apps", "vendor"});
        manager_ = Make("slm", Role::kServiceLevelManager, {});
    }

    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    Actor Make(const std::string& login, Role role, std::vector<std::string> groups) {
        NewUser user;
        user.login = login;
        user.password = "password-" + login;
        user.role = role;
        user.groups = groups;
        auto created = directory_->CreateUserAsSystem(user);
        EXPECT_TRUE(created) << created.error().message();
        Actor actor;
        actor.id = created->id;
        actor.role = role;
        return actor;
    }

    Ticket Open() {
        NewTicket input;
        input.title = "cannot pay";
        input.description = "the payment page fails";
        input.service_id = ServiceId{1};
        auto created = tickets_->Create(customer_, input);
        EXPECT_TRUE(created) << created.error().message();
        return created->value;
    }

    void Patch(TicketId id, const TicketPatch& patch) {
        auto patched = tickets_->Patch(agent_, id, patch);
        ASSERT_TRUE(patched) << patched.error().message();
    }

    void SetStatus(TicketId id, TicketStatus status) {
        TicketPatch patch;
        patch.status = status;
        Patch(id, patch);
    }

    void Reply(const Actor& actor, TicketId id) {
        auto added = tickets_->AddArticle(actor, id, {"a message", false, Channel::kWeb, {}});
        ASSERT_TRUE(added) << added.error().message();
    }

    sla::ClockFigure Figure(const Actor& actor, TicketId id, sla::AgreementKind scope, sla::ClockTarget target) {
        auto clocks = tickets_->Clocks(actor, id);
        EXPECT_TRUE(clocks) << clocks.error().message();
        for (const auto& figure : *clocks) {
            if (figure.key.scope == scope && figure.key.target == target) return figure;
        }
        ADD_FAILURE() << "no " << sla::kClockTargetNames.Name(target) << " clock";
        return {};
    }

    sla::ClockFigure Sla(TicketId id, sla::ClockTarget target) {
        return Figure(agent_, id, sla::AgreementKind::kSla, target);
    }

    std::vector<store::DueJob> Jobs(TicketId id) {
        std::vector<store::DueJob> jobs;
        EXPECT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(jobs, store::JobRepo::OpenForTicket(db, id));
            return OkStatus();
        }));
        return jobs;
    }

    std::filesystem::path dir_;
    testing::FakeClock clock_;
    PolicyCache cache_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<TicketService> tickets_;
    std::unique_ptr<DirectoryService> directory_;
    std::unique_ptr<PolicyService> policy_;
    std::unique_ptr<SlaService> sla_;
    Actor customer_, agent_, manager_;
};

TEST_F(SlaServiceTest, ANewTicketGetsItsDeadlinesAcrossTheSpringFestival) {
    const Ticket ticket = Open();
    ASSERT_EQ(ticket.priority, 3);
    // 16 working hours: 17:00-18:00 on 27 Jan, then nothing until Wed 5 Feb; 8 h on the 5th, 7 h on the 6th.
    const auto resolution = Sla(ticket.id, sla::ClockTarget::kResolution);
    EXPECT_EQ(resolution.state, sla::ClockState::kRunning);
    EXPECT_EQ(resolution.due_at, Cst(2, 6, 17));
    EXPECT_EQ(resolution.agreement, "standard");
    EXPECT_EQ(Sla(ticket.id, sla::ClockTarget::kFirstResponse).due_at, Cst(2, 5, 10));
    // The service's owner group has an OLA; staff see it, the customer does not.
    EXPECT_EQ(Figure(agent_, ticket.id, sla::AgreementKind::kOla, sla::ClockTarget::kResolution).due_at, Cst(2, 5, 17));
    auto customer_view = tickets_->Clocks(customer_, ticket.id);
    ASSERT_TRUE(customer_view);
    for (const auto& figure : *customer_view) EXPECT_EQ(figure.key.scope, sla::AgreementKind::kSla);
    // One job waits: the earliest warning, 75 % of the 2 h first response (1 h on the 27th, 30 min on the 5th).
    const auto jobs = Jobs(ticket.id);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].kind, kSlaWarningJob);
    EXPECT_EQ(jobs[0].job_key, "sla:first_response:75");
    EXPECT_EQ(jobs[0].due_at, Cst(2, 5, 9, 30));
}

TEST_F(SlaServiceTest, WaitingOnTheCustomerPausesAndTheirReplyStartsAnUpdateCycle) {
    const Ticket ticket = Open();
    clock_.Set(Cst(1, 27, 17, 10));
    Reply(agent_, ticket.id);  // first response met after 10 minutes
    clock_.Set(Cst(1, 27, 17, 30));
    SetStatus(ticket.id, TicketStatus::kPendingCustomer);
    const auto paused = Sla(ticket.id, sla::ClockTarget::kResolution);
    EXPECT_EQ(paused.state, sla::ClockState::kPaused);
    EXPECT_FALSE(paused.due_at);
    EXPECT_EQ(paused.remaining, hours{15} + minutes{30});

    clock_.Set(Cst(2, 5, 10));
    Reply(customer_, ticket.id);  // hands the ticket back: in progress again
    const auto first = Sla(ticket.id, sla::ClockTarget::kFirstResponse);
    EXPECT_EQ(first.state, sla::ClockState::kMet);
    // 15 h 30 left from 10:00 on the 5th: 7 h that day, 8 h on the 6th, 30 min on the 7th.
    EXPECT_EQ(Sla(ticket.id, sla::ClockTarget::kResolution).due_at, Cst(2, 7, 9, 30));
    const auto update = Sla(ticket.id, sla::ClockTarget::kNextUpdate);
    EXPECT_EQ(update.cycle, 1);
    EXPECT_EQ(update.due_at, Cst(2, 5, 15));  // 4 h: 10-12 and 13-15
}

TEST_F(SlaServiceTest, APriorityChangeRemeasuresFromTheHistoryKeepingEarlierPauses) {
    const Ticket ticket = Open();
    clock_.Set(Cst(1, 27, 17, 30));
    SetStatus(ticket.id, TicketStatus::kPendingCustomer);
    clock_.Set(Cst(2, 5, 10));
    SetStatus(ticket.id, TicketStatus::kInProgress);
    TicketPatch patch;
    patch.priority = 2;  // 8 h instead of 16 h, measured from the opening with the pause left out
    Patch(ticket.id, patch);
    // 30 min used before the pause; 7 h 30 left from 10:00 on the 5th: 7 h that day, 30 min on the 6th.
    EXPECT_EQ(Sla(ticket.id, sla::ClockTarget::kResolution).due_at, Cst(2, 6, 9, 30));
}

TEST_F(SlaServiceTest, ASupplierHandOffPausesTheSlaAndRunsTheSuppliersClock) {
    const Ticket ticket = Open();
    clock_.Set(Cst(2, 5, 9));
    TicketPatch patch;
    patch.group = GroupId{3};  // vendor
    patch.status = TicketStatus::kPendingSupplier;
    Patch(ticket.id, patch);
    clock_.Set(Cst(2, 5, 12));
    const auto resolution = Sla(ticket.id, sla::ClockTarget::kResolution);
    EXPECT_EQ(resolution.state, sla::ClockState::kPaused);
    EXPECT_EQ(resolution.elapsed, hours{1});  // the hour before the festival only
    const auto uc = Figure(agent_, ticket.id, sla::AgreementKind::kUc, sla::ClockTarget::kResolution);
    EXPECT_EQ(uc.state, sla::ClockState::kRunning);
    EXPECT_EQ(uc.elapsed, hours{3});  // round the clock since 09:00
    EXPECT_EQ(uc.due_at, Cst(2, 5, 13));
    const auto ola = Figure(agent_, ticket.id, sla::AgreementKind::kOla, sla::ClockTarget::kResolution);
    EXPECT_EQ(ola.state, sla::ClockState::kMet);  // apps handed it on within its 8 h
}

TEST_F(SlaServiceTest, AWarningJobIsRecordedOnceAndPlansTheNextOne) {
    const Ticket ticket = Open();
    auto jobs = Jobs(ticket.id);
    ASSERT_EQ(jobs.size(), 1u);
    clock_.Set(jobs[0].due_at + std::chrono::seconds{1});
    ASSERT_TRUE(sla_->FireClockJob(jobs[0]));
    ASSERT_TRUE(sla_->FireClockJob(jobs[0]));  // a second run (a node died before marking it done) adds nothing
    auto history = tickets_->History(agent_, ticket.id);
    ASSERT_TRUE(history);
    int warnings = 0;
    for (const auto& entry : *history) warnings += entry.field == kSlaWarningJob ? 1 : 0;
    EXPECT_EQ(warnings, 1);
    const auto next = Jobs(ticket.id);
    ASSERT_FALSE(next.empty());
    EXPECT_EQ(next[0].job_key, "sla:first_response:90");
    EXPECT_GT(next[0].due_at, jobs[0].due_at);
    EXPECT_EQ(Sla(ticket.id, sla::ClockTarget::kFirstResponse).thresholds_crossed, std::vector<int>{75});
}

TEST_F(SlaServiceTest, AJobWhoseReasonWentAwayRecordsNothing) {
    const Ticket ticket = Open();
    const auto job = Jobs(ticket.id).at(0);
    Reply(agent_, ticket.id);  // first response met: its warning is cancelled
    for (const auto& open : Jobs(ticket.id)) EXPECT_NE(open.job_key, job.job_key);
    clock_.Set(job.due_at + std::chrono::seconds{1});
    ASSERT_TRUE(sla_->FireClockJob(job));  // claimed before the cancel: runs, sees the clock met, records nothing
    auto history = tickets_->History(agent_, ticket.id);
    for (const auto& entry : *history) EXPECT_NE(entry.field, kSlaWarningJob);
}

TEST_F(SlaServiceTest, ABreachStaysBreachedWhenTheTargetLaterGrows) {
    const Ticket ticket = Open();
    TicketPatch urgent;
    urgent.priority = 2;  // first response 30 min
    Patch(ticket.id, urgent);
    clock_.Set(Cst(2, 5, 10));  // 2 h of working time later: 30 min past the target
    SetStatus(ticket.id, TicketStatus::kAcknowledged);
    EXPECT_EQ(Sla(ticket.id, sla::ClockTarget::kFirstResponse).state, sla::ClockState::kBreached);
    TicketPatch relaxed;
    relaxed.priority = 3;  // 2 h would have been met so far, but the breach was recorded
    Patch(ticket.id, relaxed);
    const auto first = Sla(ticket.id, sla::ClockTarget::kFirstResponse);
    EXPECT_EQ(first.state, sla::ClockState::kBreached);
    EXPECT_EQ(first.breached_at, Cst(1, 27, 17, 30));
}

TEST_F(SlaServiceTest, PreviewCountsMovedDeadlinesAndRecomputeAppliesThem) {
    const Ticket ticket = Open();
    auto current = sla_->Current(agent_);
    ASSERT_TRUE(current);
    Policy proposed = (*current)->policy;
    for (auto& agreement : proposed.agreements) {
        if (agreement.name != "standard") continue;
        for (auto& entry : agreement.targets) {
            if (entry.priority == 3) entry.targets.resolution = hours{8};
        }
    }
    EXPECT_TRUE(sla_->Preview(agent_, proposed).error().Is(ErrorCode::kPermissionDenied));
    auto preview = sla_->Preview(manager_, proposed);
    ASSERT_TRUE(preview) << preview.error().message();
    EXPECT_EQ(preview->open_tickets, 1);
    EXPECT_EQ(preview->tickets_changed, 1);
    EXPECT_EQ(preview->clocks_changed, 1);
    ASSERT_EQ(preview->largest.size(), 1u);
    EXPECT_EQ(preview->largest[0].clock, "sla:resolution");
    EXPECT_EQ(preview->largest[0].due_after, Cst(2, 5, 17));
    EXPECT_EQ(preview->earliest_shift, Cst(2, 5, 17) - Cst(2, 6, 17));
    // Nothing moved yet; saving the policy makes the ticket stale and the recompute moves it.
    EXPECT_EQ(Sla(ticket.id, sla::ClockTarget::kResolution).due_at, Cst(2, 6, 17));
    ASSERT_TRUE(store_->Write([&](store::SqlConnection& db) { return SavePolicy(db, proposed); }));
    auto recomputed = sla_->RecomputeStale();
    ASSERT_TRUE(recomputed) << recomputed.error().message();
    EXPECT_EQ(*recomputed, 1);
    EXPECT_EQ(*sla_->RecomputeStale(), 0);
    EXPECT_EQ(Sla(ticket.id, sla::ClockTarget::kResolution).due_at, Cst(2, 5, 17));
}

TEST_F(SlaServiceTest, HolidayImportShowsTheDatesFirstAndSavesOnlyWhenAsked) {
    const std::string ics =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\n"
        "DTSTART;VALUE=DATE:20250303\r\nDTEND;VALUE=DATE:20250305\r\nSUMMARY:company day\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n";
    EXPECT_TRUE(sla_->ImportHolidays(agent_, "office", ics, true).error().Is(ErrorCode::kPermissionDenied));
    EXPECT_TRUE(sla_->ImportHolidays(manager_, "nowhere", ics, true).error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(sla_->ImportHolidays(manager_, "office", "not ics", true).error().Is(ErrorCode::kInvalidArgument));
    auto dry = sla_->ImportHolidays(manager_, "office", ics, true);
    ASSERT_TRUE(dry) << dry.error().message();
    EXPECT_EQ(dry->added_holidays, (std::vector<std::string>{"2025-03-03", "2025-03-04"}));
    EXPECT_FALSE(dry->saved);
    auto saved = sla_->ImportHolidays(manager_, "office", ics, false);
    ASSERT_TRUE(saved);
    EXPECT_TRUE(saved->saved);
    auto again = sla_->ImportHolidays(manager_, "office", ics, true);
    EXPECT_TRUE(again->added_holidays.empty());
    EXPECT_EQ(again->unchanged.size(), 2u);
}

TEST_F(SlaServiceTest, FeasibilityNamesTheGroups) {
    sla::FeasibilityOptions options;
    options.sample_from = Cst(2, 10, 0);
    options.days = 7;
    options.path = {GroupId{2}, GroupId{3}};
    auto report = sla_->Feasibility(agent_, options);
    ASSERT_TRUE(report) << report.error().message();
    ASSERT_FALSE(report->rows.empty());
    EXPECT_EQ(report->group_names.at(2), "apps");
    EXPECT_TRUE(sla_->Feasibility(customer_, options).error().Is(ErrorCode::kPermissionDenied));
    options.path.clear();  // by default, each service's route: web passes apps (OLA) then vendor (UC)
    auto by_service = sla_->Feasibility(agent_, options);
    ASSERT_TRUE(by_service);
    ASSERT_FALSE(by_service->rows.empty());
    for (const auto& row : by_service->rows) EXPECT_EQ(row.service, ServiceId{1});
    EXPECT_EQ(by_service->service_names.at(1), "web");
    options.days = 0;
    EXPECT_TRUE(sla_->Feasibility(agent_, options).error().Is(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace sladesk::service
