// AddWorkingTime / WorkingTimeBetween / the batch engine with the CN office calendar (09:00-12:00,
// 13:00-18:00 Mon-Fri, include CN) over random starts in 2019..2026 and random targets up to 40 h.
// Results go to docs/benchmarks.md ("SLA working-time math (issue 3)").
#include <benchmark/benchmark.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "sla/calendar_yaml.hpp"
#include "sla/due_batch.hpp"

namespace sladesk::sla {
namespace {

constexpr std::size_t kInputs = 1 << 16;
constexpr std::int64_t kFrom = 1546300800;  // 2019-01-01T00:00:00Z
constexpr std::int64_t kSpan = 8LL * 365 * 86400;

constexpr const char* kCalendarYaml = R"(calendars:
  - name: cn-office
    timezone: Asia/Shanghai
    week:
      mon: ["09:00-12:00", "13:00-18:00"]
      tue: ["09:00-12:00", "13:00-18:00"]
      wed: ["09:00-12:00", "13:00-18:00"]
      thu: ["09:00-12:00", "13:00-18:00"]
      fri: ["09:00-12:00", "13:00-18:00"]
    include: [CN]
)";

const Calendar& CnOffice() {
    static const Calendar calendar = std::move(*LoadCalendarFromYaml(kCalendarYaml));
    return calendar;
}

struct Input {
    UtcTime start;
    std::chrono::seconds work;
};

const std::vector<Input>& Inputs() {
    static const std::vector<Input> inputs = [] {
        std::mt19937_64 rng(42);
        std::vector<Input> result(kInputs);
        for (auto& input : result) {
            input.start = FromEpochSeconds(kFrom + static_cast<std::int64_t>(rng() % kSpan));
            input.work = std::chrono::seconds{static_cast<std::int64_t>(rng() % (40 * 3600))};
        }
        return result;
    }();
    return inputs;
}

void BM_AddWorkingTime(benchmark::State& state) {
    const Calendar& calendar = CnOffice();
    const auto& inputs = Inputs();
    std::size_t index = 0;
    for (auto _ : state) {
        const Input& input = inputs[index++ & (kInputs - 1)];
        benchmark::DoNotOptimize(calendar.AddWorkingTime(input.start, input.work));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingTime);

void BM_WorkingTimeBetween(benchmark::State& state) {
    const Calendar& calendar = CnOffice();
    const auto& inputs = Inputs();
    std::size_t index = 0;
    for (auto _ : state) {
        const Input& input = inputs[index++ & (kInputs - 1)];
        const UtcTime end = input.start + input.work * 5;  // a window of up to ~8 days
        benchmark::DoNotOptimize(calendar.WorkingTimeBetween(input.start, end));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WorkingTimeBetween);

// Long targets (up to 2000 working hours ~ a year) exercise the gallop over many intervals.
void BM_AddWorkingTimeLong(benchmark::State& state) {
    const Calendar& calendar = CnOffice();
    const auto& inputs = Inputs();
    std::size_t index = 0;
    for (auto _ : state) {
        const Input& input = inputs[index++ & (kInputs - 1)];
        benchmark::DoNotOptimize(calendar.AddWorkingTime(input.start, input.work * 50));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingTimeLong);

// The `sla due --batch` engine end to end on in-memory streams: parse, compute, format.
void BM_DueBatch(benchmark::State& state) {
    const Calendar& calendar = CnOffice();
    std::string text;
    for (const Input& input : Inputs()) {
        text += std::to_string(ToEpochSeconds(input.start)) + " " + std::to_string(input.work.count()) + "\n";
    }
    for (auto _ : state) {
        std::istringstream in(text);
        std::ostringstream out;
        benchmark::DoNotOptimize(RunDueBatch(in, out, calendar).ok());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kInputs));
}
BENCHMARK(BM_DueBatch);

// Building the calendar (tables 2000-2100); paid once per calendar version, not per call.
void BM_CreateCalendar(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(LoadCalendarFromYaml(kCalendarYaml).ok());
}
BENCHMARK(BM_CreateCalendar)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sladesk::sla
