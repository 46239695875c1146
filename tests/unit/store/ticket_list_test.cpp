// TicketRepo::List and ::Visible: visibility rules, filters and keyset paging, on SQLite and PostgreSQL.
// With PostgreSQL: scripts/with-postgres.sh build/tests/unit/store/store_test
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "backend_fixture.hpp"
#include "seed.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::store {
namespace {

using Ids = std::vector<TicketId>;

template <typename B>
class TicketListTest : public SeededStoreTest<B> {
 protected:
    /// Ids listed for `actor`, in list order (at most query.limit + 1).
    Ids List(TicketQuery query, const Actor& actor) {
        auto tickets = this->InRead([&](SqlConnection& db) { return TicketRepo::List(db, query, actor); });
        EXPECT_TRUE(tickets) << tickets.error().message();
        Ids ids;
        if (tickets) {
            for (const Ticket& ticket : *tickets) ids.push_back(ticket.id);
        }
        return ids;
    }

    /// Ids visible to `actor`, ascending.
    Ids Visible(const Actor& actor) {
        TicketQuery query;
        query.descending = false;
        query.limit = 100;
        return List(query, actor);
    }

    bool VisibleOne(TicketId id, const Actor& actor) {
        auto visible = this->InRead([&](SqlConnection& db) { return TicketRepo::Visible(db, id, actor); });
        EXPECT_TRUE(visible) << visible.error().message();
        return visible && *visible;
    }

    /// 23 tickets whose created_at, updated_at and priority repeat, so that pages break inside runs of equal values.
    std::vector<Ticket> InsertPagingTickets() {
        std::vector<Ticket> tickets;
        for (int i = 0; i < 23; ++i) {
            Ticket ticket = MakeTicket("ticket " + std::to_string(i), this->dir_.alice, this->dir_.east, (i / 3) * 60);
            ticket.updated_at = At((i * 7) % 5 * 60);
            ticket.priority = i % 4 + 1;
            ticket.id = this->Insert(ticket);
            tickets.push_back(ticket);
        }
        return tickets;
    }
};
TYPED_TEST_SUITE(TicketListTest, Backends, BackendNames);

TYPED_TEST(TicketListTest, EachRoleSeesExactlyItsTickets) {
    const Directory& d = this->dir_;
    Ticket t1 = MakeTicket("alice, desk group, unassigned", d.alice, d.east);
    t1.group_id = d.desk;
    Ticket t2 = MakeTicket("carol, network group, net agent", d.carol, d.east);
    t2.group_id = d.network;
    t2.assignee_id = d.net_agent;
    Ticket t3 = MakeTicket("bob, network group, assigned to the desk agent", d.bob, d.west);
    t3.group_id = d.network;
    t3.assignee_id = d.desk_agent;
    Ticket t4 = MakeTicket("bob, no group yet", d.bob, d.west);
    Ticket t5 = MakeTicket("alice, network group, unassigned", d.alice, d.east);
    t5.group_id = d.network;
    const TicketId id1 = this->Insert(t1), id2 = this->Insert(t2), id3 = this->Insert(t3), id4 = this->Insert(t4),
                   id5 = this->Insert(t5);

    const std::vector<std::pair<Actor, Ids>> cases = {
        {d.AsCustomer(d.alice, d.east), {id1, id5}},
        {d.AsCustomer(d.carol, d.east, /*org_admin=*/true), {id1, id2, id5}},
        {d.AsCustomer(d.carol, d.east, /*org_admin=*/false), {id2}},
        {d.AsCustomer(d.bob, d.west), {id3, id4}},
        {d.AsAgent(d.desk_agent, d.desk), {id1, id3, id4}},
        {d.AsAgent(d.net_agent, d.network), {id2, id3, id4, id5}},
        {d.AsSupervisor(), {id1, id2, id3, id4, id5}},
    };
    const Ids all = {id1, id2, id3, id4, id5};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& [actor, expected] = cases[i];
        EXPECT_EQ(this->Visible(actor), expected) << "case " << i;
        for (TicketId id : all) {
            const bool listed = std::find(expected.begin(), expected.end(), id) != expected.end();
            EXPECT_EQ(this->VisibleOne(id, actor), listed) << "case " << i << ", ticket " << id.value;
        }
    }
    for (Role role : {Role::kServiceLevelManager, Role::kAdmin}) {
        Actor actor{d.supervisor, role, std::nullopt, false, {}};
        EXPECT_EQ(this->Visible(actor), all);
    }
}

