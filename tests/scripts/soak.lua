-- Mixed read load for wrk, used by tests/scripts/soak.sh and tests/scripts/graceful-shutdown.sh.
-- wrk -s soak.lua <url> -- <pool file> <cursor file>
--   pool file:   "<id>\t<slug>" per line, articles that exist for the whole run (so every request is a 2xx)
--   cursor file: "<sort>\t<cursor>" per line, nextCursor values the API issued for that sort
-- Each request rotates over the kinds below with random parameters; every other request asks for compression.
-- done() prints one machine-readable "WRKSTATS" line that the shell scripts parse.

local words = {
  "government", "police", "minister", "president", "officials", "council", "court", "report", "hospital",
  "family", "children", "school", "city", "country", "party", "election", "vote", "plans", "talks", "summit",
  "deal", "crisis", "attack", "money", "million", "company", "workers", "prices", "market", "energy",
  "climate", "weather", "storm", "flood", "fire", "driver", "road", "train", "airport", "flight", "border",
  "army", "leader", "parliament", "judge", "trial", "prison", "officers", "investigation", "evidence",
  "statement", "meeting", "agreement", "security", "health", "doctors", "vaccine", "study", "university",
  "housing", "tax", "budget", "economy", "bank", "jobs", "strike", "football", "match", "club", "season",
  "film", "music", "festival", "museum", "restaurant", "warned", "announced", "confirmed", "arrested",
  "killed", "rescued", "approved", "senior", "former", "local", "national", "village", "bridge", "river",
  "hotel", "stadium", "protest", "campaign", "scandal", "appeal", "verdict", "recession", "investors",
}
local sorts = { "id", "-id", "title", "-title", "-updatedAt" }
local sizes = { 1, 5, 10, 20, 50, 100 }

local ids, slugs, cursors = {}, {}, {}
local counter = 0
local threads = {}

local function pick(t) return t[math.random(#t)] end

local function load(pool_file, cursor_file)
  for line in io.lines(pool_file) do
    local id, slug = line:match("^(%d+)\t(.+)$")
    if id then ids[#ids + 1] = id; slugs[#slugs + 1] = slug end
  end
  for line in io.lines(cursor_file) do
    local sort, cursor = line:match("^(%S+)\t(%S+)$")
    if sort then cursors[#cursors + 1] = { sort = sort, cursor = cursor } end
  end
  assert(#ids > 0, "empty article pool")
end

function setup(thread)
  thread:set("seed", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  load(args[1], args[2])
  math.randomseed(os.time() * 1000 + (seed or 0))
  counter = seed or 0
end

local function enc(s) return (s:gsub(" ", "%%20")) end

local kinds = {
  function() return "/api/v1/articles/" .. pick(ids) end,
  function() return "/api/v1/articles/" .. pick(slugs) end,
  function()
    local pages = math.max(1, math.floor(#ids / 20))
    return "/api/v1/articles?page=" .. math.random(pages) .. "&pageSize=20&sort=" .. pick(sorts)
  end,
  function()
    local size = pick(sizes)
    local pages = math.max(1, math.floor(#ids / size))
    return "/api/v1/articles?page=" .. math.random(pages) .. "&pageSize=" .. size
  end,
  function()
    if #cursors == 0 then return "/api/v1/articles?pageSize=20" end
    local c = pick(cursors)
    return "/api/v1/articles?pageSize=20&sort=" .. c.sort .. "&after=" .. c.cursor
  end,
  function() return "/api/v1/articles?q=" .. enc(pick(words) .. " " .. pick(words)) end,
  function() return "/api/v1/articles?q=" .. enc(pick(words) .. " " .. pick(words)) .. "&pageSize=5&page=" .. math.random(3) end,
  function() return "/api/v1/articles/" .. pick(ids) .. "/images" end,
  function() return "/api/v1/images?page=" .. math.random(200) .. "&pageSize=" .. pick(sizes) end,
  function() return "/api/v1/images?q=" .. pick(words) end,
  function() return "/api/v1/articles/" .. pick(ids) .. "/related-links" end,
  function() return "/api/v1/related-links?page=" .. math.random(200) .. "&pageSize=20" end,
  function() return "/api/v1/articles/" .. pick(slugs) .. "/backlinks" end,
  function()
    local w = pick(words)
    return "/api/v1/search/suggest?prefix=" .. w:sub(1, math.random(2, #w))
  end,
}

local compressed = { ["Accept-Encoding"] = "br, gzip" }
local plain = {}

function request()
  counter = counter + 1
  local path = kinds[(counter % #kinds) + 1]()
  return wrk.format("GET", path, (counter % 2 == 0) and compressed or plain)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKSTATS requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
