// The --data / --database flags every store-using subcommand shares.
#pragma once

#include <CLI/CLI.hpp>

#include "store/store.hpp"

namespace sladesk::cli {

/// Adds --data and --database to `command`, writing into `options`.
void AddStoreFlags(CLI::App& command, store::StoreOptions& options);

/// Prints `error` as "sladesk: <message>" on stderr and returns the exit code for its kind (1 bad input,
/// 75 temporarily unavailable, 2 otherwise).
int ReportError(const Error& error);

}  // namespace sladesk::cli
