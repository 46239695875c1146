// MailIntake and MailReplies against a real SQLite store in a temporary directory, with a fake clock: tickets and
// customers from mail, idempotency on Message-ID, threading (tag, In-Reply-To, never the subject alone, never
// someone else's ticket), the sender rate limit, loops, machine-sent mail, bounces, and the reply mail round trip.
#include "mail/mail_intake.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mail/mail_replies.hpp"
#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/policy_service.hpp"
#include "store/mail_repo.hpp"
#include "store/outbox_repo.hpp"
#include "support/fake_clock.hpp"

namespace sladesk::mail {
namespace {

std::string Corpus(const std::string& name) {
    std::ifstream file(std::string(SLADESK_MAIL_CORPUS) + "/" + name, std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

/// A plain UTF-8 mail.
std::string Mail(const std::string& from, const std::string& subject, const std::string& id, const std::string& body,
                 const std::string& extra_headers = "") {
    return "From: " + from + "\r\nTo: desk@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <" + id + ">\r\n" +
           extra_headers + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n";
}

class MailIntakeTest : public ::testing::Test {
 protected:
    void SetUp() override {
        ASSERT_TRUE(service::InitCrypto());
        dir_ =
            std::filesystem::temp_directory_path() / ("sladesk-mail-intake-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store::StoreOptions options;
        options.data_dir = dir_.string();
        auto opened = store::OpenStore(options);
        ASSERT_TRUE(opened) << opened.error().message();
        store_ = std::move(*opened);
        blobs_ = std::make_unique<service::BlobStore>(dir_.string() + "/attachments");
        tickets_ = std::make_unique<service::TicketService>(*store_, clock_, *blobs_, policy_);
        directory_ = std::make_unique<service::DirectoryService>(*store_, clock_, policy_);
        service::PolicyService policy(*store_, clock_);
        auto document = service::ParsePolicyDocument("groups:\n  - {name: desk, kind: desk}\n");
        ASSERT_TRUE(policy.ApplyAsSystem(*document));
    }

    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    Actor MakeUser(const std::string& login, Role role, const std::string& email,
                   std::vector<std::string> groups = {}) {
        service::NewUser user;
        user.login = login;
        user.password = "password-" + login;
        user.role = role;
        if (!email.empty()) user.email = email;
        user.groups = std::move(groups);
        auto created = directory_->CreateUserAsSystem(user);
        EXPECT_TRUE(created) << created.error().message();
        Actor actor;
        actor.id = created->id;
        actor.role = role;
        return actor;
    }

    MailIntake Intake(IntakeOptions options = {}) { return MailIntake(*store_, *tickets_, clock_, options); }

    IntakeResult Accept(MailIntake& intake, const std::string& raw) {
        auto result = intake.Accept(raw);
        EXPECT_TRUE(result) << result.error().message();
        return result ? *result : IntakeResult{};
    }

    service::TicketView View(TicketId id) {
        Actor admin;
        admin.role = Role::kAdmin;
        auto view = tickets_->Get(admin, id);
        EXPECT_TRUE(view) << view.error().message();
        return view ? *view : service::TicketView{};
    }

    template <typename Work>
    void Read(Work work) {
        ASSERT_TRUE(store_->Read([&](store::SqlConnection& db) -> Status { return work(db); }));
    }

    std::filesystem::path dir_;
    testing::FakeClock clock_;
    service::PolicyCache policy_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<service::BlobStore> blobs_;
    std::unique_ptr<service::TicketService> tickets_;
    std::unique_ptr<service::DirectoryService> directory_;
};

TEST_F(MailIntakeTest, UnknownSenderBecomesACustomerWithAnEmailTicket) {
    MailIntake intake = Intake();
    const IntakeResult result = Accept(intake, Corpus("gb2312_base64.eml"));
    EXPECT_EQ(result.outcome, "created");
    EXPECT_FALSE(result.duplicate);
    ASSERT_TRUE(result.ticket_id);
    const auto view = View(*result.ticket_id);
    EXPECT_EQ(view.ticket.title, "三楼打印机无法打印");
    EXPECT_EQ(view.ticket.channel, Channel::kEmail);
    ASSERT_EQ(view.articles.size(), 1u);
    EXPECT_EQ(view.articles[0].body, "您好：\n三楼的打印机无法打印，请尽快处理。\n谢谢");
    EXPECT_EQ(view.articles[0].channel, Channel::kEmail);
    Actor admin;
    admin.role = Role::kAdmin;
    auto customer = directory_->GetUser(admin, view.ticket.customer_id);
    ASSERT_TRUE(customer);
    EXPECT_EQ(customer->role, Role::kCustomer);
    EXPECT_EQ(customer->email, "zhang.wei@example.cn");
    EXPECT_EQ(customer->display_name, "张伟");
}

TEST_F(MailIntakeTest, TheSameMessageIdIsStoredOnce) {
    MailIntake intake = Intake();
    const IntakeResult first = Accept(intake, Corpus("gb2312_base64.eml"));
    const IntakeResult again = Accept(intake, Corpus("gb2312_base64.eml"));
    EXPECT_TRUE(again.duplicate);
    EXPECT_EQ(again.outcome, "created");
    EXPECT_EQ(again.ticket_id, first.ticket_id);
    const IntakeResult other = Accept(intake, Mail("zhang.wei@example.cn", "another", "other-1@example.cn", "x"));
    EXPECT_EQ(other.ticket_id->value, first.ticket_id->value + 1) << "exactly one ticket came of the two deliveries";
}

TEST_F(MailIntakeTest, RepliesThreadByTagOrInReplyToButNeverBySubjectAlone) {
    MailIntake intake = Intake();
    const std::string from = "li@example.cn";
    const TicketId ticket = *Accept(intake, Mail(from, "VPN down", "m1@example.cn", "first")).ticket_id;
    const std::string tag = "[#" + std::to_string(ticket.value) + "]";

    const IntakeResult by_tag = Accept(intake, Mail(from, "Re: " + tag + " VPN down", "m2@example.cn", "second"));
    EXPECT_EQ(by_tag.outcome, "appended");
    EXPECT_EQ(by_tag.ticket_id, ticket);
    const IntakeResult by_header =
        Accept(intake, Mail(from, "no tag here", "m3@example.cn", "third", "In-Reply-To: <m1@example.cn>\r\n"));
    EXPECT_EQ(by_header.ticket_id, ticket);
    const IntakeResult by_references = Accept(
        intake, Mail(from, "still no tag", "m4@example.cn", "fourth", "References: <m1@example.cn> <gone@x>\r\n"));
    EXPECT_EQ(by_references.ticket_id, ticket);
    EXPECT_EQ(View(ticket).articles.size(), 4u);

    const IntakeResult same_subject = Accept(intake, Mail(from, "VPN down", "m5@example.cn", "a new problem"));
    EXPECT_EQ(same_subject.outcome, "created");
    EXPECT_NE(same_subject.ticket_id, ticket);
}

TEST_F(MailIntakeTest, AnotherSendersTagNeverJoinsOrRevealsTheTicket) {
    MailIntake intake = Intake();
    const TicketId ticket = *Accept(intake, Mail("li@example.cn", "mine", "own-1@example.cn", "private")).ticket_id;
    const IntakeResult stranger =
        Accept(intake, Mail("evil@example.org", "[#" + std::to_string(ticket.value) + "] hi", "evil-1@example.org", "x",
                            "In-Reply-To: <own-1@example.cn>\r\n"));
    EXPECT_EQ(stranger.outcome, "created");
    EXPECT_NE(stranger.ticket_id, ticket);
    EXPECT_EQ(View(ticket).articles.size(), 1u);
}

TEST_F(MailIntakeTest, UnknownSendersCanBeRefused) {
    IntakeOptions options;
    options.unknown_senders = UnknownSenders::kReject;
    MailIntake intake = Intake(options);
    auto refused = intake.Accept(Mail("stranger@example.org", "hi", "s1@example.org", "x"));
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().Is(ErrorCode::kPermissionDenied));
    MakeUser("known", Role::kCustomer, "Known@Example.org");
    EXPECT_EQ(Accept(intake, Mail("known@example.org", "hi", "k1@example.org", "x")).outcome, "created")
        << "addresses compare case-insensitively";
}

TEST_F(MailIntakeTest, SenderRateLimitPerWindow) {
    IntakeOptions options;
    options.rate_limit = 2;
    MailIntake intake = Intake(options);
    Accept(intake, Mail("flood@example.org", "1", "f1@x", "x"));
    Accept(intake, Mail("flood@example.org", "2", "f2@x", "x"));
    auto third = intake.Accept(Mail("flood@example.org", "3", "f3@x", "x"));
    ASSERT_FALSE(third);
    EXPECT_TRUE(third.error().Is(ErrorCode::kRateLimited));
    EXPECT_EQ(Accept(intake, Mail("calm@example.org", "1", "c1@x", "x")).outcome, "created") << "per sender";
    clock_.Advance(std::chrono::hours(1));
    EXPECT_EQ(Accept(intake, Mail("flood@example.org", "3", "f3@x", "x")).outcome, "created");
}

TEST_F(MailIntakeTest, MachineSentMailAndOurOwnMailAreLoggedAndIgnored) {
    IntakeOptions options;
    options.own_addresses = {"desk@example.com"};
    MailIntake intake = Intake(options);
    const IntakeResult oof = Accept(intake, Corpus("auto_reply.eml"));
    EXPECT_EQ(oof.outcome, "ignored");
    EXPECT_EQ(oof.reason, "auto-generated: Auto-Submitted: auto-replied");
    EXPECT_FALSE(oof.ticket_id);
    EXPECT_TRUE(Accept(intake, Corpus("auto_reply.eml")).duplicate);
    EXPECT_EQ(Accept(intake, Corpus("precedence_bulk.eml")).outcome, "ignored");
    const IntakeResult loop = Accept(intake, Mail("Desk@Example.com", "hello", "loop-1@example.com", "x"));
    EXPECT_EQ(loop.outcome, "ignored");
    EXPECT_EQ(loop.reason, "loop: the desk's own mail");
}

TEST_F(MailIntakeTest, BounceIsRecordedOnTheCustomerWithThatAddress) {
    const Actor gone = MakeUser("gone", Role::kCustomer, "gone.customer@example.cn");
    MailIntake intake = Intake();
    const IntakeResult bounce = Accept(intake, Corpus("bounce_dsn.eml"));
    EXPECT_EQ(bounce.outcome, "bounce");
    EXPECT_EQ(bounce.reason, "5.1.1");
    EXPECT_EQ(bounce.bounced_users, std::vector<UserId>{gone.id});
    Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto bounces, store::MailRepo::BouncesOf(db, gone.id));
        EXPECT_EQ(bounces.size(), 1u);
        if (!bounces.empty()) {
            EXPECT_EQ(bounces[0].status, "5.1.1");
        }
        return OkStatus();
    });
}

TEST_F(MailIntakeTest, BadMailIsRefusedWithTheReason) {
    MailIntake intake = Intake();
    auto no_from = intake.Accept(Corpus("no_from.eml"));
    ASSERT_FALSE(no_from);
    EXPECT_TRUE(no_from.error().Is(ErrorCode::kInvalidArgument));
    IntakeOptions small;
    small.limits.max_attachment_bytes = 1024;
    MailIntake strict = Intake(small);
    auto big = strict.Accept(Corpus("oversize_attachment.eml"));
    ASSERT_FALSE(big);
    EXPECT_TRUE(big.error().Is(ErrorCode::kTooLarge));
}

TEST_F(MailIntakeTest, AttachmentsInlineImagesAndQuotedHistoryAreStoredWithTheArticle) {
    MailIntake intake = Intake();
    const TicketId with_files = *Accept(intake, Corpus("attachment_rfc2231_name.eml")).ticket_id;
    const auto files = View(with_files).articles[0].attachments;
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].filename, "故障报告.pdf");
    EXPECT_EQ(files[0].content_type, "application/pdf");
    const TicketId quoted = *Accept(intake, Corpus("reply_quoted_zh.eml")).ticket_id;
    const auto article = View(quoted).articles[0];
    EXPECT_EQ(article.body, "问题依旧存在，请再看看。");
    ASSERT_EQ(article.attachments.size(), 1u);
    EXPECT_EQ(article.attachments[0].filename, "quoted-history.txt");
}

