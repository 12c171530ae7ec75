-- wrk: GET /v1/verify/{id} over the seeded certificates (CERTS of them, default 10,000).
local certs = tonumber(os.getenv("CERTS") or "10000")
request = function()
  return wrk.format("GET", "/v1/verify/" .. math.random(1, certs))
end
dofile("scripts/bench-data/per-thread-seed.lua")
