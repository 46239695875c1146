#include "service/notice_keeper.hpp"

#include <algorithm>

#include "store/directory_repo.hpp"
#include "store/job_repo.hpp"
#include "store/notice_repo.hpp"

namespace sladesk::service {
namespace {

/// Opens the rule's notice if its window (the new ticket included) reaches a threshold. Runs under the rule's
/// lock, after checking that the rule has no active notice.
Status OpenIfBurst(store::SqlConnection& db, const Policy& policy, const rules::BurstRule& rule, const Ticket& ticket,
                   UtcTime now) {
    SLADESK_ASSIGN_OR_RETURN(auto window, store::NoticeRepo::WindowTickets(db, rule.name, rule.category,
                                                                           now - rule.window));
    std::vector<int> tally(std::max<std::size_t>(policy.customer_grades.size(), 1), 0);
    std::vector<TicketId> counted;
    for (const store::WindowTicket& candidate : window) {
        const std::size_t rank = rules::GradeRank(policy.customer_grades, candidate.customer_grade);
        const rules::ComplaintFacts facts{candidate.category_path, candidate.service_id, candidate.kind, rank};
        if (!rules::RuleMatches(rule, facts)) continue;
        ++tally[rank];
        counted.push_back(candidate.id);
    }
    if (!rules::ThresholdReached(rule, policy.customer_grades, tally)) return OkStatus();

    Notice notice;
    notice.title = rule.name + " (" + rule.category + ")";
    notice.rule = rule.name;
    notice.grade = rules::GradeFor(rule, static_cast<std::int64_t>(counted.size()));
    notice.category_id = ticket.category_id;
    notice.service_id = rule.service;
    notice.opened_at = now;
    notice.updated_at = now;
    SLADESK_ASSIGN_OR_RETURN(auto opened, store::NoticeRepo::InsertForRule(db, notice));
    if (!opened) {
        // Unreachable while LockRule serialises the rule; the unique index is the guarantee if it ever is not.
        SLADESK_ASSIGN_OR_RETURN(auto active, store::NoticeRepo::FindActiveForRule(db, rule.name));
        if (!active) return Error::Internal("burst rule '" + rule.name + "': notice neither inserted nor found");
        return NoticeKeeper::Link(db, &rule, active->id, ticket.id, std::nullopt, now);
    }
    SLADESK_TRY(NoticeKeeper::Record(db, *opened, std::nullopt, now, "opened",
                                     "burst rule " + rule.name + ": " + std::to_string(counted.size()) +
                                         " tickets within " + std::to_string(rule.window.count() / 60) +
                                         " min; grade " + std::to_string(notice.grade)));
    for (const TicketId id : counted) {
        SLADESK_TRY(store::NoticeRepo::LinkTicket(db, *opened, id, now));
    }
    notice.id = *opened;
    SLADESK_TRY(NoticeKeeper::ScheduleAcknowledgeCheck(db, policy, notice, now));
    return NoticeKeeper::Record(db, *opened, std::nullopt, now, "count", std::to_string(counted.size()));
}

}  // namespace

Status NoticeKeeper::ScheduleAcknowledgeCheck(store::SqlConnection& db, const Policy& policy, const Notice& notice,
                                              UtcTime now) {
    const rules::NoticeGrade* grade = rules::FindNoticeGrade(policy.notice_grades, notice.grade);
    if (grade == nullptr) return OkStatus();
    store::DueJob job;
    job.kind = kNoticeAcknowledgeJob;
    job.job_key = "notice:" + std::to_string(notice.id.value);
    job.due_at = notice.opened_at + grade->acknowledge_within;
    job.created_at = now;
    SLADESK_TRY(store::JobRepo::Schedule(db, job));
    return OkStatus();
}

Status NoticeKeeper::Record(store::SqlConnection& db, NoticeId notice, std::optional<UserId> actor, UtcTime at,
                            const std::string& kind, const std::string& detail) {
    return store::NoticeRepo::AddEvent(db, NoticeEvent{0, notice, at, actor, kind, detail});
}

Status NoticeKeeper::Link(store::SqlConnection& db, const rules::BurstRule* rule, NoticeId notice, TicketId ticket,
                          std::optional<UserId> actor, UtcTime now) {
    SLADESK_ASSIGN_OR_RETURN(bool linked, store::NoticeRepo::LinkTicket(db, notice, ticket, now));
    if (!linked) return OkStatus();
    // Read after the count went up: this transaction now holds the notice's row lock, so the count is exact.
    SLADESK_ASSIGN_OR_RETURN(Notice stored, store::NoticeRepo::Get(db, notice));
    SLADESK_TRY(Record(db, notice, actor, now, "linked", "ticket " + std::to_string(ticket.value)));
    SLADESK_TRY(Record(db, notice, actor, now, "count", std::to_string(stored.ticket_count)));
    if (rule == nullptr) return OkStatus();
    const int raised = rules::RaisedGrade(stored.grade, rules::GradeFor(*rule, stored.ticket_count));
    if (raised == stored.grade) return OkStatus();
    const int before = stored.grade;
    stored.grade = raised;
    stored.updated_at = now;
    SLADESK_TRY(store::NoticeRepo::Update(db, stored));
    return Record(db, notice, std::nullopt, now, "grade",
                  std::to_string(before) + " -> " + std::to_string(raised) + " (" +
                      std::to_string(stored.ticket_count) + " tickets)");
}

Status NoticeKeeper::OnTicketCreated(store::SqlConnection& db, const Policy& policy, const Ticket& ticket,
                                     const User& customer, UtcTime now) {
    if (policy.burst_rules.empty() || !ticket.category_id) return OkStatus();
    SLADESK_ASSIGN_OR_RETURN(Category category, store::DirectoryRepo::GetCategory(db, *ticket.category_id));
    const rules::ComplaintFacts facts{category.path, ticket.service_id, ticket.kind,
                                      rules::GradeRank(policy.customer_grades, customer.customer_grade)};
    std::vector<const rules::BurstRule*> matching;
    for (const rules::BurstRule& rule : policy.burst_rules) {
        if (rules::RuleMatches(rule, facts)) matching.push_back(&rule);
    }
    // A ticket matching several rules takes their locks in key order, so two such tickets never wait on each other
    // in a cycle. (Two group-commit batches on different nodes still can, through different tickets; PostgreSQL
    // then fails one write with a deadlock error, kUnavailable, and its client retries with its Idempotency-Key.)
    std::sort(matching.begin(), matching.end(), [](const rules::BurstRule* a, const rules::BurstRule* b) {
        return store::RuleLockKey(a->name) < store::RuleLockKey(b->name);
    });
    for (const rules::BurstRule* rule : matching) {
        // The common case during a burst: the notice exists (committed), so link without taking the lock.
        SLADESK_ASSIGN_OR_RETURN(auto active, store::NoticeRepo::FindActiveForRule(db, rule->name));
        if (!active) {
            SLADESK_TRY(store::NoticeRepo::LockRule(db, rule->name));
            // Re-read under the lock: a notice another transaction opened and committed meanwhile is visible now.
            SLADESK_ASSIGN_OR_RETURN(active, store::NoticeRepo::FindActiveForRule(db, rule->name));
        }
        if (active) {
            SLADESK_TRY(Link(db, rule, active->id, ticket.id, std::nullopt, now));
        } else {
            SLADESK_TRY(OpenIfBurst(db, policy, *rule, ticket, now));
        }
    }
    return OkStatus();
}

}  // namespace sladesk::service
