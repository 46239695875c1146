// What opening a ticket with its SLA clocks costs in CPU (issue 3: under 20 µs per ticket), measured inside one
// transaction on a real SQLite database (WAL, synchronous=FULL; the commit every 512 tickets is not timed):
//   BM_InsertTicketOnly        the ticket row alone: the baseline
//   BM_InsertTicketAndOpen     + ClockKeeper::Open evaluating, encoding and storing the clocks and the first job
//   BM_InsertTicketAndOpenPrepared  + Open storing clocks prepared before the transaction (what the writer does
//                              when TicketService's guess holds; ClockKeeper::Prepare ran on the request thread)
//   BM_Prepare                 ClockKeeper::Prepare alone (EvaluateClocks and the JSON of the ticket_sla row)
//   BM_DecodeFigures           reading the stored figures back (every ticket read)
// Policy: examples/policy.yaml's `standard` SLA (priority 3: 2 h / 8 h / 24 h in cn-office, warnings at 75 and
// 90 %) and the desk's OLA. Results go to docs/benchmarks.md ("Ticket creation with clocks (issue 3, 20 µs)").
// Run: build/bench/service/service_clock_keeper_bench
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "service/clock_keeper.hpp"
#include "service/detail/clock_codec.hpp"
#include "service/policy.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/ticket_repo.hpp"

