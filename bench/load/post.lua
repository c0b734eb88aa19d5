-- wrk script: POST /chat with the JSON body in BODY. With SESSIONS=1 every request starts its own
-- session (the model path: no cache, no two requests racing for one session's next turn).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local body = os.getenv("BODY")
local per_request_session = os.getenv("SESSIONS") == "1"
local counter = 0

request = function()
  if per_request_session then
    counter = counter + 1
    local session = string.format("load-%d-%d", math.random(1, 1000000000), counter)
    return wrk.format(nil, nil, nil, string.format('{"message":"Tell me more","session_id":"%s"}', session))
  end
  return wrk.format(nil, nil, nil, body)
end
