// sla::Calendar: working time in one IANA time zone — weekly ranges (several per day), dated holidays,
// adjusted working days (调休), 24x7 — and the due/elapsed math every SLA clock is built on.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>

#include <date/date.h>
#include <date/tz.h>

#include "core/result.hpp"
#include "core/utc_time.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::sla {

namespace detail {
struct CalendarData;
}

/// Returned by the due-time functions when no working time follows (a calendar without work ahead).
inline constexpr UtcTime kNever = UtcTime::max();

/// Build options. Queries between Jan 1 of `table_first_year` and Dec 31 of `table_last_year` (UTC) use
/// a precomputed table; outside it they are still exact but slower and allocate.
struct CalendarOptions {
    int table_first_year = 2000;  // default 2000
    int table_last_year = 2100;   // default 2100; the table costs ~24 bytes per working range per day
};

/// A working-time calendar. Immutable after Create(); cheap to copy (the tables are shared, immutable);
/// safe to use from many threads at once.
///
/// Working time is the set of instants whose wall-clock time in the calendar's zone falls inside a working
/// range of that local date. So across a DST change a range 01:00-03:00 can hold 1 h (spring) or 3 h (autumn).
///
/// Which hours a local date has: the calendar's own `workdays`/`holidays` win over included sets (e.g. CN),
/// which win over the week. A workday without explicit hours takes the hours of its `like_weekday`, by
/// default Monday; if that weekday has no hours, the first of Monday..Friday that has some.
class Calendar {
 public:
    /// Validates `spec` and precomputes its tables. kInvalidArgument (naming the field) if the zone is
    /// unknown, ranges overlap or leave the day, a date is both holiday and workday, the week and the
    /// workdays have no hours at all, or the options are out of range; kNotFound for an unknown include.
    static Result<Calendar> Create(const CalendarSpec& spec, const CalendarOptions& options = {});

    /// A 24x7 calendar in UTC with no exceptions.
    static Calendar AlwaysOpen();

    const std::string& name() const;
    const date::time_zone& zone() const;

    /// The instant when `work` of working time has passed after `start` (UTC). If `start` is inside a
    /// break the clock starts at the next working instant; a due time that lands exactly on the end of a
    /// range is that end (18:00, not the next morning). work <= 0 returns `start`. kNever if the calendar
    /// runs out of working time. Pure; no allocation inside the table span.
    UtcTime AddWorkingTime(UtcTime start, std::chrono::seconds work) const;

    /// Working time in [a, b); zero if b <= a. Pure; no allocation inside the table span.
    std::chrono::seconds WorkingTimeBetween(UtcTime a, UtcTime b) const;

    /// The first instant >= t that is working time (t itself if it is); kNever if none. Pure.
    UtcTime NextWorkingInstant(UtcTime t) const;

    /// Whether local date `day` has any working range. Pure.
    bool IsWorkingDay(date::local_days day) const;

    /// `day` if it is a working day, else the next one (searching up to ten years ahead; `day` + 3660 if
    /// none). Pure.
    date::local_days NextWorkingDay(date::local_days day) const;

    /// The same local wall time `days` working days after (or, if negative, before) the local date of
    /// `start`; used for auto-close and report due dates. A wall time that does not exist that day (DST)
    /// becomes the instant of the change. kNever if no working day within ten years, or `start` is outside
    /// years 1800..9999. Pure.
    UtcTime AddWorkingDays(UtcTime start, int days) const;

    /// The working ranges of local date `day` after all exceptions. Valid while this calendar lives.
    std::span<const TimeRange> HoursOn(date::local_days day) const;

    /// The resolved dated exceptions (own and included), sorted by date; for export and previews.
    const DatedExceptions& exceptions() const;

 private:
    explicit Calendar(std::shared_ptr<const detail::CalendarData> data) : data_(std::move(data)) {}

    // Shared because copies of one calendar (per agreement, per thread) reuse the same immutable tables.
    std::shared_ptr<const detail::CalendarData> data_;
};

}  // namespace sladesk::sla
