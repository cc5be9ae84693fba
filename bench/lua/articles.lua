-- GET <BENCH_PREFIX><id> with ids drawn uniformly from 1..BENCH_MAX_ID (a fixed seed, so every run asks
-- for the same sequence). Used for NewsApi's /api/v1/articles/{id} and, with the same cost on wrk's side,
-- for the reference app's constant-bytes route.
local max = tonumber(os.getenv("BENCH_MAX_ID") or "1000")
local prefix = os.getenv("BENCH_PREFIX") or "/api/v1/articles/"
math.randomseed(8080)

request = function()
  return wrk.format("GET", prefix .. math.random(1, max))
end
