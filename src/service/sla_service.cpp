#include "service/sla_service.hpp"

#include <algorithm>
#include <set>

#include "service/clock_keeper.hpp"
#include "service/detail/clock_codec.hpp"
#include "service/detail/history.hpp"
#include "service/notification_service.hpp"
#include "sla/calendar_ics.hpp"
#include "store/directory_repo.hpp"
#include "store/sla_repo.hpp"
#include "store/ticket_repo.hpp"

namespace sladesk::service {
namespace {

constexpr std::size_t kLargestShifts = 20;
constexpr int kPreviewBatch = 500;

Status RequireStaff(const Actor& actor) {
    if (actor.IsStaff()) return OkStatus();
    return Error::PermissionDenied("only staff may read agreements and clocks");
}

Status RequireManager(const Actor& actor, const char* what) {
    if (actor.role == Role::kAdmin || actor.role == Role::kServiceLevelManager) return OkStatus();
    return Error::PermissionDenied(std::string("only admins and service level managers may ") + what);
}

/// The clocks of an open ticket replayed under `policy` at `now`, reading (not writing) on `db`.
Result<sla::ClockEvaluation> Replay(store::SqlConnection& db, const sla::AgreementBook& book, const Ticket& ticket,
                                    UtcTime now) {
    SLADESK_ASSIGN_OR_RETURN(User customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
    SLADESK_ASSIGN_OR_RETURN(auto rows, store::SlaRepo::ClockHistory(db, ticket.id));
    const auto timeline = TimelineFromHistory(rows, ticket.group_id);
    return sla::EvaluateClocks(timeline, FactsOf(ticket, customer), book, now);
}

/// Adds to `preview` how the deadlines of one ticket differ between two evaluations.
void CompareDeadlines(TicketId ticket, const sla::ClockEvaluation& before, const sla::ClockEvaluation& after,
                      PolicyPreview& preview) {
    std::map<std::string, std::optional<UtcTime>> due_before;
    std::map<std::string, std::optional<UtcTime>> due_after;
    for (const auto& figure : before.figures) due_before[figure.key.Text()] = figure.due_at;
    for (const auto& figure : after.figures) due_after[figure.key.Text()] = figure.due_at;
    std::set<std::string> keys;
    for (const auto& [key, due] : due_before) keys.insert(key);
    for (const auto& [key, due] : due_after) keys.insert(key);
    bool changed = false;
    for (const std::string& key : keys) {
        const auto old_due = due_before.contains(key) ? due_before[key] : std::nullopt;
        const auto new_due = due_after.contains(key) ? due_after[key] : std::nullopt;
        if (old_due == new_due && due_before.contains(key) == due_after.contains(key)) continue;
        changed = true;
        ++preview.clocks_changed;
        DeadlineShift shift{ticket, key, old_due, new_due, std::chrono::seconds{0}};
        if (old_due && new_due) shift.shift = *new_due - *old_due;
        preview.earliest_shift = std::min(preview.earliest_shift, shift.shift);
        preview.latest_shift = std::max(preview.latest_shift, shift.shift);
        preview.largest.push_back(shift);
    }
    if (changed) ++preview.tickets_changed;
    // Keep only the largest moves as we go, so a preview over many tickets stays small.
    const auto by_size = [](const DeadlineShift& a, const DeadlineShift& b) {
        const auto size_a = a.shift < a.shift.zero() ? -a.shift : a.shift;
        const auto size_b = b.shift < b.shift.zero() ? -b.shift : b.shift;
        if (size_a != size_b) return size_a > size_b;
        return a.ticket.value < b.ticket.value;
    };
    std::stable_sort(preview.largest.begin(), preview.largest.end(), by_size);
    if (preview.largest.size() > kLargestShifts) preview.largest.resize(kLargestShifts);
}

std::string ClockJobRecord(const store::DueJob& job) {
    return job.job_key + "@" + FormatIso8601(job.due_at);
}

/// Whether `evaluation` (at `now`) shows the clock of `job` past the job's threshold, or due, for a breach job (a
/// clock is late only after its due instant, and the job may fire at that very second).
bool Crossed(const sla::ClockEvaluation& evaluation, const store::DueJob& job, UtcTime now) {
    for (const auto& figure : evaluation.figures) {
        if (!job.job_key.starts_with(figure.key.Text() + ":")) continue;
        if (job.kind == kSlaBreachJob) {
            return figure.state == sla::ClockState::kBreached ||
                   (figure.state == sla::ClockState::kRunning && figure.due_at && *figure.due_at <= now);
        }
        const std::string threshold = job.job_key.substr(figure.key.Text().size() + 1);
        for (int crossed : figure.thresholds_crossed) {
            if (std::to_string(crossed) == threshold) return true;
        }
    }
    return false;
}

}  // namespace

Result<std::shared_ptr<const PolicyInForce>> SlaService::Current(const Actor& actor) {
    SLADESK_TRY(RequireStaff(actor));
    std::shared_ptr<const PolicyInForce> policy;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(policy, policy_.Load(db));
        return OkStatus();
    }));
    return policy;
}

