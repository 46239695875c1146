// `sladesk serve`: the composition root of the running service desk.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/store_flags.hpp"
#include "core/clock.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "mail/mail_intake.hpp"
#include "mail/mail_replies.hpp"
#include "mail/mailgate_token.hpp"
#include "notify/dispatcher.hpp"
#include "notify/http_client.hpp"
#include "notify/notify_config.hpp"
#include "scheduler/job_handlers.hpp"
#include "scheduler/scheduler.hpp"
#include "service/auth_service.hpp"
#include "service/auto_close.hpp"
#include "service/demo_data.hpp"
#include "service/directory_service.hpp"
#include "service/notification_preferences.hpp"
#include "service/notification_service.hpp"
#include "service/outbox_admin_service.hpp"
#include "service/passwords.hpp"
#include "service/policy_service.hpp"
#include "service/notice_service.hpp"
#include "service/sla_service.hpp"
#include "service/ticket_service.hpp"

namespace sladesk::cli {
namespace {

struct ServeFlags {
    store::StoreOptions store;
    http::ServerOptions server;
    std::string listen = "127.0.0.1:8080";  // HOST:PORT; default 127.0.0.1:8080
    bool demo = false;                      // load the demo data set on first start
    std::string log_level = "info";         // trace, debug, info, warn, error
    int auto_close_interval_seconds = 60;   // how often resolved tickets are checked for auto-close; default 60
    std::string notify_config;              // YAML file with the notification channels; empty: no channels
    int notify_workers = 8;                 // outbox delivery threads; default 8
    int notify_lease_seconds = 120;         // a delivery claim's life before another node (or a restart) retries it
    std::string mailgate_token_file;        // file with the mailgate token; empty: no mail intake (404)
    std::string mail_unknown_senders = "create";  // create (a customer account) or reject; default create
    int mail_rate_limit = 30;               // messages accepted per sender per hour; default 30
    std::vector<std::string> mail_addresses;  // the desk's own addresses: mail from them is a loop, ignored
};

/// The mailgate token from --mailgate-token-file (its first line); nullopt without the flag.
Result<std::optional<mail::MailgateToken>> LoadMailgateToken(const std::string& path) {
    if (path.empty()) return std::optional<mail::MailgateToken>{};
    std::ifstream file(path);
    if (!file) return Error::InvalidArgument("--mailgate-token-file: cannot read " + path);
    std::string secret;
    std::getline(file, secret);
    auto token = mail::MailgateToken::FromSecret(secret);
    if (!token) return token.error().WithContext("--mailgate-token-file");
    return std::optional<mail::MailgateToken>{std::move(*token)};
}

mail::IntakeOptions MailIntakeOptions(const ServeFlags& flags) {
    mail::IntakeOptions options;
    options.unknown_senders =
        flags.mail_unknown_senders == "reject" ? mail::UnknownSenders::kReject : mail::UnknownSenders::kCreateCustomer;
    options.rate_limit = flags.mail_rate_limit;
    for (const std::string& address : flags.mail_addresses) {
        std::string lower = address;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        options.own_addresses.push_back(std::move(lower));
    }
    return options;
}

/// The notification channels from --notify-config (secrets as ${ENV} references in it); none without the flag.
Result<notify::NotifyConfig> LoadNotifyConfig(const std::string& path) {
    if (path.empty()) return notify::NotifyConfig{};
    std::ifstream file(path);
    if (!file) return Error::InvalidArgument("--notify-config: cannot read " + path);
    std::stringstream text;
    text << file.rdbuf();
    return notify::ParseNotifyConfig(text.str(), [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        return value ? std::optional<std::string>(value) : std::nullopt;
    });
}

Status ParseListen(const std::string& listen, http::ServerOptions& server) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) return Error::InvalidArgument("--listen must be HOST:PORT");
    server.host = listen.substr(0, colon);
    if (server.host.size() > 2 && server.host.front() == '[') server.host = server.host.substr(1, server.host.size() - 2);
    try {
        const int port = std::stoi(listen.substr(colon + 1));
        if (port < 1 || port > 65535) throw std::out_of_range("port");
        server.port = static_cast<std::uint16_t>(port);
    } catch (const std::exception&) {
        return Error::InvalidArgument("--listen: port must be 1..65535");
    }
    return OkStatus();
}

