// Burst detection at intake and the notice use cases, against a real SQLite store with a fake clock.
#include "service/notice_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/directory_service.hpp"
#include "service/notice_keeper.hpp"
#include "service/passwords.hpp"
#include "service/policy_service.hpp"
#include "service/ticket_service.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::service {
namespace {

using std::chrono::minutes;

constexpr const char* kPolicy = R"(
groups:
  - {name: apps}
services:
  - {code: web, name: Web, owner_group: apps}
categories:
  - code: security
    name: 安全
    children:
      - {code: leak, name: 信息泄露}
  - code: key
    name: 关键问题
    children:
      - {code: login, name: 登录}
      - {code: payment, name: 支付}
burst_rules:
  - name: security
    category: security
    thresholds: {normal: 1, vip: 1}
    grades: [{from: 1, grade: 1}]
  - name: key-login
    category: key/login
    window: 30m
    thresholds: {normal: 5, vip: 3}
    grades: [{from: 1, grade: 3}, {from: 6, grade: 2}]
)";

class NoticeServiceTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        dir_ = std::filesystem::temp_directory_path() /
               ("sladesk-notice-service-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store::StoreOptions options;
        options.data_dir = dir_.string();
        auto opened = store::OpenStore(options);
        ASSERT_TRUE(opened) << opened.error().message();
        store_ = std::move(*opened);
        blobs_ = std::make_unique<BlobStore>(dir_.string() + "/attachments");
        tickets_ = std::make_unique<TicketService>(*store_, clock_, *blobs_, policy_);
        directory_ = std::make_unique<DirectoryService>(*store_, clock_, policy_);
        notices_ = std::make_unique<NoticeService>(*store_, clock_, policy_);
        PolicyService policy(*store_, clock_, &policy_);
        auto document = ParsePolicyDocument(kPolicy);
        ASSERT_TRUE(document) << document.error().message();
        auto applied = policy.ApplyAsSystem(*document);
        ASSERT_TRUE(applied) << applied.error().message();
        vip_ = Make("vip", Role::kCustomer, "vip");
        normal_ = Make("normal", Role::kCustomer, "normal");
        agent_ = Make("agent", Role::kAgent, std::nullopt, {"apps"});
        supervisor_ = Make("super", Role::kSupervisor, std::nullopt);
        slm_ = Make("slm", Role::kServiceLevelManager, std::nullopt);
    }

    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    Actor Make(const std::string& login, Role role, std::optional<std::string> grade,
               std::vector<std::string> groups = {}) {
        NewUser user;
        user.login = login;
        user.password = "password-" + login;
        user.role = role;
        user.customer_grade = grade;
        user.groups = groups;
        auto created = directory_->CreateUserAsSystem(user);
        EXPECT_TRUE(created) << created.error().message();
        Actor actor;
        actor.id = created->id;
        actor.role = role;
        return actor;
    }

    CategoryId Category(const std::string& path) {
        auto categories = directory_->ListCategories(supervisor_);
        EXPECT_TRUE(categories) << categories.error().message();
        for (const auto& category : *categories) {
            if (category.path == path) return category.id;
        }
        ADD_FAILURE() << "no category " << path;
        return CategoryId{};
    }

    Ticket Open(const Actor& customer, const std::string& path, TicketKind kind = TicketKind::kComplaint) {
        NewTicket input;
        input.title = "cannot " + path;
        input.description = "details";
        input.kind = kind;
        input.service_id = ServiceId{1};
        input.category_id = Category(path);
        auto created = tickets_->Create(customer, input);
        EXPECT_TRUE(created) << created.error().message();
        return created->value;
    }

    std::vector<Notice> All() {
        auto notices = notices_->List(supervisor_, store::NoticeQuery{});
        EXPECT_TRUE(notices) << notices.error().message();
        return notices ? *notices : std::vector<Notice>{};
    }

    std::filesystem::path dir_;
    testing::FakeClock clock_;
    PolicyCache policy_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<TicketService> tickets_;
    std::unique_ptr<DirectoryService> directory_;
    std::unique_ptr<NoticeService> notices_;
    Actor vip_, normal_, agent_, supervisor_, slm_;
};

