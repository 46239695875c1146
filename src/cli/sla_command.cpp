// `sladesk sla ...`: working-time math from the shell.
//   sla due --calendar FILE [--name N] --batch                  stdin "START_EPOCH SECONDS" -> due epochs
//   sla due --calendar FILE [--name N] --start ISO --duration 4h30m   -> due instant, ISO 8601 UTC
//   sla elapsed --calendar FILE [--name N] --from ISO --to ISO        -> working seconds between
//   sla ics --calendar FILE [--name N]                          -> the calendar's dated exceptions as .ics
// Times are ISO 8601 with Z or an offset, or epoch seconds. Logic lives in src/sla; this file only wires it.
#include <charconv>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.hpp"
#include "core/utc_time.hpp"
#include "sla/calendar_ics.hpp"
#include "sla/calendar_yaml.hpp"
#include "sla/due_batch.hpp"
#include "sla/work_duration.hpp"

namespace sladesk::cli {
namespace {

constexpr int kBadInput = 1;

struct SlaOptions {
    std::string calendar_file;  // YAML with a calendars: list (the file `sladesk apply` takes); required
    std::string name;           // which calendar; default: the first in the file
    bool batch = false;         // due: read START_EPOCH SECONDS lines on stdin
    std::string start;          // due: ISO 8601 or epoch seconds
    std::string duration;       // due: working time, e.g. 16h, 4h30m, 90m
    std::string from;           // elapsed: ISO 8601 or epoch seconds
    std::string to;             // elapsed: ISO 8601 or epoch seconds
};

Result<UtcTime> ParseInstant(const std::string& text, const char* flag) {
    if (auto iso = ParseIso8601(text)) return *iso;
    std::int64_t epoch = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), epoch);
    if (ec == std::errc{} && end == text.data() + text.size()) return FromEpochSeconds(epoch);
    return Error::InvalidArgument(std::string(flag) + ": expected ISO 8601 (2025-01-27T17:00:00+08:00) or epoch seconds, got \"" + text + "\"");
}

Result<sla::Calendar> LoadCalendar(const SlaOptions& options) {
    std::ifstream file(options.calendar_file, std::ios::binary);
    if (!file) return Error::NotFound("--calendar: cannot read " + options.calendar_file);
    std::ostringstream text;
    text << file.rdbuf();
    auto calendar = sla::LoadCalendarFromYaml(text.str(), options.name);
    if (!calendar) return calendar.error().WithContext(options.calendar_file);
    return calendar;
}

int Fail(const Error& error) {
    std::cerr << "sladesk sla: " << error.message() << "\n";
    return kBadInput;
}

int RunDue(const SlaOptions& options) {
    auto calendar = LoadCalendar(options);
    if (!calendar) return Fail(calendar.error());
    if (options.batch) {
        std::ios::sync_with_stdio(false);
        std::cin.tie(nullptr);
        auto done = sla::RunDueBatch(std::cin, std::cout, *calendar);
        return done ? 0 : Fail(done.error());
    }
    if (options.start.empty() || options.duration.empty()) {
        return Fail(Error::InvalidArgument("give --batch, or both --start and --duration"));
    }
    auto start = ParseInstant(options.start, "--start");
    if (!start) return Fail(start.error());
    auto work = sla::ParseWorkDuration(options.duration);
    if (!work) return Fail(work.error().WithContext("--duration"));
    const UtcTime due = calendar->AddWorkingTime(*start, *work);
    if (due == sla::kNever) return Fail(Error::InvalidArgument("the calendar has no working time after --start"));
    std::cout << FormatIso8601(due) << "\n";
    return 0;
}

int RunElapsed(const SlaOptions& options) {
    auto calendar = LoadCalendar(options);
    if (!calendar) return Fail(calendar.error());
    auto from = ParseInstant(options.from, "--from");
    if (!from) return Fail(from.error());
    auto to = ParseInstant(options.to, "--to");
    if (!to) return Fail(to.error());
    const auto elapsed = calendar->WorkingTimeBetween(*from, *to);
    std::cout << elapsed.count() << "\t" << sla::FormatWorkDuration(elapsed) << "\n";
    return 0;
}

int RunIcs(const SlaOptions& options) {
    auto calendar = LoadCalendar(options);
    if (!calendar) return Fail(calendar.error());
    std::cout << sla::ExportIcs(calendar->exceptions(), calendar->name());
    return 0;
}

void AddCalendarFlags(CLI::App& command, SlaOptions& options) {
    command.add_option("--calendar", options.calendar_file, "YAML file with a calendars: list")->required();
    command.add_option("--name", options.name, "calendar name (default: the first in the file)");
}

}  // namespace

void AddSlaCommand(CLI::App& app, int& exit_code) {
    auto* sla_app = app.add_subcommand("sla", "SLA calendars and deadline math");
    sla_app->require_subcommand(1);
    // Shared by the three callbacks below, which CLI11 stores as std::function and may outlive this frame.
    auto options = std::make_shared<SlaOptions>();

    auto* due = sla_app->add_subcommand("due", "due instant after an amount of working time");
    AddCalendarFlags(*due, *options);
    due->add_flag("--batch", options->batch, "read START_EPOCH SECONDS lines on stdin, print due epochs");
    due->add_option("--start", options->start, "start instant (ISO 8601 or epoch seconds)");
    due->add_option("--duration", options->duration, "working time: 16h, 4h30m, 90m, 45s (no days)");
    due->callback([options, &exit_code] { exit_code = RunDue(*options); });

    auto* elapsed = sla_app->add_subcommand("elapsed", "working time between two instants (seconds, then h/m/s)");
    AddCalendarFlags(*elapsed, *options);
    elapsed->add_option("--from", options->from, "from instant (ISO 8601 or epoch seconds)")->required();
    elapsed->add_option("--to", options->to, "to instant (ISO 8601 or epoch seconds)")->required();
    elapsed->callback([options, &exit_code] { exit_code = RunElapsed(*options); });

    auto* ics = sla_app->add_subcommand("ics", "print the calendar's holidays and adjusted workdays as iCalendar");
    AddCalendarFlags(*ics, *options);
    ics->callback([options, &exit_code] { exit_code = RunIcs(*options); });
}

}  // namespace sladesk::cli
