// The demo data set behind `sladesk serve --demo`: policy, people and a realistic mix of tickets.
#pragma once

#include "core/result.hpp"
#include "service/directory_service.hpp"
#include "service/policy_service.hpp"
#include "service/ticket_service.hpp"

namespace sladesk::service {

/// Loads the demo set once (a settings flag remembers it); later calls do nothing and return false.
/// Accounts (login / password): admin / admin-demo, agent1 / agent-demo, agent2 / agent-demo,
/// supervisor / supervisor-demo, slm / slm-demo, customers zhangsan, lisi, wangwu, acme-admin / customer-demo.
Result<bool> LoadDemoData(store::Store& store, PolicyService& policy, DirectoryService& directory,
                          TicketService& tickets);

}  // namespace sladesk::service