Result<FeasibilityReport> SlaService::Feasibility(const Actor& actor, const sla::FeasibilityOptions& options) {
    SLADESK_TRY(RequireStaff(actor));
    if (options.days < 1 || options.days > 366) return Error::InvalidArgument("days must be between 1 and 366");
    if (options.step < std::chrono::minutes{1}) return Error::InvalidArgument("step must be at least one minute");
    FeasibilityReport report;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(auto services, store::DirectoryRepo::ListServices(db));
        for (const auto& service : services) report.service_names[service.id.value] = service.code;
        if (!options.path.empty() || options.service || services.empty()) {
            report.rows = sla::CheckFeasibility(policy->book, options);
        } else {
            // A ticket passes through the groups serving its service: check each service's route on its own.
            for (const auto& service : services) {
                sla::FeasibilityOptions per_service = options;
                per_service.service = service.id;
                auto rows = sla::CheckFeasibility(policy->book, per_service);
                report.rows.insert(report.rows.end(), std::make_move_iterator(rows.begin()),
                                   std::make_move_iterator(rows.end()));
            }
        }
        SLADESK_ASSIGN_OR_RETURN(auto groups, store::DirectoryRepo::ListGroups(db));
        for (const auto& group : groups) report.group_names[group.id.value] = group.name;
        return OkStatus();
    }));
    return report;
}

Result<PolicyPreview> SlaService::Preview(const Actor& actor, const Policy& proposed) {
    SLADESK_TRY(RequireManager(actor, "preview agreement changes"));
    SLADESK_ASSIGN_OR_RETURN(auto proposed_book, sla::AgreementBook::Create(proposed.calendars, proposed.agreements));
    const UtcTime now = clock_.Now();
    PolicyPreview preview;
    TicketId after{0};
    for (;;) {
        std::vector<TicketId> ids;
        SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
            SLADESK_ASSIGN_OR_RETURN(ids, store::SlaRepo::OpenTickets(db, after, kPreviewBatch));
            SLADESK_ASSIGN_OR_RETURN(auto current, policy_.Load(db));
            for (TicketId id : ids) {
                SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, id));
                SLADESK_ASSIGN_OR_RETURN(auto before, Replay(db, current->book, ticket, now));
                SLADESK_ASSIGN_OR_RETURN(auto changed, Replay(db, proposed_book, ticket, now));
                CompareDeadlines(id, before, changed, preview);
                ++preview.open_tickets;
            }
            return OkStatus();
        }));
        if (ids.empty()) break;
        after = ids.back();
    }
    return preview;
}

Result<ClockDetail> SlaService::Detail(const Actor& actor, TicketId ticket) {
    SLADESK_TRY(RequireStaff(actor));
    ClockDetail detail;
    SLADESK_TRY(store_.Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(bool visible, store::TicketRepo::Visible(db, ticket, actor));
        if (!visible) return Error::NotFound("ticket " + std::to_string(ticket.value));
        SLADESK_ASSIGN_OR_RETURN(auto stored, store::SlaRepo::Get(db, ticket));
        if (!stored) return OkStatus();
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(auto figures, detail::DecodeFigures(stored->figures_json));
        detail.figures = FiguresAt(std::move(figures), policy->book, stored->evaluated_at, clock_.Now(), false);
        SLADESK_ASSIGN_OR_RETURN(detail.segments, detail::DecodeSegments(stored->segments_json));
        detail.policy_revision = stored->policy_revision;
        detail.evaluated_at = stored->evaluated_at;
        return OkStatus();
    }));
    return detail;
}

