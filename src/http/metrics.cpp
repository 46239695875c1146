#include "http/metrics.hpp"

#include <cstdio>

namespace sladesk::http {

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      std::chrono::microseconds elapsed) {
    const std::string labels =
        "method=\"" + method + "\",route=\"" + route + "\",status=\"" + std::to_string(status) + "\"";
    const double seconds = static_cast<double>(elapsed.count()) / 1e6;
    std::lock_guard lock(mu_);
    Series& series = series_[labels];
    ++series.count;
    series.sum_seconds += seconds;
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
        if (seconds <= kBucketsSeconds[i]) ++series.buckets[i];
    }
}

std::string Metrics::Render(const std::string& extra) const {
    std::string out =
        "# HELP sladesk_http_requests_total HTTP requests served.\n# TYPE sladesk_http_requests_total counter\n";
    std::string histogram =
        "# HELP sladesk_http_request_duration_seconds Time to answer a request.\n"
        "# TYPE sladesk_http_request_duration_seconds histogram\n";
    std::lock_guard lock(mu_);
    char number[64];
    for (const auto& [labels, series] : series_) {
        out += "sladesk_http_requests_total{" + labels + "} " + std::to_string(series.count) + "\n";
        for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
            std::snprintf(number, sizeof number, "%g", kBucketsSeconds[i]);
            histogram += "sladesk_http_request_duration_seconds_bucket{" + labels + ",le=\"" + number + "\"} " +
                         std::to_string(series.buckets[i]) + "\n";
        }
        histogram += "sladesk_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
                     std::to_string(series.count) + "\n";
        std::snprintf(number, sizeof number, "%.6f", series.sum_seconds);
        histogram += "sladesk_http_request_duration_seconds_sum{" + labels + "} " + number + "\n";
        histogram += "sladesk_http_request_duration_seconds_count{" + labels + "} " + std::to_string(series.count) + "\n";
    }
    return out + histogram + extra;
}

}  // namespace sladesk::http
