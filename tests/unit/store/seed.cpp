#include "seed.hpp"

#include "store/directory_repo.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::store {

Actor Directory::AsCustomer(UserId id, std::optional<OrganisationId> organisation, bool org_admin) const {
    Actor actor;
    actor.id = id;
    actor.role = Role::kCustomer;
    actor.organisation_id = organisation;
    actor.org_admin = org_admin;
    return actor;
}

Actor Directory::AsAgent(UserId id, GroupId group) const {
    Actor actor;
    actor.id = id;
    actor.role = Role::kAgent;
    actor.groups = {group};
    return actor;
}

Actor Directory::AsSupervisor() const {
    Actor actor;
    actor.id = supervisor;
    actor.role = Role::kSupervisor;
    return actor;
}

User MakeUser(const std::string& login, Role role, std::optional<OrganisationId> organisation, bool org_admin) {
    User user;
    user.login = login;
    user.display_name = login;
    user.email = login + "@example.cn";
    user.role = role;
    user.organisation_id = organisation;
    user.org_admin = org_admin;
    user.created_at = At(0);
    return user;
}

Result<Directory> SeedDirectory(SqlConnection& db) {
    Directory dir;
    SLADESK_ASSIGN_OR_RETURN(dir.east, DirectoryRepo::InsertOrganisation(db, "华东电力", At(0)));
    SLADESK_ASSIGN_OR_RETURN(dir.west, DirectoryRepo::InsertOrganisation(db, "西部水务", At(0)));
    SLADESK_ASSIGN_OR_RETURN(
        dir.desk, DirectoryRepo::UpsertGroup(db, Group{{}, "service-desk", GroupKind::kDesk, {}, {}}, At(0)));
    SLADESK_ASSIGN_OR_RETURN(dir.network,
                             DirectoryRepo::UpsertGroup(db, Group{{}, "l2-network", GroupKind::kTeam, {}, {}}, At(0)));
    SLADESK_ASSIGN_OR_RETURN(dir.alice,
                             DirectoryRepo::InsertUser(db, MakeUser("alice", Role::kCustomer, dir.east), {}));
    SLADESK_ASSIGN_OR_RETURN(dir.carol,
                             DirectoryRepo::InsertUser(db, MakeUser("carol", Role::kCustomer, dir.east, true), {}));
    SLADESK_ASSIGN_OR_RETURN(dir.bob, DirectoryRepo::InsertUser(db, MakeUser("bob", Role::kCustomer, dir.west), {}));
    SLADESK_ASSIGN_OR_RETURN(dir.desk_agent, DirectoryRepo::InsertUser(db, MakeUser("desk-agent", Role::kAgent), {}));
    SLADESK_ASSIGN_OR_RETURN(dir.net_agent, DirectoryRepo::InsertUser(db, MakeUser("net-agent", Role::kAgent), {}));
    SLADESK_ASSIGN_OR_RETURN(dir.supervisor,
                             DirectoryRepo::InsertUser(db, MakeUser("supervisor", Role::kSupervisor), {}));
    SLADESK_TRY(DirectoryRepo::AddMember(db, dir.desk, dir.desk_agent));
    SLADESK_TRY(DirectoryRepo::AddMember(db, dir.network, dir.net_agent));
    return dir;
}

Ticket MakeTicket(const std::string& title, UserId customer, std::optional<OrganisationId> organisation,
                  std::int64_t offset) {
    Ticket ticket;
    ticket.title = title;
    ticket.impact = "medium";
    ticket.urgency = "medium";
    ticket.priority = 3;
    ticket.customer_id = customer;
    ticket.organisation_id = organisation;
    ticket.created_by = customer;
    ticket.created_at = At(offset);
    ticket.updated_at = At(offset);
    return ticket;
}

Result<TicketId> InsertTicketForTest(SqlConnection& db, const Ticket& ticket) { return TicketRepo::Insert(db, ticket); }

Result<TicketId> InsertIndexed(SqlConnection& db, const Ticket& ticket) {
    SLADESK_ASSIGN_OR_RETURN(TicketId id, TicketRepo::Insert(db, ticket));
    SLADESK_TRY(TicketRepo::IndexText(db, id, false, ticket.title));
    return id;
}

}  // namespace sladesk::store
