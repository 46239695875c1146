// JSON mapping cost per request: ParseNewTicket (POST /tickets) and ToJson(TicketView).dump() (GET /tickets/{id}).
// Run: build/bench/http/http_ticket_json_bench
#include <benchmark/benchmark.h>

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

void BM_TicketViewToJson(benchmark::State& state) {
    const service::TicketView view = MakeView(static_cast<int>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text = http::json::ToJson(view).dump();
        bytes += text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_TicketViewToJson)->Arg(1)->Arg(4)->Arg(20);

}  // namespace
