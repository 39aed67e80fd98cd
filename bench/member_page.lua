-- wrk script: members looking at their appointment on the public page
-- (issue 21), GET /member/appointment with a signed pass each, beside the
-- desks' journeys (bench/desk_bench.sh, BENCH_MEMBER_PAGE_RATE).
--
--   wrk -t T -c C -d D -s member_page.lua URL -- PASSES
-- PASSES: one cookie value per line ("cardex_member=CODE.EXPIRY.MAC"),
-- minted by the benchmark under the database's pass secret; connection
-- requests take them in turn.
--
-- MEMBER_THINK_MS (environment): each connection waits a random time,
-- exponential with this mean, before each request, so that C connections
-- offer about C * 1000 / MEMBER_THINK_MS requests a second (an open load,
-- as phones arrive), not the most the server can take.
local think_ms = tonumber(os.getenv("MEMBER_THINK_MS") or "0") or 0
if think_ms > 0 then
  function delay()
    return math.floor(-think_ms * math.log(1 - math.random()) + 0.5)
  end
end

local passes = {}
local n = 0

function init(args)
  for line in io.lines(args[1]) do
    table.insert(passes, line)
  end
end

function request()
  n = n + 1
  local pass = passes[(n % #passes) + 1]
  return wrk.format("GET", "/member/appointment", {["Cookie"] = pass})
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d requests_per_s=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "non2xx=%d socket_errors=%d seconds=%.1f\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, seconds))
end
