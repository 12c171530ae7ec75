-- wrk: GET /v1/vacancies/{id}/matches (top 10 resumes) over the 100,000 seeded vacancies.
request = function()
  local id = string.format("00000000-0000-0000-0002-%012x", math.random(1, 100000))
  return wrk.format("GET", "/v1/vacancies/" .. id .. "/matches?limit=10",
    { ["Authorization"] = "Bearer bench-matching" })
end
