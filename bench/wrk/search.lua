-- wrk script: GET /api/v1/search?q=... cycling through bench/search_queries.txt
-- (common words that match a large share of the corpus included).
-- Usage: wrk -t2 -c8 -d30s -s bench/wrk/search.lua http://127.0.0.1:8000
-- QUERIES=path overrides the query file; the path is relative to the working directory.

local queries = {}
local counter = 0

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function load(path)
  local file = io.open(path, "r")
  if not file then
    error("cannot open query file " .. path)
  end
  for line in file:lines() do
    line = line:gsub("^%s+", ""):gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then
      table.insert(queries, "/api/v1/search?q=" .. urlencode(line))
    end
  end
  file:close()
  if #queries == 0 then
    error("no queries in " .. path)
  end
end

load(os.getenv("QUERIES") or "bench/search_queries.txt")

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 7
end

function init(args)
  index = offset or 0
end

function request()
  index = index + 1
  return wrk.format("GET", queries[(index % #queries) + 1])
end

function done(summary, latency, requests)
  io.write(string.format("search: p50=%.1fms p99=%.1fms requests/s=%.1f errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
