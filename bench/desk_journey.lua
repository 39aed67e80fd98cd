-- wrk script: complete desk journeys against `cardex serve`
-- (bench/desk_bench.sh). A journey is one member's visit to the desk:
--   POST /api/desk/lookup {"invitation_code"} → GET /api/members/{no}
--   → POST check-in → PUT photo (PNG) → POST confirm → POST submit,
-- every state change with its own Idempotency-Key.
--
--   wrk -t T -c C -d D -s desk_journey.lua URL -- CODES SESSIONS T [PHOTO_BYTES]
-- CODES: lines "member_no station invitation_code"; SESSIONS: lines
-- "station cookie csrf_token" (one logged-in station officer per station,
-- made before the run: logging in is Argon2 work the desk does once a day).
-- Thread i takes the stations i, i+T, i+2T, … and their members, so no two
-- threads touch one member.
--
-- wrk calls request() when a connection is free and response() when an
-- answer arrives, without saying which connection or request it is. So the
-- script schedules by the answers: each 200 names its member and state,
-- which gives that member's next step; a connection with no next step to
-- send starts a new member's journey. At most one request per member is in
-- flight, and steps of one member never overtake each other.

-- DESK_THINK_MS (environment; wrk reads whether delay() exists before any
-- argument reaches the script): when set above 0, each connection waits
-- a random time, exponential with this mean, before each request, as an
-- officer does between steps; the load is then what 64 such desks offer,
-- not the most the server can take. wrk times a request from its sending,
-- so the wait is not counted in the latency.
local think_ms = tonumber(os.getenv("DESK_THINK_MS") or "0") or 0
if think_ms > 0 then
  function delay()
    return math.floor(-think_ms * math.log(1 - math.random()) + 0.5)
  end
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local codes = {}        -- {member, station, code} for this thread
local station_of = {}   -- member_no → station
local sessions = {}     -- station → {cookie, csrf}
local next_code = 1
local ready = {}        -- next steps to send: a FIFO in ready[head..tail]
local ready_head, ready_tail = 1, 0
local seq = 0
local png
journeys = 0
steps = 0
unmatched = 0
exhausted = 0

local function be32(n)
  return string.char(math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256,
                     math.floor(n / 256) % 256, n % 256)
end

function init(args)
  math.randomseed(1000 + id)
  local nthreads = tonumber(args[3] or "1")  -- `threads` lives in the main state only
  local station_index, stations_seen = {}, 0
  for line in io.lines(args[2]) do
    local station, cookie, csrf = line:match("^(%S+) (%S+) (%S+)$")
    if station then
      stations_seen = stations_seen + 1
      if (stations_seen - 1) % nthreads == id then
        sessions[station] = {cookie = cookie, csrf = csrf}
      end
    end
  end
  for line in io.lines(args[1]) do
    local member, station, code = line:match("^(%S+) (%S+) (%S+)$")
    if member and sessions[station] then
      table.insert(codes, {member = member, station = station, code = code})
      station_of[member] = station
    end
  end
  -- A PNG signature and IHDR of 400 x 500 (what the desk checks:
  -- intake/photo.h), padded to the size of a real desk photo.
  png = "\137PNG\r\n\26\n" .. "\0\0\0\13IHDR" .. be32(400) .. be32(500) ..
        "\8\2\0\0\0" .. "\0\0\0\0"
  png = png .. string.rep("\0", math.max(0, tonumber(args[4] or "30000") - #png))
end

local function key(member, step)
  seq = seq + 1
  return string.format("bench-%d-%s-%s-%d", id, member, step, seq)
end

local function change(method, member, step, body, content_type)
  local s = sessions[station_of[member]]
  return wrk.format(method, "/api/members/" .. member .. (step == "photo" and "/photo" or "/" .. step), {
    ["Cookie"] = s.cookie,
    ["X-CSRF-Token"] = s.csrf,
    ["Idempotency-Key"] = key(member, step),
    ["Content-Type"] = content_type,
  }, body)
end

local function push(req)
  ready_tail = ready_tail + 1
  ready[ready_tail] = req
end

function request()
  if ready_head <= ready_tail then
    local r = ready[ready_head]
    ready[ready_head] = nil
    ready_head = ready_head + 1
    return r
  end
  local c = codes[next_code]
  if not c then
    exhausted = exhausted + 1
    return wrk.format("GET", "/healthz")
  end
  next_code = next_code + 1
  local s = sessions[c.station]
  return wrk.format("POST", "/api/desk/lookup", {
    ["Cookie"] = s.cookie,
    ["X-CSRF-Token"] = s.csrf,
    ["Content-Type"] = "application/json",
  }, '{"invitation_code":"' .. c.code .. '"}')
end

function response(status, headers, body)
  if status ~= 200 then return end  -- wrk counts it under "Non-2xx"
  local member = body:match('"member_no":"([^"]+)"')
  if not member then return end     -- /healthz filler
  if not station_of[member] then
    unmatched = unmatched + 1
    return
  end
  steps = steps + 1
  if body:find('"members":%[') then
    local s = sessions[station_of[member]]
    push(wrk.format("GET", "/api/members/" .. member, {["Cookie"] = s.cookie}))
  elseif body:find('"recorded":') then
    push(change("POST", member, "check-in", "{}", "application/json"))
  else
    local state = body:match('"state":"([a-z_]+)"')
    if state == "checked_in" then
      push(change("PUT", member, "photo", png, "image/png"))
    elseif state == "captured" then
      push(change("POST", member, "confirm", "{}", "application/json"))
    elseif state == "confirmed" then
      push(change("POST", member, "submit", "{}", "application/json"))
    elseif state == "submitted" then
      journeys = journeys + 1
    end
  end
end

function done(summary, latency, requests)
  local total_journeys, total_steps, total_exhausted, total_unmatched = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    total_journeys = total_journeys + t:get("journeys")
    total_steps = total_steps + t:get("steps")
    total_exhausted = total_exhausted + t:get("exhausted")
    total_unmatched = total_unmatched + t:get("unmatched")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT journeys=%d journeys_per_s=%.1f requests=%d requests_per_s=%.1f " ..
    "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d " ..
    "exhausted=%d unmatched=%d seconds=%.1f\n",
    total_journeys, total_journeys / seconds, summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout,
    total_exhausted, total_unmatched, seconds))
end
