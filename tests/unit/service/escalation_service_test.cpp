// Escalation on real tickets: EscalationService against a real SQLite store with a fake clock.
#include "service/escalation_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/policy_service.hpp"
#include "service/ticket_service.hpp"
#include "store/job_repo.hpp"
#include "store/ticket_repo.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::service {
namespace {

constexpr const char* kPolicy = R"(
groups:
  - {name: desk, kind: desk}
  - {name: apps, kind: team}
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
agreements:
  - name: standard
    kind: sla
    calendar: office
    targets:
      - {priority: 2, first_response: 30m, next_update: 2h, resolution: 8h}
      - {priority: 3, first_response: 2h, next_update: 4h, resolution: 16h}
escalation_ladders:
  - name: seeds
    steps:
      - {name: 2h, after: 2h, notify_role: supervisor}
      - {name: 3h, after: 3h, reassign: desk, raise_priority: 1}
)";

/// Shanghai wall time (UTC+8) as an instant.
UtcTime Cst(int month, int day, int hour) {
    using namespace date;
    const auto local = sys_days{year{2025} / month / day} + std::chrono::hours{hour};
    return UtcTime{std::chrono::duration_cast<std::chrono::seconds>(local.time_since_epoch() - std::chrono::hours{8})};
}

class EscalationServiceTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        dir_ = std::filesystem::temp_directory_path() /
               ("sladesk-escalation-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store::StoreOptions options;
        options.data_dir = dir_.string();
        auto opened = store::OpenStore(options);
        ASSERT_TRUE(opened) << opened.error().message();
        store_ = std::move(*opened);
        clock_.Set(Cst(2, 10, 9));  // Monday 10 Feb 2025, 09:00
        blobs_ = std::make_unique<BlobStore>(dir_.string() + "/attachments");
        tickets_ = std::make_unique<TicketService>(*store_, clock_, *blobs_, cache_);
        directory_ = std::make_unique<DirectoryService>(*store_, clock_, cache_);
        policy_ = std::make_unique<PolicyService>(*store_, clock_, &cache_);
        escalation_ = std::make_unique<EscalationService>(*store_, clock_, cache_);
        auto applied = policy_->ApplyAsSystem(*ParsePolicyDocument(kPolicy));
        ASSERT_TRUE(applied) << applied.error().message();
        NewUser user;
        user.login = "customer";
        user.password = "password-customer";
        user.role = Role::kCustomer;
        auto created = directory_->CreateUserAsSystem(user);
        ASSERT_TRUE(created) << created.error().message();
        customer_.id = created->id;
        customer_.role = Role::kCustomer;
    }

    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    std::vector<HistoryEntry> History(TicketId id, const std::string& field) {
        std::vector<HistoryEntry> rows;
        EXPECT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(auto all, store::TicketRepo::History(db, id));
            for (const HistoryEntry& entry : all) {
                if (entry.field == field) rows.push_back(entry);
            }
            return OkStatus();
        }));
        return rows;
    }

    std::vector<store::DueJob> EscalationJobs(TicketId id) {
        std::vector<store::DueJob> jobs;
        EXPECT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(auto open, store::JobRepo::OpenForTicket(db, id));
            for (const store::DueJob& job : open) {
                if (job.kind == kEscalationJob) jobs.push_back(job);
            }
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
    std::unique_ptr<EscalationService> escalation_;
    Actor customer_;
};

TEST_F(EscalationServiceTest, TakesEachStepOnceRecordsItAndSchedulesTheNext) {
    NewTicket input;
    input.title = "cannot pay";
    input.description = "the payment page fails";
    input.service_id = ServiceId{1};
    auto created = tickets_->Create(customer_, input);
    ASSERT_TRUE(created) << created.error().message();
    const Ticket opened = created->value;
    const TicketId id = opened.id;
    // What ClockKeeper will call when it refreshes the clocks: schedules the first step's instant (11:00).
    ASSERT_TRUE(store_->Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto policy, cache_.Load(db));
        const sla::ClockEvaluation no_clocks;
        return EscalationService::ScheduleNext(db, *policy, opened, no_clocks, clock_.Now());
    }));
    ASSERT_EQ(EscalationJobs(id).size(), 1u);
    EXPECT_EQ(EscalationJobs(id)[0].due_at, Cst(2, 10, 11));
    store::DueJob job;
    job.kind = kEscalationJob;
    job.ticket_id = id;

    clock_.Set(Cst(2, 10, 10));  // nothing due yet: the next step is at 11:00
    ASSERT_TRUE(escalation_->FireEscalationJob(job));
    EXPECT_TRUE(History(id, kEscalationField).empty());
    ASSERT_EQ(EscalationJobs(id).size(), 1u);
    EXPECT_EQ(EscalationJobs(id)[0].due_at, Cst(2, 10, 11));

    clock_.Set(Cst(2, 10, 11));
    ASSERT_TRUE(escalation_->FireEscalationJob(job));
    ASSERT_TRUE(escalation_->FireEscalationJob(job));  // a retry takes nothing twice
    auto steps = History(id, kEscalationField);
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(steps[0].new_value, "seeds/2h");
    auto notes = History(id, kEscalationNotifyField);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].new_value, "seeds/2h notify_role role supervisor");
    ASSERT_EQ(EscalationJobs(id).size(), 1u);
    EXPECT_EQ(EscalationJobs(id)[0].due_at, Cst(2, 10, 12));

    clock_.Set(Cst(2, 10, 12));
    ASSERT_TRUE(escalation_->FireEscalationJob(job));
    steps = History(id, kEscalationField);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[1].new_value, "seeds/3h");
    Ticket ticket;
    ASSERT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(ticket, store::TicketRepo::Get(db, id));
        return OkStatus();
    }));
    EXPECT_EQ(ticket.group_id, GroupId{1});  // desk
    EXPECT_EQ(ticket.priority, std::max(1, opened.priority - 1));
    EXPECT_TRUE(EscalationJobs(id).empty());
}

}  // namespace
}  // namespace sladesk::service
