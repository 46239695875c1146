// `sladesk apply -f FILE.yaml`: policy as code (groups, services, categories, priority matrix, ...).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/store_flags.hpp"
#include "core/clock.hpp"
#include "service/policy_service.hpp"
#include "service/sla_service.hpp"
#include "sla/work_duration.hpp"

namespace sladesk::cli {
namespace {

struct ApplyFlags {
    store::StoreOptions store;
    std::string file;
    bool dry_run = false;
    bool preview = false;  // with --dry-run: also show how open tickets' deadlines would move
};

std::string Shift(std::chrono::seconds shift) {
    const bool earlier = shift < shift.zero();
    return (earlier ? "-" : "+") + sla::FormatWorkDuration(earlier ? -shift : shift);
}

/// What the document would do to the open tickets' deadlines, computed against the store; nothing is saved.
int Preview(store::Store& store, const Clock& clock, service::PolicyService& policy,
            const service::PolicyDocument& document) {
    Actor system;
    system.role = Role::kAdmin;
    auto proposed = policy.Proposed(system, document);
    if (!proposed) return ReportError(proposed.error());
    service::PolicyCache cache;
    service::SlaService sla(store, clock, cache);
    std::cerr << "comparing the deadlines of open tickets...\n";
    auto preview = sla.Preview(system, *proposed);
    if (!preview) return ReportError(preview.error());
    std::cout << "open tickets: " << preview->open_tickets << ", deadlines moved on " << preview->tickets_changed
              << " tickets (" << preview->clocks_changed << " clocks)";
    if (preview->clocks_changed > 0) {
        std::cout << ", from " << Shift(preview->earliest_shift) << " to " << Shift(preview->latest_shift)
                  << " (wall-clock time)";
    }
    std::cout << "\n";
    for (const auto& shift : preview->largest) {
        std::cout << "  ticket " << shift.ticket.value << " " << shift.clock << ": "
                  << (shift.due_before ? FormatIso8601(*shift.due_before) : "-") << " -> "
                  << (shift.due_after ? FormatIso8601(*shift.due_after) : "-") << "\n";
    }
    std::cout << "nothing was stored\n";
    return 0;
}

int Apply(const ApplyFlags& flags) {
    std::ifstream in(flags.file, std::ios::binary);
    if (!in) return ReportError(Error::InvalidArgument("cannot read " + flags.file));
    std::ostringstream text;
    text << in.rdbuf();
    auto document = service::ParsePolicyDocument(text.str());
    if (!document) return ReportError(document.error().WithContext(flags.file));
    if (flags.dry_run && !flags.preview) {
        std::cout << flags.file << ": valid\n";
        return 0;
    }
    auto store = store::OpenStore(flags.store);
    if (!store) return ReportError(store.error());
    SystemClock clock;
    service::PolicyService policy(**store, clock);
    if (flags.dry_run) return Preview(**store, clock, policy, *document);
    auto summary = policy.ApplyAsSystem(*document);
    if (!summary) return ReportError(summary.error().WithContext(flags.file));
    for (const auto& line : summary->applied) std::cout << "applied " << line << "\n";
    return 0;
}

}  // namespace

void AddApplyCommand(CLI::App& app, int& exit_code) {
    auto flags = std::make_shared<ApplyFlags>();
    auto* command = app.add_subcommand("apply", "apply a policy file (YAML)");
    AddStoreFlags(*command, flags->store);
    command->add_option("-f,--file", flags->file, "policy file")->required();
    command->add_flag("--dry-run", flags->dry_run, "validate only, store nothing");
    command->add_flag("--preview", flags->preview,
                      "with --dry-run: show how the open tickets' deadlines would move (reads the store)");
    command->callback([flags, &exit_code] { exit_code = Apply(*flags); });
}

}  // namespace sladesk::cli