void ConfigureLogging(const std::string& level) {
    // One JSON object per line on stderr; messages carry ids and routes, never bodies, tokens or passwords.
    auto logger = spdlog::stderr_logger_mt("sladesk");
    logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","log":%v})", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

/// Runs `work` every `interval` on its own thread until destroyed.
class PeriodicTask {
 public:
    PeriodicTask(std::chrono::seconds interval, std::function<void()> work)
        : thread_([this, interval, work = std::move(work)] {
              std::unique_lock lock(mu_);
              while (!cv_.wait_for(lock, interval, [this] { return stopping_; })) {
                  lock.unlock();
                  work();
                  lock.lock();
              }
          }) {}
    ~PeriodicTask() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }

 private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;  // guarded by mu_
    std::thread thread_;
};

/// This process in due_jobs.claimed_by: host name and pid, so nodes sharing one database never look alike.
std::string NodeId() {
    char host[256] = {};
    if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "node:" + std::to_string(::getpid());
    return std::string(host) + ":" + std::to_string(::getpid());
}

int Serve(ServeFlags& flags) {
    ConfigureLogging(flags.log_level);
    if (auto status = ParseListen(flags.listen, flags.server); !status) return ReportError(status.error());
    if (auto crypto = service::InitCrypto(); !crypto) return ReportError(crypto.error());
    if (auto http = notify::InitHttp(); !http) return ReportError(http.error());
    auto notify_config = LoadNotifyConfig(flags.notify_config);
    if (!notify_config) return ReportError(notify_config.error());
    auto templates = notify::TemplateSet::Builtin();
    if (!templates) return ReportError(templates.error());
    auto mailgate_token = LoadMailgateToken(flags.mailgate_token_file);
    if (!mailgate_token) return ReportError(mailgate_token.error());
    auto store = store::OpenStore(flags.store);
    if (!store) return ReportError(store.error());

    SystemClock clock;
    service::PolicyCache policy_cache;
    service::BlobStore blobs(flags.store.data_dir + "/attachments");
    service::PasswordGate password_gate;
    service::AuthService auth(**store, clock, {}, &password_gate);
    service::TicketService tickets(**store, clock, blobs, policy_cache);
    service::DirectoryService directory(**store, clock, policy_cache, &password_gate);
    service::PolicyService policy(**store, clock, &policy_cache);
    service::SlaService sla(**store, clock, policy_cache);
    service::NoticeService notices(**store, clock, policy_cache);
    service::PreferenceService preferences(**store, policy_cache);
    const service::NotificationService notifications(*notify_config, std::move(*templates));
    sla.SetNotifications(&notifications);
    // Agents' public replies on email tickets go out by mail when an e-mail channel is configured.
    std::optional<mail::MailReplies> mail_replies;
    if (notify_config->email) {
        mail_replies.emplace(notify_config->email->from);
        tickets.SetReplyObserver(&*mail_replies);
    }
    http::Metrics metrics;

    if (flags.demo) {
        auto loaded = service::LoadDemoData(**store, policy, directory, tickets);
        if (!loaded) return ReportError(loaded.error().WithContext("demo data"));
        spdlog::info(R"({{"event":"demo_data","loaded":{}}})", *loaded);
    }

    service::AutoCloser auto_closer(tickets, directory, clock, service::DefaultDeskCalendar());
    PeriodicTask auto_close(std::chrono::seconds(flags.auto_close_interval_seconds), [&] {
        auto closed = auto_closer.RunOnce();
        if (!closed) spdlog::warn(R"({{"event":"auto_close_failed","error":"{}"}})", closed.error().message());
        else if (*closed > 0) spdlog::info(R"({{"event":"auto_closed","tickets":{}}})", *closed);
    });

    scheduler::SchedulerOptions scheduler_options;
    scheduler_options.node_id = NodeId();
    scheduler::Scheduler job_scheduler(**store, clock, scheduler_options);
    scheduler::RegisterJobHandlers(job_scheduler, {**store, clock, tickets, directory, sla, &notifications});
    // Tickets from before this version (or a policy saved by an older one) get their clocks in the background.
    if (auto scheduled = (*store)->Write([&](store::SqlConnection& db) {
            return service::SlaService::ScheduleRecompute(db, clock.Now());
        });
        !scheduled) {
        return ReportError(scheduled.error().WithContext("scheduling the clock recompute"));
    }
    job_scheduler.Start();  // stopped and joined when Serve returns, before the services and the store go

    notify::DispatcherOptions dispatcher_options;
    dispatcher_options.node_id = scheduler_options.node_id;
    dispatcher_options.workers = flags.notify_workers;
    dispatcher_options.lease = std::chrono::seconds(flags.notify_lease_seconds);
    const notify::AttachmentLoader attachment_loader = [&blobs](const std::string& sha256) { return blobs.Get(sha256); };
    notify::Dispatcher dispatcher(**store, clock, notify::BuildChannels(*notify_config, attachment_loader),
                                  dispatcher_options);
    dispatcher.Start();  // stopped before the scheduler (declared after it)

    service::OutboxAdminService outbox(**store, clock, notifications.config());
    mail::MailIntake mail_intake(**store, tickets, clock, MailIntakeOptions(flags));
    std::optional<http::MailApi> mail_api;
    if (*mailgate_token) mail_api.emplace(http::MailApi{mail_intake, **mailgate_token});

    const http::ApiContext api{auth, tickets, directory, policy, sla, notices, preferences, outbox, **store, clock,
                               metrics, mail_api ? &*mail_api : nullptr};
    const Status served = http::RunServer(flags.server, api);
    if (!served) return ReportError(served.error());
    return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
    auto flags = std::make_shared<ServeFlags>();
    auto* command = app.add_subcommand("serve", "run the service desk server (API, web console, scheduler)");
    AddStoreFlags(*command, flags->store);
    command->add_option("--listen", flags->listen, "HOST:PORT to listen on")->capture_default_str();
    command->add_option("--threads", flags->server.threads, "HTTP handler threads")->capture_default_str()
        ->check(CLI::Range(1, 1024));
    command->add_option("--max-body", flags->server.max_body_bytes, "largest request body in bytes (413 above)")
        ->capture_default_str()->check(CLI::Range(1024, 1 << 30));
    command->add_flag("--demo", flags->demo, "load the demo data set (once) and run with it");
    command->add_option("--log-level", flags->log_level, "trace, debug, info, warn or error")->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    command->add_option("--auto-close-interval", flags->auto_close_interval_seconds,
                        "seconds between auto-close sweeps")->capture_default_str()->check(CLI::Range(1, 86400));
    command->add_option("--notify-config", flags->notify_config,
                        "YAML file with the notification channels (e-mail, webhooks, robots, SMS)")
        ->envname("SLADESK_NOTIFY_CONFIG")->check(CLI::ExistingFile);
    command->add_option("--notify-workers", flags->notify_workers, "threads delivering notifications")
        ->capture_default_str()->check(CLI::Range(1, 256));
    command->add_option("--notify-lease", flags->notify_lease_seconds,
                        "seconds a claimed notification is held before it is retried elsewhere (after a crash)")
        ->capture_default_str()->check(CLI::Range(1, 3600));
    command->add_option("--mailgate-token-file", flags->mailgate_token_file,
                        "file whose first line is the token `sladesk mailgate` sends; enables POST /api/v1/mail/inbound")
        ->envname("SLADESK_MAILGATE_TOKEN_FILE")->check(CLI::ExistingFile);
    command->add_option("--mail-unknown-senders", flags->mail_unknown_senders,
                        "mail from an address no user has: create a customer, or reject it")
        ->capture_default_str()->check(CLI::IsMember({"create", "reject"}));
    command->add_option("--mail-rate-limit", flags->mail_rate_limit, "mails accepted per sender per hour")
        ->capture_default_str()->check(CLI::Range(1, 100000));
    command->add_option("--mail-address", flags->mail_addresses,
                        "the desk's own address (repeatable): mail from it is a loop and is ignored");
    command->callback([flags, &exit_code] { exit_code = Serve(*flags); });
}

}  // namespace sladesk::cli