TYPED_TEST(TicketListTest, FiltersNarrowTheList) {
    const Directory& d = this->dir_;
    Ticket a = MakeTicket("a", d.alice, d.east);
    a.status = TicketStatus::kInProgress;
    a.priority = 1;
    a.group_id = d.network;
    a.assignee_id = d.net_agent;
    a.kind = TicketKind::kComplaint;
    a.tags = {"vip"};
    Ticket b = MakeTicket("b", d.bob, d.west);
    b.status = TicketStatus::kPendingCustomer;
    b.priority = 2;
    b.group_id = d.network;
    b.tags = {"vip", "billing"};
    Ticket c = MakeTicket("c", d.carol, d.east);
    c.status = TicketStatus::kClosed;
    c.priority = 1;
    c.group_id = d.desk;
    c.assignee_id = d.desk_agent;
    const TicketId ia = this->Insert(a), ib = this->Insert(b), ic = this->Insert(c);

    const Actor all = d.AsSupervisor();
    auto query = [] {
        TicketQuery q;
        q.descending = false;
        return q;
    };
    TicketQuery q = query();
    q.statuses = {TicketStatus::kInProgress, TicketStatus::kPendingCustomer};
    EXPECT_EQ(this->List(q, all), (Ids{ia, ib}));
    q = query();
    q.priority = 1;
    EXPECT_EQ(this->List(q, all), (Ids{ia, ic}));
    q = query();
    q.group_id = d.network;
    EXPECT_EQ(this->List(q, all), (Ids{ia, ib}));
    q = query();
    q.assignee_id = d.desk_agent;
    EXPECT_EQ(this->List(q, all), (Ids{ic}));
    q = query();
    q.unassigned = true;
    EXPECT_EQ(this->List(q, all), (Ids{ib}));
    q = query();
    q.customer_id = d.carol;
    EXPECT_EQ(this->List(q, all), (Ids{ic}));
    q = query();
    q.organisation_id = d.east;
    EXPECT_EQ(this->List(q, all), (Ids{ia, ic}));
    q = query();
    q.kind = TicketKind::kComplaint;
    EXPECT_EQ(this->List(q, all), (Ids{ia}));
    q = query();
    q.tag = "vip";
    EXPECT_EQ(this->List(q, all), (Ids{ia, ib}));
    q = query();
    q.tag = "vip";
    q.organisation_id = d.west;
    q.group_id = d.network;
    EXPECT_EQ(this->List(q, all), (Ids{ib}));
    // Filters never widen visibility: alice filtering by bob's organisation sees nothing.
    q = query();
    q.organisation_id = d.west;
    EXPECT_TRUE(this->List(q, d.AsCustomer(d.alice, d.east)).empty());
}

TYPED_TEST(TicketListTest, KeysetPagingVisitsEveryTicketOnceInOrderForEachSort) {
    const std::vector<Ticket> tickets = this->InsertPagingTickets();
    const Actor actor = this->dir_.AsSupervisor();
    for (TicketSort sort : {TicketSort::kId, TicketSort::kCreatedAt, TicketSort::kUpdatedAt, TicketSort::kPriority}) {
        for (bool descending : {false, true}) {
            std::vector<Ticket> expected = tickets;
            std::sort(expected.begin(), expected.end(), [&](const Ticket& x, const Ticket& y) {
                const auto kx = std::make_tuple(SortValue(x, sort), x.id.value);
                const auto ky = std::make_tuple(SortValue(y, sort), y.id.value);
                return descending ? ky < kx : kx < ky;
            });
            Ids expected_ids;
            for (const Ticket& ticket : expected) expected_ids.push_back(ticket.id);

            TicketQuery query;
            query.sort = sort;
            query.descending = descending;
            query.limit = 5;
            Ids seen;
            int pages = 0;
            for (; pages < 10; ++pages) {
                auto page = this->InRead([&](SqlConnection& db) { return TicketRepo::List(db, query, actor); });
                ASSERT_TRUE(page) << page.error().message();
                const bool more = page->size() > static_cast<std::size_t>(query.limit);
                if (more) page->pop_back();
                for (const Ticket& ticket : *page) seen.push_back(ticket.id);
                if (!more) break;
                query.after = std::make_pair(SortValue(page->back(), sort), page->back().id.value);
            }
            const std::string label =
                "sort " + std::to_string(static_cast<int>(sort)) + (descending ? " desc" : " asc");
            EXPECT_EQ(pages, 4) << label;  // 5 + 5 + 5 + 5 + 3
            EXPECT_EQ(seen, expected_ids) << label;
            EXPECT_EQ(std::set<TicketId>(seen.begin(), seen.end()).size(), tickets.size()) << label;
        }
    }
}

}  // namespace
}  // namespace sladesk::store
