#include "rules/duty_roster.hpp"

#include <date/tz.h>

#include <stdexcept>

namespace sladesk::rules {
namespace {

constexpr int kMaxRotationDays = 366;

const date::time_zone* FindZone(const std::string& name) {
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

date::local_days FirstDay(const DutyRoster& roster) {
    if (!roster.handover_weekday) return roster.start_date;
    const date::weekday from{roster.start_date};
    return roster.start_date + (*roster.handover_weekday - from);  // weekday difference is 0..6 days
}

/// The UTC instant of a local time: the first one if it occurs twice, the end of the gap if it is skipped.
UtcTime ToUtc(const date::time_zone& zone, date::local_seconds local) {
    const date::local_info info = zone.get_info(local);
    switch (info.result) {
        case date::local_info::unique:
        case date::local_info::ambiguous:
            return UtcTime{local.time_since_epoch() - info.first.offset};
        case date::local_info::nonexistent:
        default:
            return info.second.begin;
    }
}

UtcTime StartOf(const DutyRoster& roster, const date::time_zone& zone, std::int64_t shift) {
    const date::local_days day = FirstDay(roster) + date::days{shift * roster.rotation_days};
    return ToUtc(zone, date::local_seconds{day} + roster.handover_time);
}

/// The shift running at `at` (may be negative: before the first hand-over).
std::int64_t ShiftAt(const DutyRoster& roster, const date::time_zone& zone, UtcTime at) {
    const date::local_seconds local = zone.to_local(at);
    const auto days = (date::floor<date::days>(local - roster.handover_time) - FirstDay(roster)).count();
    std::int64_t shift = days >= 0 ? days / roster.rotation_days : -((-days + roster.rotation_days - 1) /
                                                                     roster.rotation_days);
    // Local arithmetic is right up to a DST gap or overlap around the hand-over; settle on the instants.
    while (StartOf(roster, zone, shift) > at) --shift;
    while (StartOf(roster, zone, shift + 1) <= at) ++shift;
    return shift;
}

}  // namespace

Status ValidateRoster(const DutyRoster& roster) {
    const std::string where = "duty roster '" + roster.name + "': ";
    if (roster.name.empty()) return Error::InvalidArgument("duty roster needs a name");
    if (roster.people.empty()) return Error::InvalidArgument(where + "people must not be empty");
    if (roster.rotation_days < 1 || roster.rotation_days > kMaxRotationDays) {
        return Error::InvalidArgument(where + "rotation_days must be between 1 and 366");
    }
    if (roster.handover_time < std::chrono::minutes{0} || roster.handover_time >= std::chrono::hours{24}) {
        return Error::InvalidArgument(where + "handover time must be within a day (00:00-23:59)");
    }
    if (roster.handover_weekday && !roster.handover_weekday->ok()) {
        return Error::InvalidArgument(where + "handover weekday is not a weekday");
    }
    if (FindZone(roster.time_zone) == nullptr) {
        return Error::InvalidArgument(where + "unknown time zone '" + roster.time_zone + "'");
    }
    for (const RosterOverride& entry : roster.overrides) {
        if (entry.to <= entry.from) {
            return Error::InvalidArgument(where + "an override must end after it starts (" +
                                          FormatIso8601(entry.from) + ")");
        }
    }
    return OkStatus();
}

std::optional<UserId> OnCall(const DutyRoster& roster, UtcTime at) {
    if (!ValidateRoster(roster)) return std::nullopt;
    for (auto entry = roster.overrides.rbegin(); entry != roster.overrides.rend(); ++entry) {
        if (entry->from <= at && at < entry->to) return entry->person;
    }
    const date::time_zone& zone = *FindZone(roster.time_zone);
    const std::int64_t shift = ShiftAt(roster, zone, at);
    if (shift < 0) return std::nullopt;
    const auto count = static_cast<std::int64_t>(roster.people.size());
    return roster.people[static_cast<std::size_t>(shift % count)];
}

std::optional<UtcTime> ShiftStart(const DutyRoster& roster, std::int64_t shift) {
    if (!ValidateRoster(roster)) return std::nullopt;
    return StartOf(roster, *FindZone(roster.time_zone), shift);
}

}  // namespace sladesk::rules
