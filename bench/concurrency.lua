-- wrk script for bench/concurrency.py: each wrk thread is one staff session with its own session cookie,
-- rotating over the admin pages staff browse and filter (list, filters, searches, order pages, exchanges,
-- dashboard), each session starting at a different page, with an optional think time between clicks.

local paths, cookies = {}, {}
for path in string.gmatch(os.getenv("BENCH_PATHS"), "[^\n]+") do paths[#paths + 1] = path end
for cookie in string.gmatch(os.getenv("BENCH_COOKIES"), "[^,]+") do cookies[#cookies + 1] = cookie end
local think_min = tonumber(os.getenv("BENCH_THINK_MIN_MS") or "0")
local think_max = tonumber(os.getenv("BENCH_THINK_MAX_MS") or "0")
local sessions = {}

function setup(thread)
  local id = #sessions + 1
  thread:set("id", id)
  thread:set("cookie", cookies[(id - 1) % #cookies + 1])
  sessions[id] = thread
end

function init(args)
  step = id * 7
  statuses = {}
  math.randomseed(id * 7919)
end

function request()
  step = step + 1
  return wrk.format("GET", paths[step % #paths + 1], {["Cookie"] = "sessionid=" .. cookie})
end

function delay()
  if think_max <= 0 then return 0 end
  return math.random(think_min, think_max)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(sessions) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.timeout))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("RESULT p%d=%.1f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("RESULT max=%.1f mean=%.1f\n", latency.max / 1000, latency.mean / 1000))
  for status, count in pairs(counts) do
    io.write(string.format("RESULT status%d=%d\n", status, count))
  end
end
