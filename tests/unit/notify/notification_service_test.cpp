// SLA events to outbox rows (service::NotificationService through SlaService::FireClockJob) on a real SQLite store
// with a fake clock: who is told on which channel in which language, robots by route, and a job that runs twice
// enqueues nothing new.
#include "service/notification_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/policy_document.hpp"
#include "service/policy_service.hpp"
#include "service/sla_service.hpp"
#include "service/ticket_service.hpp"
#include "store/job_repo.hpp"
#include "store/outbox_repo.hpp"
#include "store/ticket_repo.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::service {
namespace {

constexpr const char* kPolicy = R"(
groups:
  - {name: apps, kind: team}
  - {name: desk, kind: desk}
services:
  - {code: web, name: Web, owner_group: apps}
agreements:
  - name: fast
    kind: sla
    calendar: 24x7
    warn_at: [50]
    targets:
      - {priority: 1, first_response: 10m, resolution: 1h}
      - {priority: 2, first_response: 10m, resolution: 1h}
      - {priority: 3, first_response: 10m, resolution: 1h}
      - {priority: 4, first_response: 10m, resolution: 1h}
)";

constexpr const char* kNotify = R"(
timezone: Asia/Shanghai
email: {url: "smtp://127.0.0.1:9", from: "Desk <desk@example.com>"}
sms: {url: "http://127.0.0.1:9/sms", body: '{"to":"{{phone}}"}'}
webhooks:
  - {name: ops, url: "http://127.0.0.1:9/hook", secret: s}
  - {name: apps, kind: dingtalk, url: "http://127.0.0.1:9/ding", groups: [apps], language: en}
  - {name: desk, kind: wecom, url: "http://127.0.0.1:9/wecom", groups: [desk]}
)";

class NotificationServiceTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        dir_ = std::filesystem::temp_directory_path() /
               ("sladesk-notification-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store::StoreOptions options;
        options.data_dir = dir_.string();
        auto opened = store::OpenStore(options);
        ASSERT_TRUE(opened) << opened.error().message();
        store_ = std::move(*opened);
        blobs_ = std::make_unique<BlobStore>(dir_.string() + "/attachments");
        tickets_ = std::make_unique<TicketService>(*store_, clock_, *blobs_, cache_);
        directory_ = std::make_unique<DirectoryService>(*store_, clock_, cache_);
        policy_ = std::make_unique<PolicyService>(*store_, clock_, &cache_);
        sla_ = std::make_unique<SlaService>(*store_, clock_, cache_);
        auto document = ParsePolicyDocument(kPolicy);
        ASSERT_TRUE(document) << document.error().message();
        ASSERT_TRUE(policy_->ApplyAsSystem(*document));
        auto config = notify::ParseNotifyConfig(kNotify, [](const std::string&) { return std::nullopt; });
        ASSERT_TRUE(config) << config.error().message();
        auto templates = notify::TemplateSet::Builtin();
        ASSERT_TRUE(templates);
        notifications_ = std::make_unique<NotificationService>(*config, std::move(*templates));
        sla_->SetNotifications(notifications_.get());
        customer_ = Make("customer", Role::kCustomer, {}, "zh-CN", std::nullopt, std::nullopt);
        anna_ = Make("anna", Role::kAgent, {"apps"}, "en", "anna@example.com", "13800001111");
        bo_ = Make("bo", Role::kAgent, {"apps"}, "zh-CN", "bo@example.com", std::nullopt);
        Make("quiet", Role::kAgent, {"apps"}, "zh-CN", std::nullopt, std::nullopt);  // no address: not mailed
    }

    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    Actor Make(const std::string& login, Role role, std::vector<std::string> groups, std::string language,
               std::optional<std::string> email, std::optional<std::string> phone) {
        NewUser user;
        user.login = login;
        user.password = "password-" + login;
        user.display_name = login;
        user.role = role;
        user.groups = std::move(groups);
        user.language = std::move(language);
        user.email = std::move(email);
        user.phone = std::move(phone);
        auto created = directory_->CreateUserAsSystem(user);
        EXPECT_TRUE(created) << created.error().message();
        Actor actor;
        actor.id = created ? created->id : UserId{};
        actor.role = role;
        return actor;
    }

    Ticket Open(std::optional<UserId> assignee) {
        NewTicket input;
        input.title = "支付页面报错";
        input.description = "fails";
        input.service_id = ServiceId{1};
        auto created = tickets_->Create(customer_, input);
        EXPECT_TRUE(created) << created.error().message();
        if (assignee) {
            TicketPatch patch;
            patch.assignee = *assignee;
            Actor admin;
            admin.role = Role::kAdmin;
            admin.id = anna_.id;
            EXPECT_TRUE(tickets_->Patch(admin, created->value.id, patch));
        }
        return created->value;
    }

    /// Fires the ticket's open warning job (as the scheduler would, after the clock reached it).
    void FireWarning(TicketId id) {
        std::vector<store::DueJob> jobs;
        ASSERT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(jobs, store::JobRepo::OpenForTicket(db, id));
            return OkStatus();
        }));
        ASSERT_FALSE(jobs.empty());
        ASSERT_EQ(jobs.front().kind, "sla_warning");
        clock_.Set(jobs.front().due_at);
        ASSERT_TRUE(sla_->FireClockJob(jobs.front()));
        fired_ = jobs.front();
    }

    std::vector<store::OutboxMessage> Outbox(TicketId id) {
        std::vector<store::OutboxMessage> messages;
        store::OutboxListQuery query;
        query.ticket_id = id;
        EXPECT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(messages, store::OutboxRepo::List(db, query));
            return OkStatus();
        }));
        return messages;
    }

    static const store::OutboxMessage* Find(const std::vector<store::OutboxMessage>& messages,
                                            const std::string& channel, const std::string& recipient) {
        for (const auto& message : messages) {
            if (message.channel == channel && message.recipient == recipient) return &message;
        }
        return nullptr;
    }

    std::filesystem::path dir_;
    testing::FakeClock clock_{FromEpochSeconds(1740963600)};
    PolicyCache cache_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<TicketService> tickets_;
    std::unique_ptr<DirectoryService> directory_;
    std::unique_ptr<PolicyService> policy_;
    std::unique_ptr<SlaService> sla_;
    std::unique_ptr<NotificationService> notifications_;
    Actor customer_, anna_, bo_;
    store::DueJob fired_;
};

