-- wrk: GET /v1/people/{handle} over the 1,000 seeded people.
request = function()
  return wrk.format("GET", "/v1/people/person" .. math.random(1, 1000))
end
dofile("scripts/bench-data/per-thread-seed.lua")
