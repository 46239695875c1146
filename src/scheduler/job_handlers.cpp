#include "scheduler/job_handlers.hpp"

#include <memory>

#include "service/clock_keeper.hpp"
#include "service/escalation_service.hpp"
#include "service/notice_keeper.hpp"
#include "service/notice_service.hpp"
#include "service/sla_service.hpp"

namespace sladesk::scheduler {

void RegisterJobHandlers(Scheduler& scheduler, const JobHandlerContext& context) {
    // SLA warnings and breaches: refresh the ticket's clocks, record the crossing once, plan the next job.
    // Escalation ladders and notifications hook in here (issue 4).
    const auto fire_clock_job = [&sla = context.sla](const store::DueJob& job) { return sla.FireClockJob(job); };
    scheduler.Register(service::kSlaWarningJob, fire_clock_job);
    scheduler.Register(service::kSlaBreachJob, fire_clock_job);
    // Escalation ladders: take the steps now due, once each (their messages go to the outbox in the same
    // transaction), and plan the ticket's next escalation job. The handler
    // owns its service and policy cache (shared by the std::function's copies, hence shared_ptr): one more policy
    // compile per revision, and no change to the composition root.
    struct Escalation {
        service::PolicyCache cache;
        service::EscalationService service;
        Escalation(store::Store& store, const Clock& clock, const service::NotificationService* notifications)
            : service(store, clock, cache, notifications) {}
    };
    auto escalation = std::make_shared<Escalation>(context.store, context.clock, context.notifications);
    scheduler.Register(service::kEscalationJob, [escalation](const store::DueJob& job) {
        return escalation->service.FireEscalationJob(job);
    });
    // Notice acknowledgement deadlines: a notice still open when its grade's deadline passes is escalated (timeline).
    struct Notices {
        service::PolicyCache cache;
        service::NoticeService service;
        Notices(store::Store& store, const Clock& clock) : service(store, clock, cache) {}
    };
    auto notices = std::make_shared<Notices>(context.store, context.clock);
    scheduler.Register(service::kNoticeAcknowledgeJob, [notices](const store::DueJob& job) {
        return notices->service.FireAcknowledgeJob(job);
    });
    // After a policy change: refresh every open ticket evaluated under an older revision, in batches.
    scheduler.Register(service::kSlaRecomputeJob, [&sla = context.sla](const store::DueJob&) -> Status {
        SLADESK_TRY(sla.RecomputeStale());
        return OkStatus();
    });
}

}  // namespace sladesk::scheduler
