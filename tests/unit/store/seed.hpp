// Test data for the store tests: a small directory (organisations, customers, agents, groups) and tickets.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "backend_fixture.hpp"
#include "core/article.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"
#include "store/sql.hpp"

namespace sladesk::store {

/// 2025-03-03T01:00:00Z: a fixed instant the tests count from.
inline constexpr std::int64_t kBaseEpoch = 1740963600;
inline UtcTime At(std::int64_t offset_seconds) { return FromEpochSeconds(kBaseEpoch + offset_seconds); }

/// Who exists in a seeded database. Customers: alice (org east), carol (org east, its admin), bob (org west).
/// Agents: desk_agent in the desk group, net_agent in the network group; one supervisor.
struct Directory {
    OrganisationId east;
    OrganisationId west;
    GroupId desk;
    GroupId network;
    UserId alice;
    UserId carol;
    UserId bob;
    UserId desk_agent;
    UserId net_agent;
    UserId supervisor;

    Actor AsCustomer(UserId id, std::optional<OrganisationId> organisation, bool org_admin = false) const;
    Actor AsAgent(UserId id, GroupId group) const;
    Actor AsSupervisor() const;
};

/// A user with `role` and `login`, created at At(0).
User MakeUser(const std::string& login, Role role, std::optional<OrganisationId> organisation = std::nullopt,
              bool org_admin = false);

/// Inserts the directory described above. Runs inside the caller's write.
Result<Directory> SeedDirectory(SqlConnection& db);

/// A new-status ticket of `customer`, created and updated at At(offset).
Ticket MakeTicket(const std::string& title, UserId customer, std::optional<OrganisationId> organisation,
                  std::int64_t offset = 0);

/// TicketRepo::Insert, kept out of this header's includes.
Result<TicketId> InsertTicketForTest(SqlConnection& db, const Ticket& ticket);

/// Inserts `ticket` and indexes its title for search (what the service layer does); returns the id.
Result<TicketId> InsertIndexed(SqlConnection& db, const Ticket& ticket);

/// A store holding the seeded Directory, with a helper to insert tickets.
template <typename Backend>
class SeededStoreTest : public StoreTest<Backend> {
 protected:
    void SetUp() override {
        StoreTest<Backend>::SetUp();
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
        auto seeded = this->InWrite([](SqlConnection& db) { return SeedDirectory(db); });
        ASSERT_TRUE(seeded) << seeded.error().message();
        dir_ = *seeded;
    }

    /// Inserts `ticket` (tags included, title not indexed); an invalid id after a failure (already reported).
    TicketId Insert(const Ticket& ticket) {
        auto id = this->InWrite([&](SqlConnection& db) { return InsertTicketForTest(db, ticket); });
        EXPECT_TRUE(id) << id.error().message();
        return id ? *id : TicketId{};
    }

    Directory dir_;
};

}  // namespace sladesk::store