TEST_F(NoticeServiceTest, ThirdVipComplaintOpensOneNoticeLinkingTheWindow) {
    const Ticket first = Open(vip_, "key/login");
    Open(normal_, "key/payment");  // another rule's category: not counted
    const Ticket second = Open(vip_, "key/login");
    EXPECT_TRUE(All().empty());
    const Ticket third = Open(vip_, "key/login");
    auto notices = All();
    ASSERT_EQ(notices.size(), 1U);
    EXPECT_EQ(notices[0].rule, "key-login");
    EXPECT_EQ(notices[0].grade, 3);
    EXPECT_EQ(notices[0].ticket_count, 3);
    auto view = notices_->Get(agent_, notices[0].id);
    ASSERT_TRUE(view) << view.error().message();
    EXPECT_EQ(view->tickets, (std::vector<TicketId>{first.id, second.id, third.id}));
    ASSERT_FALSE(view->events.empty());
    EXPECT_EQ(view->events.front().kind, "opened");
}

TEST_F(NoticeServiceTest, LaterTicketsAreLinkedAndRaiseTheGrade) {
    for (int i = 0; i < 5; ++i) Open(normal_, "key/login");
    ASSERT_EQ(All().size(), 1U);
    EXPECT_EQ(All()[0].grade, 3);
    clock_.Advance(std::chrono::hours{2});  // long after the window: linked all the same while the notice is active
    Open(normal_, "key/login");
    auto notices = All();
    ASSERT_EQ(notices.size(), 1U);
    EXPECT_EQ(notices[0].ticket_count, 6);
    EXPECT_EQ(notices[0].grade, 2);  // the table: from 6 tickets, 二级
    auto view = notices_->Get(supervisor_, notices[0].id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->events.back().kind, "grade");
    EXPECT_EQ(view->events.back().detail, "3 -> 2 (6 tickets)");
}

TEST_F(NoticeServiceTest, ComplaintsOutsideTheWindowDoNotCount) {
    for (int i = 0; i < 4; ++i) {
        Open(normal_, "key/login");
        clock_.Advance(minutes{10});
    }
    // The first is now 40 minutes old, the second 30 (still inside): 2, 3, 4 and this one make 4 of 5.
    Open(normal_, "key/login");
    EXPECT_TRUE(All().empty());
    Open(normal_, "key/login");
    EXPECT_EQ(All().size(), 1U);
    EXPECT_EQ(All()[0].ticket_count, 5);
}

TEST_F(NoticeServiceTest, OnlyComplaintsWithACategoryUnderTheRuleCount) {
    Open(normal_, "key");  // the parent of key/login: not in the rule's subtree
    NewTicket input;
    input.title = "no category";
    input.description = "x";
    ASSERT_TRUE(tickets_->Create(normal_, input));
    EXPECT_TRUE(All().empty());
    Open(normal_, "security/leak");  // threshold 1
    ASSERT_EQ(All().size(), 1U);
    EXPECT_EQ(All()[0].grade, 1);
}

TEST_F(NoticeServiceTest, CustomersMayNotReadNoticesAndSeeOnlyThePublishedStatement) {
    const Ticket ticket = Open(vip_, "security/leak");
    const NoticeId id = All().at(0).id;
    EXPECT_TRUE(notices_->List(vip_, {}).error().Is(ErrorCode::kPermissionDenied));
    EXPECT_TRUE(notices_->Get(vip_, id).error().Is(ErrorCode::kPermissionDenied));
    auto seen = tickets_->Get(vip_, ticket.id);
    ASSERT_TRUE(seen);
    EXPECT_FALSE(seen->notice);  // no statement yet: nothing at all
    auto staff = tickets_->Get(supervisor_, ticket.id);
    ASSERT_TRUE(staff && staff->notice && staff->notice->notice);
    EXPECT_EQ(staff->notice->notice->id, id);

    ASSERT_TRUE(notices_->DraftStatement(supervisor_, id, "支付系统故障，正在修复"));
    // Grade 1 is owned by the service level manager: a supervisor may not approve.
    EXPECT_TRUE(notices_->ApproveStatement(supervisor_, id).error().Is(ErrorCode::kPermissionDenied));
    EXPECT_TRUE(notices_->PublishStatement(supervisor_, id).error().Is(ErrorCode::kConflict));
    ASSERT_TRUE(notices_->ApproveStatement(slm_, id));
    EXPECT_FALSE(tickets_->Get(vip_, ticket.id)->notice);  // approved is not published
    ASSERT_TRUE(notices_->PublishStatement(supervisor_, id));
    seen = tickets_->Get(vip_, ticket.id);
    ASSERT_TRUE(seen && seen->notice);
    EXPECT_EQ(seen->notice->statement, "支付系统故障，正在修复");
    EXPECT_FALSE(seen->notice->notice);  // never the internal fields
}

