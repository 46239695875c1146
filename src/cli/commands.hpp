// Registration of every subcommand on the CLI11 app. Each Add*Command lives in its <name>_command.cpp.
#pragma once

#include <CLI/CLI.hpp>

namespace sladesk::cli {

// Each function adds one subcommand to `app`; its callback runs the command and stores the process exit
// code in `exit_code` (0 success, 1 bad input, 2 usage, 75 temporary failure).
void AddServeCommand(CLI::App& app, int& exit_code);
void AddMigrateCommand(CLI::App& app, int& exit_code);
void AddAdminCommand(CLI::App& app, int& exit_code);
void AddApplyCommand(CLI::App& app, int& exit_code);
void AddSlaCommand(CLI::App& app, int& exit_code);
void AddMailgateCommand(CLI::App& app, int& exit_code);

}  // namespace sladesk::cli
