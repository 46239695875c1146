// Escalation steps to outbox rows: EscalationService with a NotificationService on a real SQLite store and a fake
// clock — who a step's notify actions reach (every supervisor, the on-call person from the duty roster at that
// instant, the account manager), in whose language, with which subject, and that nothing is enqueued twice.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "service/directory_service.hpp"
#include "service/escalation_service.hpp"
#include "service/notification_preferences.hpp"
#include "service/notification_service.hpp"
#include "service/passwords.hpp"
#include "service/policy_document.hpp"
#include "service/policy_service.hpp"
#include "service/ticket_service.hpp"
#include "store/directory_repo.hpp"
#include "store/job_repo.hpp"
#include "store/outbox_repo.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::service {
namespace {

constexpr const char* kDirectory = R"(
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
      - {priority: 2, first_response: 30m, resolution: 8h}
      - {priority: 3, first_response: 2h, resolution: 16h}
)";

// Applied once the people exist: rosters and ladders name them by login. The apps roster hands over on Mondays
// at 09:00 Shanghai time, starting with oli on Monday 3 Feb 2025, so ola is on call in the week of 10 Feb.
constexpr const char* kLadder = R"(
duty_rosters:
  - name: apps-week
    group: apps
    people: [oli, ola]
    rotation_days: 7
    handover: {weekday: mon, time: "09:00"}
    timezone: Asia/Shanghai
    start: 2025-02-03
escalation_ladders:
  - name: seeds
    steps:
      - {name: 2h, after: 2h, notify_role: supervisor, notify_on_call: apps, notify_account_manager: true}
      - {name: 3h, after: 3h, raise_priority: 1}
)";

constexpr const char* kNotify = R"(
timezone: Asia/Shanghai
public_url: https://desk.example.com
email: {url: "smtp://127.0.0.1:9", from: "Desk <desk@example.com>"}
webhooks:
  - {name: ops, url: "http://127.0.0.1:9/hook", secret: s, events: [escalation], language: en}
)";

/// Shanghai wall time (UTC+8) as an instant.
UtcTime Cst(int month, int day, int hour) {
    using namespace date;
    const auto local = sys_days{year{2025} / month / day} + std::chrono::hours{hour};
    return UtcTime{std::chrono::duration_cast<std::chrono::seconds>(local.time_since_epoch() - std::chrono::hours{8})};
}

class EscalationNotifyTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        dir_ = std::filesystem::temp_directory_path() /
               ("sladesk-escalation-notify-" + std::to_string(::getpid()) + "-" +
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
        ASSERT_TRUE(policy_->ApplyAsSystem(*ParsePolicyDocument(kDirectory)));
        sue_ = Make("sue", Role::kSupervisor, {}, "en", "sue@example.com");
        sam_ = Make("sam", Role::kSupervisor, {}, "zh-CN", "sam@example.com");
        amy_ = Make("amy", Role::kSupervisor, {}, "en", "amy@example.com");  // also the account manager
        oli_ = Make("oli", Role::kAgent, {"apps"}, "en", "oli@example.com");
        ola_ = Make("ola", Role::kAgent, {"apps"}, "zh-CN", "ola@example.com");
        NewUser customer;
        customer.login = "customer";
        customer.password = "password-customer";
        customer.display_name = "李客户";
        customer.role = Role::kCustomer;
        customer.email = "customer@example.com";
        customer.account_manager_id = amy_;
        auto created = directory_->CreateUserAsSystem(customer);
        ASSERT_TRUE(created) << created.error().message();
        customer_.id = created->id;
        customer_.role = Role::kCustomer;
        auto ladder = ParsePolicyDocument(kLadder);
        ASSERT_TRUE(ladder) << ladder.error().message();
        auto applied = policy_->ApplyAsSystem(*ladder);
        ASSERT_TRUE(applied) << applied.error().message();
        auto config = notify::ParseNotifyConfig(kNotify, [](const std::string&) { return std::nullopt; });
        ASSERT_TRUE(config) << config.error().message();
        auto templates = notify::TemplateSet::Builtin();
        ASSERT_TRUE(templates) << templates.error().message();
        notifications_ = std::make_unique<NotificationService>(*config, std::move(*templates));
        escalation_ = std::make_unique<EscalationService>(*store_, clock_, cache_, notifications_.get());
    }

    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    UserId Make(const std::string& login, Role role, std::vector<std::string> groups, const std::string& language,
                const std::string& email) {
        NewUser user;
        user.login = login;
        user.password = "password-" + login;
        user.display_name = login;
        user.role = role;
        user.groups = std::move(groups);
        user.language = language;
        user.email = email;
        auto created = directory_->CreateUserAsSystem(user);
        EXPECT_TRUE(created) << created.error().message();
        return created ? created->id : UserId{};
    }

    /// The escalation messages in the outbox, by recipient.
    std::map<std::string, store::OutboxMessage> Escalations() {
        std::map<std::string, store::OutboxMessage> by_recipient;
        EXPECT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(auto all, store::OutboxRepo::List(db, store::OutboxListQuery{}));
            for (store::OutboxMessage& message : all) {
                if (message.event == kEscalationEvent) by_recipient[message.recipient] = std::move(message);
            }
            return OkStatus();
        }));
        return by_recipient;
    }

    Ticket Open() {
        NewTicket input;
        input.title = "cannot pay";
        input.description = "the payment page fails";
        input.service_id = ServiceId{1};
        auto created = tickets_->Create(customer_, input);
        EXPECT_TRUE(created) << created.error().message();
        return created ? created->value : Ticket{};
    }

    std::filesystem::path dir_;
    testing::FakeClock clock_;
    PolicyCache cache_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<TicketService> tickets_;
    std::unique_ptr<DirectoryService> directory_;
    std::unique_ptr<PolicyService> policy_;
    std::unique_ptr<NotificationService> notifications_;
    std::unique_ptr<EscalationService> escalation_;
    UserId sue_, sam_, amy_, oli_, ola_;
    Actor customer_;
};

