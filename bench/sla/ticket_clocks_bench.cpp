// Ticket clocks: EvaluateClocks for a just-opened ticket (target: opening a ticket with its clocks adds under 20 µs of
// CPU) and for a 30-event history, AdvanceFigure (reads), CheckFeasibility and compiling a book.
// Results go to docs/benchmarks.md ("SLA clocks (issue 3)").
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "sla/agreement.hpp"
#include "sla/feasibility.hpp"
#include "sla/ticket_clocks.hpp"

namespace sladesk::sla {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kInputs = 1 << 12;
constexpr std::int64_t kFrom = 1735660800;   // 2025-01-01T00:00:00+08:00
constexpr std::int64_t kSpan = 365 * 86400;  // starts spread over 2025 (holidays and 调休 included)
constexpr GroupId kDesk{1};
constexpr GroupId kNetwork{2};
constexpr GroupId kSupplier{3};

CalendarSpec OfficeSpec() {  // 09:00-12:00, 13:00-18:00 Mon-Fri in Shanghai with the CN holidays
    CalendarSpec spec;
    spec.name = "cn-office";
    spec.time_zone = "Asia/Shanghai";
    for (int weekday = 0; weekday < 5; ++weekday) {
        spec.week[static_cast<std::size_t>(weekday)] = {{9h, 12h}, {13h, 18h}};
    }
    spec.includes = {"CN"};
    return spec;
}

Agreement MakeAgreement(std::string name, AgreementKind kind, std::optional<GroupId> group, std::string calendar) {
    Agreement agreement;
    agreement.name = std::move(name);
    agreement.kind = kind;
    agreement.status = AgreementStatus::kActive;
    agreement.calendar = std::move(calendar);
    agreement.effective_from = FromEpochSeconds(kFrom - 86400);
    agreement.group = group;
    return agreement;
}

// A realistic book: two SLAs (a general one with four priorities and a VIP override, one for an organisation),
// two OLAs on the office calendar and a UC on 24x7.
const AgreementBook& Book() {
    static const AgreementBook book = [] {
        Agreement standard = MakeAgreement("standard", AgreementKind::kSla, std::nullopt, "cn-office");
        standard.targets = {{1, Targets{30min, 2h, 8h}},
                            {2, Targets{1h, 4h, 16h}},
                            {3, Targets{4h, 8h, 40h}},
                            {4, Targets{8h, 16h, 80h}}};
        standard.grade_overrides["vip"] = {{1, Targets{15min, 1h, 4h}}, {2, Targets{30min, 2h, 8h}}};
        Agreement gold = standard;
        gold.name = "gold";
        gold.scope.organisations = {OrganisationId{7}};
        Agreement desk = MakeAgreement("desk", AgreementKind::kOla, kDesk, "cn-office");
        Agreement network = MakeAgreement("network", AgreementKind::kOla, kNetwork, "cn-office");
        Agreement supplier = MakeAgreement("isp", AgreementKind::kUc, kSupplier, "24x7");
        for (int priority = 1; priority <= 4; ++priority) {
            const auto hours = std::chrono::hours(priority * 2);
            desk.targets.push_back({priority, Targets{15min * priority, std::nullopt, hours}});
            network.targets.push_back({priority, Targets{std::nullopt, std::nullopt, hours * 2}});
            supplier.targets.push_back({priority, Targets{std::nullopt, std::nullopt, hours * 3}});
        }
        return std::move(*AgreementBook::Create({OfficeSpec()}, {standard, gold, desk, network, supplier}));
    }();
    return book;
}

const std::vector<UtcTime>& Starts() {
    static const std::vector<UtcTime> starts = [] {
        std::mt19937_64 rng(42);
        std::vector<UtcTime> result(kInputs);
        for (UtcTime& start : result) start = FromEpochSeconds(kFrom + static_cast<std::int64_t>(rng() % kSpan));
        return result;
    }();
    return starts;
}

TicketFacts Facts(UtcTime created) {
    TicketFacts facts;
    facts.created_at = created;
    facts.priority = 2;
    facts.customer_grade = "normal";
    facts.customer_class = "enterprise";
    return facts;
}

// What ticket creation does: one kCreated event, SLA with three targets (first response, next update, resolution)
// and the desk's OLA, evaluated at the creation instant.
void BM_EvaluateJustOpened(benchmark::State& state) {
    const auto& starts = Starts();
    std::size_t index = 0;
    std::size_t jobs = 0;
    for (auto _ : state) {
        const UtcTime created = starts[index++ & (kInputs - 1)];
        const TimelineEvent timeline[] = {{created, TimelineEvent::Kind::kCreated, TicketStatus::kNew, kDesk}};
        ClockEvaluation clocks = EvaluateClocks(timeline, Facts(created), Book(), created);
        jobs += clocks.jobs.size();
        benchmark::DoNotOptimize(clocks);
    }
    state.counters["jobs/ticket"] = static_cast<double>(jobs) / static_cast<double>(state.iterations());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateJustOpened);

// A 30-event history: acknowledgement, replies, customer messages, waits on the customer and the supplier, three
// groups, a resolution and a reopen; evaluated a day after the last event.
std::vector<TimelineEvent> History(UtcTime created) {
    using Kind = TimelineEvent::Kind;
    std::vector<TimelineEvent> timeline{{created, Kind::kCreated, TicketStatus::kNew, kDesk}};
    UtcTime t = created;
    auto add = [&](std::chrono::minutes gap, Kind kind, TicketStatus status = TicketStatus::kNew,
                   std::optional<GroupId> group = std::nullopt) {
        t += gap;
        timeline.push_back({t, kind, status, group});
    };
    add(10min, Kind::kStatus, TicketStatus::kAcknowledged);
    add(5min, Kind::kAgentReply);
    add(20min, Kind::kStatus, TicketStatus::kPendingCustomer);
    add(3h, Kind::kCustomerMessage);
    add(0min, Kind::kStatus, TicketStatus::kInProgress);
    add(40min, Kind::kAgentReply);
    add(30min, Kind::kGroup, TicketStatus::kNew, kNetwork);
    add(2h, Kind::kAgentReply);
    add(1h, Kind::kCustomerMessage);
    add(45min, Kind::kAgentReply);
    add(10min, Kind::kGroup, TicketStatus::kNew, kSupplier);
    add(0min, Kind::kStatus, TicketStatus::kPendingSupplier);
    add(5h, Kind::kCustomerMessage);
    add(30min, Kind::kAgentReply);
    add(6h, Kind::kStatus, TicketStatus::kInProgress);
    add(0min, Kind::kGroup, TicketStatus::kNew, kNetwork);
    add(90min, Kind::kAgentReply);
    add(20min, Kind::kStatus, TicketStatus::kPendingCustomer);
    add(20h, Kind::kCustomerMessage);
    add(0min, Kind::kStatus, TicketStatus::kInProgress);
    add(1h, Kind::kAgentReply);
    add(2h, Kind::kStatus, TicketStatus::kResolved);
    add(26h, Kind::kCustomerMessage);
    add(0min, Kind::kStatus, TicketStatus::kInProgress);
    add(0min, Kind::kGroup, TicketStatus::kNew, kDesk);
    add(30min, Kind::kAgentReply);
    add(1h, Kind::kCustomerMessage);
    add(15min, Kind::kAgentReply);
    add(2h, Kind::kStatus, TicketStatus::kResolved);
    return timeline;
}

void BM_EvaluateHistory30(benchmark::State& state) {
    std::vector<std::vector<TimelineEvent>> histories;
    for (std::size_t index = 0; index < 256; ++index) histories.push_back(History(Starts()[index]));
    std::size_t index = 0;
    for (auto _ : state) {
        const auto& timeline = histories[index++ & 255];
        const UtcTime now = timeline.back().at + 24h;
        benchmark::DoNotOptimize(EvaluateClocks(timeline, Facts(timeline.front().at), Book(), now));
    }
    state.counters["events"] = static_cast<double>(histories[0].size());
    const ClockEvaluation sample =
        EvaluateClocks(histories[0], Facts(histories[0].front().at), Book(), histories[0].back().at + 24h);
    state.counters["figures"] = static_cast<double>(sample.figures.size());
    state.counters["segments"] = static_cast<double>(sample.segments.size());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateHistory30);

// A read: the stored figure moved on to `now` without the history.
void BM_AdvanceFigure(benchmark::State& state) {
    std::vector<std::pair<ClockFigure, UtcTime>> figures;
    for (std::size_t index = 0; index < 256; ++index) {
        const UtcTime created = Starts()[index];
        const TimelineEvent timeline[] = {{created, TimelineEvent::Kind::kCreated, TicketStatus::kNew, kDesk}};
        figures.emplace_back(EvaluateClocks(timeline, Facts(created), Book(), created).figures.back(), created);
    }
    std::size_t index = 0;
    for (auto _ : state) {
        const auto& [figure, evaluated_at] = figures[index & 255];
        const UtcTime now = evaluated_at + std::chrono::minutes(17 * (index++ & 1023));
        benchmark::DoNotOptimize(AdvanceFigure(figure, Book(), evaluated_at, now));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AdvanceFigure);

// The whole book: 2 SLAs x (4 priorities + 2 VIP overrides) x 2 targets against desk -> network -> supplier,
// 28 days of quarter-hour starts (2,688 per row).
void BM_CheckFeasibility(benchmark::State& state) {
    FeasibilityOptions options;
    options.sample_from = FromEpochSeconds(kFrom + 30 * 86400);
    std::size_t rows = 0;
    for (auto _ : state) {
        auto result = CheckFeasibility(Book(), options);
        rows = result.size();
        benchmark::DoNotOptimize(result);
    }
    state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_CheckFeasibility)->Unit(benchmark::kMillisecond);

// Compiling the book (what a policy change costs once): dominated by the calendar tables (2000-2100).
void BM_CreateBook(benchmark::State& state) {
    const std::vector<Agreement> agreements(Book().agreements().begin(), Book().agreements().end());
    for (auto _ : state) benchmark::DoNotOptimize(AgreementBook::Create({OfficeSpec()}, agreements).ok());
}
BENCHMARK(BM_CreateBook)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sladesk::sla
