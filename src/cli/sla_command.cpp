// `sladesk sla ...`: working-time math and agreement checks from the shell.
//   sla due --calendar FILE [--name N] --batch                  stdin "START_EPOCH SECONDS" -> due epochs
//   sla due --calendar FILE [--name N] --start ISO --duration 4h30m   -> due instant, ISO 8601 UTC
//   sla elapsed --calendar FILE [--name N] --from ISO --to ISO        -> working seconds between
//   sla ics --calendar FILE [--name N]                          -> the calendar's dated exceptions as .ics
//   sla check [-f FILE]... [--data DIR | --database URL] [--path "g1,g2"] [--from DATE] [--days N] [--json]
//                                                               -> do the OLA/UC chains fit the SLAs?
//                                                                  exit 0 all fit, 1 some do not, 2 bad input
// Times are ISO 8601 with Z or an offset, or epoch seconds. Logic lives in src/sla and src/service; this file
// only wires it (and formats the check's rows).
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/store_flags.hpp"
#include "core/clock.hpp"
#include "core/utc_time.hpp"
#include "http/json/sla_json.hpp"
#include "service/policy_service.hpp"
#include "sla/calendar_ics.hpp"
#include "sla/calendar_yaml.hpp"
#include "sla/due_batch.hpp"
#include "sla/feasibility.hpp"
#include "sla/work_duration.hpp"
#include "store/directory_repo.hpp"

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
    return Error::InvalidArgument(std::string(flag) +
                                  ": expected ISO 8601 (2025-01-27T17:00:00+08:00) or epoch seconds, got \"" + text +
                                  "\"");
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

// --- sla check ---

constexpr int kCheckAllFit = 0;
constexpr int kCheckSomeDoNotFit = 1;
constexpr int kCheckBadInput = 2;
constexpr int kMaxCheckDays = 366;

struct CheckOptions {
    std::vector<std::string> files;  // policy files checked alone (no database); later files see earlier names
    store::StoreOptions store;       // otherwise: the policy stored here
    std::string path;                // "group a,group b": the groups a ticket passes through, in order
    std::string from;                // first sampled day, YYYY-MM-DD (UTC midnight); default today (UTC)
    std::string days = "28";         // days of starts sampled every 15 minutes; 1..366
    bool json = false;               // print JSON instead of one line per row
};

/// The book to check and the names of its groups.
struct CheckInput {
    std::shared_ptr<const service::PolicyInForce> policy;
    std::map<std::int64_t, std::string> group_names;           // id -> name
    std::vector<std::pair<ServiceId, std::string>> services;  // the catalogue (id, code), in id order
};

/// One route checked: the services whose tickets take it (std::nullopt: tickets without a service), or the
/// --path given (then `services` is empty); its rows and their printed lines.
struct CheckRun {
    std::vector<std::optional<std::string>> services;
    std::vector<sla::FeasibilityRow> rows;
    std::vector<std::string> lines;
};

int CheckFail(const Error& error) {
    std::cerr << "sladesk sla check: " << error.message() << "\n";
    return kCheckBadInput;
}

