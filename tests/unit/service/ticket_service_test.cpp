// TicketService against a real SQLite store in a temporary directory, with a fake clock.
#include "service/ticket_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/policy_service.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::service {
namespace {

class TicketServiceTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        dir_ = std::filesystem::temp_directory_path() /
               ("sladesk-ticket-service-" + std::to_string(::getpid()) + "-" +
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
        PolicyService policy(*store_, clock_);
        auto document = ParsePolicyDocument("groups:\n  - {name: desk, kind: desk}\n  - {name: apps}\n"
                                            "services:\n  - {code: web, name: Web, owner_group: apps}\n");
        ASSERT_TRUE(policy.ApplyAsSystem(*document));
        vip_ = Make("vip", Role::kCustomer, "vip");
        normal_ = Make("normal", Role::kCustomer, "normal");
        agent_ = Make("agent", Role::kAgent, std::nullopt, {"apps"});
        outsider_ = Make("outsider", Role::kAgent, std::nullopt, {"desk"});
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

    Ticket Open(const Actor& customer, const std::string& title) {
        NewTicket input;
        input.title = title;
        input.description = "details of " + title;
        input.service_id = ServiceId{1};
        auto created = tickets_->Create(customer, input);
        EXPECT_TRUE(created) << created.error().message();
        return created->value;
    }

    Result<Ticket> SetStatus(const Actor& actor, TicketId id, TicketStatus status) {
        TicketPatch patch;
        patch.status = status;
        SLADESK_ASSIGN_OR_RETURN(WrittenTicket written, tickets_->Patch(actor, id, patch));
        return std::move(written.ticket);
    }

    std::filesystem::path dir_;
    testing::FakeClock clock_;
    PolicyCache policy_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<BlobStore> blobs_;
    std::unique_ptr<TicketService> tickets_;
    std::unique_ptr<DirectoryService> directory_;
    Actor vip_, normal_, agent_, outsider_;
};

TEST_F(TicketServiceTest, IntakeComputesPriorityWithTheVipRuleAndRoutesToTheServiceOwner) {
    const Ticket vip = Open(vip_, "VIP cannot log in");
    const Ticket normal = Open(normal_, "normal cannot log in");
    EXPECT_EQ(normal.priority, 3);  // medium x medium
    EXPECT_EQ(vip.priority, 2);     // raised one level
    EXPECT_EQ(vip.status, TicketStatus::kNew);
    EXPECT_EQ(vip.group_id, GroupId{2});  // apps owns the web service
    auto view = tickets_->Get(vip_, vip.id);
    ASSERT_TRUE(view);
    ASSERT_EQ(view->articles.size(), 1u);
    EXPECT_EQ(view->articles[0].body, "details of VIP cannot log in");
}

TEST_F(TicketServiceTest, CustomersSeeOnlyTheirOwnTicketsAndNeverInternalNotes) {
    const Ticket ticket = Open(vip_, "mine");
    EXPECT_TRUE(tickets_->Get(normal_, ticket.id).error().Is(ErrorCode::kNotFound));
    EXPECT_TRUE(tickets_->Get(outsider_, ticket.id).error().Is(ErrorCode::kNotFound));
    ASSERT_TRUE(tickets_->AddArticle(agent_, ticket.id, {"internal only", true, Channel::kWeb, {}}));
    ASSERT_TRUE(tickets_->AddArticle(agent_, ticket.id, {"public answer", false, Channel::kWeb, {}}));
    EXPECT_EQ(tickets_->Get(vip_, ticket.id)->articles.size(), 2u);
    EXPECT_EQ(tickets_->Get(agent_, ticket.id)->articles.size(), 3u);
    EXPECT_TRUE(tickets_->AddArticle(vip_, ticket.id, {"sneaky", true, Channel::kWeb, {}}).error().Is(
        ErrorCode::kPermissionDenied));
    TicketPatch patch;
    patch.priority = 1;
    EXPECT_TRUE(tickets_->Patch(vip_, ticket.id, patch).error().Is(ErrorCode::kPermissionDenied));
}

TEST_F(TicketServiceTest, LifecycleFromIntakeToConfirmedClosure) {
    const Ticket ticket = Open(vip_, "lifecycle");
    ASSERT_TRUE(SetStatus(agent_, ticket.id, TicketStatus::kAcknowledged));
    ASSERT_TRUE(SetStatus(agent_, ticket.id, TicketStatus::kPendingCustomer));
    clock_.Advance(std::chrono::minutes(5));
    ASSERT_TRUE(tickets_->AddArticle(vip_, ticket.id, {"here is the screenshot", false, Channel::kEmail, {}}));
    EXPECT_EQ(tickets_->Get(agent_, ticket.id)->ticket.status, TicketStatus::kInProgress);
    EXPECT_TRUE(tickets_->Confirm(vip_, ticket.id).error().Is(ErrorCode::kConflict));
    auto resolved = SetStatus(agent_, ticket.id, TicketStatus::kResolved);
    ASSERT_TRUE(resolved);
    EXPECT_EQ(resolved->resolved_at, clock_.Now());
    auto closed = tickets_->Confirm(vip_, ticket.id);
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->ticket.status, TicketStatus::kClosed);
    EXPECT_TRUE(tickets_->AddArticle(vip_, ticket.id, {"thanks", false, Channel::kWeb, {}}).error().Is(
        ErrorCode::kConflict));

