-- (a) Ticket creation: every request opens a new ticket (one durable group-committed write each).
package.path = os.getenv("SLADESK_LOAD_DIR") .. "/?.lua;" .. package.path
local common = require("common")

wrk.method = "POST"
wrk.path = "/api/v1/tickets"
wrk.headers["Authorization"] = "Bearer " .. common.token()
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"宽带无法连接 / broadband down","description":"自昨晚起家里宽带无法连接，路由器指示灯闪红。' ..
    ' Since last night the router light blinks red; restarted twice, no change."}'

function done(summary, latency, requests)
    common.done("create_ticket", summary, latency)
end
