-- wrk: GET /v1/verify/{id} over the seeded certificates (CERTS of them, default 10,000).
local certs = tonumber(os.getenv("CERTS") or "10000")
request = function()
  return wrk.format("GET", "/v1/verify/" .. math.random(1, certs))
end
-- Each wrk thread draws its own sequence (unseeded, they would all ask for the same ids, and
-- every thread after the first would find the cache filled by the first).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
function init(args)
  math.randomseed(seed)
end
