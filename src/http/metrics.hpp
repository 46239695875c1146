// Request counters and latency histograms per route, rendered as Prometheus text.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace sladesk::http {

/// Thread-safe. Series are keyed by (method, route template, status), so ids never create new series.
class Metrics {
 public:
    void Observe(const std::string& method, const std::string& route, int status, std::chrono::microseconds elapsed);
    /// Prometheus text format (version 0.0.4) of every series, with `extra` appended as is.
    std::string Render(const std::string& extra) const;

 private:
    static constexpr std::array<double, 10> kBucketsSeconds{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                            0.025,  0.05,  0.1,    0.5,   1.0};
    struct Series {
        std::uint64_t count = 0;
        double sum_seconds = 0;
        std::array<std::uint64_t, kBucketsSeconds.size()> buckets{};
    };

    mutable std::mutex mu_;
    std::map<std::string, Series> series_;  // guarded by mu_; key is the label set text
};

}  // namespace sladesk::http
