// `sladesk migrate`: applies pending schema migrations and reports the schema version.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/store_flags.hpp"

namespace sladesk::cli {

void AddMigrateCommand(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<store::StoreOptions>();
    auto* command = app.add_subcommand("migrate", "apply pending database migrations");
    AddStoreFlags(*command, *options);
    command->callback([options, &exit_code] {
        auto applied = store::Migrate(*options);
        if (!applied) {
            exit_code = ReportError(applied.error());
            return;
        }
        std::cout << "migrations applied: " << *applied << "\n";
    });
}

}  // namespace sladesk::cli
