// JSON mapping cost per request: ParseNewTicket (POST /tickets), ToJson(TicketView).dump() and the direct writer
// json::Dump(TicketView) (GET /tickets/{id}). Before timing, Dump is checked to write exactly what dump() writes
// (odd strings and clocks included); the program stops if it does not.
// Run: build/bench/http/http_ticket_json_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "http/json/ticket_json.hpp"

namespace {

using namespace sladesk;

const std::string kNewTicketBody =
    R"({"title":"宽带无法连接 / broadband down","description":"自昨晚起家里宽带无法连接，路由器指示灯闪红。)"
    R"( Since last night the router light blinks red; restarted twice, no change.","kind":"incident",)"
    R"("channel":"web","impact":"high","urgency":"medium","tags":["网络","vip"]})";

void BM_ParseNewTicket(benchmark::State& state) {
    for (auto _ : state) {
        auto parsed = http::json::ParseNewTicket(kNewTicketBody);
        benchmark::DoNotOptimize(parsed);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kNewTicketBody.size()));
}
BENCHMARK(BM_ParseNewTicket);

/// Three clocks as a just-opened ticket under examples/policy.yaml has them, with a fraction and thresholds.
std::vector<sla::ClockFigure> MakeClocks(UtcTime at) {
    std::vector<sla::ClockFigure> clocks;
    for (int i = 0; i < 3; ++i) {
        sla::ClockFigure figure;
        figure.key.scope = i == 2 ? sla::AgreementKind::kOla : sla::AgreementKind::kSla;
        figure.key.target = i == 1 ? sla::ClockTarget::kNextUpdate : sla::ClockTarget::kFirstResponse;
        if (i == 2) figure.key.group = GroupId{4};
        figure.agreement = i == 2 ? "l1-desk" : "standard 标准";
        figure.agreement_version = 1;
        figure.calendar = "cn-office";
        figure.target = std::chrono::seconds{7200};
        figure.elapsed = std::chrono::seconds{2400 * i};
        figure.remaining = figure.target - figure.elapsed;
        figure.percent_used = i == 0 ? 0.0 : 100.0 / 3 * i;
        figure.started_at = at;
        figure.due_at = at + std::chrono::hours{2 + i};
        if (i == 2) figure.thresholds_crossed = {50, 75};
        clocks.push_back(figure);
    }
    return clocks;
}

/// A ticket as GET /api/v1/tickets/{id} returns it, with `articles` public replies.
service::TicketView MakeView(int articles) {
    service::TicketView view;
    Ticket& ticket = view.ticket;
    ticket.id = TicketId{123456};
    ticket.title = "发票抬头错误 wrong invoice title";
    ticket.customer_id = UserId{7};
    ticket.created_by = UserId{7};
    ticket.created_at = UtcTime{std::chrono::seconds{1'790'000'000}};
    ticket.updated_at = ticket.created_at;
    ticket.impact = "medium";
    ticket.urgency = "medium";
    ticket.priority = 3;
    ticket.tags = {"billing", "发票"};
    for (int i = 0; i < articles; ++i) {
        Article article;
        article.id = ArticleId{i + 1};
        article.ticket_id = ticket.id;
        article.author_id = UserId{7};
        article.body = "上月发票抬头写错了，请重开。Last month the invoice title was wrong, please reissue it.";
        article.created_at = ticket.created_at;
        view.articles.push_back(article);
    }
    return view;
}

/// Stops the program unless json::Dump writes what ToJson(...).dump() writes, for ordinary and odd content.
void CheckDumpMatchesDom() {
    service::TicketView view = MakeView(4);
    view.clocks = MakeClocks(view.ticket.created_at);
    view.ticket.organisation_id = OrganisationId{3};
    view.ticket.resolved_at = UtcTime{std::chrono::seconds{4'102'444'799}};  // 2099-12-31T23:59:59Z
    view.links = {TicketLink{LinkKind::kParent, TicketId{12}}, TicketLink{LinkKind::kDuplicate, TicketId{7}}};
    view.articles[1].body = std::string("quote \" slash \\ tab \t nl \n cr \r bs \b ff \f nul ") + '\0' +
                            " \x01\x1f\x7f del; bad utf-8: \x80 \xC3 \xE4\xB8 \xE0\x80 \xED\xA0\x80 \xF4\x90"
                            " \xF0\x9F\x98\x80 end \xE4\xB8";
    Attachment attachment;
    attachment.id = AttachmentId{5};
    attachment.filename = "报告.pdf";
    attachment.content_type = "application/pdf";
    attachment.size = 1234;
    attachment.sha256 = std::string(64, 'a');
    view.articles[2].attachments = {attachment, attachment};
    view.ticket.tags = {"a\"b", "发票", ""};
    const std::string dom = http::json::ToJson(view).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string direct = http::json::Dump(view);
    const std::string dom_ticket =
        http::json::ToJson(view.ticket, view.clocks).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (dom != direct || dom_ticket != http::json::Dump(view.ticket, view.clocks)) {
        std::fprintf(stderr, "json::Dump differs from ToJson().dump():\n%s\n%s\n", dom.c_str(), direct.c_str());
        std::abort();
    }
}

void BM_TicketViewDump(benchmark::State& state) {
    static const bool checked = (CheckDumpMatchesDom(), true);
    benchmark::DoNotOptimize(checked);
    service::TicketView view = MakeView(static_cast<int>(state.range(0)));
    view.clocks = MakeClocks(view.ticket.created_at);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text = http::json::Dump(view);
        bytes += text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_TicketViewDump)->Arg(1)->Arg(4)->Arg(20);

void BM_TicketViewToJson(benchmark::State& state) {
    service::TicketView view = MakeView(static_cast<int>(state.range(0)));
    view.clocks = MakeClocks(view.ticket.created_at);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text =
            http::json::ToJson(view).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        bytes += text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_TicketViewToJson)->Arg(1)->Arg(4)->Arg(20);

}  // namespace
