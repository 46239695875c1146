// Agreements — SLA (with customers), OLA (with an internal group), UC (with a supplier group) — and the
// AgreementBook that holds the agreements and calendars in force and picks the one that covers a ticket. Pure.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/utc_time.hpp"
#include "sla/calendar.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::sla {

enum class AgreementKind { kSla, kOla, kUc };
enum class AgreementStatus { kDraft, kActive, kExpired, kSuperseded };
/// The three promises an agreement makes per priority.
enum class ClockTarget { kFirstResponse, kNextUpdate, kResolution };

inline constexpr EnumNames<AgreementKind, 3> kAgreementKindNames{{{
    {AgreementKind::kSla, "sla"},
    {AgreementKind::kOla, "ola"},
    {AgreementKind::kUc, "uc"},
}}};
inline constexpr EnumNames<AgreementStatus, 4> kAgreementStatusNames{{{
    {AgreementStatus::kDraft, "draft"},
    {AgreementStatus::kActive, "active"},
    {AgreementStatus::kExpired, "expired"},
    {AgreementStatus::kSuperseded, "superseded"},
}}};
inline constexpr EnumNames<ClockTarget, 3> kClockTargetNames{{{
    {ClockTarget::kFirstResponse, "first_response"},
    {ClockTarget::kNextUpdate, "next_update"},
    {ClockTarget::kResolution, "resolution"},
}}};

/// Working-time targets; an unset target is not promised (no clock runs for it).
struct Targets {
    std::optional<std::chrono::seconds> first_response;
    std::optional<std::chrono::seconds> next_update;
    std::optional<std::chrono::seconds> resolution;

    std::optional<std::chrono::seconds> For(ClockTarget target) const;
    friend bool operator==(const Targets&, const Targets&) = default;
};

struct PriorityTargets {
    int priority = 0;  // 1 is the highest
    Targets targets;
    friend bool operator==(const PriorityTargets&, const PriorityTargets&) = default;
};

/// Who and what an agreement covers. An empty list means "any"; a non-empty list must contain the ticket's value.
struct AgreementScope {
    std::vector<OrganisationId> organisations;
    std::vector<std::string> customer_classes;
    std::vector<std::string> customer_grades;
    std::vector<ServiceId> services;
    friend bool operator==(const AgreementScope&, const AgreementScope&) = default;
};

struct Agreement {
    std::string name;  // unique per kind together with version
    int version = 1;
    AgreementKind kind = AgreementKind::kSla;
    AgreementStatus status = AgreementStatus::kDraft;
    std::string calendar;                   // a calendar of the book, or the built-in "24x7"
    UtcTime effective_from{};               // covers tickets opened at or after this instant
    std::optional<UtcTime> effective_to;    // ... and before this one
    AgreementScope scope;                   // for OLA/UC only `services` is used
    std::optional<GroupId> group;           // OLA: the internal group; UC: the supplier group; unset for SLA
    std::vector<PriorityTargets> targets;   // per priority
    /// Per customer grade (e.g. "vip"), targets that replace the base ones field by field where set.
    std::map<std::string, std::vector<PriorityTargets>> grade_overrides;
    std::vector<int> warn_at_percent{75, 90};  // warning thresholds, ascending, each in 1..99
    friend bool operator==(const Agreement&, const Agreement&) = default;
};

/// What agreement selection needs to know about a ticket.
struct TicketFacts {
    UtcTime created_at{};
    int priority = 0;
    std::optional<OrganisationId> organisation;
    std::string customer_class;
    std::string customer_grade;
    std::optional<ServiceId> service;
};

/// The calendar name every book knows without defining it: always open, UTC.
inline constexpr std::string_view kAlwaysOpenCalendar = "24x7";

/// The calendars and agreements in force, validated and with calendars compiled. Immutable; cheap to share
/// (hold it by shared_ptr); safe to use from many threads.
///
/// Selection rule for the SLA of a ticket (documented in docs/sla.md): among agreements of kind SLA with status
/// active whose effective period contains the ticket's created_at and whose scope matches the ticket, pick the
/// most specific (the most non-empty scope lists); ties go to the later effective_from, then the higher version,
/// then the name that sorts first. OLA/UC for a group: the active agreement of that kind for the group whose
/// period contains created_at and whose services (if any) contain the ticket's service; ties as above (a
/// service-scoped one is the more specific), and an OLA before a UC if everything else is equal.
class AgreementBook {
 public:
    /// Validates and compiles: calendar names non-empty, unique, not "24x7", and each spec valid; every agreement's
    /// calendar known; names non-empty, version >= 1, (name, kind, version) unique; SLA without group, OLA/UC with a
    /// valid one; priorities >= 1 and unique per list; targets > 0; grade names non-empty; warn_at strictly
    /// ascending in 1..99; effective_to after effective_from. kInvalidArgument naming the agreement ("agreement
    /// 'gold' v2 (sla): ...") or calendar and the field otherwise; a bad calendar spec keeps Calendar::Create's code
    /// with the calendar's name in front. Compiling costs a few ms per calendar (its tables). Pure.
    static Result<AgreementBook> Create(std::vector<CalendarSpec> calendars, std::vector<Agreement> agreements,
                                        const CalendarOptions& options = {});
    /// A book with no agreements and only the built-in calendar. Cheap (all empty books share one state).
    AgreementBook();

    std::span<const Agreement> agreements() const;
    std::span<const CalendarSpec> calendar_specs() const;

    /// The compiled calendar by name ("24x7" always exists); nullptr if unknown.
    const Calendar* FindCalendar(std::string_view name) const;
    /// The SLA that covers the ticket (rule above), or nullptr.
    const Agreement* SelectSla(const TicketFacts& facts) const;
    /// The OLA or UC covering `group` for the ticket (rule above), or nullptr.
    const Agreement* SelectGroupAgreement(GroupId group, const TicketFacts& facts) const;

    /// The targets of `agreement` for `priority`, with the override of `grade` applied field by field (an override
    /// for a priority without base targets applies on its own). All unset if neither names that priority.
    static Targets TargetsFor(const Agreement& agreement, int priority, std::string_view grade);

 private:
    struct Data;
    explicit AgreementBook(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
    std::shared_ptr<const Data> data_;
};

}  // namespace sladesk::sla
