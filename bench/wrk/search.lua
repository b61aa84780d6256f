-- wrk script: GET /api/v1/search?q=... through a list of queries, one a line.
-- bench/run.py fills in BENCH_QUERY_FILE with its generated mix (bench/search_mix.py); run by
-- hand it reads $QUERIES or bench/search_queries.txt (paths relative to the working directory).
-- Usage: wrk -t2 -c8 -d30s -s bench/wrk/search.lua http://127.0.0.1:8000
-- Thread t of n sends queries t, t+n, t+2n, ...: no two threads send the same query, so
-- a query file without repeats never meets the result cache within one run. n is $WRK_THREADS,
-- 2 by default, as bench/run.py runs it (wrk tells a script no thread count before init).

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

local from_bench = "BENCH_QUERY_FILE"
if from_bench:sub(1, 6) == "BENCH_" then
  from_bench = nil
end
load(os.getenv("QUERIES") or from_bench or "bench/search_queries.txt")

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  index = offset or 0
  step = tonumber(os.getenv("WRK_THREADS") or "2")
end

-- Each search from its own address (198.18.0.0/15, the range set aside for benchmarks), as many
-- readers searching at once: bench/run.py's nginx takes the address from X-Forwarded-For sent
-- from loopback, so the per-address search limit is counted but never reached.
local sent = 0

function request()
  local path = queries[(index % #queries) + 1]
  index = index + step
  sent = sent + 1
  local n = ((offset or 0) * 65536 + sent) % 131072
  local address = string.format("198.%d.%d.%d", 18 + math.floor(n / 65536),
    math.floor(n / 256) % 256, n % 256)
  return wrk.format("GET", path, {["X-Forwarded-For"] = address})
end
