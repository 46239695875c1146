#include "scheduler/job_handlers.hpp"

#include "service/clock_keeper.hpp"
#include "service/sla_service.hpp"

namespace sladesk::scheduler {

void RegisterJobHandlers(Scheduler& scheduler, const JobHandlerContext& context) {
    // SLA warnings and breaches: refresh the ticket's clocks, record the crossing once, plan the next job.
    // Escalation ladders and notifications hook in here (issue 4).
    const auto fire_clock_job = [&sla = context.sla](const store::DueJob& job) { return sla.FireClockJob(job); };
    scheduler.Register(service::kSlaWarningJob, fire_clock_job);
    scheduler.Register(service::kSlaBreachJob, fire_clock_job);
    // After a policy change: refresh every open ticket evaluated under an older revision, in batches.
    scheduler.Register(service::kSlaRecomputeJob, [&sla = context.sla](const store::DueJob&) -> Status {
        SLADESK_TRY(sla.RecomputeStale());
        return OkStatus();
    });
}

}  // namespace sladesk::scheduler
