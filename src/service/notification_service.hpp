// Turns SLA events into outbox messages: who is told (the assignee, or the group's members when nobody is
// assigned, plus the group robots and webhooks whose routes match), on which channels, in which language.
#pragma once

#include <string>

#include "core/result.hpp"
#include "core/ticket.hpp"
#include "notify/notify_config.hpp"
#include "notify/templates.hpp"
#include "sla/ticket_clocks.hpp"
#include "store/job_repo.hpp"
#include "store/sql.hpp"

namespace sladesk::service {

/// Immutable after construction; thread-safe. Does no network I/O: it only writes outbox rows, which the
/// notify::Dispatcher delivers later.
class NotificationService {
 public:
    NotificationService(notify::NotifyConfig config, notify::TemplateSet templates)
        : config_(std::move(config)), templates_(std::move(templates)) {}

    /// Enqueues, on `db` (inside the caller's transaction, so they commit with the recorded warning or breach),
    /// one outbox message per recipient and channel for the sla_warning / sla_breach `job` of `ticket`, rendered
    /// from the templates with the figure of the job's clock in `evaluation`. People get e-mail (and SMS when the
    /// route asks for it) in their own language; robots and webhooks in their route's language. Each message is
    /// keyed by (job kind, ticket, job key, due time, channel, recipient), so a second run of the job adds nothing.
    /// Errors: the store's; kInvalidArgument if a template names an unknown variable.
    Status OnSlaEvent(store::SqlConnection& db, const Ticket& ticket, const store::DueJob& job,
                      const sla::ClockEvaluation& evaluation, UtcTime now) const;

    const notify::NotifyConfig& config() const { return config_; }

 private:
    const notify::NotifyConfig config_;
    const notify::TemplateSet templates_;
};

/// The stable message id for a dedup key: 32 hex digits of its SHA-256. Pure.
std::string MessageUidFor(const std::string& dedup_key);

}  // namespace sladesk::service
