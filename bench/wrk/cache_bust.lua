-- GET the hot article with a random query parameter nobody uses on every request
-- (?<random name>=<random value>), as a cache-busting flood would. nginx keys a public page
-- on the parameters it reads only (core/caching/query.py), so each request should be the
-- cached page. BENCH_PATH is replaced by bench/run.py.
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  math.randomseed(os.time() * 100 + (thread_index or 0))
end

function request()
  local name = string.format("%x", math.random(0, 0x7fffffff))
  local value = string.format("%x%x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
  return wrk.format("GET", "BENCH_PATH?" .. name .. "=" .. value)
end
