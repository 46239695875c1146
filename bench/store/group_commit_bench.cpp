// Group-commit throughput on a temporary SQLite database (WAL, synchronous=FULL, real fsyncs).
// Each benchmark thread is one caller blocked in Store::Write, like an HTTP handler thread; items/s is durable
// writes per second. Run: build/bench/store/store_group_commit_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unistd.h>

#include "core/clock.hpp"
#include "service/blob_store.hpp"
#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/policy.hpp"
#include "service/ticket_service.hpp"
#include "store/store.hpp"

namespace {

using namespace sladesk;

constexpr store::NamedQuery kInsertRow{"bench_insert_row", "INSERT INTO bench_rows (payload) VALUES ($1)"};

/// One store, customer and service shared by every benchmark thread; the directory is removed at exit.
struct Fixture {
    std::string dir;
    std::unique_ptr<store::Store> store;
    SystemClock clock;
    service::PolicyCache policy;
    std::unique_ptr<service::BlobStore> blobs;
    std::unique_ptr<service::TicketService> tickets;
    Actor customer;

    Fixture() {
        dir = (std::filesystem::temp_directory_path() / ("sladesk-gc-bench-" + std::to_string(getpid()))).string();
        std::filesystem::remove_all(dir);
        store::StoreOptions options;
        options.data_dir = dir;
        (void)service::InitCrypto();
        auto opened = store::OpenStore(options);
        if (!opened) throw std::runtime_error(opened.error().message());
        store = std::move(*opened);
        const Status created = store->Write([](store::SqlConnection& db) {
            return db.ExecuteScript("CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, payload TEXT)");
        });
        if (!created) throw std::runtime_error(created.error().message());
        blobs = std::make_unique<service::BlobStore>(dir + "/attachments");
        tickets = std::make_unique<service::TicketService>(*store, clock, *blobs, policy);
        service::DirectoryService directory(*store, clock, policy);
        service::NewUser user;
        user.login = "benchcust";
        user.password = "Bench-pass-1";
        auto inserted = directory.CreateUserAsSystem(user);
        if (!inserted) throw std::runtime_error(inserted.error().message());
        customer = Actor{inserted->id, Role::kCustomer, inserted->organisation_id, false, {}};
    }
    ~Fixture() {
        store.reset();
        std::filesystem::remove_all(dir);
    }
};

Fixture& Shared() {
    static Fixture fixture;
    return fixture;
}

/// The store alone: one small INSERT per durable write.
void BM_GroupCommitInsertRow(benchmark::State& state) {
    store::Store& store = *Shared().store;
    const std::vector<store::SqlValue> params{std::string(200, 'x')};
    for (auto _ : state) {
        const Status status = store.Write([&](store::SqlConnection& db) -> Status {
            auto changed = db.Execute(kInsertRow, params);
            if (!changed) return changed.error();
            return OkStatus();
        });
        if (!status) state.SkipWithError(status.error().message().c_str());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GroupCommitInsertRow)->Threads(1)->Threads(16)->Threads(64)->Threads(256)->UseRealTime();

/// The whole intake write: TicketService::Create (ticket, history, first article, search index).
void BM_TicketServiceCreate(benchmark::State& state) {
    Fixture& fixture = Shared();
    service::NewTicket input;
    input.title = "宽带无法连接 broadband down";
    input.description = "自昨晚起家里宽带无法连接，路由器指示灯闪红。Since last night the router light blinks red.";
    for (auto _ : state) {
        auto created = fixture.tickets->Create(fixture.customer, input);
        if (!created) state.SkipWithError(created.error().message().c_str());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TicketServiceCreate)->Threads(1)->Threads(64)->Threads(256)->UseRealTime();

}  // namespace
