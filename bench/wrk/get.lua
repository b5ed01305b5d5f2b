-- GET $BENCH_PATH; "{p}" in it becomes a random participant (+1555000xxxx, URL-encoded) per request,
-- +15554xxxxxx, drawn from the $BENCH_PARTICIPANTS participants the read table was seeded with.
package.path = (os.getenv("BENCH_DIR") or ".") .. "/wrk/?.lua;" .. package.path
require("report")

local key = os.getenv("BENCH_API_KEY") or "benchkey"
local path = os.getenv("BENCH_PATH") or "/api/v1/messages?page=1&limit=20"
local participants = tonumber(os.getenv("BENCH_PARTICIPANTS") or "20000")
local headers = { ["Authorization"] = "Bearer " .. key }
local dynamic = string.find(path, "{p}", 1, true) ~= nil

function init(args)
  math.randomseed(os.time() + math.random(1, 100000))
end

wrk.method = "GET"
wrk.path = path
wrk.headers["Authorization"] = "Bearer " .. key
if dynamic then
  function request()
    local p = string.gsub(path, "{p}", string.format("%%%%2B1555%07d", 4000000 + math.random(0, participants - 1)))
    return wrk.format("GET", p, headers)
  end
end

done = bench_report
