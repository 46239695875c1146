#include "scheduler/job_handlers.hpp"

namespace sladesk::scheduler {

void RegisterJobHandlers(Scheduler& scheduler, const JobHandlerContext& context) {
    // No kinds yet: the SLA warning and breach handlers (issue 4, escalation) register here, e.g.
    //     scheduler.Register("sla_breach", SlaBreachHandler(context));
    // Jobs of a kind without a handler stay pending until a node with the handler claims them.
    (void)scheduler;
    (void)context;
}

}  // namespace sladesk::scheduler