TEST_F(MailIntakeTest, AgentReplyIsQueuedAsThreadedMailAndTheCustomersAnswerThreadsBack) {
    MailReplies replies("服务台 <desk@example.com>");
    tickets_->SetReplyObserver(&replies);
    MailIntake intake = Intake();
    const TicketId ticket = *Accept(intake, Corpus("gb2312_base64.eml")).ticket_id;
    service::NewArticle reply;
    reply.body = "已派人处理。";
    reply.attachments.push_back({"steps.txt", "text/plain", "1. restart"});
    const Actor admin = MakeUser("admin", Role::kAdmin, "");
    auto added = tickets_->AddArticle(admin, ticket, reply);
    ASSERT_TRUE(added) << added.error().message();
    service::NewArticle note;
    note.body = "internal only";
    note.internal = true;
    ASSERT_TRUE(tickets_->AddArticle(admin, ticket, note));

    std::vector<store::OutboxMessage> queued;
    Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(queued, store::OutboxRepo::List(db, store::OutboxListQuery{}));
        return OkStatus();
    });
    ASSERT_EQ(queued.size(), 1u) << "one mail for the public reply, none for the internal note";
    const store::OutboxMessage& mail = queued[0];
    EXPECT_EQ(mail.event, "ticket_reply");
    EXPECT_EQ(mail.channel, "email");
    EXPECT_EQ(mail.recipient, "zhang.wei@example.cn");
    EXPECT_EQ(mail.subject, "[#" + std::to_string(ticket.value) + "] 三楼打印机无法打印");
    EXPECT_EQ(mail.body_text, "已派人处理。");
    const auto data = nlohmann::json::parse(mail.data)["mail"];
    EXPECT_EQ(data["in_reply_to"], "<gb2312-1@example.cn>");
    EXPECT_EQ(data["references"], nlohmann::json::array({"<gb2312-1@example.cn>"}));
    EXPECT_EQ(data["from"], "服务台 <desk@example.com>");
    EXPECT_EQ(data["auto_submitted"], false);
    ASSERT_EQ(data["attachments"].size(), 1u);
    EXPECT_EQ(data["attachments"][0]["filename"], "steps.txt");

    // The customer answers the sent mail: its Message-ID was recorded, so In-Reply-To alone finds the ticket.
    const std::string sent_id = mail.message_uid + "@example.com";
    const IntakeResult answer = Accept(intake, Mail("zhang.wei@example.cn", "Re: printer", "answer-1@example.cn",
                                                    "works now", "In-Reply-To: <" + sent_id + ">\r\n"));
    EXPECT_EQ(answer.outcome, "appended");
    EXPECT_EQ(answer.ticket_id, ticket);
}

