// Burst rule evaluation. Rules: the seeds' defaults as in examples/policy.yaml (security 1/1, key-login, key-payment,
// key-withdrawal 5/3, regular 10/5, 30-minute windows). Complaints: a fixed pseudo-random stream (seed 42) over 12
// category paths (a third outside every rule), customer grades vip/important/normal/none, one every 0-3 s.
#include <benchmark/benchmark.h>

#include <random>

#include "rules/burst_detector.hpp"

namespace sladesk::rules {
namespace {

using std::chrono::minutes;

const std::vector<std::string> kGrades{"vip", "important", "normal"};

std::vector<BurstRule> SeedRules() {
    std::vector<BurstRule> rules;
    rules.push_back({"security", "security", std::nullopt, {}, minutes{30}, {{"normal", 1}, {"vip", 1}}, {{1, 1}}});
    for (const char* leaf : {"login", "payment", "withdrawal"}) {
        rules.push_back({std::string("key-") + leaf, std::string("key/") + leaf, std::nullopt, {}, minutes{30},
                         {{"normal", 5}, {"vip", 3}}, {{1, 3}, {6, 2}}});
    }
    rules.push_back({"regular", "regular", std::nullopt, {}, minutes{30}, {{"normal", 10}, {"vip", 5}},
                     {{1, 4}, {31, 3}}});
    return rules;
}

std::vector<Complaint> Stream(std::size_t count) {
    static const std::vector<std::string> kPaths{
        "security/data-leak", "key/login",     "key/payment",  "key/withdrawal", "regular/page",  "regular/message",
        "regular/wording",    "regular",       "billing/invoice", "billing",     "hardware/printer", "network/vpn"};
    static const std::vector<std::optional<std::string>> kCustomerGrades{"vip", "important", "normal", std::nullopt};
    std::mt19937_64 random(42);
    std::vector<Complaint> complaints(count);
    UtcTime at = FromEpochSeconds(1740963600);
    for (std::size_t i = 0; i < count; ++i) {
        at += std::chrono::seconds{random() % 4};
        complaints[i] = {static_cast<std::int64_t>(i + 1), at, kPaths[random() % kPaths.size()], std::nullopt,
                         TicketKind::kComplaint, kCustomerGrades[random() % kCustomerGrades.size()]};
    }
    return complaints;
}

/// What intake pays per ticket before any database work: which rules match it.
void BM_RuleMatchingPerTicket(benchmark::State& state) {
    const auto rules = SeedRules();
    const auto complaints = Stream(4096);
    std::size_t index = 0;
    for (auto _ : state) {
        const Complaint& complaint = complaints[index++ & 4095];
        const ComplaintFacts facts{complaint.category_path, complaint.service, complaint.kind,
                                   GradeRank(kGrades, complaint.customer_grade)};
        int matched = 0;
        for (const BurstRule& rule : rules) matched += RuleMatches(rule, facts) ? 1 : 0;
        benchmark::DoNotOptimize(matched);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RuleMatchingPerTicket);

/// Replays 1,000,000 complaints; every 600th resolves the notices open then, so bursts keep forming.
void BM_ReplayMillionComplaints(benchmark::State& state) {
    const auto complaints = Stream(1'000'000);
    std::size_t opened = 0;
    for (auto _ : state) {
        BurstDetector detector(SeedRules(), kGrades);
        std::vector<BurstEvent> events;
        for (std::size_t i = 0; i < complaints.size(); ++i) {
            events.clear();
            detector.Add(complaints[i], events);
            for (const BurstEvent& event : events) opened += event.kind == BurstEventKind::kOpened ? 1 : 0;
            if (i % 600 == 599) {
                for (std::size_t rule = 0; rule < 5; ++rule) detector.CloseNotice(rule);
            }
        }
    }
    state.counters["notices_opened"] = benchmark::Counter(static_cast<double>(opened) /
                                                          static_cast<double>(state.iterations()));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(complaints.size()));
}
BENCHMARK(BM_ReplayMillionComplaints)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sladesk::rules