TEST_F(NoticeServiceTest, LifecycleWithRolesResolvesLinkedTicketsAndReviewCloses) {
    const Ticket ticket = Open(normal_, "security/leak");
    const NoticeId id = All().at(0).id;
    EXPECT_TRUE(notices_->Transition(agent_, id, NoticeState::kAcknowledged, "").error().Is(
        ErrorCode::kPermissionDenied));
    EXPECT_TRUE(notices_->Transition(supervisor_, id, NoticeState::kAcknowledged, "").error().Is(
        ErrorCode::kPermissionDenied));  // grade 1: the service level manager's
    EXPECT_TRUE(notices_->Transition(slm_, id, NoticeState::kResolved, "fixed").error().Is(ErrorCode::kConflict));
    ASSERT_TRUE(notices_->Transition(slm_, id, NoticeState::kAcknowledged, ""));
    ASSERT_TRUE(notices_->Transition(supervisor_, id, NoticeState::kMitigated, ""));
    EXPECT_TRUE(notices_->Transition(supervisor_, id, NoticeState::kResolved, " ").error().Is(
        ErrorCode::kInvalidArgument));
    EXPECT_TRUE(notices_->Review(slm_, id, {"c", "t", "a"}).error().Is(ErrorCode::kConflict));
    auto resolved = notices_->Transition(supervisor_, id, NoticeState::kResolved, "已修复，请重试");
    ASSERT_TRUE(resolved) << resolved.error().message();
    EXPECT_EQ(resolved->state, NoticeState::kResolved);

    auto view = tickets_->Get(normal_, ticket.id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->ticket.status, TicketStatus::kResolved);
    EXPECT_EQ(view->articles.back().body, "已修复，请重试");
    // A new complaint after the resolution starts a new notice rather than joining the resolved one.
    Open(normal_, "security/leak");
    EXPECT_EQ(All().size(), 2U);

    EXPECT_TRUE(notices_->Review(slm_, id, {"cause", " ", "actions"}).error().Is(ErrorCode::kInvalidArgument));
    auto reviewed = notices_->Review(slm_, id, {"证书过期", "10:00 发现, 10:30 修复", "监控证书有效期"});
    ASSERT_TRUE(reviewed) << reviewed.error().message();
    EXPECT_EQ(reviewed->state, NoticeState::kReviewed);
    auto timeline = notices_->Get(slm_, id);
    ASSERT_TRUE(timeline);
    std::vector<std::string> kinds;
    for (const NoticeEvent& event : timeline->events) kinds.push_back(event.kind);
    EXPECT_EQ(kinds, (std::vector<std::string>{"opened", "count", "state", "state", "state", "tickets_resolved",
                                               "state"}));
}

TEST_F(NoticeServiceTest, ManualOpenAndGradeWithReason) {
    const Ticket ticket = Open(normal_, "key/payment");
    NewNotice input{"支付渠道异常", 4, std::nullopt, std::nullopt, {ticket.id}};
    EXPECT_TRUE(notices_->Open(agent_, input).error().Is(ErrorCode::kPermissionDenied));
    input.grade = 7;
    EXPECT_TRUE(notices_->Open(supervisor_, input).error().Is(ErrorCode::kInvalidArgument));
    input.grade = 4;
    input.tickets = {TicketId{999}};
    EXPECT_TRUE(notices_->Open(supervisor_, input).error().Is(ErrorCode::kInvalidArgument));
    EXPECT_TRUE(All().empty());  // nothing of the failed open was stored
    input.tickets = {ticket.id};
    auto opened = notices_->Open(supervisor_, input);
    ASSERT_TRUE(opened) << opened.error().message();
    EXPECT_EQ(opened->ticket_count, 1);
    EXPECT_FALSE(opened->rule);
    EXPECT_TRUE(notices_->SetGrade(supervisor_, opened->id, 2, "").error().Is(ErrorCode::kInvalidArgument));
    auto graded = notices_->SetGrade(supervisor_, opened->id, 2, "资金受损");
    ASSERT_TRUE(graded);
    EXPECT_EQ(graded->grade, 2);
    EXPECT_TRUE(graded->grade_manual);
    auto view = notices_->Get(agent_, opened->id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->events.back().detail, "4 -> 2 by hand: 资金受损");
}

TEST_F(NoticeServiceTest, ManualGradeIsNotLoweredByTheTable) {
    for (int i = 0; i < 5; ++i) Open(normal_, "key/login");
    const NoticeId id = All().at(0).id;
    ASSERT_TRUE(notices_->SetGrade(supervisor_, id, 1, "资金安全"));
    Open(normal_, "key/login");  // the table gives 二级 at 6; 一级 stays
    EXPECT_EQ(All().at(0).grade, 1);
}

