#include "cli/store_flags.hpp"

#include <iostream>

namespace sladesk::cli {

void AddStoreFlags(CLI::App& command, store::StoreOptions& options) {
    command.add_option("--data", options.data_dir, "data directory (SQLite database, attachments)")
        ->capture_default_str();
    command.add_option("--database", options.database_url,
                       "postgresql://user@host:port/db selects PostgreSQL instead of SQLite");
}

int ReportError(const Error& error) {
    std::cerr << "sladesk: " << error.message() << "\n";
    switch (error.code()) {
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kConflict:
        case ErrorCode::kNotFound: return 1;
        case ErrorCode::kUnavailable: return 75;  // EX_TEMPFAIL: worth retrying
        default: return 2;
    }
}

}  // namespace sladesk::cli
