-- wrk: GET /v1/me/resumes/{id}/matches (top 10 vacancies), each as the resume's owner (MATCH_N resumes, 100,000 by default).
local n = tonumber(os.getenv("MATCH_N") or "100000")
request = function()
  local g = math.random(1, n)
  local id = string.format("00000000-0000-0000-0003-%012x", g)
  return wrk.format("GET", "/v1/me/resumes/" .. id .. "/matches?limit=10",
    { ["Authorization"] = "Bearer cand" .. g })
end
