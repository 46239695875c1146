-- (b) Reading one ticket with its articles (SLADESK_TICKET_ID, seeded by run.sh with several articles).
package.path = os.getenv("SLADESK_LOAD_DIR") .. "/?.lua;" .. package.path
local common = require("common")

wrk.method = "GET"
wrk.path = "/api/v1/tickets/" .. (os.getenv("SLADESK_TICKET_ID") or "1")
wrk.headers["Authorization"] = "Bearer " .. common.token()

function done(summary, latency, requests)
    common.done("get_ticket", summary, latency)
end
