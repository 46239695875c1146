// Turns SLA events and escalation-ladder steps into outbox messages: who is told (for SLA events the assignee, or
// the group's members when nobody is assigned; for a ladder step the people its notify actions name; plus the group
// robots and webhooks whose routes match), on which channels, in which language.
#pragma once

#include <span>
#include <string>

#include "core/result.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"
#include "notify/notify_config.hpp"
#include "notify/templates.hpp"
#include "service/policy.hpp"
#include "rules/escalation_ladder.hpp"
#include "sla/ticket_clocks.hpp"
#include "store/job_repo.hpp"
#include "store/sql.hpp"

namespace sladesk::service {

/// The outbox event of an escalation-ladder step (templates, routes' `events`).
inline constexpr const char* kEscalationEvent = "escalation";

/// Immutable after construction; thread-safe. Does no network I/O: it only writes outbox rows, which the
/// notify::Dispatcher delivers later.
class NotificationService {
 public:
    NotificationService(notify::NotifyConfig config, notify::TemplateSet templates)
        : config_(std::move(config)), templates_(std::move(templates)) {}

    /// Both On* methods respect each person's preferences (LoadPreferences): an event or channel they do not want
    /// is not sent; outside their working hours (a calendar of `policy`) the message waits in the outbox until
    /// their next working minute, unless it is urgent (a breach; a ladder step marked urgent or triggered by a
    /// breach). Robots and webhooks are not people: they get every message at once.
    ///
    /// Enqueues, on `db` (inside the caller's transaction, so they commit with the recorded warning or breach),
    /// one outbox message per recipient and channel for the sla_warning / sla_breach `job` of `ticket`, rendered
    /// from the templates with the figure of the job's clock in `evaluation`. People get e-mail (and SMS when the
    /// route asks for it) in their own language; robots and webhooks in their route's language. Each message is
    /// keyed by (job kind, ticket, job key, due time, channel, recipient), so a second run of the job adds nothing.
    /// Errors: the store's; kInvalidArgument if a template names an unknown variable.
    Status OnSlaEvent(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                      const store::DueJob& job, const sla::ClockEvaluation& evaluation, UtcTime now) const;

    /// A person a ladder step notifies, with the notify action that names them (told in the message).
    struct EscalationRecipient {
        User person;
        rules::EscalationAction reason;
    };

    /// Enqueues, on `db` (inside the escalation job's transaction), the messages of ladder step `step` taken on
    /// `ticket`: an e-mail (and an SMS when the SMS route lists the "escalation" event) to each recipient with an
    /// address, in their own language, plus one message per robot or webhook whose route matches "escalation" and
    /// the ticket's group. The SLA variables quote the SLA clock the step's trigger watches (resolution for time
    /// triggers) from `evaluation`, "-" without one. Each message is keyed by (ticket, ladder/step, channel,
    /// recipient), so a second run adds nothing. Errors: the store's; kInvalidArgument
    /// if a template names an unknown variable.
    Status OnEscalationStep(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                            const rules::EscalationLadder& ladder, const rules::EscalationStep& step,
                            std::span<const EscalationRecipient> recipients, const sla::ClockEvaluation& evaluation,
                            UtcTime now) const;

    const notify::NotifyConfig& config() const { return config_; }

 private:
    const notify::NotifyConfig config_;
    const notify::TemplateSet templates_;
};

/// How a ladder step's trigger reads in a message, in `language` (zh* or English): "2h of working time since
/// opening", "75% of resolution used", "resolution breached", "not acknowledged within 30m". Pure.
std::string EscalationTriggerText(const rules::EscalationTrigger& trigger, const std::string& language);

/// The stable message id for a dedup key: 32 hex digits of its SHA-256. Pure.
std::string MessageUidFor(const std::string& dedup_key);

}  // namespace sladesk::service
