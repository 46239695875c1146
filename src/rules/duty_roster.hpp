// Duty rosters (值班表): who of a group is on call at an instant — a rotation of people handing over at a local
// time in an IANA zone, with dated overrides. Pure (the zone database is read through date/tz).
#pragma once

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/utc_time.hpp"

namespace sladesk::rules {

/// `person` covers [from, to) instead of whoever the rotation names.
struct RosterOverride {
    UserId person;
    UtcTime from{};
    UtcTime to{};
    friend bool operator==(const RosterOverride&, const RosterOverride&) = default;
};

/// A plain value. The first shift starts at `handover_time` (local, in `time_zone`) on `start_date`, or on the first
/// `handover_weekday` on or after it when one is set; each shift lasts `rotation_days` local days, so a hand-over
/// stays at the same local time across DST changes (a shift then lasts 23 h or 25 h more or less in wall-clock
/// terms). Shift k belongs to people[k % people.size()]. A hand-over time that does not exist on a day (skipped
/// by a DST change) happens at the end of the gap; one that exists twice happens at the first occurrence.
struct DutyRoster {
    std::string name;
    GroupId group;
    std::vector<UserId> people;  // the rotation order
    int rotation_days = 7;
    std::optional<date::weekday> handover_weekday;
    std::chrono::minutes handover_time{9 * 60};  // local time of day, 00:00..23:59
    std::string time_zone = "Asia/Shanghai";
    date::local_days start_date{};
    std::vector<RosterOverride> overrides;  // a later entry wins where entries overlap
    friend bool operator==(const DutyRoster&, const DutyRoster&) = default;
};

/// kInvalidArgument naming the roster and the field: no people, rotation_days outside 1..366, hand-over time
/// outside a day, an unknown zone, an override ending at or before its start. Pure.
Status ValidateRoster(const DutyRoster& roster);

/// The person on call at `at`: the last override covering it, else the rotation's person; nullopt before the first
/// hand-over (and no override) or for a roster that does not validate. Pure.
std::optional<UserId> OnCall(const DutyRoster& roster, UtcTime at);

/// The instant shift `shift` (0 = the first) starts; nullopt for an invalid roster. Pure.
std::optional<UtcTime> ShiftStart(const DutyRoster& roster, std::int64_t shift);

}  // namespace sladesk::rules
