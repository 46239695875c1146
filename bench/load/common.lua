-- Shared by the wrk scripts: the bearer token from the environment and a one-line JSON summary at the end.
local M = {}

function M.token()
    local token = os.getenv("SLADESK_TOKEN")
    if token == nil or token == "" then
        error("SLADESK_TOKEN is not set")
    end
    return token
end

-- Prints `RESULT {...}` so run.sh can pick the figures out of wrk's output.
function M.done(name, summary, latency)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.timeout + summary.errors.status
    io.write(string.format(
        'RESULT {"scenario":"%s","requests":%d,"rps":%.0f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,' ..
        '"max_ms":%.2f,"errors":%d,"non2xx":%d}\n',
        name, summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
        latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors,
        summary.errors.status))
end

return M
