// Proves the hot path allocates nothing: counts every global operator new while calling the math.
#include <atomic>
#include <cstdlib>
#include <new>
#include <random>

#include <gtest/gtest.h>

#include "sla/calendar.hpp"
#include "sla_test_support.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Replacing the global allocation functions is allowed once per program; this binary does it here only.
// g++ 12 flags free() on memory from operator new once the two are inlined into each other, although here
// both are ours and pair malloc with free (a false positive of -Wmismatched-new-delete).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace sladesk::sla {
namespace {

TEST(NoAllocationTest, AddAndElapsedInsideTheTable) {
    const Calendar calendar = testing::MustCreate(testing::CnOfficeSpec());
    std::mt19937_64 rng(3);
    std::vector<std::pair<UtcTime, std::chrono::seconds>> inputs(10000);
    for (auto& [start, work] : inputs) {
        start = FromEpochSeconds(1546300800 + static_cast<std::int64_t>(rng() % (8LL * 365 * 86400)));
        work = std::chrono::seconds{static_cast<std::int64_t>(rng() % (400 * 3600))};
    }
    std::int64_t checksum = 0;
    const long before = g_allocations.load();
    for (const auto& [start, work] : inputs) {
        const UtcTime due = calendar.AddWorkingTime(start, work);
        checksum += calendar.WorkingTimeBetween(start, due).count() - work.count();
        checksum += ToEpochSeconds(calendar.NextWorkingInstant(start)) & 1;
    }
    EXPECT_EQ(g_allocations.load() - before, 0);
    EXPECT_GE(checksum, 0);
    // Positive control: the counter does see allocations (a direct call cannot be elided).
    void* probe = ::operator new(64);
    EXPECT_EQ(g_allocations.load() - before, 1);
    ::operator delete(probe);
}

}  // namespace
}  // namespace sladesk::sla
