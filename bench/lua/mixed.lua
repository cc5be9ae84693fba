-- A read mix for the memory figure: 60% one article by random id, 15% the first list page, 10% a random
-- shallow list page, 10% a rotating two-word search, 5% the deep cursor page.
local max = tonumber(os.getenv("BENCH_MAX_ID") or "1000")
local cursor = os.getenv("BENCH_DEEP_CURSOR") or ""
local words = {}
for w in string.gmatch(os.getenv("BENCH_SEARCH_WORDS") or "police hospital", "%S+") do
  words[#words + 1] = w
end
math.randomseed(4242)

request = function()
  local r = math.random(1, 100)
  local path
  if r <= 60 then
    path = "/api/v1/articles/" .. math.random(1, max)
  elseif r <= 75 then
    path = "/api/v1/articles?page=1&pageSize=20"
  elseif r <= 85 then
    path = "/api/v1/articles?page=" .. math.random(2, 50) .. "&pageSize=20"
  elseif r <= 95 then
    local i = math.random(1, #words)
    local j = math.random(1, #words - 1)
    if j >= i then j = j + 1 end
    path = "/api/v1/articles?q=" .. words[i] .. "%20" .. words[j] .. "&pageSize=20"
  else
    path = "/api/v1/articles?pageSize=20&after=" .. cursor
  end
  return wrk.format("GET", path)
end
