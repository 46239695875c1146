-- (c) A mix on a large database: 70% read a random ticket, 20% list a page, 10% create.
-- SLADESK_MAX_ID bounds the random ids (the customer's tickets are 1..SLADESK_MAX_ID).
package.path = os.getenv("SLADESK_LOAD_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local max_id = tonumber(os.getenv("SLADESK_MAX_ID") or "1000")
local auth = "Bearer " .. common.token()
local create_body = '{"title":"支付失败 payment failed","description":"付款时提示系统繁忙。Payment says system busy."}'

function setup(thread)
    thread:set("seed", math.random(1, 1000000))
end

function init(args)
    math.randomseed(seed or os.time())
end

function request()
    local roll = math.random(100)
    local headers = {["Authorization"] = auth}
    if roll <= 70 then
        return wrk.format("GET", "/api/v1/tickets/" .. math.random(1, max_id), headers)
    elseif roll <= 90 then
        return wrk.format("GET", "/api/v1/tickets?limit=50", headers)
    end
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/tickets", headers, create_body)
end

function done(summary, latency, requests)
    common.done("mixed_read_list_create", summary, latency)
end