TEST_F(NoticeServiceTest, BadPolicyIsRejectedNamingTheRule) {
    PolicyService policy(*store_, clock_, &policy_);
    auto document = ParsePolicyDocument(
        "burst_rules:\n  - {name: odd, category: key, thresholds: {gold: 2}, grades: [{from: 1, grade: 3}]}\n");
    ASSERT_TRUE(document) << document.error().message();
    auto applied = policy.ApplyAsSystem(*document);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message().find("burst rule 'odd'"), std::string::npos) << applied.error().message();
    auto bad_yaml = ParsePolicyDocument("burst_rules:\n  - {name: x, category: key, thresholds: {normal: 2}, "
                                        "grades: [{from: 1, grade: 3}], windw: 5m}\n");
    ASSERT_FALSE(bad_yaml);
    EXPECT_NE(bad_yaml.error().message().find("line 2"), std::string::npos) << bad_yaml.error().message();
    EXPECT_NE(bad_yaml.error().message().find("windw"), std::string::npos);
    auto bare = ParsePolicyDocument("burst_rules:\n  - {name: x, category: key, window: 30, thresholds: {normal: 2}, "
                                    "grades: [{from: 1, grade: 3}]}\n");
    ASSERT_FALSE(bare);
    EXPECT_NE(bare.error().message().find("unit"), std::string::npos);
}

}  // namespace
}  // namespace sladesk::service

namespace sladesk::service {
namespace {

TEST_F(NoticeServiceTest, UnacknowledgedNoticeIsEscalatedOnceAtItsGradesDeadline) {
    Open(normal_, "security/leak");  // grade 1 (一级): acknowledge within 2 h, else the admin (default grades)
    const Notice notice = All().at(0);
    store::JobListQuery query;
    query.kind = kNoticeAcknowledgeJob;
    Result<std::vector<store::DueJob>> jobs = Error::Internal("not read");
    ASSERT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status {
        jobs = store::JobRepo::List(db, query);
        return OkStatus();
    }));
    ASSERT_TRUE(jobs) << jobs.error().message();
    ASSERT_EQ(jobs->size(), 1U);
    const store::DueJob job = jobs->front();
    EXPECT_EQ(job.job_key, "notice:" + std::to_string(notice.id.value));
    EXPECT_EQ(job.due_at, notice.opened_at + std::chrono::hours{2});

    const auto escalations = [&] {
        int count = 0;
        auto view = notices_->Get(slm_, notice.id);
        EXPECT_TRUE(view);
        for (const NoticeEvent& event : view->events) {
            if (event.kind == "escalated") {
                ++count;
                EXPECT_EQ(event.detail, "not acknowledged within 2 h (一级): escalated to admin");
            }
        }
        return count;
    };
    clock_.Advance(std::chrono::hours{1});
    ASSERT_TRUE(notices_->FireAcknowledgeJob(job));  // early: nothing yet
    EXPECT_EQ(escalations(), 0);
    clock_.Advance(std::chrono::hours{1});
    ASSERT_TRUE(notices_->FireAcknowledgeJob(job));
    EXPECT_EQ(escalations(), 1);
    ASSERT_TRUE(notices_->FireAcknowledgeJob(job));  // a retried job adds nothing
    EXPECT_EQ(escalations(), 1);

    store::DueJob bad = job;
    bad.job_key = "notice:x";
    EXPECT_TRUE(notices_->FireAcknowledgeJob(bad).error().Is(ErrorCode::kInvalidArgument));
}

TEST_F(NoticeServiceTest, AcknowledgedNoticeIsNotEscalated) {
    Open(normal_, "security/leak");
    const Notice notice = All().at(0);
    ASSERT_TRUE(notices_->Transition(slm_, notice.id, NoticeState::kAcknowledged, ""));
    clock_.Advance(std::chrono::hours{3});
    store::DueJob job;
    job.kind = kNoticeAcknowledgeJob;
    job.job_key = "notice:" + std::to_string(notice.id.value);
    ASSERT_TRUE(notices_->FireAcknowledgeJob(job));
    auto view = notices_->Get(slm_, notice.id);
    ASSERT_TRUE(view);
    for (const NoticeEvent& event : view->events) EXPECT_NE(event.kind, "escalated");
}

}  // namespace
}  // namespace sladesk::service
