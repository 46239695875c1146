#include "sla/calendar_yaml.hpp"

#include <set>
#include <string>

#include <yaml-cpp/yaml.h>

#include "sla/builtin_calendars.hpp"

namespace sladesk::sla {
namespace {

Error At(const YAML::Node& node, const std::string& path, const std::string& problem) {
    const int line = node.Mark().line;
    const std::string where = line >= 0 ? "line " + std::to_string(line + 1) + ": " : "";
    return Error::InvalidArgument(where + path + ": " + problem);
}

Result<std::string> Scalar(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) return At(node, path, "expected a string");
    return node.Scalar();
}

Result<date::local_days> DateOf(const YAML::Node& node, const std::string& path) {
    SLADESK_ASSIGN_OR_RETURN(std::string text, Scalar(node, path));
    auto day = ParseLocalDate(text);
    if (!day) return At(node, path, "bad date \"" + text + "\" (expected YYYY-MM-DD)");
    return *day;
}

// A list of "HH:MM-HH:MM" (or one such string), sorted and checked for overlaps.
Result<DayHours> HoursOf(const YAML::Node& node, const std::string& path) {
    DayHours hours;
    if (node.IsNull()) return hours;
    if (node.IsScalar()) {
        auto range = ParseTimeRange(node.Scalar());
        if (!range) return At(node, path, range.error().message());
        hours.push_back(*range);
    } else if (node.IsSequence()) {
        for (std::size_t index = 0; index < node.size(); ++index) {
            const std::string item_path = path + "[" + std::to_string(index) + "]";
            SLADESK_ASSIGN_OR_RETURN(std::string text, Scalar(node[index], item_path));
            auto range = ParseTimeRange(text);
            if (!range) return At(node[index], item_path, range.error().message());
            hours.push_back(*range);
        }
    } else {
        return At(node, path, "expected a list of \"HH:MM-HH:MM\" ranges");
    }
    if (auto status = NormalizeDayHours(hours); !status) return At(node, path, status.error().message());
    return hours;
}

Status ParseWeek(const YAML::Node& node, const std::string& path, CalendarSpec& spec) {
    if (node.IsScalar() && (node.Scalar() == "24x7" || node.Scalar() == "24/7")) {
        spec.week = AlwaysOpenWeek();
        return OkStatus();
    }
    if (!node.IsMap()) return At(node, path, "expected a map of mon..sun to time ranges, or 24x7");
    std::set<int> seen;
    for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        const auto weekday = ParseWeekdayName(key);
        if (!weekday) return At(entry.first, path, "unknown day \"" + key + "\" (expected mon..sun)");
        if (!seen.insert(*weekday).second) return At(entry.first, path, "day \"" + key + "\" given twice");
        SLADESK_ASSIGN_OR_RETURN(spec.week[static_cast<std::size_t>(*weekday)], HoursOf(entry.second, path + "." + key));
    }
    return OkStatus();
}

Result<ExtraWorkday> WorkdayOf(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) {
        SLADESK_ASSIGN_OR_RETURN(date::local_days day, DateOf(node, path));
        return ExtraWorkday{day, std::nullopt, std::nullopt};
    }
    if (!node.IsMap()) return At(node, path, "expected a date or {date, hours} / {date, like}");
    ExtraWorkday workday{};
    bool has_date = false;
    for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        if (key == "date") {
            SLADESK_ASSIGN_OR_RETURN(workday.date, DateOf(entry.second, path + ".date"));
            has_date = true;
        } else if (key == "hours") {
            SLADESK_ASSIGN_OR_RETURN(DayHours hours, HoursOf(entry.second, path + ".hours"));
            if (hours.empty()) return At(entry.second, path + ".hours", "a workday needs at least one range");
            workday.hours = std::move(hours);
        } else if (key == "like") {
            SLADESK_ASSIGN_OR_RETURN(std::string name, Scalar(entry.second, path + ".like"));
            workday.like_weekday = ParseWeekdayName(name);
            if (!workday.like_weekday) return At(entry.second, path + ".like", "unknown day \"" + name + "\"");
        } else {
            return At(entry.first, path, "unknown key \"" + key + "\" (expected date, hours, like)");
        }
    }
    if (!has_date) return At(node, path, "missing date");
    if (workday.hours && workday.like_weekday) return At(node, path, "give either hours or like, not both");
    return workday;
}

Result<YAML::Node> SequenceAt(const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) return At(node, path, "expected a list");
    return node;
}

