-- POST /api/v1/messages with a different recipient and body per request (recipients cycle over 100,000).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/wrk/?.lua;" .. package.path
require("report")

local key = os.getenv("BENCH_API_KEY") or "benchkey"
local counter = 0
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("tid", thread_no)
end

function init(args)
  math.randomseed((tid or 1) * 7919 + os.time())
end

function request()
  counter = counter + 1
  local to = string.format("+1555%07d", math.random(0, 99999))
  local body = '{"to":"' .. to .. '","body":"wrk benchmark message ' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/messages",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end

done = bench_report