namespace {

using namespace sladesk;
using namespace std::chrono_literals;

constexpr int kTicketsPerCommit = 512;
constexpr std::int64_t kOpenedAt = 1'796'000'000;  // 2026-11-30, a Monday

sla::CalendarSpec Office() {
    sla::CalendarSpec spec;
    spec.name = "cn-office";
    spec.time_zone = "Asia/Shanghai";
    for (int weekday = 0; weekday < 5; ++weekday) spec.week[static_cast<std::size_t>(weekday)] = {{9h, 12h}, {13h, 18h}};
    spec.includes = {"CN"};
    return spec;
}

std::shared_ptr<const service::PolicyInForce> PolicyWithAgreements() {
    service::Policy policy;
    policy.calendars = {Office()};
    sla::Agreement standard;
    standard.name = "standard";
    standard.kind = sla::AgreementKind::kSla;
    standard.status = sla::AgreementStatus::kActive;
    standard.calendar = "cn-office";
    standard.effective_from = FromEpochSeconds(1'735'660'800);
    standard.targets = {{1, sla::Targets{15min, 1h, 4h}},
                        {2, sla::Targets{30min, 2h, 8h}},
                        {3, sla::Targets{2h, 8h, 24h}},
                        {4, sla::Targets{4h, std::nullopt, 40h}}};
    sla::Agreement desk = standard;
    desk.name = "l1-desk";
    desk.kind = sla::AgreementKind::kOla;
    desk.calendar = "24x7";
    desk.group = GroupId{1};
    desk.targets = {{3, sla::Targets{30min, std::nullopt, 1h}}};
    policy.agreements = {standard, desk};
    auto compiled = service::CompilePolicy(policy, 1);
    if (!compiled) {
        std::fprintf(stderr, "policy: %s\n", compiled.error().message().c_str());
        std::abort();
    }
    return *compiled;
}

/// A fresh database (migrated) with one customer, in a temp directory removed at the end.
struct Database {
    std::string dir;
    std::unique_ptr<store::SqlConnection> db;
    User customer;

    Database() {
        dir = (std::filesystem::temp_directory_path() / ("sladesk-clock-bench-" + std::to_string(getpid()))).string();
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        auto opened = store::sqlite::SqliteConnection::Open(dir + "/sladesk.db");
        if (!opened) Fail(opened.error());
        db = std::move(*opened);
        if (auto migrated = store::ApplyMigrations(*db); !migrated) Fail(migrated.error());
        Check(db->ExecuteScript("INSERT INTO users (login, display_name, role, created_at) "
                                "VALUES ('bench', 'Bench', 'customer', 0)"));
        customer.id = UserId{1};
        customer.role = Role::kCustomer;
        customer.customer_grade = "normal";
        Check(db->ExecuteScript("INSERT INTO groups (name, kind, created_at) VALUES ('desk', 'desk', 0)"));
    }
    ~Database() {
        db.reset();
        std::filesystem::remove_all(dir);
    }
    static void Fail(const Error& error) {
        std::fprintf(stderr, "bench setup: %s\n", error.message().c_str());
        std::abort();
    }
    static void Check(const Status& status) {
        if (!status) Fail(status.error());
    }
    Ticket NewTicket() const {
        Ticket ticket;
        ticket.title = "宽带无法连接 / broadband down";
        ticket.status = TicketStatus::kNew;
        ticket.impact = "medium";
        ticket.urgency = "medium";
        ticket.priority = 3;
        ticket.customer_id = customer.id;
        ticket.created_by = customer.id;
        ticket.group_id = GroupId{1};
        ticket.created_at = FromEpochSeconds(kOpenedAt);
        ticket.updated_at = ticket.created_at;
        return ticket;
    }
};

enum class Mode { kTicketOnly, kOpen, kOpenPrepared };

void RunInserts(benchmark::State& state, Mode mode) {
    Database database;
    const auto policy = PolicyWithAgreements();
    const UtcTime now = FromEpochSeconds(kOpenedAt);
    const Ticket ticket = database.NewTicket();
    std::vector<service::PreparedClocks> prepared;
    int in_transaction = kTicketsPerCommit;
    bool open = false;
    for (auto _ : state) {
        if (in_transaction == kTicketsPerCommit) {
            // Not timed: the commit (an fsync) and, for the prepared mode, ClockKeeper::Prepare, which the server
            // runs on the request thread before the transaction.
            state.PauseTiming();
            if (open) Database::Check(database.db->ExecuteScript("COMMIT"));
            Database::Check(database.db->ExecuteScript("BEGIN IMMEDIATE"));
            open = true;
            prepared.clear();
            for (int i = 0; mode == Mode::kOpenPrepared && i < kTicketsPerCommit; ++i) {
                prepared.push_back(service::ClockKeeper::Prepare(*policy, ticket, database.customer, now));
            }
            in_transaction = 0;
            state.ResumeTiming();
        }
        Ticket inserted = ticket;
        auto id = store::TicketRepo::Insert(*database.db, inserted);
        if (!id) Database::Fail(id.error());
        inserted.id = *id;
        if (mode != Mode::kTicketOnly) {
            service::PreparedClocks* guess = mode == Mode::kOpenPrepared ? &prepared[in_transaction] : nullptr;
            auto opened = service::ClockKeeper::Open(*database.db, *policy, inserted, database.customer, now, guess);
            if (!opened || opened->figures.empty()) Database::Fail(opened ? Error::Internal("no clocks") : opened.error());
        }
        ++in_transaction;
    }
    if (open) Database::Check(database.db->ExecuteScript("COMMIT"));
    state.SetItemsProcessed(state.iterations());
}

void BM_InsertTicketOnly(benchmark::State& state) { RunInserts(state, Mode::kTicketOnly); }
void BM_InsertTicketAndOpen(benchmark::State& state) { RunInserts(state, Mode::kOpen); }
void BM_InsertTicketAndOpenPrepared(benchmark::State& state) { RunInserts(state, Mode::kOpenPrepared); }
BENCHMARK(BM_InsertTicketOnly);
BENCHMARK(BM_InsertTicketAndOpen);
BENCHMARK(BM_InsertTicketAndOpenPrepared);

void BM_Prepare(benchmark::State& state) {
    Database database;
    const auto policy = PolicyWithAgreements();
    const Ticket ticket = database.NewTicket();
    for (auto _ : state) {
        auto prepared = service::ClockKeeper::Prepare(*policy, ticket, database.customer, ticket.created_at);
        benchmark::DoNotOptimize(prepared);
    }
}
BENCHMARK(BM_Prepare);

std::string StoredFigures() {
    Database database;
    const auto policy = PolicyWithAgreements();
    const Ticket ticket = database.NewTicket();
    return service::ClockKeeper::Prepare(*policy, ticket, database.customer, ticket.created_at).record.row.figures_json;
}

void BM_DecodeFigures(benchmark::State& state) {
    const std::string text = StoredFigures();
    for (auto _ : state) {
        auto figures = service::detail::DecodeFigures(text);
        benchmark::DoNotOptimize(figures);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_DecodeFigures);

}  // namespace