TEST_F(MailIntakeTest, CustomerClosesTheirResolvedTicketByMail) {
    MailIntake intake = Intake();
    const std::string from = "li@example.cn";
    const TicketId ticket = *Accept(intake, Mail(from, "VPN down", "c1@example.cn", "first")).ticket_id;
    const std::string tag = "[#" + std::to_string(ticket.value) + "]";
    const Actor admin = MakeUser("admin", Role::kAdmin, "");
    service::TicketPatch resolve;
    resolve.status = TicketStatus::kResolved;
    ASSERT_TRUE(tickets_->Patch(admin, ticket, resolve));

    const IntakeResult more = Accept(intake, Mail(from, "Re: " + tag, "c2@example.cn", "确认一下，还是不行"));
    EXPECT_EQ(more.outcome, "appended") << "a longer answer is an ordinary reply";
    EXPECT_EQ(View(ticket).ticket.status, TicketStatus::kResolved);

    const IntakeResult confirmed = Accept(intake, Mail(from, "Re: " + tag, "c3@example.cn", "确认关闭。\n\n李"));
    EXPECT_EQ(confirmed.outcome, "confirmed");
    EXPECT_EQ(confirmed.ticket_id, ticket);
    EXPECT_EQ(View(ticket).ticket.status, TicketStatus::kClosed);
    const IntakeResult twice = Accept(intake, Mail(from, "Re: " + tag, "c4@example.cn", "确认关闭"));
    EXPECT_EQ(twice.outcome, "confirmed") << "closed already: nothing new, no new ticket";
    const IntakeResult after = Accept(intake, Mail(from, "Re: " + tag, "c5@example.cn", "又坏了"));
    EXPECT_EQ(after.outcome, "created") << "a closed ticket stays closed";
}

}  // namespace
}  // namespace sladesk::mail
