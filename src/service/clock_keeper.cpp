#include "service/clock_keeper.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "service/detail/clock_codec.hpp"
#include "service/escalation_service.hpp"
#include "store/directory_repo.hpp"

namespace sladesk::service {
namespace {

std::optional<GroupId> GroupFromText(const std::optional<std::string>& text) {
    if (!text || text->empty()) return std::nullopt;
    try {
        return GroupId{std::stoll(*text)};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool IsStaffRole(std::optional<Role> role) { return role && *role != Role::kCustomer; }

Result<std::vector<sla::RecordedBreach>> StoredBreaches(store::SqlConnection& db, TicketId ticket) {
    SLADESK_ASSIGN_OR_RETURN(auto stored, store::SlaRepo::Get(db, ticket));
    if (!stored) return std::vector<sla::RecordedBreach>{};
    return detail::DecodeBreaches(stored->breaches_json);
}

Status Store(store::SqlConnection& db, const ClockRecord& record, bool replace_jobs, UtcTime now) {
    SLADESK_TRY(store::SlaRepo::Put(db, record.row));
    if (replace_jobs) {
        SLADESK_TRY(store::JobRepo::CancelPendingForTicket(db, record.row.ticket_id, "sla_", now));
    }
    if (record.next_job) SLADESK_TRY(store::JobRepo::Schedule(db, *record.next_job));
    return OkStatus();
}

// Whether clocks evaluated from `a` hold for `b`. Every member is named: a member added to TicketFacts or
// TimelineEvent stops the build here until it is compared too.
bool SameFacts(const sla::TicketFacts& a, const sla::TicketFacts& b) {
    const auto& [a_created, a_priority, a_organisation, a_class, a_grade, a_service] = a;
    const auto& [b_created, b_priority, b_organisation, b_class, b_grade, b_service] = b;
    return a_created == b_created && a_priority == b_priority && a_organisation == b_organisation &&
           a_class == b_class && a_grade == b_grade && a_service == b_service;
}

bool SameEvent(const sla::TimelineEvent& a, const sla::TimelineEvent& b) {
    const auto& [a_at, a_kind, a_status, a_group] = a;
    const auto& [b_at, b_kind, b_status, b_group] = b;
    return a_at == b_at && a_kind == b_kind && a_status == b_status && a_group == b_group;
}

}  // namespace

std::vector<sla::TimelineEvent> TimelineFromHistory(std::span<const store::ClockHistoryRow> rows,
                                                    std::optional<GroupId> current_group) {
    // The group at creation is the "old" side of the first group change, or today's group if it never changed.
    std::optional<GroupId> initial_group = current_group;
    for (const auto& row : rows) {
        if (row.field == "group") {
            initial_group = GroupFromText(row.old_value);
            break;
        }
    }
    std::vector<sla::TimelineEvent> timeline;
    timeline.reserve(rows.size());
    using Kind = sla::TimelineEvent::Kind;
    for (const auto& row : rows) {
        sla::TimelineEvent event;
        event.at = row.at;
        if (row.field == "created") {
            event.kind = Kind::kCreated;
            event.status = kTicketStatusNames.Parse(row.new_value.value_or("")).value_or(TicketStatus::kNew);
            event.group = initial_group;
        } else if (row.field == "status") {
            auto status = kTicketStatusNames.Parse(row.new_value.value_or(""));
            if (!status) continue;
            event.kind = Kind::kStatus;
            event.status = *status;
        } else if (row.field == "group") {
            event.kind = Kind::kGroup;
            event.group = GroupFromText(row.new_value);
        } else if (row.field == "reply") {
            if (!row.actor_role) continue;  // the system never replies to customers
            event.kind = IsStaffRole(row.actor_role) ? Kind::kAgentReply : Kind::kCustomerMessage;
        } else if (row.field == "reopened") {
            // A customer rejecting the resolution writes why: that is a message awaiting an update.
            if (IsStaffRole(row.actor_role) || !row.actor_role) continue;
            event.kind = Kind::kCustomerMessage;
        } else {
            continue;
        }
        timeline.push_back(event);
    }
    return timeline;
}

sla::TicketFacts FactsOf(const Ticket& ticket, const User& customer) {
    sla::TicketFacts facts;
    facts.created_at = ticket.created_at;
    facts.priority = ticket.priority;
    facts.organisation = ticket.organisation_id;
    facts.customer_class = customer.customer_class.value_or("");
    facts.customer_grade = customer.customer_grade.value_or("");
    facts.service = ticket.service_id;
    return facts;
}

ClockRecord RecordOf(TicketId ticket, const sla::ClockEvaluation& evaluation, std::int64_t policy_revision,
                     UtcTime now) {
    ClockRecord record;
    record.row.ticket_id = ticket;
    record.row.policy_revision = policy_revision;
    record.row.evaluated_at = now;
    std::vector<sla::RecordedBreach> breaches;
    for (const sla::ClockFigure& figure : evaluation.figures) {
        if (figure.key.scope == sla::AgreementKind::kSla && figure.state == sla::ClockState::kRunning &&
            figure.due_at && (!record.row.next_due_at || *figure.due_at < *record.row.next_due_at)) {
            record.row.next_due_at = figure.due_at;
        }
        if (figure.state == sla::ClockState::kBreached && figure.breached_at) {
            record.row.breached = true;
            breaches.push_back(sla::RecordedBreach{figure.key, figure.cycle, *figure.breached_at});
        }
    }
    record.row.figures_json = detail::EncodeFigures(evaluation.figures);
    record.row.segments_json = detail::EncodeSegments(evaluation.segments);
    record.row.breaches_json = detail::EncodeBreaches(breaches);
    if (!evaluation.jobs.empty()) {
        const sla::PlannedJob& first = *std::min_element(
            evaluation.jobs.begin(), evaluation.jobs.end(),
            [](const sla::PlannedJob& a, const sla::PlannedJob& b) { return a.due_at < b.due_at; });
        store::DueJob job;
        const bool breach = first.kind == sla::PlannedJob::Kind::kBreach;
        job.kind = breach ? kSlaBreachJob : kSlaWarningJob;
        job.ticket_id = ticket;
        job.job_key = first.key.Text() + ":" + std::to_string(first.threshold_percent);
        job.due_at = first.due_at;
        job.payload = "{\"clock\":\"" + first.key.Text() + "\",\"threshold\":" +
                      std::to_string(first.threshold_percent) + "}";
        job.created_at = now;
        record.next_job = std::move(job);
    }
    return record;
}

std::vector<sla::ClockFigure> FiguresAt(std::vector<sla::ClockFigure> stored, const sla::AgreementBook& book,
                                        UtcTime evaluated_at, UtcTime now, bool customer_view) {
    std::vector<sla::ClockFigure> figures;
    figures.reserve(stored.size());
    for (sla::ClockFigure& figure : stored) {
        if (customer_view && figure.key.scope != sla::AgreementKind::kSla) continue;
        figures.push_back(now > evaluated_at ? sla::AdvanceFigure(figure, book, evaluated_at, now) : std::move(figure));
    }
    return figures;
}

PreparedClocks ClockKeeper::Prepare(const PolicyInForce& policy, const Ticket& ticket, const User& customer,
                                   UtcTime now) {
    PreparedClocks prepared;
    prepared.policy_revision = policy.revision;
    prepared.created = sla::TimelineEvent{ticket.created_at, sla::TimelineEvent::Kind::kCreated, ticket.status,
                                          ticket.group_id};
    prepared.facts = FactsOf(ticket, customer);
    prepared.now = now;
    prepared.evaluation = sla::EvaluateClocks(std::span(&prepared.created, 1), prepared.facts, policy.book, now);
    prepared.record = RecordOf(TicketId{}, prepared.evaluation, policy.revision, now);
    return prepared;
}

Result<sla::ClockEvaluation> ClockKeeper::Open(store::SqlConnection& db, const PolicyInForce& policy,
                                               const Ticket& ticket, const User& customer, UtcTime now,
                                               PreparedClocks* prepared) {
    PreparedClocks fresh;
    const sla::TimelineEvent created{ticket.created_at, sla::TimelineEvent::Kind::kCreated, ticket.status,
                                     ticket.group_id};
    if (prepared == nullptr || prepared->policy_revision != policy.revision || prepared->now != now ||
        !SameEvent(prepared->created, created) || !SameFacts(prepared->facts, FactsOf(ticket, customer))) {
        fresh = Prepare(policy, ticket, customer, now);
        prepared = &fresh;
    }
    prepared->record.row.ticket_id = ticket.id;
    if (prepared->record.next_job) prepared->record.next_job->ticket_id = ticket.id;
    SLADESK_TRY(Store(db, prepared->record, false, now));
    // A new ticket's ladder is scheduled at once: its first step may fall due before anything else touches it.
    // ScheduleFirst reads nothing (a new ticket has taken no step and has no history) and only inserts.
    SLADESK_TRY(EscalationService::ScheduleFirst(db, policy, ticket, customer, prepared->evaluation, now));
    return std::move(prepared->evaluation);
}

Result<sla::ClockEvaluation> ClockKeeper::Refresh(store::SqlConnection& db, const PolicyInForce& policy,
                                                  const Ticket& ticket, UtcTime now) {
    SLADESK_ASSIGN_OR_RETURN(User customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
    SLADESK_ASSIGN_OR_RETURN(auto rows, store::SlaRepo::ClockHistory(db, ticket.id));
    SLADESK_ASSIGN_OR_RETURN(auto breaches, StoredBreaches(db, ticket.id));
    const auto timeline = TimelineFromHistory(rows, ticket.group_id);
    auto evaluation = sla::EvaluateClocks(timeline, FactsOf(ticket, customer), policy.book, now, breaches);
    SLADESK_TRY(Store(db, RecordOf(ticket.id, evaluation, policy.revision, now), true, now));
    SLADESK_TRY(EscalationService::ScheduleNext(db, policy, ticket, evaluation, now));  // the ladder's next step
    return evaluation;
}

Result<std::vector<sla::ClockFigure>> ClockKeeper::Current(store::SqlConnection& db, const PolicyInForce& policy,
                                                           TicketId ticket, UtcTime now, bool customer_view) {
    SLADESK_ASSIGN_OR_RETURN(auto stored, store::SlaRepo::Get(db, ticket));
    if (!stored) return std::vector<sla::ClockFigure>{};
    SLADESK_ASSIGN_OR_RETURN(auto figures, detail::DecodeFigures(stored->figures_json));
    return FiguresAt(std::move(figures), policy.book, stored->evaluated_at, now, customer_view);
}

Result<std::vector<sla::ClockFigure>> ClockKeeper::Current(store::SqlConnection& db, PolicyCache& policies,
                                                           TicketId ticket, UtcTime now, bool customer_view) {
    SLADESK_ASSIGN_OR_RETURN(auto stored, store::SlaRepo::Get(db, ticket));
    if (!stored) return std::vector<sla::ClockFigure>{};
    SLADESK_ASSIGN_OR_RETURN(auto figures, detail::DecodeFigures(stored->figures_json));
    if (figures.empty()) return figures;
    SLADESK_ASSIGN_OR_RETURN(auto policy, policies.Load(db));
    return FiguresAt(std::move(figures), policy->book, stored->evaluated_at, now, customer_view);
}

Result<std::vector<std::vector<sla::ClockFigure>>> ClockKeeper::CurrentMany(store::SqlConnection& db,
                                                                            const PolicyInForce& policy,
                                                                            std::span<const TicketId> tickets,
                                                                            UtcTime now, bool customer_view) {
    SLADESK_ASSIGN_OR_RETURN(auto rows, store::SlaRepo::ForTickets(db, tickets));
    std::vector<std::vector<sla::ClockFigure>> result(tickets.size());
    for (const store::StoredClocks& row : rows) {
        const auto at = std::find(tickets.begin(), tickets.end(), row.ticket_id);
        if (at == tickets.end()) continue;
        SLADESK_ASSIGN_OR_RETURN(auto figures, detail::DecodeFigures(row.figures_json));
        result[static_cast<std::size_t>(at - tickets.begin())] =
            FiguresAt(std::move(figures), policy.book, row.evaluated_at, now, customer_view);
    }
    return result;
}

}  // namespace sladesk::service
