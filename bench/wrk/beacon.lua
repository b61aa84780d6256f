-- The view beacon as browsers send it, each request from a distinct client (its own tsvid
-- cookie), so every 2xx answer must become exactly one stored view.
-- BENCH_BEACON_PATH, BENCH_RUN and BENCH_NET are replaced by bench/run.py.
-- Readers are distinct people behind distinct addresses, 20 to an address (as behind a
-- carrier's NAT, within the per-address cap): the bench's nginx takes the client address from
-- X-Forwarded-For sent from loopback (set_real_ip_from), as it would from a trusted front proxy.
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local counter = 0

function request()
  counter = counter + 1
  local client = string.format("bench%sT%dN%08d", "BENCH_RUN", thread_index or 0, counter)
  local n = ((thread_index or 0) * 32768 + math.floor(counter / 20)) % 65536
  local address = string.format("198.BENCH_NET.%d.%d", math.floor(n / 256), n % 256)
  return wrk.format("POST", "BENCH_BEACON_PATH",
    {["Cookie"] = "tsvid=" .. client, ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) toasoan-bench",
     ["X-Forwarded-For"] = address})
end
