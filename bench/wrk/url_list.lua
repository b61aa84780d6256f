-- GET a different URL on every request, from a file of paths (one per line): each a cache miss.
-- Each wrk thread walks its own slice of the list. BENCH_URL_FILE is replaced by bench/run.py.
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local paths = {}
local position = 0

function init(args)
  for line in io.lines("BENCH_URL_FILE") do
    paths[#paths + 1] = line
  end
  position = math.floor(#paths / 8) * (thread_index or 0)
end

function request()
  position = position + 1
  return wrk.format("GET", paths[(position % #paths) + 1])
end
