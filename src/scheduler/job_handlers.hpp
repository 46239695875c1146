// The job handlers of `sladesk serve`: one place that registers a handler per job kind on the scheduler.
#pragma once

#include "core/clock.hpp"
#include "scheduler/scheduler.hpp"
#include "store/store.hpp"

namespace sladesk::service {
class DirectoryService;
class NotificationService;
class SlaService;
class TicketService;
}  // namespace sladesk::service

namespace sladesk::scheduler {

/// What handlers may use; references to long-lived objects built in cli/serve_command.cpp, which outlive the
/// scheduler. Add a member when a handler needs another service.
struct JobHandlerContext {
    store::Store& store;
    const Clock& clock;
    service::TicketService& tickets;
    service::DirectoryService& directory;
    service::SlaService& sla;
    const service::NotificationService* notifications;  // null: escalation steps are recorded, nobody is told
};

/// Registers every job kind's handler (job_handlers/<kind>.cpp) on `scheduler`; called once by the composition
/// root before Scheduler::Start(). Handlers must be idempotent in effect (see JobHandler).
void RegisterJobHandlers(Scheduler& scheduler, const JobHandlerContext& context);

}  // namespace sladesk::scheduler
