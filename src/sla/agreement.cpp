#include "sla/agreement.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "sla/detail/agreement_rank.hpp"

namespace sladesk::sla {

struct AgreementBook::Data {
    std::vector<CalendarSpec> specs;
    std::vector<Calendar> calendars;  // compiled, same order as specs
    std::vector<Agreement> agreements;
};

namespace {

// Built once per process: compiling the 2000-2100 table costs milliseconds, and every book shares it.
const Calendar& BuiltinAlwaysOpen() {
    static const Calendar calendar = Calendar::AlwaysOpen();
    return calendar;
}

std::string Describe(const Agreement& agreement) {
    return "agreement '" + agreement.name + "' v" + std::to_string(agreement.version) + " (" +
           std::string(kAgreementKindNames.Name(agreement.kind)) + ")";
}

Status CheckPriorityList(const std::vector<PriorityTargets>& list, const std::string& field) {
    std::set<int> seen;
    for (const PriorityTargets& entry : list) {
        const std::string where = field + "[priority " + std::to_string(entry.priority) + "]";
        if (entry.priority < 1) return Error::InvalidArgument(field + ": priority must be >= 1, got " +
                                                              std::to_string(entry.priority));
        if (!seen.insert(entry.priority).second) return Error::InvalidArgument(where + ": priority listed twice");
        for (ClockTarget target : {ClockTarget::kFirstResponse, ClockTarget::kNextUpdate, ClockTarget::kResolution}) {
            const auto value = entry.targets.For(target);
            if (value && value->count() <= 0) {
                return Error::InvalidArgument(where + "." + std::string(kClockTargetNames.Name(target)) +
                                              ": target must be > 0 seconds, got " + std::to_string(value->count()));
            }
        }
    }
    return OkStatus();
}

Status CheckAgreement(const Agreement& agreement, const std::set<std::string, std::less<>>& calendar_names) {
    if (agreement.name.empty()) return Error::InvalidArgument("agreement: name is empty");
    const std::string who = Describe(agreement);
    if (agreement.version < 1) return Error::InvalidArgument(who + ": version must be >= 1");
    if (agreement.calendar != kAlwaysOpenCalendar && !calendar_names.contains(agreement.calendar)) {
        return Error::InvalidArgument(who + ": calendar '" + agreement.calendar + "' is not defined");
    }
    if (agreement.kind == AgreementKind::kSla && agreement.group) {
        return Error::InvalidArgument(who + ": group must be unset for an SLA");
    }
    if (agreement.kind != AgreementKind::kSla && (!agreement.group || !agreement.group->valid())) {
        return Error::InvalidArgument(who + ": group is required for an OLA or UC");
    }
    if (agreement.effective_to && *agreement.effective_to <= agreement.effective_from) {
        return Error::InvalidArgument(who + ": effective_to must be after effective_from");
    }
    SLADESK_TRY(CheckPriorityList(agreement.targets, who + ": targets"));
    for (const auto& [grade, list] : agreement.grade_overrides) {
        if (grade.empty()) return Error::InvalidArgument(who + ": grade_overrides: grade name is empty");
        SLADESK_TRY(CheckPriorityList(list, who + ": grade_overrides[" + grade + "]"));
    }
    int previous = 0;
    for (int percent : agreement.warn_at_percent) {
        if (percent < 1 || percent > 99) {
            return Error::InvalidArgument(who + ": warn_at_percent: " + std::to_string(percent) + " is not in 1..99");
        }
        if (percent <= previous) return Error::InvalidArgument(who + ": warn_at_percent must be strictly ascending");
        previous = percent;
    }
    return OkStatus();
}

template <typename T>
bool Covers(const std::vector<T>& list, const T& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

template <typename T>
bool Covers(const std::vector<T>& list, const std::optional<T>& value) {
    return list.empty() || (value && std::find(list.begin(), list.end(), *value) != list.end());
}

int Specificity(const AgreementScope& scope) {
    return static_cast<int>(!scope.organisations.empty()) + static_cast<int>(!scope.customer_classes.empty()) +
           static_cast<int>(!scope.customer_grades.empty()) + static_cast<int>(!scope.services.empty());
}

const PriorityTargets* FindPriority(const std::vector<PriorityTargets>& list, int priority) {
    for (const PriorityTargets& entry : list) {
        if (entry.priority == priority) return &entry;
    }
    return nullptr;
}

}  // namespace

std::optional<std::chrono::seconds> Targets::For(ClockTarget target) const {
    switch (target) {
        case ClockTarget::kFirstResponse: return first_response;
        case ClockTarget::kNextUpdate: return next_update;
        case ClockTarget::kResolution: return resolution;
    }
    return std::nullopt;
}

AgreementBook::AgreementBook() {
    static const std::shared_ptr<const Data> empty = std::make_shared<const Data>();
    data_ = empty;
}

Result<AgreementBook> AgreementBook::Create(std::vector<CalendarSpec> calendars, std::vector<Agreement> agreements,
                                            const CalendarOptions& options) {
    auto data = std::make_shared<Data>();
    std::set<std::string, std::less<>> names;
    for (const CalendarSpec& spec : calendars) {
        if (spec.name.empty()) return Error::InvalidArgument("calendar: name is empty");
        const std::string who = "calendar '" + spec.name + "'";
        if (spec.name == kAlwaysOpenCalendar) {
            return Error::InvalidArgument(who + ": name is reserved for the built-in always-open calendar");
        }
        if (!names.insert(spec.name).second) return Error::InvalidArgument(who + ": name is defined twice");
        auto compiled = Calendar::Create(spec, options);
        if (!compiled) return compiled.error().WithContext(who);
        data->calendars.push_back(std::move(*compiled));
    }
    std::set<std::tuple<std::string, AgreementKind, int>> keys;
    for (const Agreement& agreement : agreements) {
        SLADESK_TRY(CheckAgreement(agreement, names));
        if (!keys.emplace(agreement.name, agreement.kind, agreement.version).second) {
            return Error::InvalidArgument(Describe(agreement) + ": name, kind and version are defined twice");
        }
    }
    data->specs = std::move(calendars);
    data->agreements = std::move(agreements);
    return AgreementBook(std::move(data));
}

std::span<const Agreement> AgreementBook::agreements() const { return data_->agreements; }
std::span<const CalendarSpec> AgreementBook::calendar_specs() const { return data_->specs; }

const Calendar* AgreementBook::FindCalendar(std::string_view name) const {
    if (name == kAlwaysOpenCalendar) return &BuiltinAlwaysOpen();
    for (std::size_t index = 0; index < data_->specs.size(); ++index) {
        if (data_->specs[index].name == name) return &data_->calendars[index];
    }
    return nullptr;
}

const Agreement* AgreementBook::SelectSla(const TicketFacts& facts) const {
    const Agreement* best = nullptr;
    int best_specificity = -1;
    for (const Agreement& agreement : data_->agreements) {
        if (agreement.kind != AgreementKind::kSla || agreement.status != AgreementStatus::kActive) continue;
        if (!detail::InEffect(agreement, facts.created_at)) continue;
        const AgreementScope& scope = agreement.scope;
        if (!Covers(scope.organisations, facts.organisation) || !Covers(scope.customer_classes, facts.customer_class) ||
            !Covers(scope.customer_grades, facts.customer_grade) || !Covers(scope.services, facts.service)) {
            continue;
        }
        const int specificity = Specificity(scope);
        if (!best || detail::Preferred(agreement, specificity, *best, best_specificity)) {
            best = &agreement;
            best_specificity = specificity;
        }
    }
    return best;
}

const Agreement* AgreementBook::SelectGroupAgreement(GroupId group, const TicketFacts& facts) const {
    const Agreement* best = nullptr;
    int best_specificity = -1;
    for (const Agreement& agreement : data_->agreements) {
        if (agreement.kind == AgreementKind::kSla || agreement.status != AgreementStatus::kActive) continue;
        if (agreement.group != group || !detail::InEffect(agreement, facts.created_at)) continue;
        if (!Covers(agreement.scope.services, facts.service)) continue;
        const int specificity = agreement.scope.services.empty() ? 0 : 1;
        if (!best || detail::Preferred(agreement, specificity, *best, best_specificity)) {
            best = &agreement;
            best_specificity = specificity;
        }
    }
    return best;
}

Targets AgreementBook::TargetsFor(const Agreement& agreement, int priority, std::string_view grade) {
    Targets targets;
    if (const PriorityTargets* base = FindPriority(agreement.targets, priority)) targets = base->targets;
    if (grade.empty()) return targets;
    for (const auto& [name, list] : agreement.grade_overrides) {
        if (name != grade) continue;
        if (const PriorityTargets* over = FindPriority(list, priority)) {
            if (over->targets.first_response) targets.first_response = over->targets.first_response;
            if (over->targets.next_update) targets.next_update = over->targets.next_update;
            if (over->targets.resolution) targets.resolution = over->targets.resolution;
        }
        break;
    }
    return targets;
}

}  // namespace sladesk::sla
