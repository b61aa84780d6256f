-- The view beacon as browsers send it, each request from a distinct client (its own tsvid
-- cookie), so every 2xx answer must become exactly one stored view.
-- BENCH_BEACON_PATH and BENCH_RUN are replaced by bench/run.py.
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local counter = 0

function request()
  counter = counter + 1
  local client = string.format("bench%sT%dN%08d", "BENCH_RUN", thread_index or 0, counter)
  return wrk.format("POST", "BENCH_BEACON_PATH",
    {["Cookie"] = "tsvid=" .. client, ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) toasoan-bench"})
end