    auto history = tickets_->History(agent_, ticket.id);
    ASSERT_TRUE(history);
    std::vector<std::string> statuses;
    for (const HistoryEntry& entry : *history) {
        if (entry.field == "status") statuses.push_back(entry.old_value.value_or("") + ">" + entry.new_value.value_or(""));
    }
    EXPECT_EQ(statuses, (std::vector<std::string>{"new>acknowledged", "acknowledged>pending_customer",
                                                  "pending_customer>in_progress", "in_progress>resolved",
                                                  "resolved>closed"}));
    EXPECT_TRUE(tickets_->History(vip_, ticket.id).error().Is(ErrorCode::kPermissionDenied));
}

TEST_F(TicketServiceTest, RejectedResolutionReopens) {
    const Ticket ticket = Open(normal_, "reopen me");
    ASSERT_TRUE(SetStatus(agent_, ticket.id, TicketStatus::kResolved));
    auto reopened = tickets_->Reopen(normal_, ticket.id, "still broken");
    ASSERT_TRUE(reopened);
    EXPECT_EQ(reopened->ticket.status, TicketStatus::kInProgress);
    EXPECT_FALSE(reopened->ticket.resolved_at);
    EXPECT_TRUE(tickets_->Reopen(normal_, ticket.id, "again").error().Is(ErrorCode::kConflict));
}

TEST_F(TicketServiceTest, ForbiddenTransitionsAndStaleVersionsChangeNothing) {
    const Ticket ticket = Open(normal_, "guarded");
    EXPECT_TRUE(SetStatus(agent_, ticket.id, TicketStatus::kClosed).error().Is(ErrorCode::kConflict));
    TicketPatch stale;
    stale.title = "new title";
    stale.expected_version = ticket.version + 5;
    EXPECT_TRUE(tickets_->Patch(agent_, ticket.id, stale).error().Is(ErrorCode::kPreconditionFailed));
    auto after = tickets_->Get(agent_, ticket.id);
    EXPECT_EQ(after->ticket.title, "guarded");
    EXPECT_EQ(after->ticket.status, TicketStatus::kNew);
    EXPECT_EQ(after->ticket.version, ticket.version);
}

TEST_F(TicketServiceTest, IdempotencyKeyReplaysTheFirstTicket) {
    NewTicket input;
    input.title = "once";
    input.description = "only once";
    const IdempotencyKey key{"key-1", "hash-a"};
    auto first = tickets_->Create(normal_, input, key);
    auto second = tickets_->Create(normal_, input, key);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_FALSE(first->replayed);
    EXPECT_TRUE(second->replayed);
    EXPECT_EQ(first->value.id, second->value.id);
    EXPECT_TRUE(tickets_->Create(normal_, input, IdempotencyKey{"key-1", "hash-b"}).error().Is(ErrorCode::kConflict));
    store::TicketQuery query;
    EXPECT_EQ(tickets_->List(normal_, query)->size(), 1u);
}

TEST_F(TicketServiceTest, AttachmentsAreStoredByContentAndHiddenWithInternalNotes) {
    const Ticket ticket = Open(normal_, "files");
    auto note = tickets_->AddArticle(agent_, ticket.id,
                                     {"log attached", true, Channel::kWeb, {{"log.txt", "text/plain", "secret log"}}});
    ASSERT_TRUE(note);
    const AttachmentId id = note->value.attachments.at(0).id;
    auto file = tickets_->GetAttachment(agent_, id);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->second, "secret log");
    EXPECT_EQ(file->first.sha256, Sha256Hex("secret log"));
    EXPECT_TRUE(tickets_->GetAttachment(normal_, id).error().Is(ErrorCode::kNotFound));
}

TEST_F(TicketServiceTest, AutoCloseTakesOnlyTicketsResolvedBeforeTheCutoff) {
    const Ticket old_one = Open(normal_, "old");
    ASSERT_TRUE(SetStatus(agent_, old_one.id, TicketStatus::kResolved));
    clock_.Advance(std::chrono::hours(24 * 5));
    const Ticket recent = Open(normal_, "recent");
    ASSERT_TRUE(SetStatus(agent_, recent.id, TicketStatus::kResolved));
    auto closed = tickets_->CloseResolvedBefore(clock_.Now() - std::chrono::hours(24), 100);
    ASSERT_TRUE(closed);
    EXPECT_EQ(*closed, 1);
    EXPECT_EQ(tickets_->Get(agent_, old_one.id)->ticket.status, TicketStatus::kClosed);
    EXPECT_EQ(tickets_->Get(agent_, recent.id)->ticket.status, TicketStatus::kResolved);
}

}  // namespace
}  // namespace sladesk::service
