// The HTTP server: RESTinio on a thread pool, our route table, authentication, limits, logs and metrics.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.hpp"
#include "http/api_context.hpp"

namespace sladesk::http {

struct ServerOptions {
    std::string host = "127.0.0.1";               // listen address; default 127.0.0.1
    std::uint16_t port = 8080;                    // default 8080
    std::size_t threads = 32;                     // handler threads; writes wait for a group commit, so more
                                                  // threads than cores keep the disk busy; default 32
    std::size_t max_body_bytes = 16 << 20;        // larger bodies get 413; default 16 MiB
};

/// Runs until SIGINT/SIGTERM. Returns kUnavailable if the address cannot be bound.
Status RunServer(const ServerOptions& options, const ApiContext& api);

}  // namespace sladesk::http
