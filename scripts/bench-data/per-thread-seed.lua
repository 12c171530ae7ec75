-- wrk (run from the repository's root): each thread draws its own sequence of random ids.
-- Unseeded, they would all ask for the same ids, and every thread after the first would find
-- the API's cache filled by the first.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
function init(args)
  math.randomseed(seed)
end
