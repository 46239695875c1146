// sladesk: one binary, one subcommand per job. Wiring lives in the *_command.cpp files.
#include "cli/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"sladesk - an SLA-driven service desk"};
    app.require_subcommand(1);
    int exit_code = 0;
    sladesk::cli::AddServeCommand(app, exit_code);
    sladesk::cli::AddMigrateCommand(app, exit_code);
    sladesk::cli::AddAdminCommand(app, exit_code);
    sladesk::cli::AddApplyCommand(app, exit_code);
    sladesk::cli::AddSlaCommand(app, exit_code);
    sladesk::cli::AddMailgateCommand(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; an unknown flag or a missing value is bad input like any other (exit 1).
        return app.exit(e) == 0 ? 0 : 1;
    }
    return exit_code;
}
