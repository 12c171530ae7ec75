-- wrk: GET /v1/people/{handle} over the 1,000 seeded people.
request = function()
  return wrk.format("GET", "/v1/people/person" .. math.random(1, 1000))
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
