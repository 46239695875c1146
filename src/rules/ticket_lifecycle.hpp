// Which status changes a ticket may make, and who may make them. Pure.
#pragma once

#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"

namespace sladesk::rules {

/// kConflict naming both statuses if staff may not move a ticket from `from` to `to`.
/// new -> acknowledged -> in_progress -> pending_customer | pending_supplier -> resolved -> closed; pending states
/// go back to in_progress; resolved reopens to in_progress; closed is final.
Status CheckStaffTransition(TicketStatus from, TicketStatus to);

/// The status a customer's reply moves a ticket to: a reply while the desk waits on the customer hands it back.
TicketStatus StatusAfterCustomerReply(TicketStatus current);

/// True for statuses in which a ticket still needs work (not resolved or closed).
bool IsOpen(TicketStatus status);

}  // namespace sladesk::rules
