#include "http/json/ticket_json.hpp"

#include <gtest/gtest.h>

namespace sladesk::http::json {
namespace {

TEST(TicketJsonTest, ParsesANewTicketWithAttachment) {
    auto ticket = ParseNewTicket(R"({"title":"无法登录","description":"提示密码错误","kind":"complaint",
        "channel":"phone","service":3,"impact":"high","tags":["vip"],
        "attachments":[{"filename":"a.txt","content_type":"text/plain","data_base64":"aGVsbG8="}]})");
    ASSERT_TRUE(ticket) << ticket.error().message();
    EXPECT_EQ(ticket->title, "无法登录");
    EXPECT_EQ(ticket->kind, TicketKind::kComplaint);
    EXPECT_EQ(ticket->channel, Channel::kPhone);
    EXPECT_EQ(ticket->service_id, ServiceId{3});
    EXPECT_EQ(ticket->impact, "high");
    ASSERT_EQ(ticket->attachments.size(), 1u);
    EXPECT_EQ(ticket->attachments[0].data, "hello");
}

TEST(TicketJsonTest, RejectsBadTickets) {
    EXPECT_EQ(ParseNewTicket(R"({"description":"x"})").error().message(), "title: is required");
    EXPECT_EQ(ParseNewTicket(R"({"title":"t","description":"d","kind":"rant"})").error().message(),
              "kind: must be one of: incident, request, inquiry, complaint, suggestion");
    EXPECT_FALSE(ParseNewTicket(R"({"title":"t","description":"d","service":"3"})"));
    EXPECT_FALSE(ParseNewTicket(R"({"title":"t","description":"d","service":0})"));
    EXPECT_FALSE(ParseNewTicket(R"({"title":"t","description":"d","attachments":[{"filename":"a","data_base64":"@@"}]})"));
    EXPECT_FALSE(ParseNewTicket(R"({"title":"t","description":"d","attachments":[{"filename":"a"}]})"));
    EXPECT_EQ(ParseNewTicket(R"({"title":"t","description":"d","owner":1})").error().message(),
              "unknown field 'owner'");
    EXPECT_FALSE(ParseNewTicket(R"({"title":")" + std::string(501, 'x') + R"(","description":"d"})"));
}

TEST(TicketJsonTest, PatchDistinguishesAbsentFromNull) {
    auto patch = ParseTicketPatch(R"({"status":"resolved","assignee":null,"group":4,"version":3})");
    ASSERT_TRUE(patch) << patch.error().message();
    EXPECT_EQ(patch->status, TicketStatus::kResolved);
    ASSERT_TRUE(patch->assignee);
    EXPECT_FALSE(patch->assignee->has_value());
    EXPECT_EQ(patch->group, std::optional<std::optional<GroupId>>(GroupId{4}));
    EXPECT_FALSE(patch->service);
    EXPECT_EQ(patch->expected_version, 3);
    EXPECT_FALSE(ParseTicketPatch(R"({"status":"done"})"));
    EXPECT_FALSE(ParseTicketPatch(R"({"priority":0})"));
}

TEST(TicketJsonTest, TicketJsonCarriesTheContractFields) {
    Ticket ticket;
    ticket.id = TicketId{9};
    ticket.status = TicketStatus::kPendingSupplier;
    ticket.priority = 2;
    ticket.customer_id = UserId{5};
    const auto json = ToJson(ticket);
    EXPECT_EQ(json["id"], 9);
    EXPECT_EQ(json["status"], "pending_supplier");
    EXPECT_EQ(json["priority"], 2);
    EXPECT_EQ(json["customer"], 5);
    EXPECT_TRUE(json["sla"].is_array());
    EXPECT_TRUE(json["group"].is_null());
}

TEST(TicketJsonTest, TheDirectWriterWritesWhatTheDocumentWould) {
    // The hot responses (open, read) are written directly; lists and the rest go through ToJson. Both must be the
    // same text, odd strings included.
    Ticket ticket;
    ticket.id = TicketId{12345};
    ticket.title = "无法登录 \"VIP\"\n\x01\xE4\xB8";  // quotes, control characters, a cut-short sequence
    ticket.kind = TicketKind::kComplaint;
    ticket.channel = Channel::kServiceHall;
    ticket.status = TicketStatus::kPendingCustomer;
    ticket.priority = 1;
    ticket.impact = "high";
    ticket.urgency = "medium";
    ticket.customer_id = UserId{5};
    ticket.created_by = UserId{6};
    ticket.organisation_id = OrganisationId{2};
    ticket.group_id = GroupId{3};
    ticket.created_at = FromEpochSeconds(1795809815);
    ticket.updated_at = FromEpochSeconds(1795809875);
    ticket.resolved_at = FromEpochSeconds(1795819815);
    ticket.version = 4;
    ticket.tags = {"vip", "登录"};
    sla::ClockFigure figure;
    figure.key = {sla::AgreementKind::kSla, sla::ClockTarget::kResolution, std::nullopt};
    figure.agreement = "standard";
    figure.calendar = "cn-office";
    figure.target = std::chrono::hours{8};
    figure.started_at = ticket.created_at;
    figure.due_at = FromEpochSeconds(1795838615);
    figure.elapsed = std::chrono::minutes{90};
    figure.remaining = std::chrono::minutes{390};
    figure.percent_used = 18.75;
    figure.state = sla::ClockState::kPaused;
    figure.thresholds_crossed = {};
    const std::vector<sla::ClockFigure> clocks = {figure};
    const auto text = [](const nlohmann::json& value) {
        return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    EXPECT_EQ(Dump(ticket, clocks), text(ToJson(ticket, clocks)));
    EXPECT_EQ(Dump(Ticket{}, {}), text(ToJson(Ticket{})));

    service::TicketView view;
    view.ticket = ticket;
    view.clocks = clocks;
    Attachment attachment{AttachmentId{8}, ticket.id, ArticleId{7}, "截图.png", "image/png", 2048,
                          std::string(64, 'a'), ticket.created_at};
    view.articles = {Article{ArticleId{7}, ticket.id, UserId{5}, false, Channel::kEmail, "正文\r\n\tquoted \"x\"",
                             ticket.created_at, {attachment}},
                     Article{ArticleId{9}, ticket.id, UserId{6}, true, Channel::kPhone, "", ticket.updated_at, {}}};
    view.links = {TicketLink{LinkKind::kDuplicate, TicketId{3}}, TicketLink{LinkKind::kParent, TicketId{4}}};
    EXPECT_EQ(Dump(view), text(ToJson(view)));

    // With a notice, as staff see it (no statement published yet, then published) and as customers see it.
    Notice notice;
    notice.id = NoticeId{12};
    notice.title = "key-login (key/login)";
    notice.grade = 2;
    notice.state = NoticeState::kAcknowledged;
    notice.statement_state = StatementState::kDraft;
    view.notice = service::TicketNotice{notice, "", std::nullopt};
    EXPECT_EQ(Dump(view), text(ToJson(view)));
    view.notice->notice->statement_state = StatementState::kPublished;
    view.notice->statement = "登录故障，正在修复 \"x\"";
    view.notice->statement_published_at = ticket.updated_at;
    EXPECT_EQ(Dump(view), text(ToJson(view)));
    view.notice->notice.reset();
    EXPECT_EQ(Dump(view), text(ToJson(view)));
    EXPECT_NE(Dump(view).find("\"notice\":{\"published_at\":"), std::string::npos) << Dump(view);
}

TEST(TicketJsonTest, ParsesLinksAndReasons) {
    auto link = ParseTicketLink(R"({"kind":"parent","target":12})");
    ASSERT_TRUE(link);
    EXPECT_EQ(link->kind, LinkKind::kParent);
    EXPECT_FALSE(ParseTicketLink(R"({"kind":"parent"})"));
    EXPECT_FALSE(ParseTicketLink(R"({"kind":"sibling","target":1})"));
    EXPECT_EQ(*ParseReason(R"({"reason":"还是不行"})"), "还是不行");
}

}  // namespace
}  // namespace sladesk::http::json
