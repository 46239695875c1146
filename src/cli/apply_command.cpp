// `sladesk apply -f FILE.yaml`: policy as code (groups, services, categories, priority matrix, ...).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/store_flags.hpp"
#include "core/clock.hpp"
#include "service/policy_service.hpp"

namespace sladesk::cli {
namespace {

struct ApplyFlags {
    store::StoreOptions store;
    std::string file;
    bool dry_run = false;
};

int Apply(const ApplyFlags& flags) {
    std::ifstream in(flags.file, std::ios::binary);
    if (!in) return ReportError(Error::InvalidArgument("cannot read " + flags.file));
    std::ostringstream text;
    text << in.rdbuf();
    auto document = service::ParsePolicyDocument(text.str());
    if (!document) return ReportError(document.error().WithContext(flags.file));
    if (flags.dry_run) {
        std::cout << flags.file << ": valid\n";
        return 0;
    }
    auto store = store::OpenStore(flags.store);
    if (!store) return ReportError(store.error());
    SystemClock clock;
    service::PolicyService policy(**store, clock);
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
    command->callback([flags, &exit_code] { exit_code = Apply(*flags); });
}

}  // namespace sladesk::cli
