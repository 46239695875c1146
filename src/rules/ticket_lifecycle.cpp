#include "rules/ticket_lifecycle.hpp"

#include <string>

namespace sladesk::rules {
namespace {

bool Allowed(TicketStatus from, TicketStatus to) {
    using S = TicketStatus;
    switch (from) {
        case S::kNew:
            return to == S::kAcknowledged || to == S::kInProgress || to == S::kPendingCustomer ||
                   to == S::kPendingSupplier || to == S::kResolved;
        case S::kAcknowledged:
            return to == S::kInProgress || to == S::kPendingCustomer || to == S::kPendingSupplier || to == S::kResolved;
        case S::kInProgress:
            return to == S::kPendingCustomer || to == S::kPendingSupplier || to == S::kResolved;
        case S::kPendingCustomer:
        case S::kPendingSupplier:
            return to == S::kInProgress || to == S::kResolved || to == S::kPendingCustomer ||
                   to == S::kPendingSupplier;
        case S::kResolved:
            return to == S::kInProgress || to == S::kClosed;
        case S::kClosed:
            return false;
    }
    return false;
}

}  // namespace

Status CheckStaffTransition(TicketStatus from, TicketStatus to) {
    if (from == to) return OkStatus();
    if (Allowed(from, to)) return OkStatus();
    return Error::Conflict("cannot change status from " + std::string(kTicketStatusNames.Name(from)) + " to " +
                           std::string(kTicketStatusNames.Name(to)));
}

TicketStatus StatusAfterCustomerReply(TicketStatus current) {
    return current == TicketStatus::kPendingCustomer ? TicketStatus::kInProgress : current;
}

bool IsOpen(TicketStatus status) { return status != TicketStatus::kResolved && status != TicketStatus::kClosed; }

}  // namespace sladesk::rules
