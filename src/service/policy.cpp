#include "service/policy.hpp"

#include <nlohmann/json.hpp>

#include "service/detail/notice_policy_json.hpp"
#include "store/auth_repo.hpp"

namespace sladesk::service {
namespace {

constexpr const char* kPolicySetting = "policy";
constexpr const char* kRevisionSetting = "policy_revision";

using nlohmann::json;

/// A stored value that does not decode (unknown enum name, bad date); caught in DecodePolicy.
struct DecodeFailure {
    std::string message;
};

// Calendars: times as [begin, end] seconds after local midnight and dates as "YYYY-MM-DD", so the text reads like
// the YAML it came from and decodes to the identical spec.

json HoursJson(const sla::DayHours& hours) {
    json ranges = json::array();
    for (const sla::TimeRange& range : hours) ranges.push_back({range.begin.count(), range.end.count()});
    return ranges;
}

sla::DayHours HoursFrom(const json& ranges) {
    sla::DayHours hours;
    for (const json& range : ranges) {
        hours.push_back({std::chrono::seconds{range.at(0).get<std::int64_t>()},
                         std::chrono::seconds{range.at(1).get<std::int64_t>()}});
    }
    return hours;
}

date::local_days DateFrom(const json& value) {
    const auto text = value.get<std::string>();
    auto day = sla::ParseLocalDate(text);
    if (!day) throw DecodeFailure{"bad date '" + text + "'"};
    return *day;
}

json CalendarJson(const sla::CalendarSpec& spec) {
    json week = json::array();
    for (const sla::DayHours& hours : spec.week) week.push_back(HoursJson(hours));
    json holidays = json::array();
    for (const date::local_days day : spec.exceptions.holidays) holidays.push_back(sla::FormatLocalDate(day));
    json workdays = json::array();
    for (const sla::ExtraWorkday& workday : spec.exceptions.workdays) {
        json entry{{"date", sla::FormatLocalDate(workday.date)}};
        if (workday.hours) entry["hours"] = HoursJson(*workday.hours);
        if (workday.like_weekday) entry["like_weekday"] = *workday.like_weekday;
        workdays.push_back(std::move(entry));
    }
    return {{"name", spec.name}, {"time_zone", spec.time_zone}, {"week", week},
            {"holidays", holidays}, {"workdays", workdays},     {"includes", spec.includes}};
}

sla::CalendarSpec CalendarFrom(const json& value) {
    sla::CalendarSpec spec;
    spec.name = value.at("name").get<std::string>();
    spec.time_zone = value.at("time_zone").get<std::string>();
    const json& week = value.at("week");
    if (week.size() != sla::kDaysPerWeek) throw DecodeFailure{"calendar " + spec.name + ": week needs 7 days"};
    for (std::size_t day = 0; day < spec.week.size(); ++day) spec.week[day] = HoursFrom(week.at(day));
    for (const json& day : value.at("holidays")) spec.exceptions.holidays.push_back(DateFrom(day));
    for (const json& entry : value.at("workdays")) {
        sla::ExtraWorkday workday{DateFrom(entry.at("date")), std::nullopt, std::nullopt};
        if (entry.contains("hours")) workday.hours = HoursFrom(entry.at("hours"));
        if (entry.contains("like_weekday")) workday.like_weekday = entry.at("like_weekday").get<int>();
        spec.exceptions.workdays.push_back(std::move(workday));
    }
    spec.includes = value.at("includes").get<std::vector<std::string>>();
    return spec;
}

// Agreements: durations in seconds, instants in epoch seconds, ids as numbers; unset optionals are left out.

json TargetsJson(const std::vector<sla::PriorityTargets>& list) {
    json entries = json::array();
    for (const sla::PriorityTargets& entry : list) {
        json item{{"priority", entry.priority}};
        for (const sla::ClockTarget target :
             {sla::ClockTarget::kFirstResponse, sla::ClockTarget::kNextUpdate, sla::ClockTarget::kResolution}) {
            if (auto value = entry.targets.For(target)) {
                item[std::string(sla::kClockTargetNames.Name(target))] = value->count();
            }
        }
        entries.push_back(std::move(item));
    }
    return entries;
}

std::optional<std::chrono::seconds> SecondsFrom(const json& item, const char* key) {
    if (!item.contains(key)) return std::nullopt;
    return std::chrono::seconds{item.at(key).get<std::int64_t>()};
}

std::vector<sla::PriorityTargets> TargetsFrom(const json& entries) {
    std::vector<sla::PriorityTargets> list;
    for (const json& item : entries) {
        list.push_back({item.at("priority").get<int>(),
                        {SecondsFrom(item, "first_response"), SecondsFrom(item, "next_update"),
                         SecondsFrom(item, "resolution")}});
    }
    return list;
}

template <typename IdType>
json IdsJson(const std::vector<IdType>& ids) {
    json values = json::array();
    for (const IdType& id : ids) values.push_back(id.value);
    return values;
}

template <typename IdType>
std::vector<IdType> IdsFrom(const json& values) {
    std::vector<IdType> ids;
    for (const json& value : values) ids.emplace_back(value.get<std::int64_t>());
    return ids;
}

template <typename Enum, std::size_t N>
Enum EnumFrom(const json& value, const EnumNames<Enum, N>& names, const char* what) {
    const auto text = value.get<std::string>();
    auto parsed = names.Parse(text);
    if (!parsed) throw DecodeFailure{std::string("unknown ") + what + " '" + text + "'"};
    return *parsed;
}

json AgreementJson(const sla::Agreement& agreement) {
    json overrides = json::object();
    for (const auto& [grade, list] : agreement.grade_overrides) overrides[grade] = TargetsJson(list);
    json value{{"name", agreement.name},
               {"version", agreement.version},
               {"kind", sla::kAgreementKindNames.Name(agreement.kind)},
               {"status", sla::kAgreementStatusNames.Name(agreement.status)},
               {"calendar", agreement.calendar},
               {"effective_from", ToEpochSeconds(agreement.effective_from)},
               {"scope",
                {{"organisations", IdsJson(agreement.scope.organisations)},
                 {"customer_classes", agreement.scope.customer_classes},
                 {"customer_grades", agreement.scope.customer_grades},
                 {"services", IdsJson(agreement.scope.services)}}},
               {"targets", TargetsJson(agreement.targets)},
               {"grade_overrides", overrides},
               {"warn_at_percent", agreement.warn_at_percent}};
    if (agreement.effective_to) value["effective_to"] = ToEpochSeconds(*agreement.effective_to);
    if (agreement.group) value["group"] = agreement.group->value;
    return value;
}

sla::Agreement AgreementFrom(const json& value) {
    sla::Agreement agreement;
    agreement.name = value.at("name").get<std::string>();
    agreement.version = value.at("version").get<int>();
    agreement.kind = EnumFrom(value.at("kind"), sla::kAgreementKindNames, "agreement kind");
    agreement.status = EnumFrom(value.at("status"), sla::kAgreementStatusNames, "agreement status");
    agreement.calendar = value.at("calendar").get<std::string>();
    agreement.effective_from = FromEpochSeconds(value.at("effective_from").get<std::int64_t>());
    if (value.contains("effective_to")) {
        agreement.effective_to = FromEpochSeconds(value.at("effective_to").get<std::int64_t>());
    }
    const json& scope = value.at("scope");
    agreement.scope.organisations = IdsFrom<OrganisationId>(scope.at("organisations"));
    agreement.scope.customer_classes = scope.at("customer_classes").get<std::vector<std::string>>();
    agreement.scope.customer_grades = scope.at("customer_grades").get<std::vector<std::string>>();
    agreement.scope.services = IdsFrom<ServiceId>(scope.at("services"));
    if (value.contains("group")) agreement.group = GroupId{value.at("group").get<std::int64_t>()};
    agreement.targets = TargetsFrom(value.at("targets"));
    for (const auto& [grade, list] : value.at("grade_overrides").items()) {
        agreement.grade_overrides[grade] = TargetsFrom(list);
    }
    agreement.warn_at_percent = value.at("warn_at_percent").get<std::vector<int>>();
    return agreement;
}

// Duty rosters and escalation ladders: ids as numbers, minutes and seconds as numbers, dates as "YYYY-MM-DD",
// weekdays as 0 (Sunday)..6, enums by name.

json RosterJson(const rules::DutyRoster& roster) {
    json overrides = json::array();
    for (const rules::RosterOverride& entry : roster.overrides) {
        overrides.push_back(
            {{"person", entry.person.value}, {"from", ToEpochSeconds(entry.from)}, {"to", ToEpochSeconds(entry.to)}});
    }
    json value{{"name", roster.name},
               {"group", roster.group.value},
               {"people", IdsJson(roster.people)},
               {"rotation_days", roster.rotation_days},
               {"handover_minutes", roster.handover_time.count()},
               {"time_zone", roster.time_zone},
               {"start_date", sla::FormatLocalDate(roster.start_date)},
               {"overrides", overrides}};
    if (roster.handover_weekday) value["handover_weekday"] = roster.handover_weekday->c_encoding();
    return value;
}

rules::DutyRoster RosterFrom(const json& value) {
    rules::DutyRoster roster;
    roster.name = value.at("name").get<std::string>();
    roster.group = GroupId{value.at("group").get<std::int64_t>()};
    roster.people = IdsFrom<UserId>(value.at("people"));
    roster.rotation_days = value.at("rotation_days").get<int>();
    roster.handover_time = std::chrono::minutes{value.at("handover_minutes").get<std::int64_t>()};
    roster.time_zone = value.at("time_zone").get<std::string>();
    roster.start_date = DateFrom(value.at("start_date"));
    if (value.contains("handover_weekday")) {
        roster.handover_weekday = date::weekday{value.at("handover_weekday").get<unsigned>()};
    }
    for (const json& entry : value.at("overrides")) {
        roster.overrides.push_back({UserId{entry.at("person").get<std::int64_t>()},
                                    FromEpochSeconds(entry.at("from").get<std::int64_t>()),
                                    FromEpochSeconds(entry.at("to").get<std::int64_t>())});
    }
    return roster;
}

json ActionJson(const rules::EscalationAction& action) {
    json value{{"kind", rules::kActionKindNames.Name(action.kind)},
               {"role", kRoleNames.Name(action.role)},
               {"levels", action.levels}};
    if (action.person) value["person"] = action.person->value;
    if (action.group) value["group"] = action.group->value;
    return value;
}

rules::EscalationAction ActionFrom(const json& value) {
    rules::EscalationAction action;
    action.kind = EnumFrom(value.at("kind"), rules::kActionKindNames, "escalation action");
    action.role = EnumFrom(value.at("role"), kRoleNames, "role");
    action.levels = value.at("levels").get<int>();
    if (value.contains("person")) action.person = UserId{value.at("person").get<std::int64_t>()};
    if (value.contains("group")) action.group = GroupId{value.at("group").get<std::int64_t>()};
    return action;
}

json LadderJson(const rules::EscalationLadder& ladder) {
    json steps = json::array();
    for (const rules::EscalationStep& step : ladder.steps) {
        json actions = json::array();
        for (const rules::EscalationAction& action : step.actions) actions.push_back(ActionJson(action));
        steps.push_back({{"name", step.name},
                         {"trigger", rules::kTriggerKindNames.Name(step.trigger.kind)},
                         {"after", step.trigger.after.count()},
                         {"percent", step.trigger.percent},
                         {"target", sla::kClockTargetNames.Name(step.trigger.target)},
                         {"actions", actions},
                         {"urgent", step.urgent}});
    }
    return {{"name", ladder.name},
            {"services", IdsJson(ladder.services)},
            {"priorities", ladder.priorities},
            {"customer_grades", ladder.customer_grades},
            {"steps", steps}};
}

rules::EscalationLadder LadderFrom(const json& value) {
    rules::EscalationLadder ladder;
    ladder.name = value.at("name").get<std::string>();
    ladder.services = IdsFrom<ServiceId>(value.at("services"));
    ladder.priorities = value.at("priorities").get<std::vector<int>>();
    ladder.customer_grades = value.at("customer_grades").get<std::vector<std::string>>();
    for (const json& item : value.at("steps")) {
        rules::EscalationStep step;
        step.name = item.at("name").get<std::string>();
        step.trigger.kind = EnumFrom(item.at("trigger"), rules::kTriggerKindNames, "escalation trigger");
        step.trigger.after = std::chrono::seconds{item.at("after").get<std::int64_t>()};
        step.trigger.percent = item.at("percent").get<int>();
        step.trigger.target = EnumFrom(item.at("target"), sla::kClockTargetNames, "clock target");
        for (const json& action : item.at("actions")) step.actions.push_back(ActionFrom(action));
        step.urgent = item.value("urgent", false);  // absent in policies saved before the flag existed
        ladder.steps.push_back(std::move(step));
    }
    return ladder;
}

}  // namespace

std::string EncodePolicy(const Policy& policy) {
    nlohmann::json matrix{{"impacts", policy.priority_matrix.impacts()},
                          {"urgencies", policy.priority_matrix.urgencies()},
                          {"cells", policy.priority_matrix.cells()},
                          {"grade_raise", policy.priority_matrix.grade_raise()}};
    nlohmann::json document{{"priority_matrix", matrix},
                            {"customer_classes", policy.customer_classes},
                            {"customer_grades", policy.customer_grades},
                            {"auto_close_working_days", policy.auto_close_working_days}};
    json calendars = json::array();
    for (const sla::CalendarSpec& spec : policy.calendars) calendars.push_back(CalendarJson(spec));
    json agreements = json::array();
    for (const sla::Agreement& agreement : policy.agreements) agreements.push_back(AgreementJson(agreement));
    document["calendars"] = std::move(calendars);
    document["agreements"] = std::move(agreements);
    json rosters = json::array();
    for (const rules::DutyRoster& roster : policy.duty_rosters) rosters.push_back(RosterJson(roster));
    json ladders = json::array();
    for (const rules::EscalationLadder& ladder : policy.escalation_ladders) ladders.push_back(LadderJson(ladder));
    document["duty_rosters"] = std::move(rosters);
    document["escalation_ladders"] = std::move(ladders);
    document["notices"] = detail::NoticePolicyJson(policy.notice_grades, policy.burst_rules);
    return document.dump();
}

Result<Policy> DecodePolicy(const std::string& text) {
    try {
        const auto document = nlohmann::json::parse(text);
        const auto& matrix = document.at("priority_matrix");
        auto priority_matrix = rules::PriorityMatrix::Create(
            matrix.at("impacts").get<std::vector<std::string>>(),
            matrix.at("urgencies").get<std::vector<std::string>>(),
            matrix.at("cells").get<std::vector<std::vector<int>>>(),
            matrix.at("grade_raise").get<std::map<std::string, int>>());
        if (!priority_matrix) return Error::Internal("stored policy: " + priority_matrix.error().message());
        Policy policy{std::move(*priority_matrix), document.at("customer_classes").get<std::vector<std::string>>(),
                      document.at("customer_grades").get<std::vector<std::string>>(),
                      document.at("auto_close_working_days").get<int>(),
                      {},
                      {},
                      {},
                      {},
                      rules::DefaultNoticeGrades(),
                      {}};
        // Policies stored before calendars and agreements existed have neither key.
        if (document.contains("calendars")) {
            for (const json& value : document.at("calendars")) policy.calendars.push_back(CalendarFrom(value));
        }
        if (document.contains("agreements")) {
            for (const json& value : document.at("agreements")) policy.agreements.push_back(AgreementFrom(value));
        }
        // ... nor duty rosters and escalation ladders.
        if (document.contains("duty_rosters")) {
            for (const json& value : document.at("duty_rosters")) policy.duty_rosters.push_back(RosterFrom(value));
        }
        if (document.contains("escalation_ladders")) {
            for (const json& value : document.at("escalation_ladders")) {
                policy.escalation_ladders.push_back(LadderFrom(value));
            }
        }
        // ... nor notice grades and burst rules (the defaults then).
        if (document.contains("notices")) {
            auto decoded = detail::NoticePolicyFrom(document.at("notices"), policy.notice_grades, policy.burst_rules);
            if (!decoded) return Error::Internal("stored policy is damaged: " + decoded.error().message());
        }
        return policy;
    } catch (const nlohmann::json::exception& e) {
        return Error::Internal(std::string("stored policy is damaged: ") + e.what());
    } catch (const DecodeFailure& failure) {
        return Error::Internal("stored policy is damaged: " + failure.message);
    }
}

Result<Policy> LoadPolicy(store::SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(auto text, store::AuthRepo::GetSetting(db, kPolicySetting));
    if (!text) return Policy{};
    return DecodePolicy(*text);
}

Result<std::int64_t> LoadPolicyRevision(store::SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(auto text, store::AuthRepo::GetSetting(db, kRevisionSetting));
    if (!text) return std::int64_t{0};
    try {
        return std::int64_t{std::stoll(*text)};
    } catch (const std::exception&) {
        return Error::Internal("stored policy revision is damaged: '" + *text + "'");
    }
}

Result<std::shared_ptr<const PolicyInForce>> CompilePolicy(Policy policy, std::int64_t revision) {
    SLADESK_ASSIGN_OR_RETURN(sla::AgreementBook book, sla::AgreementBook::Create(policy.calendars, policy.agreements));
    return std::make_shared<const PolicyInForce>(PolicyInForce{std::move(policy), std::move(book), revision});
}

Result<std::shared_ptr<const PolicyInForce>> PolicyCache::Load(store::SqlConnection& db) {
    SLADESK_ASSIGN_OR_RETURN(std::int64_t revision, LoadPolicyRevision(db));
    {
        std::lock_guard lock(mu_);
        if (current_ && current_->revision == revision) return current_;
    }
    // Compiled outside the lock: two readers racing on a new revision both compile; either result is the same.
    SLADESK_ASSIGN_OR_RETURN(Policy policy, LoadPolicy(db));
    SLADESK_ASSIGN_OR_RETURN(auto compiled, CompilePolicy(std::move(policy), revision));
    std::lock_guard lock(mu_);
    if (!current_ || current_->revision < revision) current_ = compiled;
    return compiled;
}

Status SavePolicy(store::SqlConnection& db, const Policy& policy) {
    if (auto book = sla::AgreementBook::Create(policy.calendars, policy.agreements); !book) return book.error();
    // The policy row is written first: on PostgreSQL that waits for (and, READ COMMITTED, then sees) another
    // node's concurrent save, so the revision read next is the latest and two saves never share a revision.
    SLADESK_TRY(store::AuthRepo::PutSetting(db, kPolicySetting, EncodePolicy(policy)));
    SLADESK_ASSIGN_OR_RETURN(std::int64_t revision, LoadPolicyRevision(db));
    return store::AuthRepo::PutSetting(db, kRevisionSetting, std::to_string(revision + 1));
}

Status CheckOneOf(const std::string& what, const std::string& value, const std::vector<std::string>& allowed) {
    for (const auto& name : allowed) {
        if (name == value) return OkStatus();
    }
    std::string names;
    for (const auto& name : allowed) names += (names.empty() ? "" : ", ") + name;
    return Error::InvalidArgument(what + " '" + value + "' is not one of: " + names);
}

}  // namespace sladesk::service
