// Attachment bytes on disk under the data directory, named by their SHA-256 (so equal files are stored once).
#pragma once

#include <atomic>
#include <string>

#include "core/result.hpp"

namespace sladesk::service {

/// Thread-safe (every write goes to a unique temporary file, then an atomic rename).
class BlobStore {
 public:
    explicit BlobStore(std::string root) : root_(std::move(root)) {}

    /// Stores `bytes` durably (fsync of file and directory) and returns their SHA-256 hex. kUnavailable on I/O
    /// failure, naming the path.
    Result<std::string> Put(std::string_view bytes) const;
    /// The bytes stored under `sha256`; kNotFound if missing, kInvalidArgument if the name is not a hash.
    Result<std::string> Get(const std::string& sha256) const;

 private:
    std::string PathOf(const std::string& sha256) const;

    std::string root_;
    mutable std::atomic<unsigned long> temp_counter_{0};  // unique temporary names within this process
};

}  // namespace sladesk::service