TEST_F(NotificationServiceTest, AWarningMailsTheAssigneeInTheirLanguageAndPostsToMatchingRobots) {
    const Ticket ticket = Open(anna_.id);
    FireWarning(ticket.id);
    const auto messages = Outbox(ticket.id);
    const auto* mail = Find(messages, "email", "anna@example.com");
    ASSERT_NE(mail, nullptr);
    EXPECT_EQ(mail->language, "en");
    EXPECT_EQ(mail->subject, "[SLA warning] Ticket #" + std::to_string(ticket.id.value) +
                                 ": 50% of first response used - 支付页面报错");
    EXPECT_NE(mail->body_html.find("<p>Hello anna,</p>"), std::string::npos);
    EXPECT_NE(mail->body_text.find("2025-03-03 09:10 CST"), std::string::npos) << mail->body_text;
    EXPECT_EQ(mail->event, "sla_warning");
    EXPECT_FALSE(mail->urgent);
    EXPECT_EQ(mail->message_uid.size(), 32u);
    EXPECT_EQ(Find(messages, "email", "bo@example.com"), nullptr) << "only the assignee";
    EXPECT_EQ(Find(messages, "sms", "13800001111"), nullptr) << "SMS is for breaches by default";
    const auto* ding = Find(messages, "dingtalk:apps", "apps");
    ASSERT_NE(ding, nullptr) << "the apps robot matches the ticket's group";
    EXPECT_EQ(ding->language, "en");
    EXPECT_NE(Find(messages, "webhook:ops", "ops"), nullptr);
    EXPECT_EQ(Find(messages, "wecom:desk", "desk"), nullptr) << "another group's robot";
    EXPECT_EQ(messages.size(), 3u);
}

TEST_F(NotificationServiceTest, UnassignedWarnsTheGroupAndARerunAddsNothing) {
    const Ticket ticket = Open(std::nullopt);
    FireWarning(ticket.id);
    auto messages = Outbox(ticket.id);
    const auto* zh = Find(messages, "email", "bo@example.com");
    const auto* en = Find(messages, "email", "anna@example.com");
    ASSERT_NE(zh, nullptr);
    ASSERT_NE(en, nullptr);
    EXPECT_EQ(zh->language, "zh-CN");
    EXPECT_EQ(zh->subject, "【SLA 预警】工单 #" + std::to_string(ticket.id.value) + " 首次响应已用 50%：支付页面报错");
    EXPECT_NE(zh->message_uid, en->message_uid);
    const std::size_t count = messages.size();
    EXPECT_EQ(count, 4u) << "two mails (the member without an address gets none), the ops webhook, the apps robot";

    // The scheduler may run the same job again (a node died before marking it done): nothing new.
    ASSERT_TRUE(sla_->FireClockJob(fired_));
    EXPECT_EQ(Outbox(ticket.id).size(), count);
    // And NotificationService itself is keyed by job and recipient, even if called twice.
    ASSERT_TRUE(store_->Write([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(Ticket stored, store::TicketRepo::Get(db, ticket.id));
        sla::ClockEvaluation evaluation;
        sla::ClockFigure figure;
        figure.key = {sla::AgreementKind::kSla, sla::ClockTarget::kFirstResponse, std::nullopt};
        figure.agreement = "fast";
        figure.due_at = fired_.due_at;
        evaluation.figures.push_back(figure);
        SLADESK_ASSIGN_OR_RETURN(auto policy, cache_.Load(db));
        return notifications_->OnSlaEvent(db, *policy, stored, fired_, evaluation, clock_.Now());
    }));
    EXPECT_EQ(Outbox(ticket.id).size(), count);
}

TEST(MessageUidTest, IsStableHexOfTheKey) {
    ASSERT_TRUE(InitCrypto());
    EXPECT_EQ(MessageUidFor("a"), MessageUidFor("a"));
    EXPECT_NE(MessageUidFor("a"), MessageUidFor("b"));
    EXPECT_EQ(MessageUidFor("abc"), "ba7816bf8f01cfea414140de5dae2223");
}

}  // namespace
}  // namespace sladesk::service
