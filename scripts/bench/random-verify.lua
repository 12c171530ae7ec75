-- wrk: GET /v1/verify/{id} over the 10,000 seeded certificates.
request = function()
  return wrk.format("GET", "/v1/verify/" .. math.random(1, 10000))
end
