#include "sla/calendar_ics.hpp"

#include <algorithm>
#include <memory>
#include <string>

#include <libical/ical.h>

namespace sladesk::sla {
namespace {

constexpr int kMaxEventDays = 366;
constexpr std::string_view kWorkdayPrefix = "上班";
constexpr std::string_view kWorkdayPrefixEn = "Workday";
constexpr const char* kHoursProperty = "X-SLADESK-HOURS";

struct ComponentDeleter {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

date::local_days DayOf(const icaltimetype& t) {
    return date::local_days{date::year{t.year} / date::month{static_cast<unsigned>(t.month)} /
                            date::day{static_cast<unsigned>(t.day)}};
}

icaltimetype DateValue(date::local_days day) {
    const date::year_month_day ymd{day};
    icaltimetype t = icaltime_null_date();
    t.year = static_cast<int>(ymd.year());
    t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    t.is_date = 1;
    return t;
}

// "09:00-12:00,13:00-18:00" from X-SLADESK-HOURS, if present and valid.
std::optional<DayHours> HoursProperty(icalcomponent* event) {
    for (icalproperty* prop = icalcomponent_get_first_property(event, ICAL_X_PROPERTY); prop != nullptr;
         prop = icalcomponent_get_next_property(event, ICAL_X_PROPERTY)) {
        const char* name = icalproperty_get_x_name(prop);
        const char* value = icalproperty_get_x(prop);
        if (name == nullptr || value == nullptr || std::string_view(name) != kHoursProperty) continue;
        DayHours hours;
        std::string_view rest(value);
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            auto range = ParseTimeRange(rest.substr(0, comma));
            if (!range) return std::nullopt;
            hours.push_back(*range);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        if (hours.empty() || !NormalizeDayHours(hours)) return std::nullopt;
        return hours;
    }
    return std::nullopt;
}

Status ImportEvent(icalcomponent* event, DatedExceptions& out) {
    const char* summary_text = icalcomponent_get_summary(event);
    const std::string summary = summary_text != nullptr ? summary_text : "";
    const icaltimetype start = icalcomponent_get_dtstart(event);
    if (icaltime_is_null_time(start) || !icaltime_is_valid_time(start)) {
        return Error::InvalidArgument("event \"" + summary + "\" has no valid DTSTART");
    }
    const date::local_days first = DayOf(start);
    date::local_days end = first + date::days{1};
    const icaltimetype stop = icalcomponent_get_dtend(event);
    if (!icaltime_is_null_time(stop)) {
        end = DayOf(stop);
        if (!stop.is_date && (stop.hour != 0 || stop.minute != 0 || stop.second != 0)) end += date::days{1};
        if (end <= first) end = first + date::days{1};
    }
    if (end - first > date::days{kMaxEventDays}) {
        return Error::InvalidArgument("event \"" + summary + "\" spans more than " + std::to_string(kMaxEventDays) + " days");
    }
    const bool workday = summary.rfind(kWorkdayPrefix, 0) == 0 || summary.rfind(kWorkdayPrefixEn, 0) == 0;
    const std::optional<DayHours> hours = workday ? HoursProperty(event) : std::nullopt;
    for (date::local_days day = first; day < end; day += date::days{1}) {
        if (workday) {
            out.workdays.push_back(ExtraWorkday{day, hours, std::nullopt});
        } else {
            out.holidays.push_back(day);
        }
    }
    return OkStatus();
}

void AddEvent(icalcomponent* calendar, date::local_days first, date::local_days end, const std::string& summary,
              const std::optional<DayHours>& hours) {
    icalcomponent* event = icalcomponent_new_vevent();
    icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstart(DateValue(first)));
    icalcomponent_add_property(event, icalproperty_new_dtend(DateValue(end)));
    icaltimetype stamp = DateValue(first);
    stamp.is_date = 0;
    stamp.hour = 0;
    stamp.minute = 0;
    stamp.second = 0;
    stamp.zone = icaltimezone_get_utc_timezone();
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    const std::string uid = FormatLocalDate(first) + "/" + FormatLocalDate(end) + "/sladesk";
    icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
    if (hours) {
        std::string value;
        for (const TimeRange& range : *hours) {
            if (!value.empty()) value.push_back(',');
            value.append(FormatTimeRange(range));
        }
        icalproperty* prop = icalproperty_new_x(value.c_str());
        icalproperty_set_x_name(prop, kHoursProperty);
        icalcomponent_add_property(event, prop);
    }
    icalcomponent_add_component(calendar, event);
}

}  // namespace

Result<DatedExceptions> ImportIcs(std::string_view ics_text) {
    const std::string text(ics_text);
    ComponentPtr root(icalparser_parse_string(text.c_str()));
    if (!root) return Error::InvalidArgument("not an iCalendar document");
    icalcomponent* calendar = root.get();
    if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT) {
        calendar = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
        if (calendar == nullptr) return Error::InvalidArgument("no VCALENDAR in the document");
    }
    DatedExceptions result;
    for (icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event != nullptr;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        SLADESK_TRY(ImportEvent(event, result));
    }
    std::sort(result.holidays.begin(), result.holidays.end());
    result.holidays.erase(std::unique(result.holidays.begin(), result.holidays.end()), result.holidays.end());
    std::sort(result.workdays.begin(), result.workdays.end(),
              [](const ExtraWorkday& a, const ExtraWorkday& b) { return a.date < b.date; });
    return result;
}

std::string ExportIcs(const DatedExceptions& exceptions, std::string_view calendar_name) {
    ComponentPtr calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//sladesk//calendar export//EN"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
    icalproperty* name = icalproperty_new_x(std::string(calendar_name).c_str());
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(calendar.get(), name);

    std::vector<date::local_days> holidays = exceptions.holidays;
    std::sort(holidays.begin(), holidays.end());
    holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
    for (std::size_t index = 0; index < holidays.size();) {
        std::size_t last = index;
        while (last + 1 < holidays.size() && holidays[last + 1] == holidays[last] + date::days{1}) ++last;
        AddEvent(calendar.get(), holidays[index], holidays[last] + date::days{1}, "假期 Holiday", std::nullopt);
        index = last + 1;
    }
    for (const ExtraWorkday& workday : exceptions.workdays) {
        AddEvent(calendar.get(), workday.date, workday.date + date::days{1}, "上班 Workday", workday.hours);
    }
    char* raw = icalcomponent_as_ical_string_r(calendar.get());
    std::string text = raw != nullptr ? raw : "";
    icalmemory_free_buffer(raw);
    return text;
}

}  // namespace sladesk::sla