Status ParseLists(const std::string& key, const YAML::Node& value, const std::string& path, CalendarSpec& spec) {
    SLADESK_ASSIGN_OR_RETURN(YAML::Node list, SequenceAt(value, path));
    for (std::size_t index = 0; index < list.size(); ++index) {
        const std::string item_path = path + "[" + std::to_string(index) + "]";
        if (key == "holidays") {
            SLADESK_ASSIGN_OR_RETURN(date::local_days day, DateOf(list[index], item_path));
            spec.exceptions.holidays.push_back(day);
        } else if (key == "workdays") {
            SLADESK_ASSIGN_OR_RETURN(ExtraWorkday workday, WorkdayOf(list[index], item_path));
            spec.exceptions.workdays.push_back(std::move(workday));
        } else {
            SLADESK_ASSIGN_OR_RETURN(std::string name, Scalar(list[index], item_path));
            if (!BuiltinExceptions(name)) return At(list[index], item_path, "unknown built-in calendar \"" + name + "\"");
            spec.includes.push_back(name);
        }
    }
    return OkStatus();
}

Result<CalendarSpec> ParseCalendar(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) return At(node, path, "expected a map");
    CalendarSpec spec;
    YAML::Node timezone_node;
    bool has_timezone = false;  // a default-constructed YAML::Node counts as defined, so track it here
    for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        const std::string key_path = path + "." + key;
        if (key == "name") {
            SLADESK_ASSIGN_OR_RETURN(spec.name, Scalar(entry.second, key_path));
        } else if (key == "timezone") {
            SLADESK_ASSIGN_OR_RETURN(spec.time_zone, Scalar(entry.second, key_path));
            timezone_node = entry.second;
            has_timezone = true;
        } else if (key == "week") {
            SLADESK_TRY(ParseWeek(entry.second, key_path, spec));
        } else if (key == "holidays" || key == "workdays" || key == "include") {
            SLADESK_TRY(ParseLists(key, entry.second, key_path, spec));
        } else if (key != "description") {
            return At(entry.first, path, "unknown key \"" + key + "\"");
        }
    }
    if (spec.name.empty()) return At(node, path, "missing name");
    if (has_timezone) {
        try {
            (void)date::locate_zone(spec.time_zone);
        } catch (const std::exception&) {
            return At(timezone_node, path + ".timezone", "unknown time zone \"" + spec.time_zone + "\"");
        }
    }
    return spec;
}

Result<std::vector<CalendarSpec>> ParseDocument(const YAML::Node& root) {
    if (!root.IsMap() || !root["calendars"]) return At(root, "calendars", "missing top-level calendars list");
    const YAML::Node list = root["calendars"];
    if (!list.IsSequence()) return At(list, "calendars", "expected a list");
    std::vector<CalendarSpec> specs;
    std::set<std::string> names;
    for (std::size_t index = 0; index < list.size(); ++index) {
        const std::string path = "calendars[" + std::to_string(index) + "]";
        SLADESK_ASSIGN_OR_RETURN(CalendarSpec spec, ParseCalendar(list[index], path));
        if (!names.insert(spec.name).second) return At(list[index], path, "duplicate name \"" + spec.name + "\"");
        specs.push_back(std::move(spec));
    }
    return specs;
}

}  // namespace

Result<std::vector<CalendarSpec>> ParseCalendarsYaml(std::string_view yaml_text) {
    try {
        return ParseDocument(YAML::Load(std::string(yaml_text)));
    } catch (const YAML::Exception& e) {
        const std::string where = e.mark.line >= 0 ? "line " + std::to_string(e.mark.line + 1) + ": " : "";
        return Error::InvalidArgument(where + "invalid YAML: " + e.msg);
    } catch (const std::exception& e) {
        return Error::InvalidArgument(std::string("invalid YAML: ") + e.what());
    }
}

Result<Calendar> LoadCalendarFromYaml(std::string_view yaml_text, std::string_view name,
                                      const CalendarOptions& options) {
    SLADESK_ASSIGN_OR_RETURN(std::vector<CalendarSpec> specs, ParseCalendarsYaml(yaml_text));
    if (specs.empty()) return Error::NotFound("no calendar in the file");
    for (const CalendarSpec& spec : specs) {
        if (name.empty() || spec.name == name) {
            auto calendar = Calendar::Create(spec, options);
            if (!calendar) return calendar.error().WithContext("calendar " + spec.name);
            return calendar;
        }
    }
    return Error::NotFound("no calendar named \"" + std::string(name) + "\"");
}

}  // namespace sladesk::sla