Result<std::string> ReadFile(const std::string& name) {
    std::ifstream file(name, std::ios::binary);
    if (!file) return Error::InvalidArgument("cannot read " + name);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Files alone: names get synthetic ids in file order, as if applied one after another to an empty database.
Result<CheckInput> LoadFromFiles(const std::vector<std::string>& files) {
    service::Policy policy;
    service::DirectoryNames names;
    for (const std::string& name : files) {
        SLADESK_ASSIGN_OR_RETURN(std::string text, ReadFile(name));
        auto document = service::ParsePolicyDocument(text);
        if (!document) return document.error().WithContext(name);
        service::AddSyntheticNames(*document, names);
        std::vector<std::string> applied;
        if (auto merged = service::MergeIntoPolicy(*document, names, policy, applied); !merged) {
            return merged.error().WithContext(name);
        }
    }
    CheckInput input;
    SLADESK_ASSIGN_OR_RETURN(input.policy, service::CompilePolicy(std::move(policy), 0));
    for (const auto& [name, group] : names.groups) input.group_names[group.id.value] = name;
    for (const auto& [code, id] : names.services) input.services.emplace_back(id, code);
    std::sort(input.services.begin(), input.services.end());
    return input;
}

Result<CheckInput> LoadFromStore(const store::StoreOptions& options) {
    if (options.database_url.empty() && !std::filesystem::exists(options.data_dir + "/sladesk.db")) {
        return Error::InvalidArgument("no database in " + options.data_dir +
                                      " (give --data DIR or --database URL, or check a file with -f)");
    }
    SLADESK_ASSIGN_OR_RETURN(auto store, store::OpenStore(options));
    SystemClock clock;
    service::PolicyService policies(*store, clock);
    CheckInput input;
    SLADESK_ASSIGN_OR_RETURN(input.policy, policies.Current());
    SLADESK_TRY(store->Read([&](store::SqlConnection& db) -> Status {
        SLADESK_ASSIGN_OR_RETURN(auto groups, store::DirectoryRepo::ListGroups(db));
        for (const Group& group : groups) input.group_names[group.id.value] = group.name;
        SLADESK_ASSIGN_OR_RETURN(auto services, store::DirectoryRepo::ListServices(db));
        for (const Service& service : services) input.services.emplace_back(service.id, service.code);
        return OkStatus();
    }));
    std::sort(input.services.begin(), input.services.end());
    return input;
}

std::string Trim(std::string text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

Result<std::vector<GroupId>> ParsePath(const std::string& text, const std::map<std::int64_t, std::string>& names) {
    std::vector<GroupId> path;
    if (Trim(text).empty()) return path;
    std::stringstream parts(text);
    std::string part;
    while (std::getline(parts, part, ',')) {
        const std::string name = Trim(part);
        auto found = std::find_if(names.begin(), names.end(), [&](const auto& entry) { return entry.second == name; });
        if (found == names.end()) {
            std::string known;
            for (const auto& [id, group] : names) known += (known.empty() ? "" : ", ") + group;
            return Error::InvalidArgument("--path: no group '" + name + "' (groups: " + known + ")");
        }
        path.push_back(GroupId{found->first});
    }
    return path;
}

Result<sla::FeasibilityOptions> ParseCheckOptions(const CheckOptions& flags, const CheckInput& input) {
    sla::FeasibilityOptions options;
    if (flags.from.empty()) {
        options.sample_from = std::chrono::floor<date::days>(SystemClock().Now());
    } else {
        auto day = sla::ParseLocalDate(flags.from);
        if (!day) return Error::InvalidArgument("--from: expected a date YYYY-MM-DD, got \"" + flags.from + "\"");
        options.sample_from = date::sys_days{day->time_since_epoch()};
    }
    int days = 0;
    const auto [end, ec] = std::from_chars(flags.days.data(), flags.days.data() + flags.days.size(), days);
    if (ec != std::errc{} || end != flags.days.data() + flags.days.size() || days < 1 || days > kMaxCheckDays) {
        return Error::InvalidArgument("--days: expected a whole number from 1 to " + std::to_string(kMaxCheckDays) +
                                      ", got \"" + flags.days + "\"");
    }
    options.days = days;
    SLADESK_ASSIGN_OR_RETURN(options.path, ParsePath(flags.path, input.group_names));
    return options;
}

std::string GroupName(const CheckInput& input, GroupId id) {
    auto found = input.group_names.find(id.value);
    return found != input.group_names.end() ? found->second : "group " + std::to_string(id.value);
}

/// "2025-01-31 17:45 Fri +08:00": the instant in the time zone of the SLA's calendar.
std::string LocalTime(const CheckInput& input, const std::string& calendar_name, UtcTime at) {
    const sla::Calendar* calendar = input.policy->book.FindCalendar(calendar_name);
    if (!calendar) return FormatIso8601(at);
    return date::format("%F %R %a %Ez", date::make_zoned(&calendar->zone(), at));
}

const sla::Agreement* FindSla(const CheckInput& input, const sla::FeasibilityRow& row) {
    for (const sla::Agreement& agreement : input.policy->book.agreements()) {
        if (agreement.kind == sla::AgreementKind::kSla && agreement.name == row.sla &&
            agreement.version == row.sla_version) {
            return &agreement;
        }
    }
    return nullptr;
}

std::string RowLine(const CheckInput& input, const sla::FeasibilityRow& row) {
    std::string chain;
    for (const sla::FeasibilityStep& step : row.steps) {
        chain += (chain.empty() ? "" : " -> ") + GroupName(input, step.group) + ": " +
                 sla::FormatWorkDuration(step.target) + " in " + step.calendar;
    }
    const sla::Agreement* agreement = FindSla(input, row);
    std::string line = row.sla + " v" + std::to_string(row.sla_version) + " | P" + std::to_string(row.priority) +
                       " | " + (row.grade.empty() ? "-" : row.grade) + " | " +
                       std::string(sla::kClockTargetNames.Name(row.target)) + " " +
                       sla::FormatWorkDuration(row.sla_target) + (agreement ? " in " + agreement->calendar : "") +
                       " | " + chain + " | ";
    line += row.fits ? "fits, " + sla::FormatWorkDuration(row.worst_margin) + " to spare"
                     : "SHORT by " + sla::FormatWorkDuration(-row.worst_margin);
    line += " | worst start " + LocalTime(input, agreement ? agreement->calendar : "", row.worst_start);
    if (!row.uncovered_groups.empty()) {
        std::string groups;
        for (GroupId group : row.uncovered_groups) groups += (groups.empty() ? "" : ", ") + GroupName(input, group);
        line += " | no target for P" + std::to_string(row.priority) + ": " + groups;
    }
    return line;
}

template <typename T>
bool Contains(const std::vector<T>& list, const T& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

/// The book as the tickets of one service see it: the SLAs covering `service`, their services narrowed to it, and
/// the OLAs/UCs serving it (without a service: only agreements with no services list, as selection does). The library's default chain
/// for such a book is the route of that service's tickets; for the whole book it would be every group serving any
/// of the SLA's services, one after another.
Result<sla::AgreementBook> BookForService(const service::Policy& policy, std::optional<ServiceId> service,
                                          const sla::CalendarOptions& calendar_options) {
    std::vector<sla::Agreement> agreements;
    for (sla::Agreement agreement : policy.agreements) {
        std::vector<ServiceId>& services = agreement.scope.services;
        const bool covers = services.empty() || (service && Contains(services, *service));
        if (!covers) continue;
        if (agreement.kind == sla::AgreementKind::kSla && service) services = {*service};
        agreements.push_back(std::move(agreement));
    }
    return sla::AgreementBook::Create(policy.calendars, std::move(agreements), calendar_options);
}

/// With --path (or an empty catalogue): one run over the whole book. Otherwise one run per service and one for
/// tickets without a service, runs with the same lines merged, runs without rows dropped.
Result<std::vector<CheckRun>> RunChecks(const CheckInput& input, const sla::FeasibilityOptions& options) {
    std::vector<CheckRun> runs;
    auto add = [&](std::vector<std::optional<std::string>> services, const sla::AgreementBook& book) {
        CheckRun run{std::move(services), sla::CheckFeasibility(book, options), {}};
        if (run.rows.empty()) return;
        for (const sla::FeasibilityRow& row : run.rows) run.lines.push_back(RowLine(input, row));
        for (CheckRun& existing : runs) {
            if (!existing.services.empty() && !run.services.empty() && existing.lines == run.lines) {
                existing.services.push_back(run.services.front());
                return;
            }
        }
        runs.push_back(std::move(run));
    };
    if (!options.path.empty() || input.services.empty()) {
        add({}, input.policy->book);
        return runs;
    }
    // The per-service books only need calendar tables around the sampled period (one book per service; building
    // the default 2000-2100 tables costs tens of milliseconds per calendar). Outside them results stay exact.
    const date::year_month_day first_day{std::chrono::floor<date::days>(options.sample_from)};
    const int year = static_cast<int>(first_day.year());
    const sla::CalendarOptions tables{std::clamp(year - 1, 1900, 2300), std::clamp(year + 3, 1904, 2304)};
    for (const auto& [id, code] : input.services) {
        SLADESK_ASSIGN_OR_RETURN(auto book, BookForService(input.policy->policy, id, tables));
        add({code}, book);
    }
    SLADESK_ASSIGN_OR_RETURN(auto book, BookForService(input.policy->policy, std::nullopt, tables));
    add({std::nullopt}, book);
    return runs;
}

std::string RunTitle(const CheckInput& input, const CheckRun& run, const sla::FeasibilityOptions& options) {
    if (!options.path.empty()) {
        std::string path;
        for (GroupId group : options.path) path += (path.empty() ? "" : " -> ") + GroupName(input, group);
        return "path " + path;
    }
    if (run.services.empty()) return "all services";
    std::string services;
    for (const auto& code : run.services) services += (services.empty() ? "" : ", ") + code.value_or("(none)");
    return "tickets of service " + services;
}

int RunCheck(const CheckOptions& flags, bool store_flags_given) {
    if (!flags.files.empty() && store_flags_given) {
        return CheckFail(Error::InvalidArgument("give -f FILE (check files alone) or --data/--database (check the "
                                                "stored policy), not both"));
    }
    auto input = flags.files.empty() ? LoadFromStore(flags.store) : LoadFromFiles(flags.files);
    if (!input) {
        // A database that is down is worth retrying (75); anything else is bad input.
        return input.error().Is(ErrorCode::kUnavailable) ? ReportError(input.error()) : CheckFail(input.error());
    }
    auto options = ParseCheckOptions(flags, *input);
    if (!options) return CheckFail(options.error());
    auto runs = RunChecks(*input, *options);
    if (!runs) return CheckFail(runs.error());
    std::size_t total = 0;
    std::size_t short_rows = 0;
    for (const CheckRun& run : *runs) {
        total += run.rows.size();
        for (const sla::FeasibilityRow& row : run.rows) short_rows += row.fits ? 0 : 1;
    }
    if (flags.json) {
        // Each run's rows as the API gives them (GET /api/v1/agreements/feasibility), with what the run covers.
        nlohmann::json checks = nlohmann::json::array();
        for (const CheckRun& run : *runs) {
            nlohmann::json check = http::json::ToJson(service::FeasibilityReport{run.rows, input->group_names, {}});
            check["title"] = RunTitle(*input, run, *options);
            check["services"] = nlohmann::json::array();
            for (const auto& code : run.services) check["services"].push_back(code ? nlohmann::json(*code) : nullptr);
            checks.push_back(std::move(check));
        }
        const nlohmann::json document{{"from", FormatIso8601(options->sample_from)},
                                      {"days", options->days},
                                      {"all_fit", short_rows == 0},
                                      {"checks", checks}};
        std::cout << document.dump(2) << "\n";
    } else {
        for (const CheckRun& run : *runs) {
            std::cout << RunTitle(*input, run, *options) << ":\n";
            for (const std::string& line : run.lines) std::cout << "  " << line << "\n";
        }
        if (runs->empty()) std::cout << "nothing to check: no active SLA with an OLA or UC behind it\n";
        std::cout << total << " checked, " << total - short_rows << " fit, " << short_rows
                  << " short (starts every 15m over " << options->days << " days from "
                  << date::format("%F", std::chrono::floor<date::days>(options->sample_from)) << ")\n";
    }
    return short_rows == 0 ? kCheckAllFit : kCheckSomeDoNotFit;
}

void AddCheckCommand(CLI::App& sla_app, int& exit_code) {
    auto flags = std::make_shared<CheckOptions>();
    auto* check = sla_app.add_subcommand(
        "check", "check that the OLA/UC targets of the groups behind each SLA fit inside it; exit 0 all fit, 1 some "
                 "do not, 2 bad input");
    check->add_option("-f,--file", flags->files, "policy file(s) to check alone, without a database (repeatable)");
    AddStoreFlags(*check, flags->store);
    check->add_option("--path", flags->path,
                      "the groups a ticket passes through, comma-separated (default: per service, the groups whose "
                      "OLA or UC serves it, OLAs first)");
    check->add_option("--from", flags->from, "first day of sampled starts, YYYY-MM-DD in UTC (default: today)");
    check->add_option("--days", flags->days, "days of starts, sampled every 15 minutes (1-366)")->capture_default_str();
    check->add_flag("--json", flags->json, "print JSON");
    check->callback([flags, check, &exit_code] {
        exit_code = RunCheck(*flags, check->count("--data") > 0 || check->count("--database") > 0);
    });
}

}  // namespace

void AddSlaCommand(CLI::App& app, int& exit_code) {
    auto* sla_app = app.add_subcommand("sla", "SLA calendars, deadline math and agreement checks");
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

    AddCheckCommand(*sla_app, exit_code);
}

}  // namespace sladesk::cli
