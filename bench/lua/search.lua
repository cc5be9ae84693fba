-- Two-word searches rotating over every pair of BENCH_SEARCH_WORDS (space-separated), so neither the
-- output cache nor SQLite's page cache sees one query only. The fixed-query route needs no script.
local words = {}
for w in string.gmatch(os.getenv("BENCH_SEARCH_WORDS") or "police hospital", "%S+") do
  words[#words + 1] = w
end

local paths = {}
for i = 1, #words do
  for j = i + 1, #words do
    paths[#paths + 1] = "/api/v1/articles?q=" .. words[i] .. "%20" .. words[j] .. "&pageSize=20"
  end
end

local n = 0
request = function()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