Result<HolidayImport> SlaService::ImportHolidays(const Actor& actor, const std::string& name,
                                                 const std::string& ics_text, bool dry_run) {
    SLADESK_TRY(RequireManager(actor, "change calendars"));
    SLADESK_ASSIGN_OR_RETURN(sla::DatedExceptions imported, sla::ImportIcs(ics_text));
    const UtcTime now = clock_.Now();
    HolidayImport result;
    result.calendar = name;
    const auto apply = [&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto current, policy_.Load(db));
        Policy policy = current->policy;
        auto spec = std::find_if(policy.calendars.begin(), policy.calendars.end(),
                                 [&](const sla::CalendarSpec& each) { return each.name == name; });
        if (spec == policy.calendars.end()) return Error::NotFound("calendar '" + name + "'");
        auto& own = spec->exceptions;
        const auto has_holiday = [&](date::local_days day) {
            return std::find(own.holidays.begin(), own.holidays.end(), day) != own.holidays.end();
        };
        const auto has_workday = [&](date::local_days day) {
            return std::any_of(own.workdays.begin(), own.workdays.end(),
                               [&](const sla::ExtraWorkday& each) { return each.date == day; });
        };
        for (date::local_days day : imported.holidays) {
            if (has_holiday(day)) {
                result.unchanged.push_back(sla::FormatLocalDate(day));
            } else if (has_workday(day)) {
                return Error::InvalidArgument("calendar '" + name + "' works on " + sla::FormatLocalDate(day) +
                                              ", which the import makes a holiday; remove the workday first");
            } else {
                result.added_holidays.push_back(sla::FormatLocalDate(day));
                own.holidays.push_back(day);
            }
        }
        for (const sla::ExtraWorkday& workday : imported.workdays) {
            if (has_workday(workday.date)) {
                result.unchanged.push_back(sla::FormatLocalDate(workday.date));
            } else if (has_holiday(workday.date)) {
                return Error::InvalidArgument("calendar '" + name + "' is off on " +
                                              sla::FormatLocalDate(workday.date) +
                                              ", which the import makes a workday; remove the holiday first");
            } else {
                result.added_workdays.push_back(sla::FormatLocalDate(workday.date));
                own.workdays.push_back(workday);
            }
        }
        std::sort(own.holidays.begin(), own.holidays.end());
        std::sort(own.workdays.begin(), own.workdays.end(),
                  [](const sla::ExtraWorkday& a, const sla::ExtraWorkday& b) { return a.date < b.date; });
        if (dry_run || (result.added_holidays.empty() && result.added_workdays.empty())) return OkStatus();
        SLADESK_TRY(SavePolicy(db, policy));
        SLADESK_TRY(ScheduleRecompute(db, now));
        result.saved = true;
        return OkStatus();
    };
    if (dry_run) {
        SLADESK_TRY(store_.Read(apply));
    } else {
        SLADESK_TRY(store_.Write(apply));
    }
    return result;
}

Status SlaService::ScheduleRecompute(store::SqlConnection& db, UtcTime now) {
    store::DueJob job;
    job.kind = kSlaRecomputeJob;
    job.job_key = "policy";
    job.due_at = now;
    job.created_at = now;
    SLADESK_TRY(store::JobRepo::Schedule(db, job));
    return OkStatus();
}

Result<int> SlaService::RecomputeStale(int batch) {
    int refreshed = 0;
    TicketId after{0};
    for (;;) {
        const UtcTime now = clock_.Now();
        int in_batch = 0;
        SLADESK_TRY(store_.Write([&](store::SqlConnection& db) -> Status {
            in_batch = 0;
            SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
            SLADESK_ASSIGN_OR_RETURN(auto ids, store::SlaRepo::StaleOpenTickets(db, policy->revision, after, batch));
            for (TicketId id : ids) {
                SLADESK_ASSIGN_OR_RETURN(Ticket ticket, store::TicketRepo::Get(db, id));
                SLADESK_TRY(ClockKeeper::Refresh(db, *policy, ticket, now));
                after = id;
                ++in_batch;
            }
            return OkStatus();
        }));
        refreshed += in_batch;
        if (in_batch < batch) return refreshed;
    }
}

Status SlaService::FireClockJob(const store::DueJob& job) {
    if (!job.ticket_id) return Error::InvalidArgument("job " + std::to_string(job.id) + " names no ticket");
    const UtcTime now = clock_.Now();
    return store_.Write([&](store::SqlConnection& db) -> Status {
        auto ticket = store::TicketRepo::Get(db, *job.ticket_id);
        if (!ticket) {
            if (ticket.error().Is(ErrorCode::kNotFound)) return OkStatus();  // nothing left to warn about
            return ticket.error();
        }
        SLADESK_ASSIGN_OR_RETURN(auto policy, policy_.Load(db));
        SLADESK_ASSIGN_OR_RETURN(auto evaluation, ClockKeeper::Refresh(db, *policy, *ticket, now));
        if (!Crossed(evaluation, job, now)) return OkStatus();  // the reason went away (met, paused, target grew)
        const std::string record = ClockJobRecord(job);
        SLADESK_ASSIGN_OR_RETURN(bool recorded, store::TicketRepo::HasHistory(db, ticket->id, job.kind, record));
        if (recorded) return OkStatus();
        SLADESK_TRY(detail::RecordChange(db, ticket->id, std::nullopt, now, job.kind, std::nullopt, record));
        // Notifications go to the outbox in this same transaction (issue 4).
        return notifications_ ? notifications_->OnSlaEvent(db, *policy, *ticket, job, evaluation, now) : OkStatus();
    });
}

}  // namespace sladesk::service
