// iCalendar (RFC 5545) import and export of a calendar's dated exceptions, on strings (libical).
// Import: every all-day VEVENT is a holiday span, unless its SUMMARY starts with "上班" (or "Workday"):
// then each of its days is an adjusted working day. Export writes the same convention, so they round-trip.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sla/calendar_spec.hpp"

namespace sladesk::sla {

/// Reads the holidays and adjusted working days of an .ics document (DTSTART..DTEND, DTEND exclusive; a
/// missing DTEND means one day; RRULEs are not expanded). Workdays keep explicit hours only when the event
/// carries our X-SLADESK-HOURS property. kInvalidArgument if the text is not iCalendar or an event has no
/// valid DTSTART or spans more than 366 days. Pure; calls into libical, which is not re-entrant for error
/// reporting: call from one thread at a time.
Result<DatedExceptions> ImportIcs(std::string_view ics_text);

/// The exceptions as an .ics document (consecutive holidays grouped into one event; DTSTAMP derived from
/// the dates so the output is deterministic). `calendar_name` goes into X-WR-CALNAME. Pure.
std::string ExportIcs(const DatedExceptions& exceptions, std::string_view calendar_name);

}  // namespace sladesk::sla