TEST_F(EscalationNotifyTest, AStepMailsTheRoleTheOnCallPersonAndTheAccountManagerOnceEach) {
    const Ticket ticket = Open();
    ASSERT_EQ(ticket.priority, 3);  // resolution 16 working hours: Tuesday 18:00 Shanghai time
    // Opening the ticket planned its first escalation job at the first step's instant, 2 working hours later.
    std::vector<store::DueJob> planned;
    ASSERT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto open, store::JobRepo::OpenForTicket(db, ticket.id));
        for (const store::DueJob& each : open) {
            if (each.kind == kEscalationJob) planned.push_back(each);
        }
        return OkStatus();
    }));
    ASSERT_EQ(planned.size(), 1u);
    EXPECT_EQ(planned[0].due_at, Cst(2, 10, 11));
    store::DueJob job;
    job.kind = kEscalationJob;
    job.ticket_id = ticket.id;
    clock_.Set(Cst(2, 10, 10));  // 1 h of working time: nothing due, nothing sent
    ASSERT_TRUE(escalation_->FireEscalationJob(job));
    EXPECT_TRUE(Escalations().empty());

    clock_.Set(Cst(2, 10, 11));
    ASSERT_TRUE(escalation_->FireEscalationJob(job));
    auto sent = Escalations();
    // Every supervisor (amy once, though she is also the account manager), ola on call this week (not oli, not the
    // customer), and the ops webhook that routes escalations.
    ASSERT_EQ(sent.size(), 5u);
    for (const char* recipient : {"sue@example.com", "sam@example.com", "amy@example.com", "ola@example.com", "ops"}) {
        EXPECT_EQ(sent.count(recipient), 1u) << recipient;
    }
    const std::string id = std::to_string(ticket.id.value);
    const store::OutboxMessage& sue = sent["sue@example.com"];
    EXPECT_EQ(sue.channel, notify::kEmailChannel);
    EXPECT_EQ(sue.user_id, sue_);
    EXPECT_EQ(sue.language, "en");
    EXPECT_EQ(sue.subject, "[Escalation] Ticket #" + id + ": 2h (2h of working time since opening) - cannot pay");
    EXPECT_NE(sue.body_text.find("You are told as a member of role supervisor."), std::string::npos) << sue.body_text;
    EXPECT_NE(sue.body_text.find("Customer: 李客户"), std::string::npos) << sue.body_text;
    EXPECT_NE(sue.body_text.find("SLA: resolution due at 2025-02-11 18:00 CST (standard)"), std::string::npos)
        << sue.body_text;
    EXPECT_NE(sue.body_html.find("https://desk.example.com/tickets/" + id), std::string::npos);
    const store::OutboxMessage& sam = sent["sam@example.com"];
    EXPECT_EQ(sam.language, "zh-CN");
    EXPECT_EQ(sam.subject, "【升级】工单 #" + id + " 2h（受理后已过 2h 工作时间）：cannot pay");
    const store::OutboxMessage& ola = sent["ola@example.com"];
    EXPECT_EQ(ola.user_id, ola_);
    EXPECT_NE(ola.body_text.find("通知您的原因：「apps」的值班人员。"), std::string::npos)
        << ola.body_text;
    EXPECT_NE(sent["amy@example.com"].body_text.find("a member of role supervisor"), std::string::npos);
    EXPECT_EQ(sent["ops"].channel, "webhook:ops");
    EXPECT_FALSE(sent["ops"].urgent);  // a time step; breach steps are urgent

    // The job again (a retry after a crash): the step is taken, so nothing new; the same step rendered again (a
    // crash between the enqueue and the history write cannot happen, they share a transaction, but the keys must
    // hold anyway) adds nothing either and keeps the ids.
    ASSERT_TRUE(escalation_->FireEscalationJob(job));
    ASSERT_TRUE(store_->Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto policy, cache_.Load(db));
        const rules::EscalationLadder& ladder = policy->policy.escalation_ladders.at(0);
        User sue_user;
        SLADESK_ASSIGN_OR_RETURN(sue_user, store::DirectoryRepo::GetUser(db, sue_));
        const std::vector<NotificationService::EscalationRecipient> again{{sue_user, ladder.steps[0].actions[0]}};
        const sla::ClockEvaluation no_clocks;
        return notifications_->OnEscalationStep(db, *policy, ticket, ladder, ladder.steps[0], again, no_clocks,
                                                clock_.Now());
    }));
    auto after = Escalations();
    ASSERT_EQ(after.size(), 5u);
    EXPECT_EQ(after["sue@example.com"].message_uid, sue.message_uid);
    EXPECT_EQ(after["sue@example.com"].subject, sue.subject);

    clock_.Set(Cst(2, 10, 12));  // the next step only raises priority: no messages
    ASSERT_TRUE(escalation_->FireEscalationJob(job));
    EXPECT_EQ(Escalations().size(), 5u);
}

TEST_F(EscalationNotifyTest, TriggerTextsInBothLanguages) {
    rules::EscalationTrigger trigger;
    trigger.kind = rules::TriggerKind::kPercentUsed;
    trigger.percent = 75;
    trigger.target = sla::ClockTarget::kFirstResponse;
    EXPECT_EQ(EscalationTriggerText(trigger, "en"), "75% of first response used");
    EXPECT_EQ(EscalationTriggerText(trigger, "zh-CN"), "首次响应时限已用 75%");
    trigger.kind = rules::TriggerKind::kBreach;
    trigger.target = sla::ClockTarget::kResolution;
    EXPECT_EQ(EscalationTriggerText(trigger, "en"), "resolution breached");
    EXPECT_EQ(EscalationTriggerText(trigger, "zh-CN"), "解决已超时");
    trigger.kind = rules::TriggerKind::kNoAcknowledgement;
    trigger.after = std::chrono::minutes(30);
    EXPECT_EQ(EscalationTriggerText(trigger, "en"), "not acknowledged within 30m");
    EXPECT_EQ(EscalationTriggerText(trigger, "zh-CN"), "30m 工作时间内未受理");
}

