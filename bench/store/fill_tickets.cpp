// Fills a SQLite (or PostgreSQL) database with N tickets for memory and scale measurements (issue 2).
//
//   sladesk_fill_tickets --data DIR [--database URL] [--tickets 1000000] [--threads 256]
//                        [--login loadcust] [--password Load-test-pass-1]
//
// Creates (or reuses) one customer and opens every ticket through TicketService::Create, exactly as
// POST /api/v1/tickets does, from many threads so the group-commit writer batches them. Prints progress and the
// insert rate. bench/load/run.sh --data DIR then serves the filled database with the same customer.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "service/blob_store.hpp"
#include "service/directory_service.hpp"
#include "service/passwords.hpp"
#include "service/policy.hpp"
#include "service/ticket_service.hpp"
#include "store/store.hpp"

namespace {

struct FillOptions {
    sladesk::store::StoreOptions store;
    long tickets = 1'000'000;  // tickets to add; default 1,000,000
    int threads = 256;         // concurrent callers (one group commit takes up to max_batch of them); default 256
    std::string login = "loadcust";
    std::string password = "Load-test-pass-1";
};

bool ParseArgs(int argc, char** argv, FillOptions& options) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--data") options.store.data_dir = value;
        else if (flag == "--database") options.store.database_url = value;
        else if (flag == "--tickets") options.tickets = std::stol(value);
        else if (flag == "--threads") options.threads = std::stoi(value);
        else if (flag == "--login") options.login = value;
        else if (flag == "--password") options.password = value;
        else return false;
    }
    return argc % 2 == 1 && options.tickets > 0 && options.threads > 0;
}

/// The customer's actor, created here (so --data must be a fresh directory).
sladesk::Result<sladesk::Actor> CustomerActor(sladesk::service::DirectoryService& directory,
                                              const FillOptions& options) {
    sladesk::service::NewUser user;
    user.login = options.login;
    user.password = options.password;
    user.role = sladesk::Role::kCustomer;
    auto created = directory.CreateUserAsSystem(user);
    if (!created) return created.error();
    return sladesk::Actor{created->id, sladesk::Role::kCustomer, created->organisation_id, false, {}};
}

}  // namespace

int main(int argc, char** argv) {
    FillOptions options;
    if (!ParseArgs(argc, argv, options)) {
        std::cerr << "usage: sladesk_fill_tickets --data DIR [--database URL] [--tickets N] [--threads N] "
                     "[--login L] [--password P]\n";
        return 2;
    }
    if (auto crypto = sladesk::service::InitCrypto(); !crypto) {
        std::cerr << crypto.error().message() << "\n";
        return 1;
    }
    auto store = sladesk::store::OpenStore(options.store);
    if (!store) {
        std::cerr << store.error().message() << "\n";
        return 1;
    }
    sladesk::SystemClock clock;
    sladesk::service::PolicyCache policy;
    sladesk::service::BlobStore blobs(options.store.data_dir + "/attachments");
    sladesk::service::DirectoryService directory(**store, clock, policy);
    sladesk::service::TicketService tickets(**store, clock, blobs, policy);
    auto actor = CustomerActor(directory, options);
    if (!actor) {
        std::cerr << "customer " << options.login << ": " << actor.error().message()
                  << " (use a fresh --data directory)\n";
        return 1;
    }

    std::atomic<long> next{0};
    std::atomic<long> failed{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < options.threads; ++t) {
        workers.emplace_back([&] {
            sladesk::service::NewTicket input;
            input.description = "自昨晚起家里宽带无法连接，路由器指示灯闪红。Since last night the router light blinks red; "
                                "restarted twice, no change.";
            for (long n = next++; n < options.tickets; n = next++) {
                input.title = "宽带无法连接 broadband down #" + std::to_string(n);
                if (!tickets.Create(*actor, input)) ++failed;
                if ((n + 1) % 50'000 == 0) {
                    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
                    std::printf("%ld tickets, %.0f s, %.0f tickets/s\n", n + 1, elapsed.count(), (n + 1) / elapsed.count());
                    std::fflush(stdout);
                }
            }
        });
    }
    for (auto& worker : workers) worker.join();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf("done: %ld tickets (%ld failed) in %.0f s, %.0f tickets/s\n", options.tickets, failed.load(),
                elapsed.count(), options.tickets / elapsed.count());
    return failed.load() == 0 ? 0 : 1;
}
