-- wrk: GET /v1/vacancies/{id}/matches (top 10 resumes) over the seeded vacancies (MATCH_N, 100,000 by default).
local n = tonumber(os.getenv("MATCH_N") or "100000")
request = function()
  local id = string.format("00000000-0000-0000-0002-%012x", math.random(1, n))
  return wrk.format("GET", "/v1/vacancies/" .. id .. "/matches?limit=10",
    { ["Authorization"] = "Bearer bench-matching" })
end