TEST_F(EscalationNotifyTest, PreferencesChooseEventsAndHoldMessagesUntilTheNextWorkingMinute) {
    PreferenceService preferences(*store_, cache_);
    const auto actor = [](UserId id, Role role) {
        Actor who;
        who.id = id;
        who.role = role;
        return who;
    };
    rules::NotificationPreferences office_hours;
    office_hours.calendar = "office";
    ASSERT_TRUE(preferences.Put(actor(sue_, Role::kSupervisor), sue_, office_hours));
    rules::NotificationPreferences warnings_only;
    warnings_only.events = {"sla_warning"};
    ASSERT_TRUE(preferences.Put(actor(sam_, Role::kSupervisor), sam_, warnings_only));
    auto read = preferences.Get(actor(sue_, Role::kSupervisor), sue_);
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, office_hours);

    // Nobody but the person or an admin; calendars must exist in the policy; bad values are named.
    auto denied = preferences.Put(actor(sam_, Role::kSupervisor), sue_, warnings_only);
    ASSERT_FALSE(denied);
    EXPECT_TRUE(denied.error().Is(ErrorCode::kPermissionDenied));
    EXPECT_FALSE(preferences.Get(actor(amy_, Role::kSupervisor), sue_));
    EXPECT_TRUE(preferences.Get(actor(UserId{}, Role::kAdmin), sue_));
    rules::NotificationPreferences unknown_calendar;
    unknown_calendar.calendar = "moon-base";
    auto invalid = preferences.Put(actor(sue_, Role::kSupervisor), sue_, unknown_calendar);
    ASSERT_FALSE(invalid);
    EXPECT_TRUE(invalid.error().Is(ErrorCode::kInvalidArgument));
    EXPECT_NE(invalid.error().message().find("moon-base"), std::string::npos);
    auto missing = preferences.Get(actor(UserId{}, Role::kAdmin), UserId{9999});
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().Is(ErrorCode::kNotFound));

    // A step taken at 22:00 on Monday: sue's mail waits for Tuesday 09:00, sam (warnings only) gets none, amy (no
    // preferences) gets hers at once. The same step marked urgent pages sue at once.
    const Ticket ticket = Open();
    clock_.Set(Cst(2, 10, 22));
    const auto take = [&](bool urgent) {
        return store_->Write([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(auto policy, cache_.Load(db));
            const rules::EscalationLadder& ladder = policy->policy.escalation_ladders.at(0);
            rules::EscalationStep step = ladder.steps[0];
            step.urgent = urgent;
            if (urgent) step.name = "night-page";
            std::vector<NotificationService::EscalationRecipient> recipients;
            for (UserId id : {sue_, sam_, amy_}) {
                SLADESK_ASSIGN_OR_RETURN(User user, store::DirectoryRepo::GetUser(db, id));
                recipients.push_back({user, step.actions[0]});
            }
            const sla::ClockEvaluation no_clocks;
            return notifications_->OnEscalationStep(db, *policy, ticket, ladder, step, recipients, no_clocks,
                                                    clock_.Now());
        });
    };
    ASSERT_TRUE(take(false));
    auto sent = Escalations();
    EXPECT_EQ(sent.count("sam@example.com"), 0u);
    ASSERT_EQ(sent.count("sue@example.com"), 1u);
    EXPECT_EQ(sent["sue@example.com"].next_attempt_at, Cst(2, 11, 9));
    EXPECT_FALSE(sent["sue@example.com"].urgent);
    ASSERT_EQ(sent.count("amy@example.com"), 1u);
    EXPECT_EQ(sent["amy@example.com"].next_attempt_at, Cst(2, 10, 22));

    ASSERT_TRUE(take(true));
    std::vector<store::OutboxMessage> to_sue;
    ASSERT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto all, store::OutboxRepo::List(db, store::OutboxListQuery{}));
        for (const store::OutboxMessage& message : all) {
            if (message.recipient == "sue@example.com") to_sue.push_back(message);
        }
        return OkStatus();
    }));
    ASSERT_EQ(to_sue.size(), 2u);
    EXPECT_EQ(to_sue[1].next_attempt_at, Cst(2, 10, 22));
    EXPECT_TRUE(to_sue[1].urgent);
    EXPECT_NE(to_sue[1].subject.find("night-page"), std::string::npos);
}

}  // namespace
}  // namespace sladesk::service
